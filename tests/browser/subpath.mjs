#!/usr/bin/env node
// The portal deployed below a path of a shared host, in a real browser
// (Debian's Chromium, driven by playwright-core): the site built with
// `--base-url https://example.org/kadry/` is served by serve.mjs under
// /kadry/ only, every other path of the host answering 404.
//
//   node tests/browser/subpath.mjs SITE_DIR [PREFIX]      (PREFIX: /kadry/)
//
// Tests (each prints "ok" or "FAIL <name>: why"):
//   search results   «инвентаризация» lists /kadry/roadmap/14/14.1/ (from the
//                    last shard when the index is in shards); every
//                    result of three searches is below the prefix (never
//                    /kadry/kadry/) and opens with 200
//   content links    links editors wrote in Markdown (a news item, the
//                    investor page) lead below the prefix and open with 200
//   menu and assets  every link of the home page's menu opens with 200
//   clean            no request outside the prefix, no failed request, no
//                    console error
// Ends with "N passed, N failed"; exit 1 if any test failed, 2 on a usage error.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launch, tally, TIMEOUT } from './harness.mjs';
import { serve } from './serve.mjs';

const [site, prefix = '/kadry/'] = process.argv.slice(2);
if (!site || process.argv.length > 4 || !/^\/.+\/$/.test(prefix)) {
  console.error('usage: node subpath.mjs SITE_DIR [PREFIX]   (PREFIX like /kadry/)');
  process.exit(2);
}

const { test, assert, finish } = tally();

const server = await serve(site, { prefix });
const origin = server.url;
const below = origin + prefix;
const browser = await launch('subpath.mjs', () => server.close());
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const problems = [];
await context.route('**/*', (route) => {
  const u = route.request().url();
  if (u.startsWith(below) || /^(data|blob|about):/.test(u)) return route.continue();
  problems.push(`request outside ${prefix}: ${u}`);
  return route.abort('blockedbyclient');
});

async function open(address) {
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
  const response = await page.goto(`${below}${address}`, { waitUntil: 'load' });
  assert(response && response.status() === 200, `${prefix}${address} answered ${response && response.status()}`);
  return page;
}

// Opens each address with the browser's own request and lists those that
// are not 200 or not below the prefix.
async function unreachable(urls) {
  const bad = [];
  for (const u of new Set(urls)) {
    if (!new URL(u).pathname.startsWith(prefix) || new URL(u).pathname.startsWith(prefix + prefix.slice(1))) {
      bad.push(`${u} is not below ${prefix} once`);
      continue;
    }
    const r = await context.request.get(u);
    if (r.status() !== 200) bad.push(`${u} → ${r.status()}`);
  }
  return bad;
}

async function search(page, term) {
  await page.fill('#search-q', term);
  await page.press('#search-q', 'Enter');
  await page.waitForFunction(
    (s) => {
      const t = document.getElementById('search-status').textContent;
      return t.includes(s) && /найден|ничего не найдено|не работает/.test(t);
    },
    `«${term}»`,
    { timeout: TIMEOUT },
  );
  return page.$$eval('#search-results .search-result__title a', (as) => as.map((a) => a.href));
}

console.log(`subpath: ${site} at ${below}; Chromium ${browser.version()}`);

await test('search results are below the prefix and open', async () => {
  const page = await open('search/');
  await page.waitForSelector('#search-form:not([hidden])', { timeout: TIMEOUT });
  const found = [];
  for (const term of ['инвентаризация', 'колледж', '14.3']) {
    const urls = await search(page, term);
    assert(urls.length > 0, `«${term}» found nothing`);
    found.push(...urls);
    if (term === 'инвентаризация') {
      const paths = urls.map((u) => new URL(u).pathname);
      assert(paths.includes(`${prefix}roadmap/14/14.1/`), `«${term}»: ${paths.join(' ')}`);
    }
  }
  const bad = await unreachable(found);
  assert(bad.length === 0, bad.join('\n'));
  // the measure pages sort last: with the index in shards, they are in a merged one
  const shards = JSON.parse(readFileSync(path.join(site, 'pagefind', 'shards.json'), 'utf8'));
  console.log(`     the index is ${shards.length + 1} shard(s)`);
  await page.close();
});

await test('links written in Markdown lead below the prefix and open', async () => {
  const checked = [];
  for (const [address, written] of [
    ['news/2019-01-15-itogi-inventarizacii/', 'roadmap/14/14.1/'],
    ['investors/', 'roadmap/4/4.1/'],
  ]) {
    const page = await open(address);
    const hrefs = await page.$$eval('main a[href]', (as) => as.map((a) => a.getAttribute('href')));
    assert(hrefs.includes(`${prefix}${written}`), `${address}: no link to ${prefix}${written} among ${hrefs.slice(0, 12).join(' ')}`);
    const outside = hrefs.filter((h) => h.startsWith('/') && !h.startsWith(prefix));
    assert(outside.length === 0, `${address}: links outside ${prefix}: ${outside.join(' ')}`);
    checked.push(...(await page.$$eval('main a[href^="/"]', (as) => as.map((a) => a.href))));
    await page.close();
  }
  const bad = await unreachable(checked);
  assert(bad.length === 0, bad.join('\n'));
});

await test('the menu, the footer and the styles open below the prefix', async () => {
  const page = await open('');
  const urls = await page.$$eval('a[href^="/"], link[href^="/"], script[src^="/"]', (els) => els.map((e) => e.href || e.src));
  assert(urls.length > 15, `only ${urls.length} links on the home page`);
  const bad = await unreachable(urls);
  assert(bad.length === 0, bad.join('\n'));
  await page.close();
});

await test('clean: no request outside the prefix, no failed request, no console error', async () => {
  assert(problems.length === 0, [...new Set(problems)].slice(0, 10).join('\n'));
});

await browser.close().catch(() => {});
await server.close();
finish();
