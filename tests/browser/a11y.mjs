#!/usr/bin/env node
// Real-browser checks of a built site, in Debian's Chromium driven by playwright-core.
//
//   node tests/browser/a11y.mjs SITE_DIR [--screenshots DIR] [--low-vision] [--nginx] PATH...
//   (--low-vision: every page in the version for visually impaired readers;
//    --nginx: served by nginx with deploy/nginx/, so under its CSP and other headers)
//   e.g. node tests/browser/a11y.mjs public / /roadmap/ /roadmap/14/ /404.html
//
// The site is served on 127.0.0.1 (serve.mjs, or nginx-server.mjs). For every PATH these checks run,
// and each (path, check) pair is one test:
//   load          the page answers < 400 and loads
//   third-party   no request leaves the local server (each one is aborted and listed)
//   requests      no same-origin request answers >= 400 or fails
//   console       no console error and no uncaught exception
//   axe@1280      axe-core, WCAG 2.0/2.1 A + AA rules, desktop viewport 1280x800
//   axe@320       the same at a 320 px phone viewport (the mobile layout differs)
//   reflow@320    no horizontal scrolling at 320 CSS px (WCAG 1.4.10 Reflow)
//   reflow@360    the same at 360 CSS px (a common phone width)
//   reflow@640    200% zoom of a 1280 px desktop window, checked as the equivalent
//                 640x400 CSS px viewport (zooming scales the CSS viewport)
//   reflow@768 … reflow@1920   the same at tablet and desktop widths
//   focus@1280    every element Tab reaches, while focused, has text at least
//                 4.5:1 against its background (WCAG 1.4.3 in the focus state,
//                 which axe does not see)
// Every failure prints one line "FAIL <path> <check>: ..." plus indented details;
// the run ends with the line "N passed, N failed". Exit 1 if any test failed,
// 2 on a usage error.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), A11Y_TIMEOUT_MS
// (page load timeout, default 30000).
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from './serve.mjs';
import { startNginx } from './nginx-server.mjs';
import { measureOverflow } from './overflow.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const PAGE_TIMEOUT = parseInt(process.env.A11Y_TIMEOUT_MS || '30000', 10);
const CHROMIUM_ARGS = [
  // verified set for headless Debian Chromium (see the project's test docs)
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-domain-reliability', '--no-pings',
  // belt and braces: no host name resolves, so only the loopback server can be reached
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 320, height: 640 };
const REFLOW = [
  { check: 'reflow@320', viewport: { width: 320, height: 640 }, what: '320 CSS px' },
  { check: 'reflow@360', viewport: { width: 360, height: 740 }, what: '360 CSS px' },
  { check: 'reflow@640', viewport: { width: 640, height: 400 }, what: '640 CSS px (1280 px window at 200% zoom)' },
  // and the common tablet and desktop widths: wide tables must scroll in their own box
  { check: 'reflow@768', viewport: { width: 768, height: 1024 }, what: '768 CSS px' },
  { check: 'reflow@1024', viewport: { width: 1024, height: 768 }, what: '1024 CSS px' },
  { check: 'reflow@1280', viewport: { width: 1280, height: 800 }, what: '1280 CSS px' },
  { check: 'reflow@1440', viewport: { width: 1440, height: 900 }, what: '1440 CSS px' },
  { check: 'reflow@1920', viewport: { width: 1920, height: 1080 }, what: '1920 CSS px' },
];
// The most focusable elements visited by Tab on one page: enough for every
// page of the real portal's main set, a bound on the time it takes.
const MAX_TAB_STOPS = 400;
const MAX_LISTED = 8;

function usage(msg) {
  if (msg) console.error(`a11y.mjs: ${msg}`);
  console.error('usage: node a11y.mjs SITE_DIR [--screenshots DIR] [--low-vision] [--nginx] PATH...');
  process.exit(2);
}

function parseArgs(argv) {
  const out = { site: null, paths: [], screenshots: null, lowVision: false, nginx: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--screenshots') {
      if (i + 1 >= argv.length) usage('--screenshots needs a folder');
      out.screenshots = argv[++i];
    } else if (a.startsWith('--screenshots=')) {
      out.screenshots = a.slice('--screenshots='.length);
    } else if (a === '--low-vision') {
      out.lowVision = true;
    } else if (a === '--nginx') {
      out.nginx = true;
    } else if (a === '-h' || a === '--help') {
      usage();
    } else if (a.startsWith('--')) {
      usage(`unknown option ${a}`);
    } else if (!out.site) {
      out.site = a;
    } else {
      out.paths.push(a);
    }
  }
  if (!out.site) usage('no SITE_DIR');
  if (!out.paths.length) usage('no PATH to check');
  for (const p of out.paths) if (!p.startsWith('/')) usage(`a PATH starts with "/": ${p}`);
  return out;
}

// "/" -> "index", "/roadmap/14/14.1/" -> "roadmap_14_14.1", "/404.html" -> "404"
export function shotName(p) {
  const s = p.replace(/\.html?$/i, '').replace(/^\/+|\/+$/g, '').replace(/[^A-Za-z0-9._-]+/g, '_');
  return s || 'index';
}

const clip = (s, n = 200) => {
  const t = String(s).replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};


async function runAxe(page) {
  await page.evaluate(AXE_SOURCE);
  const run = page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      count: v.nodes.length,
      nodes: v.nodes.slice(0, 3).map((n) => ({
        target: n.target.map((t) => (Array.isArray(t) ? t.join(' ') : t)).join(' >>> '),
        html: n.html,
        summary: n.failureSummary || '',
      })),
    }));
  }, AXE_TAGS);
  let timer;
  try {
    return await Promise.race([
      run,
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('axe-core timed out after 120 s')), 120000); }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const server = opts.nginx ? await startNginx(opts.site) : await serve(opts.site);
  const origin = new URL(server.url).origin;
  if (opts.screenshots) mkdirSync(opts.screenshots, { recursive: true });

  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'kadry-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: DESKTOP,
      serviceWorkers: 'block',
      timeout: 60000,
    });
  } catch (e) {
    await server.close();
    rmSync(userDataDir, { recursive: true, force: true });
    console.error(`a11y.mjs: cannot start Chromium at ${CHROMIUM_PATH}: ${clip(e && e.message || e, 600)}`);
    process.exit(2);
  }
  if (opts.lowVision) {
    // The low-vision version with its strongest settings, as a reader would
    // switch it on (the site keeps it in localStorage).
    await context.addInitScript(() => {
      localStorage.setItem('kadry-low-vision', JSON.stringify({
        on: true, size: 'larger', scheme: 'black', spacing: 'wider', images: 'off',
      }));
    });
  }
  const browserVersion = context.browser() ? context.browser().version() : '?';
  const axeVersion = require('axe-core/package.json').version;
  console.log(`a11y: ${opts.paths.length} page(s) of ${path.resolve(opts.site)} at ${server.url}; `
    + `Chromium ${browserVersion}, axe-core ${axeVersion}, rules ${AXE_TAGS.join(',')}`);

  const isLocal = (u) => { try { return new URL(u).origin === origin; } catch { return false; } };
  const isInline = (u) => /^(data|blob|about|javascript):/i.test(u);

  // the record of the page being checked: pages run one at a time
  let current = null;
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (isLocal(u) || isInline(u)) return route.continue();
    if (current && !current.thirdParty.includes(u)) current.thirdParty.push(u);
    return route.abort('blockedbyclient');
  });

  let passed = 0;
  let failed = 0;
  const report = (rec, check, problems) => {
    if (!problems.length) { passed++; rec.ok++; return; }
    failed++;
    rec.bad++;
    const [first, ...rest] = problems;
    console.log(`FAIL ${rec.path} ${check}: ${first}`);
    for (const line of rest) console.log(`    ${line}`);
  };

  for (const p of opts.paths) {
    const url = server.url + encodeURI(p).replace(/%25([0-9A-Fa-f]{2})/g, '%$1');
    const rec = { path: p, thirdParty: [], failedRequests: new Map(), consoleErrors: [], pageErrors: [], ok: 0, bad: 0 };
    current = rec;
    const t0 = Date.now();
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const text = msg.text();
      // the console's echo of a failed or blocked request: counted under requests/third-party
      if (/^Failed to load resource/.test(text)) return;
      const loc = msg.location() || {};
      const where = loc.url ? ` (${loc.url.replace(origin, '')}${loc.lineNumber != null ? `:${loc.lineNumber + 1}` : ''})` : '';
      rec.consoleErrors.push(`console error: ${clip(text, 300)}${where}`);
    });
    page.on('pageerror', (err) => rec.pageErrors.push(`uncaught exception: ${clip(err && err.message || err, 300)}`));
    const isMainNav = (req) => req.isNavigationRequest() && req.frame() === page.mainFrame();
    page.on('response', (resp) => {
      const u = resp.url();
      if (isLocal(u) && resp.status() >= 400 && !isMainNav(resp.request())) {
        rec.failedRequests.set(u, `${resp.status()} ${u.replace(origin, '')}`);
      }
    });
    page.on('requestfailed', (req) => {
      const u = req.url();
      if (!isLocal(u) || isMainNav(req) || rec.failedRequests.has(u)) return;
      const err = (req.failure() && req.failure().errorText) || 'failed';
      if (/ERR_ABORTED/.test(err)) return; // a cancelled request (e.g. media range), not a defect
      rec.failedRequests.set(u, `${err} ${u.replace(origin, '')}`);
    });

    // load at a viewport; true when the page is there to be checked
    const load = async (viewport, { idle }) => {
      await page.setViewportSize(viewport);
      const resp = await page.goto(url, { waitUntil: 'load', timeout: PAGE_TIMEOUT });
      if (idle) await page.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => {});
      await page.evaluate(() => document.fonts && document.fonts.ready.then(() => true)).catch(() => {});
      return resp;
    };

    let loaded = false;
    const loadProblems = [];
    try {
      const resp = await load(DESKTOP, { idle: true });
      if (!resp) loadProblems.push(`no response for ${url}`);
      else if (resp.status() >= 400) loadProblems.push(`HTTP ${resp.status()} for ${p}`);
      else loaded = true;
      if (resp && resp.status() >= 400) loaded = true; // the error page is still checked below
    } catch (e) {
      loadProblems.push(`cannot load ${url}: ${clip(e && e.message || e, 300)}`);
    }
    report(rec, 'load', loadProblems);

    const results = {};
    if (loaded) {
      // desktop: axe + screenshot
      try {
        results['axe@1280'] = await runAxe(page);
      } catch (e) {
        results['axe@1280'] = e;
      }
      try {
        results['focus@1280'] = await focusContrast(page);
      } catch (e) {
        results['focus@1280'] = e;
      }
      if (opts.screenshots) {
        await page.screenshot({ path: path.join(opts.screenshots, `${shotName(p)}-1280.png`), fullPage: true, timeout: 60000 })
          .catch((e) => console.error(`a11y: screenshot of ${p} at 1280 px failed: ${clip(e.message)}`));
      }
      // narrow viewports, each a fresh load so scripts and media queries see the real width
      for (const r of REFLOW) {
        try {
          await load(r.viewport, { idle: false });
          results[r.check] = await page.evaluate(measureOverflow);
          if (r.viewport.width === PHONE.width) {
            try {
              results['axe@320'] = await runAxe(page);
            } catch (e) {
              results['axe@320'] = e;
            }
          }
          if (opts.screenshots && r.viewport.width === 360) {
            await page.screenshot({ path: path.join(opts.screenshots, `${shotName(p)}-360.png`), fullPage: true, timeout: 60000 })
              .catch((e) => console.error(`a11y: screenshot of ${p} at 360 px failed: ${clip(e.message)}`));
          }
        } catch (e) {
          results[r.check] = e;
        }
      }
      await page.waitForTimeout(100); // late console messages
    }
    await page.close().catch(() => {});
    current = null;

    const notRun = loaded ? null : ['not checked: the page did not load'];
    report(rec, 'third-party', notRun || (rec.thirdParty.length
      ? [`${rec.thirdParty.length} request(s) to other hosts (aborted)`, ...rec.thirdParty.slice(0, MAX_LISTED)]
      : []));
    const fr = [...rec.failedRequests.values()];
    report(rec, 'requests', notRun || (fr.length
      ? [`${fr.length} same-origin request(s) failed`, ...fr.slice(0, MAX_LISTED)]
      : []));
    // the page is loaded once per viewport: the same message repeats, list it once
    const counts = new Map();
    for (const m of [...rec.pageErrors, ...rec.consoleErrors]) counts.set(m, (counts.get(m) || 0) + 1);
    const ce = [...counts].map(([m, n]) => (n > 1 ? `${m} (${n}×, once per load)` : m));
    report(rec, 'console', notRun || (ce.length
      ? [`${ce.length} distinct error(s) over ${1 + REFLOW.length} page loads`, ...ce.slice(0, MAX_LISTED)]
      : []));
    for (const check of ['axe@1280', 'axe@320']) {
      const v = results[check];
      if (!loaded) { report(rec, check, notRun); continue; }
      if (v instanceof Error || v === undefined) { report(rec, check, [`axe-core did not run: ${clip(v ? v.message : 'page not loaded', 300)}`]); continue; }
      const lines = [];
      for (const viol of v) {
        lines.push(`${viol.id} [${viol.impact}] ${viol.help} — ${viol.count} element(s); ${viol.helpUrl}`);
        for (const n of viol.nodes) {
          lines.push(`  at ${n.target}`);
          lines.push(`     ${clip(n.html, 200)}`);
          const why = n.summary.split('\n').filter((s) => s.trim() && !/^Fix (any|all) of the following:?$/.test(s.trim()));
          if (why.length) lines.push(`     ${clip(why[0], 200)}`);
        }
      }
      if (v.length) lines.unshift(`${v.length} WCAG A/AA rule(s) violated: ${v.map((x) => x.id).join(', ')}`);
      report(rec, check, lines);
    }
    {
      const f = results['focus@1280'];
      if (!loaded) report(rec, 'focus@1280', notRun);
      else if (f instanceof Error || f === undefined) report(rec, 'focus@1280', [`could not measure: ${clip(f ? f.message : 'not run', 300)}`]);
      else report(rec, 'focus@1280', f.length ? [`${f.length} focused element(s) below 4.5:1`, ...f.slice(0, MAX_LISTED)] : []);
    }
    for (const r of REFLOW) {
      const m = results[r.check];
      if (!loaded) { report(rec, r.check, notRun); continue; }
      if (m instanceof Error || m === undefined) { report(rec, r.check, [`could not measure: ${clip(m ? m.message : 'not run', 300)}`]); continue; }
      if (m.scrollWidth <= m.innerWidth) { report(rec, r.check, []); continue; }
      const lines = [`horizontal scroll at ${r.what}: document scrollWidth ${m.scrollWidth} > innerWidth ${m.innerWidth}`];
      if (m.offenders.length) {
        lines.push(`elements whose right edge is past ${m.innerWidth} px:`);
        for (const o of m.offenders.slice(0, MAX_LISTED)) lines.push(`  ${o.selector}  right=${o.right} width=${o.width}  ${clip(o.html, 120)}`);
        if (m.offenders.length > MAX_LISTED) lines.push(`  … and ${m.offenders.length - MAX_LISTED} more`);
      }
      report(rec, r.check, lines);
    }
    console.log(`${rec.bad ? 'fail' : 'ok  '} ${p}  ${rec.ok}/${rec.ok + rec.bad} checks passed  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }

  await context.close().catch(() => {});
  await server.close();
  rmSync(userDataDir, { recursive: true, force: true });
  if (opts.screenshots) console.log(`screenshots: ${path.resolve(opts.screenshots)}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

// Tabs through the page from the top; for each element focused, the
// contrast of its text colour against the first opaque background behind it
// (its own, or an ancestor's). Gives one line per element below 4.5:1.
async function focusContrast(page) {
  await page.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); });
  const low = [];
  for (let i = 0; i < MAX_TAB_STOPS; i++) {
    await page.keyboard.press('Tab');
    const m = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      if (el.__kadryFocused) return { done: true }; // Tab came round to the start
      el.__kadryFocused = true;
      // a radio button or check box has no text of its own (its label has)
      if (el.matches('input[type=radio], input[type=checkbox]')) return null;
      const rgba = (s) => (s.match(/[\d.]+/g) || []).map(Number);
      const lum = ([r, g, b]) => {
        const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
      };
      let bg = null;
      for (let e = el; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) { bg = c; break; }
      }
      bg = bg || [255, 255, 255];
      const fg = rgba(getComputedStyle(el).color);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      const id = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' «' + (el.textContent || el.value || '').trim().slice(0, 40) + '»';
      return { id, ratio: (a + 0.05) / (b + 0.05), fg: getComputedStyle(el).color, bg: 'rgb(' + bg.slice(0, 3).join(', ') + ')' };
    });
    if (!m) continue;
    if (m.done) break;
    if (m.ratio < 4.5) low.push(`${m.id}: ${m.ratio.toFixed(2)}:1 (${m.fg} on ${m.bg})`);
  }
  return low;
}

main().catch((e) => {
  console.error(`a11y.mjs: ${e && e.stack || e}`);
  process.exit(2);
});
