// What the browser tests share: Debian's Chromium started the way every
// test starts it (headless, no network but 127.0.0.1), the tally of
// named tests that each prints "ok" or "FAIL <name>: why", and the files
// and page addresses of a built site.
//
//   import { launch, tally } from './harness.mjs';
//   const { test, assert, finish } = tally();
//   const browser = await launch('subpath.mjs');   // exits 2 if Chromium cannot start
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-domain-reliability', '--no-pings',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];
export const TIMEOUT = 20000;

// Starts Chromium, or says why it cannot and exits with 2 (a usage error,
// not a failed test); `cleanup` runs first (e.g. closing a server).
export async function launch(script, cleanup = async () => {}) {
  try {
    return await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 60000 });
  } catch (e) {
    await cleanup();
    console.error(`${script}: cannot start Chromium at ${CHROMIUM_PATH}: ${e.message}`);
    process.exit(2);
  }
}

// Named tests counted as they pass or fail; `finish` prints the count and
// sets the exit code (1 if any failed).
export function tally() {
  let passed = 0;
  let failed = 0;
  return {
    async test(name, fn) {
      try {
        await fn();
        passed++;
        console.log(`ok   ${name}`);
      } catch (e) {
        failed++;
        console.log(`FAIL ${name}: ${String(e && e.message || e).split('\n').join('\n    ')}`);
      }
    },
    assert(cond, msg) {
      if (!cond) throw new Error(msg);
    },
    finish() {
      console.log(`${passed} passed, ${failed} failed`);
      process.exitCode = failed ? 1 : 0;
    },
  };
}

// Every file below `dir`, as paths relative to it with "/" separators.
export function walk(dir, rel = '') {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? walk(dir, r) : [r];
  });
}

// The address a site file is served at: "roadmap/index.html" -> "/roadmap/".
export const addressOf = (f) => `/${f.replace(/(^|\/)index\.html$/, '$1')}`;

// The HTML pages of a built site (the search index's fragments aside), as
// file paths in order.
export const htmlPages = (site) => walk(site)
  .filter((f) => f.endsWith('.html') && !f.startsWith('pagefind/'))
  .sort();
