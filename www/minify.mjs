// Trunk's post_build hook (Trunk.toml), working in Trunk's staging directory before it becomes
// dist/:
// - drops index.html's skipped Rust link (`data-trunk-skip`: it only keeps Trunk from adding a
//   default app for the root Cargo.toml; Trunk leaves the element in the page);
// - in release builds, minifies the top-level JS that Trunk copies or generates as-is — boot.js,
//   worker.js and wasm-bindgen's glue for the worker. Trunk's own `minify` does not reach a
//   `data-type="worker"` Rust asset's glue, nor `copy-file`s. Saves ~4 KB gzip of the first load.
import { transform } from 'esbuild';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('www/minify.mjs runs as a Trunk hook (TRUNK_STAGING_DIR is unset)');
const index = join(staging, 'index.html');
const html = readFileSync(index, 'utf8');
const skipped = /<link\b[^>]*\bdata-trunk-skip\b[^>]*>\s*/g;
writeFileSync(index, html.replace(skipped, ''));
if (process.env.TRUNK_PROFILE === 'release') {
  for (const name of readdirSync(staging).filter((n) => n.endsWith('.js'))) {
    const path = join(staging, name);
    const { code } = await transform(readFileSync(path, 'utf8'), {
      loader: 'js',
      format: 'esm',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
    });
    writeFileSync(path, code);
  }
}
