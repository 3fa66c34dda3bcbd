// The built portal as nginx serves it with the shipped configuration
// (deploy/nginx/, started by nginx-server.mjs):
//
//   node nginx.mjs SITE_DIR
//
//   every page   loads with status 200 and the Content-Security-Policy header
//                in Chromium, with no CSP violation, console error, uncaught
//                exception or failed request
//   frames       the investors' widget loads in a cross-origin iframe; other
//                pages refuse to be framed
//   compression  every text file has .gz and .br twins, and nginx sends them
//                (Content-Encoding br / gzip, the same bytes once decoded);
//                a client that asks for neither gets the file itself
//   caching      the theme's hashed files are kept a year, pages revalidated
//   types        feeds as application/atom+xml, CSV as text/csv; charset=utf-8
//   404          a missing address answers 404 with the portal's own 404 page
//   print        a measure page gets its public address for print.css to put
//                at the top of every printed sheet
//   HTTPS        deploy/nginx/kadry.conf as shipped: HTTP redirects to HTTPS,
//                which sends HSTS and the same headers
import { readFileSync, statSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import zlib from 'node:zlib';
import { addressOf, htmlPages, launch, tally, walk } from './harness.mjs';
import { startNginx } from './nginx-server.mjs';

const site = process.argv[2];
if (!site || !existsSync(path.join(site, 'index.html'))) {
  console.error('usage: node nginx.mjs SITE_DIR (a built portal)');
  process.exit(2);
}
const TEXT = /\.(html|css|js|xml|json|csv|svg|txt)$/;

// one raw GET (no decoding), for headers and bytes as sent
function get(url, headers = {}) {
  const lib = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    lib.get(url, { headers, rejectUnauthorized: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

const files = walk(site);
const pages = htmlPages(site);

const nginx = await startNginx(site);
const { test, assert, finish } = tally();
const browser = await launch('nginx.mjs', () => nginx.close());
console.log(`nginx: ${pages.length} pages of ${path.resolve(site)} at ${nginx.url}`);

try {
  await test(`every page (${pages.length}) under the CSP header: no violation, console error or failed request`, async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
      });
    });
    const page = await context.newPage();
    const problems = [];
    let current = '';
    page.on('pageerror', (e) => problems.push(`${current}: uncaught ${e.message}`));
    // a request cut short by the next navigation (the icon, say) is no failure
    page.on('requestfailed', (r) => {
      if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`${current}: request failed ${r.url()}`);
    });
    // Chromium asks for /favicon.ico by itself where a page names no icon
    // (the widget, meant for other sites' pages)
    const ownRequest = (u) => !u.endsWith('/favicon.ico');
    page.on('console', (m) => {
      if (m.type() === 'error' && ownRequest(m.location().url || '')) problems.push(`${current}: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && ownRequest(r.url())) problems.push(`${current}: ${r.status()} ${r.url()}`);
    });
    for (const f of pages) {
      current = addressOf(f);
      const response = await page.goto(nginx.url + current, { waitUntil: 'load' });
      if (response.status() !== 200) problems.push(`${current}: status ${response.status()}`);
      const csp = (await response.allHeaders())['content-security-policy'] || '';
      if (!csp.includes("default-src 'self'")) problems.push(`${current}: no CSP header (${csp})`);
      if (current === '/search/') {
        // the search runs under the policy: a query shows results
        await page.waitForSelector('#search-form:not([hidden])', { timeout: 15000 });
        await page.fill('#search-q', 'инвентаризация');
        await page.waitForSelector('#search-results li', { timeout: 15000 })
          .catch(() => problems.push('/search/: no result under the CSP header'));
      }
      await page.waitForTimeout(20);
    }
    await context.close();
    assert(!problems.length, `${problems.length} problem(s):\n${problems.slice(0, 30).join('\n')}`);
  });

  await test('a printed page gets its public address for the top of every sheet (page.js under the CSP)', async () => {
    const page = await browser.newPage();
    const violations = [];
    page.on('console', (m) => { if (m.type() === 'error') violations.push(m.text()); });
    await page.goto(`${nginx.url}/roadmap/14/14.1/`, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const got = await page.evaluate(() => ({
      address: getComputedStyle(document.documentElement).getPropertyValue('--page-address'),
      canonical: document.querySelector('link[rel="canonical"]').href,
    }));
    await page.close();
    assert(got.address === `"${got.canonical}"` && got.canonical.endsWith('/roadmap/14/14.1/'),
      `--page-address is ${got.address}, canonical ${got.canonical}`);
    assert(!violations.length, violations.join('\n'));
  });

  await test('the widget loads in a cross-origin iframe; other pages refuse to be framed', async () => {
    const host = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>other site</title>
        <iframe id=embed src="${nginx.url}/investors/embed/" width=600 height=800></iframe>
        <iframe id=page src="${nginx.url}/roadmap/" width=600 height=400></iframe>`);
    });
    await new Promise((r) => host.listen(0, '127.0.0.1', r));
    const other = `http://127.0.0.1:${host.address().port}/`; // another port: another origin
    try {
      const page = await browser.newPage();
      await page.goto(other, { waitUntil: 'load' });
      await page.waitForTimeout(500);
      const byUrl = (suffix) => page.frames().find((f) => f.url().endsWith(suffix));
      const embed = byUrl('/investors/embed/');
      assert(embed, `the widget's frame did not load: ${page.frames().map((f) => f.url()).join(', ')}`);
      const heading = await embed.locator('h1, h2').first().textContent();
      assert(heading && heading.trim(), 'the widget shows no heading');
      const framed = page.frames().find((f) => f.url().endsWith('/roadmap/'));
      if (framed) {
        const text = await framed.evaluate(() => document.body && document.body.innerText).catch(() => '');
        assert(!text, `/roadmap/ was shown inside another site: ${text.slice(0, 80)}`);
      }
      await page.close();
    } finally {
      host.close();
    }
  });

  const text = files.filter((f) => TEXT.test(f));
  await test(`every text file (${text.length}) has .gz and .br twins, or is too small to gain`, async () => {
    const missing = text.filter((f) => {
      const size = statSync(path.join(site, f)).size;
      const twins = ['.gz', '.br'].filter((t) => existsSync(path.join(site, f + t)));
      return twins.length < 2 && size > 1024;
    });
    assert(!missing.length, `without twins: ${missing.slice(0, 10).join(', ')}`);
  });

  await test('nginx sends the twins: br, gzip, or the file itself, each the same bytes', async () => {
    const samples = ['/roadmap/', '/news/atom.xml', '/opendata/list.csv', '/investors/workforce.json', '/sitemap.xml'];
    const home = readFileSync(path.join(site, 'index.html'), 'utf8');
    for (const m of home.matchAll(/(?:href|src)="?(\/(?:css|js)\/[^"' >]+)/g)) samples.push(m[1]);
    assert(samples.length >= 7, `the home page links no theme files: ${samples}`);
    for (const s of samples) {
      const file = readFileSync(path.join(site, s.endsWith('/') ? `${s}index.html` : s));
      const br = await get(nginx.url + s, { 'Accept-Encoding': 'br, gzip' });
      assert(br.headers['content-encoding'] === 'br', `${s}: sent as ${br.headers['content-encoding']}`);
      assert(zlib.brotliDecompressSync(br.body).equals(file), `${s}: the .br differs from the file`);
      const gz = await get(nginx.url + s, { 'Accept-Encoding': 'gzip' });
      assert(gz.headers['content-encoding'] === 'gzip', `${s}: sent as ${gz.headers['content-encoding']}`);
      assert(zlib.gunzipSync(gz.body).equals(file), `${s}: the .gz differs from the file`);
      const plain = await get(nginx.url + s);
      assert(!plain.headers['content-encoding'] && plain.body.equals(file), `${s}: not the file itself`);
    }
  });

  await test('hashed theme files are kept a year; pages, feeds and data are revalidated', async () => {
    const home = readFileSync(path.join(site, 'index.html'), 'utf8');
    const assets = [...home.matchAll(/(?:href|src)="?(\/(?:css|js|favicon)[^"' >]+)/g)].map((m) => m[1]);
    assert(assets.length >= 3, `no hashed files linked: ${assets}`);
    for (const a of assets) {
      assert(/\.[0-9a-f]{10}\.(css|js|svg)$/.test(a), `${a}: no content hash in its name`);
      const r = await get(nginx.url + a);
      assert(r.status === 200, `${a}: ${r.status}`);
      assert(/max-age=31536000/.test(r.headers['cache-control'] || ''), `${a}: Cache-Control ${r.headers['cache-control']}`);
    }
    for (const p of ['/', '/roadmap/14/14.1/', '/news/atom.xml', '/opendata/list.csv', '/pagefind/pagefind.js']) {
      const r = await get(nginx.url + p);
      assert(r.headers['cache-control'] === 'no-cache', `${p}: Cache-Control ${r.headers['cache-control']}`);
    }
  });

  await test('feeds and CSV go out with their own types', async () => {
    const feed = await get(`${nginx.url}/news/atom.xml`);
    assert(feed.headers['content-type'] === 'application/atom+xml; charset=utf-8', `feed: ${feed.headers['content-type']}`);
    const csv = await get(`${nginx.url}/opendata/list.csv`);
    assert(csv.headers['content-type'] === 'text/csv; charset=utf-8', `csv: ${csv.headers['content-type']}`);
    const page = await get(`${nginx.url}/roadmap/`);
    assert(page.headers['content-type'] === 'text/html; charset=utf-8', `page: ${page.headers['content-type']}`);
  });

  await test('a missing address: status 404 and the portal\'s 404 page', async () => {
    const own = readFileSync(path.join(site, '404.html'));
    // the unhashed name of a theme file is gone; hidden files are never served
    for (const p of ['/no-such-page/', '/roadmap/99/99.9/', '/css/site.css', '/.kadry-build']) {
      const r = await get(nginx.url + p);
      assert(r.status === 404, `${p}: status ${r.status}`);
      assert(r.body.equals(own), `${p}: not the portal's 404 page`);
      assert(r.headers['content-security-policy'], `${p}: the 404 has no CSP header`);
    }
  });

  await test('kadry.conf as shipped: HTTP goes to HTTPS, which sends HSTS and the headers', async () => {
    const plain = await get(`${nginx.httpUrl}/roadmap/`);
    assert(plain.status === 301, `HTTP: status ${plain.status}`);
    assert((plain.headers.location || '').startsWith('https://'), `HTTP: Location ${plain.headers.location}`);
    const secure = await get(`${nginx.httpsUrl}/roadmap/`, { 'Accept-Encoding': 'br' });
    assert(secure.status === 200, `HTTPS: status ${secure.status}`);
    assert(/max-age=31536000/.test(secure.headers['strict-transport-security'] || ''), 'HTTPS: no HSTS');
    assert(secure.headers['content-security-policy'], 'HTTPS: no CSP header');
    assert(secure.headers['content-encoding'] === 'br', `HTTPS: sent as ${secure.headers['content-encoding']}`);
  });
} finally {
  await browser.close();
  // a missing file is logged as an error too: show only what is not that
  const log = nginx.errors().split('\n').filter((l) => l && !l.includes('No such file or directory'));
  if (log.length) console.log(`nginx error log:\n${log.slice(0, 10).join('\n')}`);
  await nginx.close();
}
finish();
