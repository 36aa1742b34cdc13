// Bundles the playground's JS (CodeMirror 6 from pinned npm packages + www/src) and CSS into
// www/gen with esbuild. Run by Trunk's pre_build hook (Trunk.toml) and by scripts/test-web.sh.
// Also checks that the complete example is still identical to the golden fixture
// tests/fixtures/seed-example/convox.yml (Convox's own complete example, kept byte for byte).
import { build } from 'esbuild';
import { readFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
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
// What is not needed for the first result is split off (dynamic imports: completion, search,
// the Topology tab) into chunks beside main.js; the chunks of earlier builds go first.
for (const f of readdirSync(join(www, 'gen'))) if (f.startsWith('chunk-')) rmSync(join(www, 'gen', f));
const release = process.env.TRUNK_PROFILE !== 'debug';
await build({
  entryPoints: [join(www, 'src/main.js'), join(www, 'src/style.css')],
  outdir: join(www, 'gen'),
  bundle: true,
  format: 'esm',
  splitting: true,
  chunkNames: 'chunk-[hash]',
  target: 'es2022',
  minify: release,
  sourcemap: false,
  loader: { '.yml': 'text' },
  legalComments: 'none',
  logLevel: 'warning',
});
