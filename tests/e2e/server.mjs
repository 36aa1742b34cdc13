// A tiny static server for dist/ on localhost: the e2e tests' and scripts/serve.sh's (what
// scripts/run.sh serves). Records every path it serves so the tests can add up the first load's
// gzip transfer size.
//
//   node tests/e2e/server.mjs [DIR=dist] [PORT=8080]    (PORT 0: a free one; the URL is printed)
import { createServer } from 'node:http';
import { readFile, readdir, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join, normalize, extname } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json',
  '.yml': 'text/yaml; charset=utf-8', '.yaml': 'text/yaml; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
};

/** Serves `root` under `prefix` (e.g. `/sub/path/`, to prove relative URLs work). */
export async function serve(root, { port = 0, prefix = '/', record = true } = {}) {
  const served = [];
  const gzipped = new Map();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (!url.pathname.startsWith(prefix)) { res.writeHead(404).end('not found'); return; }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(root, rel));
    if (!file.startsWith(normalize(root))) { res.writeHead(403).end(); return; }
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      // Compressed once per file version, as a static host serves precompressed files: the
      // first-load timings then measure the page, not this server's gzip.
      const key = `${file}:${(await stat(file)).mtimeMs}`;
      const gz = gzipped.get(key) ?? gzipped.set(key, gzipSync(body, { level: 9 })).get(key);
      if (record) served.push({ path: url.pathname, raw: body.length, gzip: gz.length, t: Date.now() });
      const gzipOk = /\bgzip\b/.test(req.headers['accept-encoding'] || '');
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] || 'application/octet-stream',
        'cache-control': 'no-store',
        ...(gzipOk ? { 'content-encoding': 'gzip' } : {}),
      });
      res.end(gzipOk ? gz : body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  // Warm the cache: the first page load should not wait for compression either.
  const walk = async (dir) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else gzipped.set(`${p}:${(await stat(p)).mtimeMs}`, gzipSync(await readFile(p), { level: 9 }));
    }
  };
  await walk(normalize(root));
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  const { port: actual } = server.address();
  return { origin: `http://127.0.0.1:${actual}`, url: `http://127.0.0.1:${actual}${prefix}`, served, close: () => new Promise((r) => server.close(r)) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] || 'dist';
  const s = await serve(dir, { port: Number(process.argv[3] ?? 8080), record: false });
  console.log(`serving ${dir} at ${s.url} (Ctrl-C stops)`);
}
