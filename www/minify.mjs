// Trunk's post_build hook (Trunk.toml): minifies the top-level JS that Trunk copies or generates
// as-is — boot.js, worker.js and wasm-bindgen's glue for the worker. Trunk's own `minify` does
// not reach a `data-type="worker"` Rust asset's glue, nor `copy-file`s. Release builds only; the
// files are rewritten in Trunk's staging directory before it becomes dist/. Saves ~4 KB gzip of
// the first load (issue 4's budget).
import { transform } from 'esbuild';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('www/minify.mjs runs as a Trunk hook (TRUNK_STAGING_DIR is unset)');
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
