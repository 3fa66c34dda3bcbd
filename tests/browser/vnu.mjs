#!/usr/bin/env node
// The Nu Html Checker (vnu.jar from npm vnu-jar) over every HTML file of a built site.
//
//   node tests/browser/vnu.mjs SITE_DIR
//
// Runs `java -jar vnu.jar --format json --skip-non-html SITE_DIR` (vnu walks the
// folder itself). Each HTML file (.html .htm .xhtml .xht) is one test: it fails
// when vnu reports at least one error for it. Warnings are printed, never fail.
// Output: one line per message, "error|warning FILE:LINE:COL: message", then
// the line "N passed, N failed". Exit 1 if any file has an error, 2 if vnu
// could not run.
//
// Environment: JAVA (default: `java` on PATH), VNU_JAVA_OPTS (extra JVM
// options, e.g. "-Xss4m").
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const HTML_EXT = /\.(html?|xht(ml)?)$/i;

function usage(msg) {
  if (msg) console.error(`vnu.mjs: ${msg}`);
  console.error('usage: node vnu.mjs SITE_DIR');
  process.exit(2);
}

function htmlFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const ent of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.isFile() && HTML_EXT.test(ent.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

function jarPath() {
  // vnu-jar's main module exports the jar's absolute path (a String object)
  const jar = String(require('vnu-jar'));
  statSync(jar);
  return jar;
}

function runVnu(java, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(java, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({
      code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'),
    }));
  });
}

async function main() {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0].startsWith('-')) usage(args.length ? null : 'no SITE_DIR');
  const site = path.resolve(args[0]);
  let st;
  try { st = statSync(site); } catch { usage(`no such folder: ${site}`); }
  if (!st.isDirectory()) usage(`not a folder: ${site}`);

  const files = htmlFiles(site);
  if (!files.length) {
    console.log(`vnu: no HTML files under ${site}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  const java = process.env.JAVA || 'java';
  let jar;
  try { jar = jarPath(); } catch (e) {
    console.error(`vnu.mjs: vnu.jar not found (run \`npm ci --ignore-scripts\` in tests/browser): ${e.message}`);
    process.exit(2);
  }
  const jvmOpts = (process.env.VNU_JAVA_OPTS || '').split(/\s+/).filter(Boolean);
  const t0 = Date.now();
  let res;
  try {
    res = await runVnu(java, [...jvmOpts, '-jar', jar, '--format', 'json', '--skip-non-html', site]);
  } catch (e) {
    console.error(`vnu.mjs: cannot run ${java}: ${e.message}`);
    process.exit(2);
  }
  // --format json writes its report to stderr
  const raw = res.stderr.trim() || res.stdout.trim();
  let report;
  try {
    report = JSON.parse(raw);
  } catch {
    console.error(`vnu.mjs: vnu gave no JSON report (exit ${res.code}${res.signal ? `, ${res.signal}` : ''}):`);
    console.error(`${res.stdout}\n${res.stderr}`.trim().slice(0, 4000));
    process.exit(2);
  }

  const rel = (u) => {
    if (!u) return '(site)';
    try { return path.relative(site, fileURLToPath(u.startsWith('file:') && !u.startsWith('file://') ? `file://${u.slice(5)}` : u)) || u; } catch { return u; }
  };
  const errorsByFile = new Map();
  let errors = 0;
  let warnings = 0;
  let general = 0;
  for (const m of report.messages || []) {
    const file = rel(m.url);
    const line = m.lastLine ?? m.firstLine;
    const col = m.firstColumn ?? m.lastColumn;
    const where = line != null ? `${file}:${line}:${col ?? 1}` : file;
    const msg = String(m.message || '').replace(/\s+/g, ' ').trim();
    const extract = m.extract ? `  [${String(m.extract).replace(/\s+/g, ' ').trim().slice(0, 120)}]` : '';
    if (m.type === 'error' || m.type === 'non-document-error') {
      errors++;
      if (m.url) errorsByFile.set(file, (errorsByFile.get(file) || 0) + 1);
      else general++;
      console.log(`error   ${where}: ${msg}${extract}`);
    } else if (m.type === 'info' && m.subType === 'warning') {
      warnings++;
      console.log(`warning ${where}: ${msg}${extract}`);
    }
  }
  // a file vnu reported on that we did not list (should not happen) still counts
  const listed = new Set(files.map((f) => path.relative(site, f)));
  const extra = [...errorsByFile.keys()].filter((f) => !listed.has(f));
  const total = files.length + extra.length;
  const bad = errorsByFile.size + (general ? 1 : 0);
  console.log(`vnu: ${files.length} HTML file(s), ${errors} error(s), ${warnings} warning(s), `
    + `${errorsByFile.size} file(s) with errors  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  for (const [f, n] of [...errorsByFile.entries()].sort()) console.log(`FAIL ${f}: ${n} error(s)`);
  console.log(`${total - errorsByFile.size} passed, ${bad} failed`);
  process.exitCode = bad ? 1 : 0;
}

main().catch((e) => {
  console.error(`vnu.mjs: ${e && e.stack || e}`);
  process.exit(2);
});
