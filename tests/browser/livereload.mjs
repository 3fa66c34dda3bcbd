#!/usr/bin/env node
// `kadry serve` in a real browser: an open tab follows the editor's changes by itself.
//
//   node tests/browser/livereload.mjs
//
// Copies the repo's kadry.toml, content/ and themes/ to a temporary folder,
// starts target/release/kadry serve on a free 127.0.0.1 port (KADRY_BIN
// overrides the binary), opens /roadmap/14/14.1/ in headless Chromium, then
// edits content/roadmap/14/14.1.md and checks, never calling reload or goto:
//   served         the page answers and carries the server's live-reload script
//   edit           a new title appears in the open tab
//   broken         a broken front matter turns the tab into the error page that
//                  names the file and the line
//   fixed          fixing the file brings the page back with the new title
//   search         /search/ finds a word only the new title has (the server
//                  renews the search index in the background after a rebuild)
//   report edit    a word added to a report's text reloads the tab (a partial
//   search after…  rebuild), and /search/ then finds the report by it
// One line per check, then "N passed, N failed"; exit 1 if any failed, 2 if
// the server or the browser cannot start. The server is always stopped.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), KADRY_BIN.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = process.env.KADRY_BIN || path.join(REPO, 'target', 'release', 'kadry');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-domain-reliability', '--no-pings',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];
const MEASURE = 'content/roadmap/14/14.1.md';
const REPORT = 'content/reports/14.1/2018-12-26-inventarizaciya-zavershena.md';
const REPORT_PAGE = '/reports/14.1/2018-12-26-inventarizaciya-zavershena/';
const PAGE = '/roadmap/14/14.1/';
const WAIT_MS = 10000;
const SEARCH_WAIT_MS = 30000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Polls fn in the page until it returns something truthy; survives the page
// reloading under it. Returns that value, or null after the timeout.
async function waitInPage(page, fn, arg, timeout = WAIT_MS) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    try {
      const v = await page.evaluate(fn, arg);
      if (v) return v;
    } catch {
      // the context was destroyed by a navigation: try again in the new one
    }
    await sleep(100);
  }
  return null;
}

// true once the tab shows a document loaded after markOld() whose h1 has title
const markOld = (page) => waitInPage(page, () => { window.kadryOldDocument = true; return true; });
const h1Has = (title) => !window.kadryOldDocument
  && (document.querySelector('h1')?.textContent || '').includes(title);

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}: ${detail}`);
  }
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'kadry-livereload-'));
for (const p of ['kadry.toml', 'content', 'themes']) {
  cpSync(path.join(REPO, p), path.join(tmp, p), { recursive: true });
}
const measurePath = path.join(tmp, MEASURE);
const original = readFileSync(measurePath, 'utf8');
const titleLine = original.split('\n').find((l) => l.startsWith('title = "'));

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
let log = '';
const server = spawn(BIN, ['serve', '--root', tmp, '--port', String(port), '--as-of', '2026-11-26'], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
server.stdout.on('data', (d) => { log += d; });
server.stderr.on('data', (d) => { log += d; });
let exited = null;
server.on('exit', (code, signal) => { exited = signal || code; });
server.on('error', (e) => { exited = e.message; });

let context = null;
const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'kadry-livereload-chromium-'));
async function finish(code) {
  if (context) await context.close().catch(() => {});
  if (exited === null) {
    server.kill('SIGTERM');
    for (let i = 0; i < 50 && exited === null; i++) await sleep(100);
    if (exited === null) server.kill('SIGKILL');
  }
  rmSync(userDataDir, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
  if (code === 2 || failed) console.log(`server output:\n${log.replace(/^/gm, '  | ')}`);
  if (code !== 2) console.log(`${passed} passed, ${failed} failed`);
  process.exit(code);
}

// wait for the server to answer
let answering = false;
for (let end = Date.now() + 30000; Date.now() < end && exited === null;) {
  try {
    await fetch(`${origin}/`);
    answering = true;
    break;
  } catch {
    await sleep(100);
  }
}
if (!answering) {
  console.error(`livereload.mjs: ${BIN} serve did not answer on ${origin} (exit: ${exited})`);
  await finish(2);
}

try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    serviceWorkers: 'block',
    timeout: 60000,
  });
} catch (e) {
  console.error(`livereload.mjs: cannot start Chromium at ${CHROMIUM_PATH}: ${e && e.message || e}`);
  await finish(2);
}

try {
  const page = context.pages()[0] || (await context.newPage());
  const response = await page.goto(origin + PAGE, { waitUntil: 'load', timeout: 30000 });
  const served = await page.evaluate(() => ({
    h1: document.querySelector('h1')?.textContent || '',
    script: !!document.querySelector('script[src="/__kadry/livereload.js"]'),
  }));
  check('served', response && response.status() === 200 && served.script && served.h1.includes('14.1'),
    `status ${response && response.status()}, live-reload script: ${served.script}, h1: ${served.h1}`);

  const stamp = Date.now().toString(36);
  const title1 = `Проверка живой перезагрузки ${stamp}`;
  await markOld(page);
  writeFileSync(measurePath, original.replace(titleLine, `title = "${title1}"`));
  const shown = await waitInPage(page, h1Has, title1);
  check('edit', shown, `the tab did not reload with an h1 «${title1}» within ${WAIT_MS} ms `
    + `(h1: ${await page.textContent('h1').catch(() => '?')})`);

  // remove the title's closing quote
  await markOld(page);
  writeFileSync(measurePath, original.replace(titleLine, `title = "${title1}`));
  const error = await waitInPage(page, (file) => {
    const text = document.body?.innerText || '';
    const line = text.match(/строка (\d+)/);
    const script = document.querySelector('script[src="/__kadry/livereload.js"]');
    return !window.kadryOldDocument && text.includes(file) && line && script ? `line ${line[1]}` : null;
  }, MEASURE);
  check('broken', error, `the tab does not show the error page naming ${MEASURE} and a line within ${WAIT_MS} ms; `
    + `it shows: ${(await page.evaluate(() => document.body?.innerText || '').catch(() => '?')).slice(0, 300)}`);
  if (error) console.log(`     error page: ${MEASURE}, ${error}`);

  const title2 = `Исправленная запись ${stamp}`;
  await markOld(page);
  writeFileSync(measurePath, original.replace(titleLine, `title = "${title2}"`));
  const back = await waitInPage(page, h1Has, title2);
  check('fixed', back, `the tab did not reload with an h1 «${title2}» within ${WAIT_MS} ms`);

  // the preview's search finds a word only the new text has: the rebuild
  // kept the last index and the server renews it in the background
  // A tab of its own each time, closed after: a search tab left open
  // would reload itself after the next edit, in the middle of a search.
  const findable = async (name, word, href, after) => {
    const search = await context.newPage();
    let found = false;
    const started = Date.now();
    for (let end = started + SEARCH_WAIT_MS; Date.now() < end && !found;) {
      try {
        await search.goto(`${origin}/search/?q=${word}`, { waitUntil: 'load', timeout: 30000 });
      } catch (e) {
        // live reload after a late rebuild: search again
        if (String(e && e.message).includes('interrupted by another navigation')) continue;
        throw e;
      }
      found = !!(await waitInPage(search, (h) => [...document.querySelectorAll('#search-results a')]
        .some((a) => a.getAttribute('href').includes(h)), href, 2000));
    }
    await search.close();
    check(name, found, `/search/?q=${word} found no link to ${href} within ${SEARCH_WAIT_MS} ms`);
    if (found) console.log(`     found by search ${Date.now() - started} ms after ${after}`);
  };
  await findable('search', stamp, PAGE, 'the tab showed the new title');

  // the same after an edit to a report's text (a partial rebuild)
  const reportPath = path.join(tmp, REPORT);
  // a word of its own: report pages also show their measure's title, which
  // holds the first word
  const word = `п${(Date.now() * 7).toString(36)}`;
  await markOld(page);
  writeFileSync(reportPath, `${readFileSync(reportPath, 'utf8')}\nДобавлено при проверке: ${word}.\n`);
  const rebuilt = await waitInPage(page, () => !window.kadryOldDocument);
  check('report edit', rebuilt, `the tab did not reload after ${REPORT} changed within ${WAIT_MS} ms`);
  await findable('search after a report edit', word, REPORT_PAGE, 'the report was saved');
} catch (e) {
  check('run', false, e && e.stack || e);
}
await finish(failed ? 1 : 0);
