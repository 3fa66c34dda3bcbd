#!/usr/bin/env node
// The search page of a built portal in a real browser (Debian's Chromium,
// driven by playwright-core), served on 127.0.0.1 by serve.mjs.
//
//   node tests/browser/search.mjs SITE_DIR
//
// Tests (each prints "ok" or "FAIL <name>: why"):
//   word forms     «инвентаризация» lists the measure page /roadmap/14/14.1/
//                  among the first results, and so does «инвентаризациями»,
//                  a form that stands on no page at all (Russian stemming)
//   number         «14.3» lists /roadmap/14/14.3/ first, and every measure's
//                  number lists its own page first («1.1» is not «11.6»)
//   status filter  choosing a status narrows the count; every result has it
//   plurals        the count message agrees with the number: «найден 1
//                  результат», «найдено 3 результата», «найдено 5 результатов»,
//                  «ничего не найдено» (forms from a rule written here anew)
//   more           «Показать ещё» lists the next ten and focuses the first of them
//   excerpt        excerpts contain no markup but <mark>
//   keyboard       Tab alone reaches the search box and the three filters;
//                  Enter searches; arrow keys change a filter and the results
//   no JavaScript  /search/ explains itself and links to the five indexes
//   axe            axe-core: no WCAG 2.1 A/AA violation on /search/ with results
//   clean          no console error (a CSP violation is one), no failed request,
//                  no request to another host
// Ends with "N passed, N failed"; exit 1 if any test failed, 2 on a usage error.
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { launch, tally, TIMEOUT } from './harness.mjs';
import { serve } from './serve.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const site = process.argv[2];
if (!site || process.argv.length > 3) {
  console.error('usage: node search.mjs SITE_DIR');
  process.exit(2);
}

const { test, assert, finish } = tally();

// Russian plural, written independently of search.js
function expectedCount(n) {
  const n10 = n % 10;
  const n100 = n % 100;
  const form = n10 === 1 && n100 !== 11 ? 'one'
    : n10 >= 2 && n10 <= 4 && !(n100 >= 12 && n100 <= 14) ? 'few' : 'many';
  return {
    one: `найден ${n} результат`,
    few: `найдено ${n} результата`,
    many: `найдено ${n} результатов`,
  }[form];
}

const server = await serve(site);
const origin = server.url;
// launch() gives the browser a fresh temporary profile of its own
const browser = await launch('search.mjs', () => server.close());
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });

const problems = [];
await context.route('**/*', (route) => {
  const u = route.request().url();
  if (u.startsWith(origin) || /^(data|blob|about):/.test(u)) return route.continue();
  problems.push(`request to another host: ${u}`);
  return route.abort('blockedbyclient');
});

async function openSearch(query = '') {
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${(r.failure() || {}).errorText}`));
  await page.goto(`${origin}/search/${query}`, { waitUntil: 'load' });
  await page.waitForSelector('#search-form:not([hidden])', { timeout: TIMEOUT });
  return page;
}

// waits until the live region reports on the search (it names the query)
async function waitStatus(page, includes) {
  await page.waitForFunction(
    (s) => {
      const t = document.getElementById('search-status').textContent;
      return t.includes(s) && /найден|ничего не найдено|не работает/.test(t);
    },
    includes,
    { timeout: TIMEOUT },
  );
  return page.evaluate(() => document.getElementById('search-status').textContent.trim());
}

async function search(page, term) {
  await page.fill('#search-q', term);
  await page.press('#search-q', 'Enter');
  const status = await waitStatus(page, `«${term}»`);
  const urls = await page.$$eval('#search-results .search-result__title a', (as) => as.map((a) => new URL(a.href).pathname));
  return { status, urls };
}

const countOf = (status) => {
  const m = status.match(/найден[о]? (\d+) результат/);
  return m ? parseInt(m[1], 10) : (/ничего не найдено/.test(status) ? 0 : NaN);
};

console.log(`search: ${path.resolve(site)} at ${origin}; Chromium ${browser.version()}`);

const page = await openSearch();

await test('word forms: «инвентаризация» finds the measure page of 14.1', async () => {
  const { status, urls } = await search(page, 'инвентаризация');
  assert(urls.includes('/roadmap/14/14.1/'), `«${status}» — first results: ${urls.join(' ')}`);
});

await test('word forms: «инвентаризациями» (on no page) finds the measure page of 14.1', async () => {
  const { status, urls } = await search(page, 'инвентаризациями');
  assert(urls.includes('/roadmap/14/14.1/'), `«${status}» — first results: ${urls.join(' ')}`);
});

await test('number: «14.3» finds the measure page of 14.3 first', async () => {
  const { status, urls } = await search(page, '14.3');
  assert(urls[0] === '/roadmap/14/14.3/', `«${status}» — results: ${urls.join(' ')}`);
});

await test('numbers: every measure\'s number lists its page first («1.1» is not «11»)', async () => {
  const ids = [];
  for (const s of readdirSync(path.join(site, 'roadmap'), { withFileTypes: true })) {
    if (!s.isDirectory()) continue;
    for (const m of readdirSync(path.join(site, 'roadmap', s.name), { withFileTypes: true })) {
      if (m.isDirectory()) ids.push([s.name, m.name]);
    }
  }
  assert(ids.length === 74, `${ids.length} measure pages in the site, not 74`);
  const wrong = [];
  for (const [section, id] of ids) {
    const { urls } = await search(page, id);
    if (urls[0] !== `/roadmap/${section}/${id}/`) wrong.push(`${id} → ${urls.slice(0, 3).join(' ')}`);
  }
  assert(wrong.length === 0, wrong.join('\n'));
});

// pages that list measures with pages of their own (address::is_listing)
const LISTING = /^\/(roadmap\/(\d+\/|summary\/|timeline\/)?|documents\/|executors\/.*|news\/|search\/.*|sitemap\/)$/;

await test('subject: the words of a measure\'s title find that measure among the first three, and no listing among the first ten', async () => {
  const wrong = [];
  let asked = 0;
  for (const s of readdirSync(path.join(site, 'roadmap'), { withFileTypes: true })) {
    if (!s.isDirectory() || !/^\d+$/.test(s.name)) continue;
    for (const m of readdirSync(path.join(site, 'roadmap', s.name), { withFileTypes: true })) {
      if (!m.isDirectory()) continue;
      const html = readFileSync(path.join(site, 'roadmap', s.name, m.name, 'index.html'), 'utf8');
      const h1 = html.match(/<h1>(.*?)<\/h1>/s)[1].replace(/<span class=kicker[^]*?<\/span>/, '');
      // the first five words of the title, as a reader would type a subject
      const words = h1.replace(/<[^>]+>/g, ' ').split(/[^0-9A-Za-zА-Яа-яЁё-]+/).filter((w) => w.length > 2).slice(0, 5);
      const { urls } = await search(page, words.join(' '));
      asked += 1;
      const own = (u) => u === `/roadmap/${s.name}/${m.name}/` || u.startsWith(`/reports/${m.name}/`);
      const listings = urls.slice(0, 10).filter((u) => LISTING.test(u));
      if (!urls.slice(0, 3).some(own) || listings.length) wrong.push(`${m.name} «${words.join(' ')}» → ${urls.slice(0, 3).join(' ') || 'nothing'}`);
    }
  }
  assert(asked === 74, `${asked} measures asked`);
  assert(wrong.length === 0, `${wrong.length} of ${asked}:\n${wrong.join('\n')}`);
});

await test('status filter narrows the results', async () => {
  const before = await search(page, 'площадок');
  const n = countOf(before.status);
  try {
    await page.selectOption('#search-status-filter', 'done');
    const after = await waitStatus(page, 'с выбранными фильтрами');
    const m = countOf(after);
    assert(m > 0 && m < n, `without the filter ${n} («${before.status}»), with it ${m} («${after}»)`);
    const metas = await page.$$eval('#search-results .search-result__meta', (ps) => ps.map((p) => p.textContent));
    assert(metas.length > 0 && metas.every((t) => t === 'Статус: выполнено'), `statuses shown: ${metas.join('; ')}`);
  } finally {
    await page.selectOption('#search-status-filter', '');
  }
});

await test('«Показать ещё» adds the next results and moves focus to the first of them', async () => {
  const { status, urls } = await search(page, 'кадров');
  const n = countOf(status);
  assert(n > 10 && urls.length === 10, `«${status}», ${urls.length} results listed`);
  await page.click('#search-more');
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length > 10, null, { timeout: TIMEOUT });
  const listed = await page.$$eval('#search-results li', (li) => li.length);
  const focusIs11th = await page.evaluate(() => document.activeElement === document.querySelectorAll('#search-results li')[10].querySelector('a'));
  assert(listed === Math.min(20, n), `${listed} results listed after one click, of ${n}`);
  assert(focusIs11th, 'focus did not move to the first added result');
});

await test('plurals: the count message agrees with the number', async () => {
  const seen = new Map();
  for (const term of ['14.3', 'инвентаризация', 'площадок', 'колледж', 'WorldSkills', 'мониторинг', 'кадров', 'щщщщжжж']) {
    const { status } = await search(page, term);
    const n = countOf(status);
    assert(!Number.isNaN(n), `no count in «${status}»`);
    const want = n === 0 ? `По запросу «${term}» ничего не найдено.` : `По запросу «${term}» ${expectedCount(n)}.`;
    assert(status === want, `«${status}», expected «${want}»`);
    seen.set(n === 0 ? 'zero' : expectedCount(n).split(' ')[2], status);
  }
  console.log(`     messages seen: ${[...seen.values()].map((s) => `«${s}»`).join(', ')}`);
});

await test('excerpts contain no markup but <mark>', async () => {
  await search(page, 'инвентаризация');
  const tags = await page.$$eval('#search-results .search-result__excerpt *', (els) => [...new Set(els.map((e) => e.localName))]);
  const marks = await page.$$eval('#search-results .search-result__excerpt mark', (els) => els.length);
  assert(tags.every((t) => t === 'mark') && marks > 0, `elements in excerpts: ${tags.join(', ') || 'none'}`);
});

await test('axe-core: no WCAG 2.1 A/AA violation on /search/ with results', async () => {
  await search(page, 'инвентаризация');
  await page.evaluate(AXE_SOURCE); // DevTools evaluation, not an inline script: the page's CSP stays on
  const violations = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  }, AXE_TAGS);
  assert(violations.length === 0, violations.join('\n'));
});

await test('keyboard: Tab reaches the search box and the filters, Enter searches, arrows filter', async () => {
  const kb = await openSearch();
  const reached = [];
  for (let i = 0; i < 80; i++) {
    await kb.keyboard.press('Tab');
    const id = await kb.evaluate(() => document.activeElement && document.activeElement.id);
    if (id) reached.push(id);
    if (id === 'search-executor') break;
  }
  for (const id of ['search-q', 'search-section', 'search-status-filter', 'search-executor']) {
    assert(reached.includes(id), `Tab never reached #${id}; reached: ${reached.join(', ')}`);
  }
  assert(reached.indexOf('search-q') < reached.indexOf('search-section'), 'the search box comes after the filters');
  // back to the box, type, Enter
  await kb.focus('#search-q');
  await kb.keyboard.type('площадок');
  await kb.keyboard.press('Enter');
  const all = countOf(await waitStatus(kb, '«площадок»'));
  // Tab on to the status filter and change it with an arrow key
  await kb.keyboard.press('Tab'); // the button «Найти»
  await kb.keyboard.press('Tab'); // section
  await kb.keyboard.press('Tab'); // status
  const focused = await kb.evaluate(() => document.activeElement.id);
  assert(focused === 'search-status-filter', `focus on #${focused}, not on the status filter`);
  await kb.keyboard.press('ArrowDown');
  const some = countOf(await waitStatus(kb, 'с выбранными фильтрами'));
  assert(some < all, `the filter chosen by keyboard did not narrow ${all} results (${some})`);
  await kb.close();
});

await test('no JavaScript: /search/ explains and links to the five indexes', async () => {
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  await nojs.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
  const p = await nojs.newPage();
  await p.goto(`${origin}/search/`, { waitUntil: 'load' });
  const note = await p.locator('.search-nojs').isVisible();
  const formHidden = !(await p.locator('#search-form').isVisible());
  const links = await p.$$eval('a', (as) => as.filter((a) => a.offsetParent !== null).map((a) => new URL(a.href).pathname));
  const want = ['/search/az/', '/search/by-number/', '/search/by-executor/', '/search/by-status/', '/search/by-month/'];
  const missing = want.filter((u) => !links.includes(u));
  await nojs.close();
  assert(note, 'the explanation for readers without JavaScript is not visible');
  assert(formHidden, 'the search form shows without JavaScript, where it cannot work');
  assert(missing.length === 0, `no visible link to ${missing.join(', ')}`);
});

await test('clean: no console error, CSP violation, failed or outside request', async () => {
  assert(problems.length === 0, [...new Set(problems)].slice(0, 10).join('\n'));
});

await browser.close().catch(() => {});
await server.close();
finish();
