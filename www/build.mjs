// Bundles the playground's JS (CodeMirror 6 from pinned npm packages + www/src) and CSS into
// www/gen with esbuild. Run by Trunk's pre_build hook (Trunk.toml) and by scripts/test-web.sh.
// Also checks that the complete example is still identical to the golden fixture
// tests/fixtures/seed-example/convox.yml (Convox's own complete example, kept byte for byte).
import { build } from 'esbuild';
import { readFileSync, readdirSync, rmSync, existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const www = dirname(fileURLToPath(import.meta.url));
const fixture = join(www, '../tests/fixtures/seed-example/convox.yml');
if (existsSync(fixture)) {
  const ours = readFileSync(join(www, 'examples/complete.convox.yml'), 'utf8');
  if (ours !== readFileSync(fixture, 'utf8')) {
    console.error('www/examples/complete.convox.yml differs from tests/fixtures/seed-example/convox.yml: keep them identical');
    process.exit(1);
  }
}
mkdirSync(join(www, 'gen'), { recursive: true });
// Chunks are named by their hash: drop the last build's, or dist/ would keep every one.
for (const f of readdirSync(join(www, 'gen'))) if (f.endsWith('.js')) rmSync(join(www, 'gen', f));
const release = process.env.TRUNK_PROFILE !== 'debug';
await build({
  entryPoints: [join(www, 'src/main.js'), join(www, 'src/style.css')],
  outdir: join(www, 'gen'),
  bundle: true,
  // Code loaded on demand becomes a chunk of its own, out of the first load: what the first
  // result does not need (completion, search, the Topology tab) and drift.js (Compare with
  // cluster).
  splitting: true,
  chunkNames: '[name]-[hash]',
  format: 'esm',
  target: 'es2022',
  minify: release,
  sourcemap: false,
  loader: { '.yml': 'text' },
  legalComments: 'none',
  logLevel: 'warning',
});
