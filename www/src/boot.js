// Starts the mapping worker before the page's main bundle has even downloaded: index.html
// loads this tiny module first, so fetching and compiling the wasm overlaps fetching and
// evaluating gen/main.js. Copied as-is to dist/boot.js (beside worker.js). ./core.js takes the
// worker over, with whatever it said meanwhile.
performance.mark('convox-boot');
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const said = [];
worker.onmessage = (e) => said.push(e.data);
worker.postMessage({ type: 'init' });
globalThis.__convoxBoot = { worker, said };
