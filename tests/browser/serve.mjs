// A tiny static file server for the browser tests: serves one built site
// folder on 127.0.0.1 (an ephemeral port), the way a static host would.
//
//   import { serve } from './serve.mjs';
//   const { url, close } = await serve('/tmp/public');   // url = 'http://127.0.0.1:PORT'
//
// - `/dir/` serves `dir/index.html`; `/dir` (a folder) redirects to `/dir/`;
// - a missing file answers 404 with the site's `404.html` (or a plain text body);
// - paths are percent-decoded and can never climb out of the site folder;
// - GET and HEAD only; no directory listings; no caching headers;
// - with `{ prefix: '/kadry/' }` the site is served below that path, as on a
//   host shared with other sites: every other path answers a plain 404.
import { createServer } from 'node:http';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.xsl': 'application/xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

export function contentType(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

async function fileInfo(p) {
  try {
    return await stat(p);
  } catch {
    return null;
  }
}

async function send(req, res, status, file, info, extraHeaders = {}) {
  res.writeHead(status, {
    'Content-Type': contentType(file),
    'Content-Length': info.size,
    'X-Content-Type-Options': 'nosniff',
    ...extraHeaders,
  });
  if (req.method === 'HEAD') return res.end();
  const fh = await open(file, 'r');
  const stream = fh.createReadStream();
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

export async function serve(dir, { log = null, prefix = '/' } = {}) {
  const root = path.resolve(dir);
  const rootInfo = await fileInfo(root);
  if (!rootInfo || !rootInfo.isDirectory()) throw new Error(`serve: not a directory: ${root}`);

  const notFound = async (req, res) => {
    const page = path.join(root, '404.html');
    const info = await fileInfo(page);
    if (info && info.isFile()) return send(req, res, 404, page, info);
    const body = 'Not Found\n';
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    return res.end(req.method === 'HEAD' ? undefined : body);
  };

  const handle = async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Length': 0 });
      return res.end();
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      res.writeHead(400, { 'Content-Length': 0 });
      return res.end();
    }
    if (pathname.includes('\0')) return notFound(req, res);
    if (prefix !== '/') {
      if (pathname === prefix.slice(0, -1)) pathname = prefix;
      if (!pathname.startsWith(prefix)) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 0 });
        return res.end();
      }
      pathname = pathname.slice(prefix.length - 1);
    }
    // resolve inside the root: path.join normalises `..` against the leading `/`
    const file = path.join(root, path.posix.normalize(pathname));
    if (file !== root && !file.startsWith(root + path.sep)) return notFound(req, res);
    let info = await fileInfo(file);
    if (info && info.isDirectory()) {
      if (!pathname.endsWith('/')) {
        const q = new URL(req.url, 'http://localhost').search;
        const to = prefix.slice(0, -1) + pathname + '/';
        res.writeHead(301, { Location: encodeURI(to) + q, 'Content-Length': 0 });
        return res.end();
      }
      const index = path.join(file, 'index.html');
      info = await fileInfo(index);
      if (info && info.isFile()) return send(req, res, 200, index, info);
      return notFound(req, res);
    }
    if (info && info.isFile() && !pathname.endsWith('/')) return send(req, res, 200, file, info);
    return notFound(req, res);
  };

  const server = createServer((req, res) => {
    handle(req, res)
      .then(() => log && log(`${req.method} ${req.url} ${res.statusCode}`))
      .catch((e) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(String(e && e.message || e));
      });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
