// Debian's nginx serving a built site through the configuration kadry ships
// (deploy/nginx/), on 127.0.0.1, as an operator's server would.
//
//   import { startNginx } from './nginx-server.mjs';
//   const nginx = await startNginx('/tmp/public');
//   nginx.url        // http://127.0.0.1:PORT: kadry-maps.conf + kadry-site.conf, the tested rules
//   nginx.httpsUrl   // https://127.0.0.1:PORT: deploy/nginx/kadry.conf itself, with a
//   nginx.httpUrl    // http://127.0.0.1:PORT   self-signed certificate and these ports
//   await nginx.close();
//
// kadry.conf is taken as shipped: only the host name, the certificate paths,
// the ports, the site folder and the snippet's path are replaced (each must be
// found, so a changed kadry.conf fails here rather than going untested).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DEPLOY = path.resolve(HERE, '../../deploy/nginx');
export const NGINX = process.env.NGINX_PATH || '/usr/sbin/nginx';
const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// `text` with every `from` replaced by `to`; fails if `from` is not there
function replaceAll(text, from, to, what) {
  if (!text.includes(from)) throw new Error(`deploy/nginx/${what} no longer has «${from}»`);
  return text.split(from).join(to);
}

// kadry.conf with the operator's placeholders filled in for this machine
function shippedSite(dir, site, ports) {
  let conf = readFileSync(path.join(DEPLOY, 'kadry.conf'), 'utf8');
  const fill = (from, to) => { conf = replaceAll(conf, from, to, 'kadry.conf'); };
  fill('listen 80;', `listen 127.0.0.1:${ports.http};`);
  fill('listen [::]:80;', '');
  fill('listen 443 ssl http2;', `listen 127.0.0.1:${ports.https} ssl http2;`);
  fill('listen [::]:443 ssl http2;', '');
  fill('/etc/letsencrypt/live/kadry.example.ru/fullchain.pem', path.join(dir, 'cert.pem'));
  fill('/etc/letsencrypt/live/kadry.example.ru/privkey.pem', path.join(dir, 'key.pem'));
  fill('root /var/www/kadry/public;', `root ${site};`);
  fill('include snippets/kadry-site.conf;', `include ${path.join(DEPLOY, 'kadry-site.conf')};`);
  fill('kadry.example.ru', '127.0.0.1');
  return conf;
}

export async function startNginx(site) {
  if (!existsSync(NGINX)) throw new Error(`no nginx at ${NGINX} (apt-get install nginx)`);
  site = path.resolve(site);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kadry-nginx-'));
  const ports = { plain: await freePort(), http: await freePort(), https: await freePort() };
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-subj', '/CN=127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')],
  { stdio: 'ignore' });
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `${t}_temp_path ${dir}/${t};`).join('\n  ');
  // Started as root, nginx's workers would drop to another user, who may
  // not read a private temporary folder: they stay the user who runs this.
  const user = process.getuid && process.getuid() === 0 ? `user ${os.userInfo().username};` : '';
  const conf = `
${user}
${existsSync(BROTLI_MODULE) ? `load_module ${BROTLI_MODULE};` : ''}
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
daemon off;
events {}
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  ${temp}
  include ${path.join(DEPLOY, 'kadry-maps.conf')};
  server {
    listen 127.0.0.1:${ports.plain};
    root ${site};
    include ${path.join(DEPLOY, 'kadry-site.conf')};
  }
  ${shippedSite(dir, site, ports)}
}
`;
  const confPath = path.join(dir, 'nginx.conf');
  writeFileSync(confPath, conf);
  try {
    execFileSync(NGINX, ['-t', '-q', '-p', dir, '-c', confPath], { stdio: 'pipe' });
  } catch (e) {
    throw new Error(`nginx -t refused the configuration: ${String(e.stderr || e.message)}`);
  }
  const child = spawn(NGINX, ['-p', dir, '-c', confPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = `http://127.0.0.1:${ports.plain}`;
  // wait until it answers
  for (let i = 0; ; i++) {
    try {
      await fetch(`${url}/`);
      break;
    } catch (e) {
      if (i > 100 || child.exitCode !== null) {
        child.kill();
        throw new Error(`nginx did not start: ${stderr || e.message}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    httpUrl: `http://127.0.0.1:${ports.http}`,
    httpsUrl: `https://127.0.0.1:${ports.https}`,
    errors: () => readFileSync(path.join(dir, 'error.log'), 'utf8'),
    async close() {
      child.kill('SIGQUIT');
      await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
