// No page of a built portal scrolls sideways, at any tested width, in either
// version (WCAG 1.4.10 Reflow), through nginx with the shipped settings:
//
//   node tests/browser/reflow.mjs SITE_DIR
//
// Every HTML page (the search index's fragments aside) is opened once in
// the main version and once in the version for visually impaired readers
// (its strongest settings), and measured at 320, 768, 1024, 1280, 1440 and
// 1920 CSS px by resizing the window (media queries follow; the pages'
// script does not depend on the width). a11y.mjs measures the main pages
// at these widths too, each from a fresh load, with axe and the rest; this
// sweep covers every page. One line per page and version that fails, naming
// the elements that stick out; then "N passed, N failed" (one test per page
// and version); exit 1 if any failed.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { addressOf, htmlPages, launch } from './harness.mjs';
import { startNginx } from './nginx-server.mjs';
import { measureOverflow } from './overflow.mjs';

const WIDTHS = [320, 768, 1024, 1280, 1440, 1920];
const LOW_VISION = { on: true, size: 'larger', scheme: 'black', spacing: 'wider', images: 'off' };

const site = process.argv[2];
if (!site || !existsSync(path.join(site, 'index.html'))) {
  console.error('usage: node reflow.mjs SITE_DIR (a built portal)');
  process.exit(2);
}

const pages = htmlPages(site).map(addressOf);

const nginx = await startNginx(site);
const browser = await launch('reflow.mjs', () => nginx.close());
console.log(`reflow: ${pages.length} pages × ${WIDTHS.length} widths × 2 versions at ${nginx.url}`);
let passed = 0;
let failed = 0;
try {
  for (const [version, settings] of [['main', null], ['low-vision', LOW_VISION]]) {
    const context = await browser.newContext({ viewport: { width: WIDTHS[0], height: 800 } });
    if (settings) {
      await context.addInitScript((s) => localStorage.setItem('kadry-low-vision', JSON.stringify(s)), settings);
    }
    const page = await context.newPage();
    for (const p of pages) {
      const problems = [];
      try {
        await page.setViewportSize({ width: WIDTHS[0], height: 800 });
        await page.goto(nginx.url + p, { waitUntil: 'load' });
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 800 });
          const m = await page.evaluate(measureOverflow);
          if (m.scrollWidth > m.innerWidth) {
            const who = m.offenders.slice(0, 3).map((o) => `${o.selector} right=${o.right}`).join('; ');
            problems.push(`${width} px: scrollWidth ${m.scrollWidth} > ${m.innerWidth}${who ? ` (${who})` : ''}`);
          }
        }
      } catch (e) {
        problems.push(`could not measure: ${String(e && e.message || e).split('\n')[0]}`);
      }
      if (problems.length) {
        failed++;
        console.log(`FAIL ${p} ${version}`);
        for (const x of problems) console.log(`    ${x}`);
      } else {
        passed++;
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
  await nginx.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
