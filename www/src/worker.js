// The playground's mapping worker: it owns the wasm core, so a large manifest never blocks the
// page. Copied as-is to dist/worker.js (www/index.html, `rel="copy-file"`), beside the
// wasm-bindgen module Trunk emits for the `data-type="worker"` Rust asset; hence the import path.
//
// Protocol (www/src/main.js is the only client; it never has more than one request in flight):
//   → {type: 'init', module?}            answer {type: 'ready', version, module}
//   → {type: 'map', id, source, options, base}
//       answer zero or more {type: 'chunk', id, entries} then {type: 'result', id, ...}; see map().
//   → {type: 'yaml', id, source, options, keys | all}
//       answer {type: 'yaml', id, docs: [[key, text]]} or {type: 'yaml', id, stream}
//   → {type: 'contract', id, source, options}  answer {type: 'contract', id, contract}: the
//       full JSON contract (tests compare it with the native CLI's).
//   errors: {type: 'error', id, message}; a wasm trap leaves the instance unusable, so the page
//   then starts a new worker.
// The glue is imported dynamically so that fetching it and fetching the wasm overlap.
const glue = import('./convox-k8s-web.js');
let map;
let view;
let yaml;

// Caps on what crosses to the page: structured-cloning 100k resources would itself freeze it.
// The page says when it shows a prefix; the download always holds everything.
const MAX_RESOURCES = 5000;
const MAX_DIAGNOSTICS = 1000;
// Resources per message: each message is one task on the page's side.
const CHUNK = 400;

const keyOf = (r) => `${r.kind}/${r.namespace ?? ''}/${r.name}`;

let last = null; // {source, options, view}: the latest map request
// What the page may hold, by result id: key -> the resource's `rev`, a fingerprint of all of it
// (object included) made by the core. An unchanged resource is then sent as its key only, and
// the page reuses the object (and the card) it already has.
const sent = new Map();
let docsFor = null; // {source, optionsJson, docs: Map key -> YAML text}

const sameOptions = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** The core's view of `source` (resources without objects; www/src/core.js has the shape). */
function analyze(source, options) {
  if (last && last.source === source && sameOptions(last.options, options)) return last.view;
  const v = view(source, options);
  last = { source, options, view: v };
  return v;
}

/** Unique keys in apply order: a duplicate (only from hostile input) gets `~2`, `~3`, ... */
function keysOf(resources) {
  const seen = new Map();
  return resources.map((r) => {
    const k = keyOf(r);
    const n = (seen.get(k) || 0) + 1;
    seen.set(k, n);
    return n === 1 ? k : `${k}~${n}`;
  });
}

function doMap({ id, source, options, base }) {
  const t0 = performance.now();
  const contract = view(source, options);
  last = { source, options, view: contract };
  const t1 = performance.now();
  const all = contract.resources;
  const keys = keysOf(all);
  const counts = {};
  const namespaces = new Set();
  for (const r of all) {
    counts[r.kind] = (counts[r.kind] || 0) + 1;
    if (r.namespace) namespaces.add(r.namespace);
  }
  const prev = sent.get(base);
  const mine = new Map();
  let entries = [];
  let reused = 0;
  const n = Math.min(all.length, MAX_RESOURCES);
  for (let i = 0; i < n; i++) {
    // The page renders cards from everything but the object (the YAML comes on request); a
    // changed `rev` also tells it that an open YAML view is stale.
    const r = all[i];
    r.key = keys[i];
    mine.set(keys[i], r.rev);
    if (prev && prev.get(keys[i]) === r.rev) {
      entries.push(keys[i]);
      reused++;
    } else entries.push(r);
    if (entries.length === CHUNK && i + 1 < n) {
      postMessage({ type: 'chunk', id, entries });
      entries = [];
    }
  }
  // Keep the baselines the page may still hold: the one it named and this one.
  for (const k of sent.keys()) if (k !== base) sent.delete(k);
  sent.set(id, mine);
  const diagnostics = contract.diagnostics;
  postMessage({
    type: 'result',
    id,
    entries,
    rack: contract.rack,
    app: contract.app,
    namespace: contract.namespace,
    total: all.length,
    counts,
    namespaces: namespaces.size,
    diagnostics: diagnostics.length > MAX_DIAGNOSTICS ? diagnostics.slice(0, MAX_DIAGNOSTICS) : diagnostics,
    diagnosticsTotal: diagnostics.length,
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    reused,
    ms: { map: t1 - t0, total: performance.now() - t0 },
  });
}

function doYaml({ id, source, options, keys, all }) {
  const stream = yaml(source, options);
  if (all) {
    postMessage({ type: 'yaml', id, stream });
    return;
  }
  const optionsJson = JSON.stringify(options);
  if (!docsFor || docsFor.source !== source || docsFor.optionsJson !== optionsJson) {
    // The stream holds one document per resource with an object, in the contract's order.
    const parts = stream.split(/^---\n/m).slice(1);
    const resources = analyze(source, options).resources;
    const rkeys = keysOf(resources);
    const docs = new Map();
    let j = 0;
    resources.forEach((r, i) => {
      if (r.object) docs.set(rkeys[i], parts[j++] ?? '');
    });
    docsFor = { source, optionsJson, docs };
  }
  postMessage({ type: 'yaml', id, docs: keys.map((k) => [k, docsFor.docs.get(k) ?? null]) });
}

let ready = null;
onmessage = async ({ data: m }) => {
  if (m.type === 'init') {
    ready = (async () => {
      // Compile once and hand the module to the page: a restarted worker instantiates it
      // without fetching or compiling the wasm again.
      const compiled = m.module || WebAssembly.compileStreaming(fetch(new URL('./convox-k8s-web_bg.wasm', import.meta.url)));
      const bindings = await glue;
      const module = await compiled;
      await bindings.default({ module_or_path: module });
      ({ map, view, yaml } = bindings);
      const version = bindings.version;
      // No warm-up map here: the first real request is the page's first result (the defaults
      // for rack and app come with it).
      postMessage({ type: 'ready', version: version(), module });
    })();
    try {
      await ready;
    } catch (e) {
      postMessage({ type: 'error', id: null, message: `could not load the WebAssembly core: ${e.message || e}` });
    }
    return;
  }
  await ready;
  try {
    if (m.type === 'map') doMap(m);
    else if (m.type === 'yaml') doYaml(m);
    else if (m.type === 'contract') postMessage({ type: 'contract', id: m.id, contract: map(m.source, m.options) });
  } catch (e) {
    postMessage({ type: 'error', id: m.id, request: m.type, message: String(e?.message || e) });
  }
};
