#!/usr/bin/env node
// The investor widget (/investors/embed/) inside an <iframe> on another origin,
// the way an investment portal shows it, in Debian's Chromium.
//
//   node tests/browser/embed.mjs SITE_DIR [--screenshots DIR]
//
// The built site is served on one 127.0.0.1 port (serve.mjs) and a host page
// with <iframe src="http://127.0.0.1:<site port>/investors/embed/"> on another
// port, so the frame is cross-origin. Checks, each one test:
//   host          the host page loads
//   frame         the frame loads the widget from the site's origin (HTTP 200, a <title>, a <main>)
//   contact       the frame shows the contact's name and email (from investors/workforce.json)
//   stays-framed  after loading, the top window is still the host page (nothing breaks out)
//   links         every link in the frame targets _top or is mailto:; one leads back to /investors/
//   requests      every request of the frame answers < 400 (embed.css included); nothing else is fetched
//   console       no console error or uncaught exception
//   axe           axe-core inside the frame's document: no WCAG 2.0/2.1 A/AA violation
//   reflow@320    the frame's document does not scroll sideways in a 320 px wide iframe
// Prints "FAIL <check>: ..." lines and ends with "N passed, N failed"; exit 1
// if any check failed, 2 on a usage error or when Chromium cannot start.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium).
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from './serve.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  // the same verified set as a11y.mjs
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-domain-reliability', '--no-pings',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];
const EMBED_PATH = '/investors/embed/';

function usage(msg) {
  if (msg) console.error(`embed.mjs: ${msg}`);
  console.error('usage: node embed.mjs SITE_DIR [--screenshots DIR]');
  process.exit(2);
}

const args = process.argv.slice(2);
let site = null;
let shots = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--screenshots') shots = args[++i] || usage('--screenshots needs a folder');
  else if (args[i].startsWith('--')) usage(`unknown option ${args[i]}`);
  else if (!site) site = args[i];
  else usage(`unexpected argument ${args[i]}`);
}
if (!site) usage('no SITE_DIR');

const clip = (s, n = 200) => {
  const t = String(s).replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};

let contact;
try {
  contact = JSON.parse(readFileSync(path.join(site, 'investors/workforce.json'), 'utf8')).contact;
} catch (e) {
  console.error(`embed.mjs: cannot read ${site}/investors/workforce.json: ${e.message}`);
  process.exit(2);
}

// The host: an "investment portal" page on its own port, i.e. another origin.
function hostPage(src, width) {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Investment portal (test host)</title>
<style>body{margin:0;font-family:sans-serif} main{padding:0 8px} iframe{display:block;border:1px solid #777;width:${width};height:900px}</style></head>
<body><main><h1>Investment portal</h1>
<iframe id="widget" src="${src}" title="Workforce for investment projects"></iframe>
</main></body></html>
`;
}

async function startHost(src) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const width = url.searchParams.get('w') === '320' ? '320px' : 'calc(100% - 2px)';
    const body = hostPage(src, width);
    if (url.pathname !== '/') {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('Not Found\n');
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    return res.end(body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

async function main() {
  const siteServer = await serve(site);
  const src = siteServer.url + EMBED_PATH;
  const host = await startHost(src);
  const siteOrigin = new URL(siteServer.url).origin;
  const hostOrigin = new URL(host.url).origin;

  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'kadry-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 1000 },
      serviceWorkers: 'block',
      timeout: 60000,
    });
  } catch (e) {
    await siteServer.close();
    await host.close();
    rmSync(userDataDir, { recursive: true, force: true });
    console.error(`embed.mjs: cannot start Chromium at ${CHROMIUM_PATH}: ${clip(e && e.message || e, 600)}`);
    process.exit(2);
  }
  console.log(`embed: host ${host.url} frames ${src}; Chromium ${context.browser() ? context.browser().version() : '?'}, `
    + `axe-core ${require('axe-core/package.json').version}`);

  const foreign = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    let origin = null;
    try { origin = new URL(u).origin; } catch { /* data: etc. */ }
    if (origin === siteOrigin || origin === hostOrigin || /^(data|blob|about):/i.test(u)) return route.continue();
    foreign.push(u);
    return route.abort('blockedbyclient');
  });

  let passed = 0;
  let failed = 0;
  const report = (check, problems) => {
    if (!problems.length) { passed++; console.log(`ok   ${check}`); return; }
    failed++;
    const [first, ...rest] = problems;
    console.log(`FAIL ${check}: ${first}`);
    for (const line of rest) console.log(`    ${line}`);
  };

  const page = await context.newPage();
  const consoleErrors = [];
  const badRequests = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/^Failed to load resource/.test(msg.text())) consoleErrors.push(clip(msg.text(), 300));
  });
  page.on('pageerror', (err) => consoleErrors.push(`uncaught exception: ${clip(err && err.message || err, 300)}`));
  const frameResponses = [];
  page.on('response', (resp) => {
    const u = resp.url();
    if (u.startsWith(siteOrigin)) frameResponses.push(`${resp.status()} ${u.replace(siteOrigin, '')}`);
    if (resp.status() >= 400) badRequests.push(`${resp.status()} ${u}`);
  });
  page.on('requestfailed', (req) => {
    const err = (req.failure() && req.failure().errorText) || 'failed';
    if (!/blockedbyclient/i.test(err)) badRequests.push(`${err} ${req.url()}`);
  });

  // host
  let hostOk = false;
  try {
    const resp = await page.goto(host.url + '/', { waitUntil: 'load', timeout: 30000 });
    hostOk = !!resp && resp.status() === 200;
    report('host', hostOk ? [] : [`host page answered ${resp ? resp.status() : 'nothing'}`]);
  } catch (e) {
    report('host', [`cannot load the host page: ${clip(e.message, 300)}`]);
  }

  // frame
  let frame = null;
  if (hostOk) {
    try {
      const handle = await page.waitForSelector('#widget', { timeout: 10000 });
      frame = await handle.contentFrame();
      if (frame) await frame.waitForLoadState('load', { timeout: 30000 });
    } catch (e) {
      frame = null;
      report('frame', [`the iframe did not load: ${clip(e.message, 300)}`]);
    }
  }
  const notRun = ['not checked: the frame did not load'];
  let frameInfo = null;
  if (frame) {
    frameInfo = await frame.evaluate(() => ({
      url: location.href,
      title: document.title,
      lang: document.documentElement.lang,
      mains: document.querySelectorAll('main').length,
      text: document.body ? document.body.innerText : '',
      links: [...document.querySelectorAll('a[href]')].map((a) => ({ href: a.getAttribute('href'), target: a.getAttribute('target') || '' })),
      sheets: [...document.styleSheets].map((s) => s.href),
      cssRules: [...document.styleSheets].reduce((n, s) => { try { return n + s.cssRules.length; } catch { return n; } }, 0),
    })).catch((e) => ({ error: e.message }));
    const problems = [];
    if (frameInfo.error) problems.push(`cannot read the frame: ${clip(frameInfo.error, 300)}`);
    else {
      if (new URL(frameInfo.url).origin !== siteOrigin) problems.push(`frame origin is ${new URL(frameInfo.url).origin}, not the site's ${siteOrigin}`);
      if (siteOrigin === hostOrigin) problems.push('the host and the site share an origin: the test proves nothing');
      if (!frameResponses.some((r) => r.startsWith(`200 ${EMBED_PATH}`))) problems.push(`no 200 for ${EMBED_PATH}: ${frameResponses.join(', ')}`);
      if (!frameInfo.title.trim()) problems.push('the widget has no <title>');
      if (frameInfo.lang !== 'ru') problems.push(`<html lang="${frameInfo.lang}">, expected "ru"`);
      if (frameInfo.mains !== 1) problems.push(`${frameInfo.mains} <main> elements, expected 1`);
      if (!frameInfo.cssRules) problems.push(`the stylesheet did not apply (sheets: ${frameInfo.sheets.join(', ')})`);
    }
    report('frame', problems);
  } else if (hostOk) {
    report('frame', ['no frame']);
  }

  // contact
  if (frameInfo && !frameInfo.error) {
    const missing = [contact.name.ru, contact.email].filter((s) => s && !frameInfo.text.includes(s));
    report('contact', missing.length ? [`the frame does not show: ${missing.join('; ')}`, `text: ${clip(frameInfo.text, 300)}`] : []);
  } else report('contact', notRun);

  // stays framed: give scripts (there should be none) time to act
  if (frame) {
    await page.waitForTimeout(500);
    const top = page.url();
    const inFrame = await frame.evaluate(() => window.top !== window.self).catch(() => null);
    const problems = [];
    if (!top.startsWith(host.url)) problems.push(`the top window navigated to ${top}`);
    if (inFrame !== true) problems.push('the widget is not inside a frame any more');
    report('stays-framed', problems);
  } else report('stays-framed', notRun);

  // links
  if (frameInfo && !frameInfo.error) {
    const problems = frameInfo.links
      .filter((l) => !l.href.startsWith('mailto:') && l.target !== '_top')
      .map((l) => `link ${l.href} opens inside the frame (target="${l.target}")`);
    if (!frameInfo.links.some((l) => l.target === '_top' && /\/investors\/$/.test(l.href))) {
      problems.push('no link back to /investors/ with target="_top"');
    }
    report('links', problems);
  } else report('links', notRun);

  // axe inside the frame's document
  if (frame) {
    try {
      await frame.evaluate(AXE_SOURCE);
      const violations = await frame.evaluate(async (tags) => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return r.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
          nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}  ${n.html}`),
        }));
      }, AXE_TAGS);
      const lines = [];
      for (const v of violations) {
        lines.push(`${v.id} [${v.impact}] ${v.help} — ${v.count} element(s)`);
        for (const n of v.nodes) lines.push(`  at ${clip(n, 200)}`);
      }
      if (violations.length) lines.unshift(`${violations.length} WCAG A/AA rule(s) violated: ${violations.map((v) => v.id).join(', ')}`);
      report('axe', lines);
    } catch (e) {
      report('axe', [`axe-core did not run in the frame: ${clip(e.message, 300)}`]);
    }
  } else report('axe', notRun);

  if (shots && hostOk) {
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'embed-host-1280.png'), fullPage: true }).catch(() => {});
  }

  // reflow in a narrow iframe
  if (frame) {
    try {
      await page.goto(`${host.url}/?w=320`, { waitUntil: 'load', timeout: 30000 });
      const narrow = await (await page.waitForSelector('#widget')).contentFrame();
      await narrow.waitForLoadState('load');
      const m = await narrow.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
      report('reflow@320', m.scroll <= m.width ? [] : [`the widget scrolls sideways in a 320 px frame: scrollWidth ${m.scroll} > ${m.width}`]);
      if (shots) await page.screenshot({ path: path.join(shots, 'embed-host-320.png'), fullPage: true }).catch(() => {});
    } catch (e) {
      report('reflow@320', [`could not measure: ${clip(e.message, 300)}`]);
    }
  } else report('reflow@320', notRun);

  await page.waitForTimeout(100);
  const problems = [...badRequests.map((r) => `failed request: ${r}`), ...foreign.map((u) => `request to another host (aborted): ${u}`)];
  report('requests', hostOk ? problems : notRun);
  report('console', hostOk ? consoleErrors : notRun);

  await context.close().catch(() => {});
  await siteServer.close();
  await host.close();
  rmSync(userDataDir, { recursive: true, force: true });
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(`embed.mjs: ${e && e.stack || e}`);
  process.exit(2);
});
