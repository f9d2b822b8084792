#!/usr/bin/env node
// A tiny dependency-free static server for the release build, as GitHub Pages would host it:
// dist/ is served under the sub-path /jwt-playground/ on 127.0.0.1 only.
//
//   PORT=4173 node e2e/server.mjs            (env: PORT, HOST, DIST, BASE)
//
// - /jwt-playground       -> 301 to /jwt-playground/
// - /jwt-playground/...   -> the file in dist/ (a directory serves its index.html)
// - anything else         -> 404
// Correct MIME types (application/wasm for .wasm, so streaming instantiation works), no caching.
// Text and wasm are sent gzip-compressed when the browser accepts it, as GitHub Pages does, so
// that the bytes a load costs are the bytes a student's phone would download.
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { stat, readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const HOST = process.env.HOST || '127.0.0.1';
const PORT = Number(process.env.PORT || 4173);
const DIST = resolve(process.env.DIST || join(here, '..', 'dist'));
let BASE = process.env.BASE || '/jwt-playground/';
if (!BASE.startsWith('/')) BASE = '/' + BASE;
if (!BASE.endsWith('/')) BASE += '/';
const BASE_NO_SLASH = BASE.slice(0, -1);

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/** Types a static host compresses. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.wasm', '.css', '.json', '.map', '.svg', '.txt', '.webmanifest']);
/** Compressed bodies, by file and modification time. */
const gzipped = new Map();

function gzipOf(file, mtimeMs, body) {
  const key = `${file}@${mtimeMs}`;
  let out = gzipped.get(key);
  if (!out) {
    out = gzipSync(body, { level: 9 });
    gzipped.set(key, out);
  }
  return out;
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

const server = createServer(async (req, res) => {
  const method = req.method || 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    return send(res, 405, 'method not allowed\n', { allow: 'GET, HEAD' });
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url || '/', 'http://localhost').pathname);
  } catch {
    return send(res, 400, 'bad request\n');
  }
  if (pathname === BASE_NO_SLASH) {
    return send(res, 301, `moved to ${BASE}\n`, { location: BASE });
  }
  if (!pathname.startsWith(BASE) || pathname.includes('\0')) {
    return send(res, 404, 'not found\n');
  }
  const rel = normalize(pathname.slice(BASE.length));
  let file = resolve(DIST, rel);
  if (file !== DIST && !file.startsWith(DIST + sep)) {
    return send(res, 404, 'not found\n');
  }
  try {
    let info = await stat(file);
    if (info.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file);
    }
    if (!info.isFile()) return send(res, 404, 'not found\n');
    let body = await readFile(file);
    const ext = extname(file).toLowerCase();
    const type = MIME[ext] || 'application/octet-stream';
    const headers = {
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      vary: 'accept-encoding',
    };
    if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(String(req.headers['accept-encoding'] || ''))) {
      body = gzipOf(file, info.mtimeMs, body);
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(method === 'HEAD' ? undefined : body);
  } catch {
    send(res, 404, 'not found\n');
  }
});

server.listen(PORT, HOST, () => {
  const { port } = server.address();
  console.log(`[server] serving ${DIST} at http://${HOST}:${port}${BASE}`);
});

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => server.close(() => process.exit(0)));
}
