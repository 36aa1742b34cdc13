// The playground's mapping worker: it owns the wasm core, so a large manifest never blocks the
// page. Copied as-is to dist/worker.js (index.html, `rel="copy-file"`), beside the
// wasm-bindgen module Trunk emits for the `data-type="worker"` Rust asset; hence the import path.
//
// It holds one core `Workspace` per result the page may still show: a map request analyses once
// (`update`), and every other request reads that analysis (`yaml`, `stream`, `reference`,
// `labelCommands`, `filter`, `contract`) — nothing here re-analyses, splits YAML or builds keys.
//
// Two builds of the core (ARCHITECTURE.md): the first result comes from the first, smaller one
// (convox-k8s-web: analysis, view, YAML, share); once the page shows it, the worker fetches the second
// (convox-k8s-extras: all of that plus Compare, the graph, the cheat sheet, the filter, the
// editor's help, the download) and analyses with it from then on. A request only the second can
// answer waits for it; a result the first build analysed is analysed again by the second, once,
// when such a request names it.
//
// Protocol (www/src/core.js is the only client; it never has more than one map in flight):
//   → {type: 'init', module?, extras?}   answer {type: 'ready', version, repository, module,
//       params: rackParams(), versions: rackVersions()}
//   → {type: 'extras'}   the page shows its first result: fetch the second build (a request that
//       needs it fetches it too); answer {type: 'extras', module}, the second build compiled (the
//       page hands both modules to a restarted worker, which then starts with the second)
//   → {type: 'map', id, source, options, base, keep}
//       answer zero or more {type: 'chunk', id, entries} then {type: 'result', id, ...}; see
//       doMap(). `keep`: ids of earlier results the page still shows (their workspaces stay).
//       An entry is a resource, the key of one unchanged since result `base`, or
//       `{moved, source}`: resource `moved` unchanged but for its source position.
//   → {type: 'yaml', id, run, key, secrets}        answer {yaml: {text, secrets} | null}
//   → {type: 'stream', id, run}                    answer {download: {name, text, secretValues}}: every
//     object as one YAML stream, with the file's name and how many secret values it holds
//   → {type: 'reference', id, run, markdown?}      answer {reference} (capped) or {markdown}
//   → {type: 'labelCommands', id, run, key, value} answer {commands}
//   → {type: 'complete'|'hover', id, source, options, offset}  answer {completions} / {hover}: the
//     editor's help at UTF-16 `offset` of `source` for `options.rackVersion`, from the text alone
//     (no analysis)
//   → {type: 'share', id, source, options, values}  answer {shared: {env, standIns, differences}}:
//     what a link (or the kept work) carries of the release environment (Workspace.share) for
//     `source` + `options` (the newest analysis when it is those): the values when `values`,
//     else the stand-ins the core chose
//   → {type: 'filter', id, run, query}             answer {filter: {keys, terms, commands}}
//   → {type: 'topology', id, run}                  answer {topology: {nodes, edges, nodesTotal}}:
//     the objects as a graph (Workspace.topology), at most MAX_NODES nodes
//   → {type: 'changes', id, run, baseline: {source, options}, markdown?}  answer {changes}: what
//     changes from the pinned baseline to result `run` (Workspace.changes; the baseline is
//     analysed once and held while it stays pinned), or with `markdown` {markdown}: the text of
//     `convox-k8s diff --format markdown`
//   → {type: 'drift', id, run, dump}               answer {drift}: how the cluster dump `dump`
//     differs from result `run` (Workspace.drift), at most MAX_DRIFT objects (`total` counts all)
//   → {type: 'dumpCommand', id, run}               answer {command}: the command that captures a dump
//   → {type: 'contract', id, run}                  answer {contract}: the full JSON contract
//     (`run`: the result id whose analysis to read; `restore: {source, options}` rebuilds it when
//     this worker does not hold it, e.g. after a restart; without it the answer is an error with
//     `missing: true`.)
//   errors: {type: 'error', id, request, message, missing?}; a wasm trap leaves the instance
//   unusable, so the page then starts a new worker (not for `missing`).
// The first build's glue is imported dynamically so that fetching it and fetching the wasm overlap.
/** @type {Promise<import('./types/worker').Glue>} */
// @ts-ignore: the glue is Trunk's output, beside the worker in dist/ (typed by types/worker.d.ts)
const glue = import('./convox-k8s-web.js');
/** The Workspace class new analyses are made with: the first build's until the second arrives. */
/** @type {import('./types/worker').Glue['Workspace'] | import('./types/worker').ExtrasGlue['Workspace']} */
let Workspace;
/** The second build, once it is loaded (`loadExtras`). */
/** @type {Promise<import('./types/worker').ExtrasGlue> | null} */
let extras = null;
/** @type {import('./types/worker').ExtrasGlue | null} */
let Extras = null;
/** The requests only the second build answers. */
const NEEDS_EXTRAS = new Set(['complete', 'hover', 'stream', 'reference', 'labelCommands', 'filter', 'contract', 'topology', 'changes', 'drift', 'dumpCommand']);

/**
 * Loads the second build once (`compiled`: the page's, when it has it) and makes it the one new
 * analyses use; hands the compiled module to the page. A failure is answered to the requests
 * that waited, and the next one tries again.
 * @param {WebAssembly.Module | undefined} [compiled]
 */
function loadExtras(compiled) {
  extras ??= (async () => {
    // The glue and the wasm are fetched side by side.
    const wasm = compiled ?? WebAssembly.compileStreaming(fetch(new URL('./convox-k8s-extras_bg.wasm', import.meta.url)));
    // @ts-ignore: Trunk's output, beside the worker in dist/ (typed by types/worker.d.ts)
    const bindings = /** @type {import('./types/worker').ExtrasGlue} */ (await import('./convox-k8s-extras.js'));
    const module = await wasm;
    await bindings.default({ module_or_path: module });
    Extras = bindings;
    Workspace = bindings.Workspace;
    postMessage({ type: 'extras', module });
    // The newest result is analysed again by the second build now, while the page is idle, so
    // that the next edit takes it over instead of analysing the whole manifest afresh (a
    // request already waiting goes first). Not a huge manifest's: that takes seconds, which
    // the next keystroke would wait behind (it pays for one fresh analysis either way).
    setTimeout(() => {
      const last = spaces.get(newest);
      try {
        if (last && last.source.length <= BIG_SOURCE) ofExtras(last);
      } catch {
        // Left to the first build's workspace: the next request that needs it says what failed.
      }
    });
    return bindings;
  })().catch((e) => {
    extras = null;
    throw new Error(`could not load the rest of the WebAssembly core: ${e?.message || e}`);
  });
  return extras;
}

/**
 * The second build's workspace for `space`: its own when it was made by the second build, else
 * the same analysis again, once, in the second build (every held result sharing the first
 * build's workspace then shares the new one).
 * @returns {import('./types/worker').ExtrasWorkspace}
 */
function ofExtras(space) {
  const Full = /** @type {import('./types/worker').ExtrasGlue} */ (Extras);
  if (space.ws instanceof Full.Workspace) return space.ws;
  const first = space.ws;
  const ws = new Full.Workspace();
  ws.update(space.source, JSON.parse(space.optionsJson));
  for (const s of spaces.values()) if (s.ws === first) s.ws = ws;
  space.ws = ws;
  first.free();
  return ws;
}

// Caps on what crosses to the page: structured-cloning 100k resources would itself freeze it
// (the core gives at most 5,000 resources, `output::VIEW_LIMIT`). The page says when it shows
// a part; the download always holds everything.
const MAX_DIAGNOSTICS = 1000;
// Resources per message: each message is one task on the page's side.
const CHUNK = 400;
// The reference tabs list at most this many troubleshooting rows, finding commands and names
// per quick-reference row (Copy Markdown holds them all).
const MAX_ISSUES = 400;
const MAX_FINDING = 400;
const MAX_NAMES = 60;

/** Result id -> {ws, source, optionsJson, view}: the analyses the page may still ask about. */
const spaces = new Map();
// What the page may hold, by result id: key -> the resource (its `rev` is a fingerprint of all
// of it, object included, made by the core, source position excluded). An unchanged resource is
// then sent as its key only, and the page reuses the object (and the card) it already has; one
// whose position alone changed (an edit above it) goes as `{moved: key, source}`, and the page
// keeps its object and card, with the new position.
const sent = new Map();

/** Whether two resources' source positions are the same, the keys that shaped them included. */
function samePlace(a, b) {
  const x = a.source;
  const y = b.source;
  if (!x || !y) return x === y;
  if (!(x.line === y.line && x.column === y.column && x.endLine === y.endLine && x.from === y.from && x.to === y.to)) return false;
  const p = x.keys ?? [];
  const q = y.keys ?? [];
  return p.length === q.length && p.every((k, i) => k.from === q[i].from && k.to === q[i].to && k.key === q[i].key);
}
let newest = null; // the id of the latest analysis

const MAX_HELD = 4;
/** A manifest this long (in UTF-16 units) takes seconds to analyse: its workspaces are freed at once. */
const BIG_SOURCE = 1_000_000;
const PRUNE_AFTER_MS = 250;
let pruneTimer = null;

/** Keeps the workspaces of `keep` and `id`; frees the rest (their wasm memory). */
function prune(keep, id) {
  for (const [k, s] of spaces) {
    if (k === id || keep.includes(k)) continue;
    spaces.delete(k);
    // A workspace another entry shares (an unchanged re-request) stays alive.
    if (![...spaces.values()].some((o) => o.ws === s.ws)) s.ws.free();
  }
}

/**
 * A short name for `text` (FNV-1a, 32 bits, twice with two seeds): the page skips re-drawing the
 * editor's hints when they are the same, without comparing megabytes of them on its thread.
 * @param {string} text
 */
function fingerprint(text) {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}.${text.length}`;
}

/**
 * The editor's hints as it draws them, packed for the page: a hint per service, timer, resource
 * and balancer, each a label (its kinds) and a title (its objects). As objects, the 19,000 hints
 * of a 5 MB manifest were a quarter of a million strings the page's thread copied and collected
 * with each result (about 30 of the 80 ms of its longest task, profiled); packed they are one
 * string and two arrays, in the text's order. Hint `i` is at `at[i]`; its label is `text` from the end of text
 * `2i - 1` (plus its separator) to `ends[2i]`, its title from there (plus one) to `ends[2i + 1]`.
 * @param {import('./types/core').Hint[]} hints
 * @returns {import('./types/worker').PackedHints}
 */
function packHints(hints) {
  const at = new Int32Array(hints.length);
  const ends = new Int32Array(hints.length * 2);
  const parts = [];
  let end = -1;
  // In the text's order (the core lists them by section), so the page's editor takes them as
  // they are, without sorting 19,000 of them on its thread.
  const sorted = hints.map((h, i) => [h.at, i]).sort((a, b) => a[0] - b[0]).map(([, i]) => hints[i]);
  sorted.forEach((h, i) => {
    at[i] = h.at;
    const label = h.kinds.join(' · ');
    const title = h.objects.join('\n');
    parts.push(label, title);
    end += 1 + label.length;
    ends[2 * i] = end;
    end += 1 + title.length;
    ends[2 * i + 1] = end;
  });
  return { at, ends, text: parts.join('\u0000') };
}

/**
 * The workspace of `source` + `options`: the newest one when they are the same, else a new
 * analysis. An edit's (`follow`) takes over the newest workspace, so the core redoes only what
 * the edit changed; the results that workspace answered for are no longer held (the page asks
 * again with `restore`, as for any result the worker let go).
 */
function analyse(id, source, options, follow = false) {
  const optionsJson = JSON.stringify(options ?? {});
  const last = spaces.get(newest);
  if (last && last.source === source && last.optionsJson === optionsJson) return { ...last, reused: true };
  const ws = new Workspace();
  // An edit takes over the newest workspace when the same build made it (the first build's,
  // once the second has arrived, is left to its results).
  if (!follow || !last || !(last.ws instanceof Workspace)) return { ws, source, optionsJson, view: ws.update(source, options ?? {}), reused: false };
  // @ts-ignore: both are the same build's (checked above)
  const view = ws.updateFrom(last.ws, source, options ?? {});
  for (const [k, s] of spaces) if (s.ws === last.ws) spaces.delete(k);
  last.ws.free();
  complete(ws, view, last.view);
  return { ws, source, optionsJson, view, reused: false };
}

/**
 * Completes `view` in place from `before`, the view its session gave last (completed in its
 * turn): each resource the core gave as its key alone (unmoved: the same `rev` at the same
 * place), and the groups where it gave `null` (the same). After an edit in one service of 200
 * nearly every resource comes so, and the view crossing from the core is a fifth of the size.
 * @param {import('./types/worker').Workspace} ws
 * @param {import('./types/core').View} view
 * @param {import('./types/core').View | undefined} before
 */
function complete(ws, view, before) {
  // `before` is always there: the core gives `null` and keys alone only to the view's follower.
  if (view.groups === null) view.groups = before?.groups ?? [];
  const all = view.resources;
  /** @type {Map<string, import('./types/core').ViewResource> | null} */
  let held = null;
  const missing = [];
  for (let i = 0; i < all.length; i++) {
    const key = all[i];
    if (typeof key !== 'string') continue;
    held ??= new Map((before?.resources ?? []).map((b) => [/** @type {any} */ (b).key, b]));
    const b = held.get(key);
    if (b) all[i] = b;
    else missing.push(i);
  }
  // Not expected (the core gives a key alone only against the view before); the core has it whole.
  if (!missing.length) return;
  const found = new Map(ws.viewResources(missing.map((i) => /** @type {string} */ (all[i]))).map((r) => [r.key, r]));
  for (const i of missing) all[i] = /** @type {any} */ (found.get(/** @type {string} */ (all[i])));
}

/**
 * Makes whole each resource at `shown` that the core gave as the same as in the view before
 * (`same: true`: key, kind, namespace, rev and new position only) and the page does not hold
 * with that rev in `prev`: it asks the core for them, once.
 * @param {import('./types/worker').Workspace} ws
 * @param {Exclude<import('./types/core').ViewResource, string>[]} all (completed: no key alone)
 * @param {number[]} shown
 * @param {Map<string, import('./types/core').Resource | import('./types/core').SameResource> | undefined} prev
 */
function whole(ws, all, shown, prev) {
  const missing = [];
  for (const i of shown) {
    const r = all[i];
    if ('same' in r && prev?.get(r.key)?.rev !== r.rev) missing.push(r.key);
  }
  if (!missing.length) return;
  const found = new Map(ws.viewResources(missing).map((r) => [r.key, r]));
  for (const i of shown) {
    const r = all[i];
    const w = 'same' in r && found.get(r.key);
    if (w) all[i] = w;
  }
}

/**
 * What of `view` crosses to the page: every resource the core gave (past its limit it gives
 * those of its first groups, whole, and only counts the others: `outside`), and the groups
 * it gave whole.
 * @param {import('./types/core').View} view
 * @returns {{shown: number[], groups: import('./types/core').Group[]}}
 */
function capped(view) {
  const shown = [];
  const keys = new Set();
  view.resources.forEach((r, i) => {
    if (typeof r !== 'string' && 'outside' in r) return;
    shown.push(i);
    keys.add(/** @type {any} */ (r).key);
  });
  const groups = view.groups ?? [];
  return { shown, groups: shown.length === view.resources.length ? groups : groups.filter((g) => keys.has(g.keys[0])) };
}

function doMap({ id, source, options, base, keep = [] }) {
  const t0 = performance.now();
  const space = analyse(id, source, options, true);
  spaces.set(id, space);
  newest = id;
  const t1 = performance.now();
  const view = space.view;
  const all = view.resources;
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
  let moved = 0;
  const { shown, groups } = capped(view);
  whole(space.ws, all, shown, prev);
  for (const [at, i] of shown.entries()) {
    // The page renders cards from everything but the object (the YAML comes on request); a
    // changed `rev` also tells it that an open YAML view is stale.
    const r = all[i];
    const before = prev?.get(r.key);
    mine.set(r.key, r);
    if (before && before.rev === r.rev && samePlace(r, before)) {
      entries.push(r.key);
      reused++;
    } else if (before && before.rev === r.rev) {
      entries.push({ moved: r.key, source: r.source });
      moved++;
    } else entries.push(r);
    if (entries.length === CHUNK && at + 1 < shown.length) {
      postMessage({ type: 'chunk', id, entries });
      entries = [];
    }
  }
  // Keep the baselines the page may still hold: the one it named and this one.
  for (const k of sent.keys()) if (k !== base) sent.delete(k);
  sent.set(id, mine);
  const diagnostics = view.diagnostics;
  postMessage({
    type: 'result',
    id,
    entries,
    rack: view.rack,
    app: view.app,
    namespace: view.namespace,
    profile: view.profile,
    groups,
    optionErrors: view.optionErrors ?? [],
    hints: packHints(view.hints ?? []),
    hintsKey: fingerprint(JSON.stringify(view.hints ?? [])),
    absent: view.absent ?? [],
    withheld: view.withheld ?? [],
    defaultNames: view.defaultNames ?? [],
    verdict: view.verdict ?? null,
    total: all.length,
    counts,
    namespaces: namespaces.size,
    diagnostics: diagnostics.length > MAX_DIAGNOSTICS ? diagnostics.slice(0, MAX_DIAGNOSTICS) : diagnostics,
    diagnosticsTotal: diagnostics.length,
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    reused,
    moved,
    ms: { map: t1 - t0, total: performance.now() - t0 },
  });
  // The objects this edit rebuilt and did not need (it reused the ones before) are freed now that
  // the page has its result.
  space.ws.collect();
  // Freeing the analyses the page no longer shows (a few ms for 200 services) waits for a pause
  // in the typing, so that it never delays the next keystroke's analysis; at most MAX_HELD are
  // kept meanwhile (a large manifest's are freed at once: wasm memory).
  clearTimeout(pruneTimer);
  if (spaces.size > MAX_HELD || source.length > BIG_SOURCE) prune(keep, id);
  else pruneTimer = setTimeout(() => prune(keep, id), PRUNE_AFTER_MS);
}

/**
 * What the worker holds of result `run`, restored from `restore` when this worker lost it.
 */
function spaceOf({ run, restore }) {
  let space = spaces.get(run);
  if (!space && restore) {
    space = analyse(run, restore.source, restore.options);
    spaces.set(run, space);
  }
  if (!space) {
    throw Object.assign(new Error(`result ${run} is no longer held by the worker`), { missing: true });
  }
  return space;
}

// The pinned baseline's workspace: analysed once per baseline (its text and options).
let pinned = null; // {key, ws}
const MAX_CHANGES = 1000;
// A graph of more nodes is not drawn whole: the page says so (the Resources tab lists them all).
const MAX_NODES = 400;

/**
 * The graph of `ws`, cut to MAX_NODES nodes and the edges between them.
 * @param {import('./types/worker').ExtrasWorkspace} ws
 * @returns {import('./types/worker').Answers['topology']['topology']}
 */
function topology(ws) {
  const t = ws.topology();
  if (t.nodes.length <= MAX_NODES) return { ...t, nodesTotal: t.nodes.length };
  const nodes = t.nodes.slice(0, MAX_NODES);
  const kept = new Set(nodes.map((n) => n.key));
  const edges = t.edges.filter((e) => kept.has(e.from) && (e.to === null || kept.has(e.to)));
  return { nodes, edges, nodesTotal: t.nodes.length };
}

/** The workspace of the pinned `baseline`, analysed once while it stays pinned. */
function pinnedOf(baseline) {
  const key = `${baseline.source}\u0000${JSON.stringify(baseline.options ?? {})}`;
  if (pinned?.key !== key) {
    pinned?.ws.free();
    const b = new (/** @type {import('./types/worker').ExtrasGlue} */ (Extras).Workspace)();
    b.update(baseline.source, baseline.options ?? {});
    pinned = { key, ws: b };
  }
  return pinned.ws;
}

/**
 * What changes from `baseline` to `ws`, with at most MAX_CHANGES changes (the counts count all).
 * @param {import('./types/worker').ExtrasWorkspace} ws
 * @returns {import('./types/worker').Answers['changes']['changes']}
 */
function changes(ws, baseline) {
  const { markdown: _, ...c } = ws.changes(pinnedOf(baseline)); // the Markdown is asked for on its own
  return { ...c, total: c.changes.length, changes: c.changes.slice(0, MAX_CHANGES) };
}

const MAX_DRIFT = 1000;

/**
 * How the cluster dump `dump` differs from `ws`, with at most MAX_DRIFT objects.
 * @param {import('./types/worker').ExtrasWorkspace} ws
 * @returns {import('./types/worker').Answers['drift']['drift']}
 */
function drift(ws, dump) {
  const d = ws.drift(dump);
  return { ...d, total: d.objects.length, objects: d.objects.slice(0, MAX_DRIFT) };
}

/**
 * The cheat sheet, capped for the page (the Markdown is asked for on its own).
 * @param {import('./types/worker').ExtrasWorkspace} ws
 * @returns {import('./types/worker').Answers['reference']['reference']}
 */
function reference(ws) {
  const { markdown: _, ...r } = ws.reference();
  return {
    ...r,
    issuesTotal: r.issues.length,
    findingTotal: r.finding.length,
    issues: r.issues.slice(0, MAX_ISSUES),
    finding: r.finding.slice(0, MAX_FINDING),
    quick: r.quick.map((q) => ({ ...q, namesTotal: q.names.length, names: q.names.slice(0, MAX_NAMES) })),
  };
}

/** What a link carries of its environment (the newest analysis when it is that text). */
function ofText(m) {
  const space = analyse(null, m.source, m.options);
  try {
    return { type: m.type, id: m.id, shared: space.ws.share(!!m.values) };
  } finally {
    if (!space.reused) space.ws.free();
  }
}

/** The editor's help at `offset` of `source`: it reads only the text, never an analysis. */
function editorHelp(m) {
  const version = m.options?.rackVersion ?? '';
  const help = /** @type {import('./types/worker').ExtrasGlue} */ (Extras);
  if (m.type === 'complete') return { type: m.type, id: m.id, completions: help.complete(m.source, m.offset, version) };
  return { type: m.type, id: m.id, hover: help.hover(m.source, m.offset, version) };
}

/** The Markdown of `convox-k8s diff` from `baseline` to `ws` (Workspace.changes gives it). */
function changesMarkdown(ws, baseline) {
  return ws.changes(pinnedOf(baseline)).markdown;
}

function answer(m) {
  if (m.type === 'complete' || m.type === 'hover') return editorHelp(m);
  if (m.type === 'share') return ofText(m);
  const space = spaceOf(m);
  const base = { type: m.type, id: m.id };
  if (m.type === 'yaml') return { ...base, yaml: space.ws.yaml(m.key, m.secrets || 'masked') };
  const ws = ofExtras(space);
  switch (m.type) {
    case 'stream':
      return { ...base, download: ws.download() };
    case 'reference':
      return m.markdown ? { ...base, markdown: ws.reference().markdown } : { ...base, reference: reference(ws) };
    case 'labelCommands':
      return { ...base, commands: ws.labelCommands(m.key, m.value) };
    case 'filter':
      return { ...base, filter: ws.filter(m.query) };
    case 'contract':
      return { ...base, contract: ws.contract() };
    case 'topology':
      return { ...base, topology: topology(ws) };
    case 'changes':
      return m.markdown ? { ...base, markdown: changesMarkdown(ws, m.baseline) } : { ...base, changes: changes(ws, m.baseline) };
    case 'drift':
      return { ...base, drift: drift(ws, m.dump) };
    case 'dumpCommand':
      return { ...base, command: ws.dumpCommand() };
    default:
      throw new Error(`unknown request ${m.type}`);
  }
}

// A small manifest of the common shapes (resources, a web service with a domain, health,
// autoscaling and volumes, ports, an agent, a timer, a balancer) for the warm-up below.
const WARM_UP = `environment:
  - PORT=3000
  - SECRET
resources:
  db:
    type: postgres
  cache:
    type: redis
  rds:
    type: rds-mysql
    options:
      storage: 50
services:
  web:
    build: .
    domain: \${HOST}
    port: 3000
    labels:
      team: web
    environment:
      - HOST=example.org
    health:
      path: /health
      interval: 5
    scale:
      count: 1-4
      targets:
        cpu: 60
    resources:
      - db
      - cache
      - rds
    volumeOptions:
      - emptyDir:
          id: scratch
          mountPath: /scratch
  worker:
    command: bin/work
    ports:
      - 5000
      - 5001/udp
  agent:
    agent: true
    ports:
      - 8125/udp
timers:
  nightly:
    command: bin/nightly
    schedule: "0 2 * * *"
    service: worker
balancers:
  lb:
    service: worker
    ports:
      5000: 5000
`;

// Whether a request has come since the core loaded (the warm-up gives way to it).
let asked = false;

/**
 * Analyses WARM_UP once and drops the result, if no request has come yet. V8 compiles each wasm
 * function on its first call: the page's first request comes 80-150 ms after the core is ready
 * (its own set-up), and the first analysis then took 130-230 ms, nearly all of it compiling.
 * Done meanwhile, that compiling is off the first result's path.
 */
function warmUp() {
  if (asked || !Workspace) return;
  const ws = new Workspace();
  try {
    ws.update(WARM_UP, {});
  } catch {
    // Only a warm-up: the first real request says what is wrong.
  }
  ws.free();
}

let ready = null;
onmessage = async ({ data: m }) => {
  if (m.type !== 'init') asked = true;
  if (m.type === 'init') {
    ready = (async () => {
      // Compile once and hand the module to the page: a restarted worker instantiates it
      // without fetching or compiling the wasm again — the second build's, when the page has
      // it, which then answers everything from the start.
      if (m.extras) {
        const bindings = await loadExtras(m.extras);
        postMessage({ type: 'ready', version: bindings.version(), repository: bindings.repository(), module: m.module, params: bindings.rackParams(), versions: bindings.rackVersions() });
        return;
      }
      const compiled = m.module || WebAssembly.compileStreaming(fetch(new URL('./convox-k8s-web_bg.wasm', import.meta.url)));
      const bindings = await glue;
      const module = await compiled;
      await bindings.default({ module_or_path: module });
      ({ Workspace } = bindings);
      postMessage({ type: 'ready', version: bindings.version(), repository: bindings.repository(), module, params: bindings.rackParams(), versions: bindings.rackVersions() });
      if (!m.module) setTimeout(warmUp, 0);
    })();
    try {
      await ready;
    } catch (e) {
      postMessage({ type: 'error', id: null, message: `could not load the WebAssembly core: ${e.message || e}` });
    }
    return;
  }
  await ready;
  // The page's first result is on screen: the rest of the core may come now.
  if (m.type === 'extras') return void loadExtras().catch(() => {});
  try {
    if (NEEDS_EXTRAS.has(m.type)) await loadExtras();
    if (m.type === 'map') doMap(m);
    else postMessage(answer(m));
  } catch (e) {
    postMessage({ type: 'error', id: m.id, request: m.type, message: String(e?.message || e), missing: e?.missing === true });
  }
};
