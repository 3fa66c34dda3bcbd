#!/usr/bin/env node
// The version for visually impaired readers, as a reader uses it:
//   node tests/browser/lowvision.mjs SITE_DIR
// The switch is reachable by keyboard from the top of a page, turns the
// version on, its settings change the page, and the choice is remembered on
// the next page and after a reload; switching back restores the main version.
// Ends with "N passed, N failed"; exit 1 on failure.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from './serve.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const site = process.argv[2];
if (!site) { console.error('usage: node lowvision.mjs SITE_DIR'); process.exit(2); }

const server = await serve(site);
const dir = mkdtempSync(path.join(os.tmpdir(), 'kadry-lv-'));
const context = await chromium.launchPersistentContext(dir, {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
  viewport: { width: 1280, height: 800 },
});
let passed = 0, failed = 0;
function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok   ${name}`); } else { failed++; console.log(`FAIL ${name} ${detail}`); }
}
try {
  const page = await context.newPage();
  await page.goto(server.url + '/roadmap/');
  const attr = (a) => page.evaluate((a) => document.documentElement.getAttribute(a), a);
  const fontSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const base = await fontSize();
  check('main version by default', (await attr('data-lv')) === null);

  // Keyboard: skip link first, then the switch.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  check('the switch is the second Tab stop', focused === 'lv-toggle', `focused: ${focused}`);
  await page.keyboard.press('Enter');
  check('Enter turns the version on', (await attr('data-lv')) === '');
  check('text is larger', (await fontSize()) >= base * 1.5, `${await fontSize()} vs ${base}`);
  check('the panel is shown', await page.isVisible('#lv-panel'));

  await page.check('input[name=lv-scheme][value=black]');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  check('white on black scheme', bg === 'rgb(0, 0, 0)', bg);
  await page.check('input[name=lv-spacing][value=wider]');
  const spacing = await page.evaluate(() => getComputedStyle(document.body).letterSpacing);
  check('letter spacing widened', spacing !== 'normal' && parseFloat(spacing) > 0, spacing);

  await page.goto(server.url + '/roadmap/14/14.1/');
  check('remembered on the next page', (await attr('data-lv-scheme')) === 'black' && (await attr('data-lv-spacing')) === 'wider');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  check('no horizontal scroll in the low-vision version', wide);

  await page.click('#lv-toggle');
  check('switching back restores the main version', (await attr('data-lv')) === null);
  await page.reload();
  check('the main version is remembered too', (await attr('data-lv')) === null);
} catch (e) {
  check('browser run', false, e && e.message);
} finally {
  await context.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
