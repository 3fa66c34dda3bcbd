#!/usr/bin/env node
// Lighthouse on a built site, in Debian's Chromium, offline.
//
//   node tests/browser/lighthouse.mjs SITE_DIR PATH...
//   e.g. node tests/browser/lighthouse.mjs public / /roadmap/ /search/
//
// The site is served by nginx with the shipped configuration (deploy/nginx/:
// its headers, compression and caching are part of what Lighthouse scores).
// Every PATH is audited with Lighthouse's mobile preset and its desktop
// preset; each (path, preset) pair is one test, which fails when
//   - accessibility, best practices or SEO score below 98, or
//   - Cumulative Layout Shift is above 0.02, or Total Blocking Time above 50 ms
//     (in the median of three runs, when the first is over a bound).
// The performance score is printed with the rest; on a shared machine it
// follows the machine's load, so the test holds the two measures above.
// The run ends with "N passed, N failed"; exit 1 if any test failed.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium).
import { createRequire } from 'node:module';
import { startNginx } from './nginx-server.mjs';

const require = createRequire(import.meta.url);
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const MIN_SCORE = 0.98;
const MAX_CLS = 0.02;
const MAX_TBT_MS = 50;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

async function main() {
  const [site, ...paths] = process.argv.slice(2);
  if (!site || paths.length === 0) {
    console.error('usage: node lighthouse.mjs SITE_DIR PATH...');
    process.exit(2);
  }
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const desktop = (await import('lighthouse/core/config/desktop-config.js')).default;
  const server = await startNginx(site);
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
  });
  let passed = 0;
  let failed = 0;
  try {
    for (const p of paths) {
      for (const [preset, config] of [['mobile', undefined], ['desktop', desktop]]) {
        const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES };
        // A trace that failed to record (NO_NAVSTART and the like) is
        // Lighthouse's own hiccup, which it asks to run again: up to twice.
        const audit = async () => {
          let lhr;
          for (let attempt = 0; attempt < 3; attempt++) {
            const result = await lighthouse(`${server.url}${p}`, flags, config);
            lhr = result && result.lhr;
            if (lhr && !lhr.runtimeError) break;
          }
          return lhr;
        };
        let lhr = await audit();
        const measured = (r) => r && !r.runtimeError
          && r.audits['cumulative-layout-shift'].numericValue !== undefined;
        const within = (r) => r.audits['cumulative-layout-shift'].numericValue <= MAX_CLS
          && r.audits['total-blocking-time'].numericValue <= MAX_TBT_MS;
        // Timings vary from run to run on a shared machine; Lighthouse's own
        // advice is the median of several runs. A page over a bound is
        // audited twice more, and the run with the median blocking time counts.
        if (measured(lhr) && !within(lhr)) {
          const runs = [lhr, await audit(), await audit()].filter(measured);
          runs.sort((a, b) => a.audits['total-blocking-time'].numericValue - b.audits['total-blocking-time'].numericValue);
          lhr = runs[Math.floor(runs.length / 2)];
        }
        const cantMeasure = !measured(lhr);
        if (cantMeasure) {
          failed++;
          const why = lhr && lhr.runtimeError ? `${lhr.runtimeError.code}: ${lhr.runtimeError.message}` : 'no result';
          console.log(`FAIL ${p} ${preset}: Lighthouse could not measure the page (${why})`);
          continue;
        }
        const scores = Object.fromEntries(CATEGORIES.map((c) => [c, lhr.categories[c].score]));
        const cls = lhr.audits['cumulative-layout-shift'].numericValue;
        const tbt = lhr.audits['total-blocking-time'].numericValue;
        const problems = [];
        for (const c of ['accessibility', 'best-practices', 'seo']) {
          if (scores[c] < MIN_SCORE) {
            const failing = lhr.categories[c].auditRefs
              .map((r) => lhr.audits[r.id])
              .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative')
              .map((a) => a.id);
            problems.push(`${c} ${Math.round(scores[c] * 100)} < ${MIN_SCORE * 100} (${failing.join(', ')})`);
          }
        }
        if (cls > MAX_CLS) problems.push(`layout shift ${cls.toFixed(3)} > ${MAX_CLS}`);
        if (tbt > MAX_TBT_MS) problems.push(`blocking time ${Math.round(tbt)} ms > ${MAX_TBT_MS} ms`);
        const line = CATEGORIES.map((c) => `${c} ${Math.round(scores[c] * 100)}`).join(', ')
          + `; CLS ${cls.toFixed(3)}, TBT ${Math.round(tbt)} ms`;
        if (problems.length) {
          failed++;
          console.log(`FAIL ${p} ${preset}: ${line}`);
          for (const x of problems) console.log(`    ${x}`);
        } else {
          passed++;
          console.log(`ok   ${p} ${preset}: ${line}`);
        }
      }
    }
  } finally {
    await chrome.kill();
    await server.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(`lighthouse.mjs: ${e && e.stack || e}`);
  process.exit(2);
});
