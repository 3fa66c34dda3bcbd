#!/usr/bin/env node
// Proves that the harness can fail: writes a clean and a defective handmade
// site to a temporary folder, runs serve.mjs, vnu.mjs and a11y.mjs over them and
// asserts that the clean site passes and that each planted defect is caught.
//
//   node tests/browser/selftest.mjs [--keep]     (--keep: leave the sites on disk)
//
// Each assertion is one test; ends with the line "N passed, N failed"; exit 1
// if any assertion failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const keep = process.argv.includes('--keep');

const page = ({ title, body, head = '' }) => `<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/style.css">
${head}</head>
<body>
<header><a href="/">Кадры для региона</a>
<nav aria-label="Основная навигация"><ul><li><a href="/">Главная</a></li><li><a href="/about/">О портале</a></li></ul></nav>
</header>
<main>
${body}
</main>
<footer><p>Данные на 26.11.2026</p></footer>
</body>
</html>
`;

const CSS = `*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font-family: sans-serif; line-height: 1.5; color: #1a1a1a; background: #fff; }
header, main, footer { padding: 0 1rem; }
a { color: #0b4f9c; }
img, svg { max-width: 100%; height: auto; }
.table-wrap { overflow-x: auto; }
`;

const DOT_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40"><circle cx="20" cy="20" r="18" fill="#0b4f9c"/></svg>\n';

const SITES = {
  clean: {
    'style.css': CSS,
    'dot.svg': DOT_SVG,
    'index.html': page({
      title: 'Главная — Кадры для региона',
      body: `<h1>Дорожная карта кадрового обеспечения</h1>
<p>Портал показывает ход исполнения мероприятий. <img src="/dot.svg" alt="Синий кружок" width="40" height="40"></p>
<p>Источник: <a href="https://example.org/official">официальный сайт</a> (внешняя ссылка — не запрос).</p>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="cap"><table><caption id="cap">Широкая таблица прокручивается в своей рамке</caption>
<tr><th scope="col">Мероприятие</th><th scope="col">Срок</th></tr>
<tr><td style="white-space: nowrap">Очень длинное название мероприятия, которое шире узкого экрана телефона</td><td>2026</td></tr>
</table></div>
<script src="/app.js"></script>`,
    }),
    'app.js': "document.documentElement.dataset.js = 'ok';\n",
    'about/index.html': page({ title: 'О портале — Кадры для региона', body: '<h1>О портале</h1>\n<p>Сведения о портале.</p>' }),
    '404.html': page({ title: 'Страница не найдена — Кадры для региона', body: '<h1>Страница не найдена</h1>\n<p><a href="/">На главную</a></p>' }),
  },
  defects: {
    'style.css': CSS,
    'index.html': page({
      title: 'Главная с дефектами',
      head: '<link rel="stylesheet" href="https://cdn.example.com/theme.css">\n',
      body: `<h1>Страница с дефектами</h1>
<p><img src="/photo.png"></p>
<div class="wide" style="width: 600px; background: #eee">Блок фиксированной ширины 600px</div>
<center>Устаревший элемент center</center>
<script src="/missing.js"></script>
<script>notDefinedAnywhere();</script>`,
    }),
    'photo.png': Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
    'wide/index.html': page({
      title: 'Очень широкая страница',
      head: '<style>a.pale:focus-visible { color: #fff; background: #ffbf47; }</style>\n',
      body: '<h1>Широкий блок</h1>\n<div id="huge" style="width: 900px">Блок шириной 900px не помещается даже при 200% масштабе</div>\n<p><a class="pale" href="/">На главную</a></p>',
    }),
    'cards/index.html': page({
      title: 'Карточки вне экрана',
      body: '<h1>Карточки</h1>\n<div style="height: 3000px">Пусто</div>\n<div style="content-visibility: auto; contain-intrinsic-size: auto 10rem"><div id="cut" style="width: 500px">Блок шириной 500px в карточке, которую браузер пропускает вне экрана</div></div>',
    }),
    '404.html': page({ title: 'Страница не найдена', body: '<h1>Страница не найдена</h1>' }),
  },
};

function writeSite(root, files) {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok   ${name}`); } else { failed++; console.log(`FAIL ${name}${detail ? `\n     ${detail.replace(/\n/g, '\n     ')}` : ''}`); }
}

function run(script, args) {
  const r = spawnSync(process.execPath, [path.join(HERE, script), ...args], { encoding: 'utf8', timeout: 300000 });
  const out = `${r.stdout || ''}`;
  const lines = out.trimEnd().split('\n');
  return { code: r.status, out, err: r.stderr || '', last: lines[lines.length - 1] };
}
const tail = (r) => `exit ${r.code}; output:\n${(r.out + r.err).trimEnd().split('\n').slice(-25).join('\n')}`;
// "FAIL <path> <check>:" lines of a11y.mjs
const failLine = (r, p, c, re = null) => r.out.split('\n').some((l) => l.startsWith(`FAIL ${p} ${c}:`)) && (!re || re.test(r.out));

async function testServer(dir) {
  const { url, close } = await serve(dir);
  try {
    const get = (p, init) => fetch(url + p, { redirect: 'manual', ...init });
    let r = await get('/');
    check('serve: / -> index.html, text/html', r.status === 200 && /^text\/html/.test(r.headers.get('content-type')) && /<title>Главная/.test(await r.text()));
    r = await get('/about/');
    check('serve: /about/ -> about/index.html', r.status === 200 && /О портале/.test(await r.text()));
    r = await get('/about');
    check('serve: /about redirects to /about/', r.status === 301 && r.headers.get('location') === '/about/');
    r = await get('/style.css');
    check('serve: .css is text/css', r.status === 200 && /^text\/css/.test(r.headers.get('content-type')));
    r = await get('/dot.svg');
    check('serve: .svg is image/svg+xml', r.status === 200 && r.headers.get('content-type') === 'image/svg+xml');
    r = await get('/app.js');
    check('serve: .js is text/javascript', r.status === 200 && /^text\/javascript/.test(r.headers.get('content-type')));
    r = await get('/no/such/page/');
    check('serve: missing -> 404 with 404.html', r.status === 404 && /Страница не найдена/.test(await r.text()));
    r = await get('/%2e%2e/%2e%2e/etc/passwd');
    check('serve: no path traversal', r.status === 404);
    r = await get('/', { method: 'HEAD' });
    check('serve: HEAD has no body', r.status === 200 && (await r.text()) === '');
  } finally {
    await close();
  }
}

async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'kadry-selftest-'));
  const clean = path.join(tmp, 'clean');
  const defects = path.join(tmp, 'defects');
  writeSite(clean, SITES.clean);
  writeSite(defects, SITES.defects);
  const summaryRe = /^\d+ passed, \d+ failed$/;
  try {
    await testServer(clean);

    console.log('--- vnu.mjs on the clean site');
    let r = run('vnu.mjs', [clean]);
    check('vnu: clean site passes (exit 0, "3 passed, 0 failed")', r.code === 0 && r.last === '3 passed, 0 failed', tail(r));

    console.log('--- vnu.mjs on the defect site');
    r = run('vnu.mjs', [defects]);
    check('vnu: defect site fails (exit 1, "3 passed, 1 failed")', r.code === 1 && r.last === '3 passed, 1 failed', tail(r));
    check('vnu: reports <center> as an error with file:line:col', /^error {3}index\.html:\d+:\d+: The “center” element is obsolete/m.test(r.out), tail(r));
    check('vnu: reports the img without alt', /^error {3}index\.html:\d+:\d+: An “img” element must have an “alt” attribute/m.test(r.out), tail(r));

    console.log('--- a11y.mjs on the clean site');
    r = run('a11y.mjs', [clean, '/', '/about/', '/404.html']);
    check('a11y: clean site passes every check (exit 0, "45 passed, 0 failed")', r.code === 0 && r.last === '45 passed, 0 failed', tail(r));

    console.log('--- a11y.mjs on the defect site');
    const shots = path.join(tmp, 'shots');
    r = run('a11y.mjs', [defects, '--screenshots', shots, '/', '/wide/', '/cards/', '/missing/']);
    check('a11y: defect site fails (exit 1) and ends with "N passed, N failed"', r.code === 1 && summaryRe.test(r.last), tail(r));
    check('a11y: axe image-alt at 1280 px', failLine(r, '/', 'axe@1280', /^ {4}image-alt \[critical\]/m), tail(r));
    check('a11y: axe image-alt at 320 px', failLine(r, '/', 'axe@320'), tail(r));
    check('a11y: horizontal scroll at 320 px, names the 600px element', failLine(r, '/', 'reflow@320', /scrollWidth 616 > innerWidth 320[\s\S]*?div\.wide {2}right=616 width=600/), tail(r));
    check('a11y: horizontal scroll at 360 px', failLine(r, '/', 'reflow@360'), tail(r));
    check('a11y: 600px block fits the 640 px (200% zoom) viewport', !failLine(r, '/', 'reflow@640'), tail(r));
    check('a11y: 900px block fails at 640 px (200% zoom)', failLine(r, '/wide/', 'reflow@640', /div#huge {2}right=916 width=900/), tail(r));
    check('a11y: a link unreadable while focused fails focus@1280 with its ratio', failLine(r, '/wide/', 'focus@1280', /^ {4}a «На главную»: 1\.64:1 \(rgb\(255, 255, 255\) on rgb\(255, 191, 71\)\)$/m), tail(r));
    check('a11y: a 500px block in a card skipped off screen (content-visibility) fails at 360 px', failLine(r, '/cards/', 'reflow@360', /div#cut {2}right=516 width=500/), tail(r));
    check('a11y: 900px block fails at 768 px too, and fits at 1024 px', failLine(r, '/wide/', 'reflow@768') && !failLine(r, '/wide/', 'reflow@1024'), tail(r));
    check('a11y: third-party request aborted and reported', failLine(r, '/', 'third-party', /^ {4}https:\/\/cdn\.example\.com\/theme\.css$/m), tail(r));
    check('a11y: same-origin 404 reported', failLine(r, '/', 'requests', /^ {4}404 \/missing\.js$/m), tail(r));
    check('a11y: uncaught exception reported', failLine(r, '/', 'console', /notDefinedAnywhere is not defined/), tail(r));
    check('a11y: a missing page fails "load" with HTTP 404', failLine(r, '/missing/', 'load', /HTTP 404 for \/missing\//), tail(r));
    check('a11y: clean checks on the defect site still pass', !failLine(r, '/wide/', 'third-party') && !failLine(r, '/wide/', 'axe@1280'), tail(r));
    check('a11y: --screenshots writes index-360.png and index-1280.png',
      existsSync(path.join(shots, 'index-360.png')) && existsSync(path.join(shots, 'index-1280.png')) && existsSync(path.join(shots, 'wide-1280.png')));
  } finally {
    if (keep) console.log(`sites kept in ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(`selftest.mjs: ${e && e.stack || e}`);
  process.exit(2);
});
