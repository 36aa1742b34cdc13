// The playground page. Everything is computed in this tab by the wasm core, which runs in a
// Web Worker (www/src/worker.js, driven through ./core.js) so a large manifest never freezes the
// editor; nothing is sent anywhere. This file renders the worker's results: the JSON contract of
// `convox-k8s map` without the objects (whose YAML it asks for when a YAML view opens).
//
// Manifest text only ever reaches the DOM as text or through `esc()` (every template below);
// the page's CSP (www/index.html) allows no inline script and no eval.
import { createEditor } from './editor.js';
import { createCore } from './core.js';
import { encodeState, decodeState } from './share.js';
import { highlightYaml } from './yamlhl.js';
import { maskSecrets } from './secrets.js';
import { nextTask } from './tasks.js';
import complete from '../examples/complete.convox.yml';
import web from '../examples/web.convox.yml';
import workerAgent from '../examples/worker-agent.convox.yml';
import timers from '../examples/timers.convox.yml';
import resourcesEx from '../examples/resources.convox.yml';
import balancers from '../examples/balancers.convox.yml';
import volumes from '../examples/volumes.convox.yml';

// The worker is already loading the wasm (www/src/boot.js started it; else core.js does).
// gen/main.js → ../worker.js. Marks (performance.getEntriesByType('mark')): convox-boot, convox-core-ready,
// convox-first-result.
const core = createCore({
  url: new URL('../worker.js', import.meta.url),
  onReady: (m) => ready(m),
  onFatal: (message) => fatal(message),
});

const EXAMPLES = [
  { name: 'complete', title: 'Complete example (seed)', source: complete, env: {} },
  { name: 'web', title: 'Web app', source: web, env: { WEB_HOST: 'www.example.com' } },
  { name: 'worker-agent', title: 'Worker + agent', source: workerAgent, env: {} },
  { name: 'timers', title: 'Timers', source: timers, env: {} },
  { name: 'resources', title: 'Resources', source: resourcesEx, env: {} },
  { name: 'balancers', title: 'Balancers', source: balancers, env: {} },
  { name: 'volumes', title: 'Volumes', source: volumes, env: {} },
];

/** Cards rendered at first and per "Show more": the DOM stays small whatever the manifest. */
const PAGE = 200;
/** Diagnostics drawn as lint markers in the editor (the panel lists up to the worker's cap). */
const MAX_LINT = 300;

const $ = (sel, root = document) => root.querySelector(sel);
/** Escapes text for HTML content and for quoted attribute values (either quote). */
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const keyOf = (r) => r.key;
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
const num = (n) => Number(n) || 0;

// ---- page state ---------------------------------------------------------------------------
const state = {
  defaults: { rack: 'my-rack', app: 'my-app' },
  version: '',
  current: null, // the latest result: {id, source, options, contract, byKey}
  good: null, // the latest result without errors-and-no-resources (shown when YAML is broken)
  shown: null, // what the output shows (current or good)
  rendered: null, // id of the result the DOM shows (tests wait for it)
  yaml: { id: null, docs: new Map() }, // YAML documents of `shown`, fetched per opened view
  revealed: new Set(), // keys of objects whose secret values the user revealed
  selected: null, // resource key
  cursorLine: 0,
  label: null, // {key, value}
  search: '',
  limit: PAGE,
  tab: 'resources',
  pane: 'editor', // narrow screens
  lastMs: 0,
  timings: null,
  firstResultMs: null,
};
let editor;
let scheduled = false;
let editAt = null; // when the first unanswered edit happened (edit → DOM timing)

// ---- layout --------------------------------------------------------------------------------
function layout() {
  const app = $('#app');
  app.removeAttribute('aria-busy');
  app.innerHTML = `
  <header class="top">
    <h1><span class="logo" aria-hidden="true">⎈</span> convox.yml → Kubernetes</h1>
    <div class="controls">
      <label>Example <select id="example">${EXAMPLES.map((e) => `<option value="${e.name}">${esc(e.title)}</option>`).join('')}<option value="" hidden>Custom</option></select></label>
      <label>Rack <input id="rack" spellcheck="false" autocomplete="off" placeholder="${esc(state.defaults.rack)}"></label>
      <label>App <input id="app-name" spellcheck="false" autocomplete="off" placeholder="${esc(state.defaults.app)}"></label>
      <button id="copy-link" type="button" title="Copy a link holding this manifest, rack, app and env (compressed into the URL fragment; never sent to a server)">Copy link</button>
      <button id="copy-md" type="button" title="Copy a Markdown link for docs">Copy Markdown</button>
      <button id="download" type="button" title="Download every object as one multi-document YAML file (secret values in clear: it is the file you apply)">Download YAML</button>
    </div>
  </header>
  <nav class="pane-tabs" role="tablist" aria-label="Panes">
    <button role="tab" id="pane-tab-editor" aria-controls="pane-editor" aria-selected="true">convox.yml</button>
    <button role="tab" id="pane-tab-output" aria-controls="pane-output" aria-selected="false">Kubernetes</button>
  </nav>
  <main class="panes">
    <section id="pane-editor" class="pane editor-pane" aria-label="convox.yml">
      <div id="editor" class="editor"></div>
      <details class="env" open>
        <summary>Release environment <small>(<code>KEY=VALUE</code> lines: <code>\${VAR}</code> interpolation, required env)</small></summary>
        <textarea id="env" rows="3" spellcheck="false" placeholder="WEB_HOST=www.example.com" aria-label="Release environment, KEY=VALUE lines"></textarea>
      </details>
      <section class="diagnostics" aria-label="Diagnostics">
        <h2 id="diag-title">Diagnostics</h2>
        <ul id="diagnostics"></ul>
      </section>
    </section>
    <section id="pane-output" class="pane output-pane" aria-label="Kubernetes resources">
      <div id="summary" class="summary" role="status" aria-live="polite"></div>
      <div id="busy" class="busy" hidden>Mapping… (large manifests take a few seconds; keep editing meanwhile)</div>
      <nav class="tabs" role="tablist" aria-label="Output">
        <button role="tab" data-tab="resources" aria-selected="true">Resources</button>
        <button role="tab" data-tab="reference" aria-selected="false">Quick reference</button>
        <button role="tab" data-tab="troubleshooting" aria-selected="false">Troubleshooting</button>
      </nav>
      <div id="tab-resources" class="tab-panel" role="tabpanel">
        <div class="filters">
          <input id="search" type="search" placeholder="Filter by kind, name or label (e.g. service=web)" aria-label="Filter resources" spellcheck="false">
          <div id="label-filter" class="label-filter" hidden></div>
        </div>
        <div id="stale" class="stale-banner" hidden role="alert"></div>
        <div id="resources" class="resources"></div>
        <div id="more" class="more-bar" hidden></div>
      </div>
      <div id="tab-reference" class="tab-panel" role="tabpanel" hidden></div>
      <div id="tab-troubleshooting" class="tab-panel" role="tabpanel" hidden></div>
    </section>
  </main>
  <footer class="foot">Runs entirely in your browser (WebAssembly); your convox.yml never leaves this page. <span id="version"></span></footer>
  <div id="toast" class="toast" role="status" aria-live="polite" hidden></div>`;
}

// ---- inputs --------------------------------------------------------------------------------
function parseEnv(text) {
  const env = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const i = line.indexOf('=');
    if (i > 0) env[line.slice(0, i).trim()] = line.slice(i + 1);
  }
  return env;
}
const envText = (env) => Object.entries(env || {}).map(([k, v]) => `${k}=${v}`).join('\n');

function options() {
  const o = { env: parseEnv($('#env').value) };
  const rack = $('#rack').value.trim();
  const app = $('#app-name').value.trim();
  if (rack) o.rack = rack;
  if (app) o.app = app;
  return o;
}

// ---- analysis (in the worker) ----------------------------------------------------------------
/** Edits are sent once the current event is handled; ./core.js keeps one request in flight. */
function schedule() {
  if (scheduled) return;
  scheduled = true;
  const at = performance.now();
  // Right after the event that changed the text, before the browser renders the frame; for a
  // large text (a 5 MB paste) in a task of its own, so that event's task ends first.
  const later = editor.length() > 200_000 ? nextTask() : Promise.resolve();
  later.then(() => {
    scheduled = false;
    analyze(at);
  });
}

let held = null; // the result whose resource objects the worker may refer to by key

/** Maps the editor's text; `t0` is when the edit happened (for `state.lastMs`: edit → DOM). */
async function analyze(t0 = performance.now()) {
  const opts = options();
  // A long mapping (a large paste) says so; the editor stays usable meanwhile.
  const busy = setTimeout(() => ($('#busy').hidden = false), 300);
  // The text is read when the request is sent: typing while a 5 MB text maps only replaces the
  // waiting request, without joining the document per keystroke.
  const res = await core.map(editor.text, opts);
  clearTimeout(busy);
  if (!res) return; // a newer edit replaced this one
  $('#busy').hidden = true;
  accept(res, res.source, opts, t0);
}

function errorContract(opts, message) {
  return {
    rack: opts.rack ?? state.defaults.rack, app: opts.app ?? state.defaults.app, namespace: '', resources: [],
    diagnostics: [{ severity: 'error', message, path: null, line: null, column: null }],
    total: 0, counts: {}, namespaces: 0, diagnosticsTotal: 1, errors: 1,
  };
}

function accept(res, source, opts, t0) {
  const t1 = performance.now();
  let contract;
  if (res.error) contract = errorContract(opts, res.error);
  else {
    const resources = res.entries.map((e) => (typeof e === 'string' ? held?.byKey.get(e) : e));
    if (resources.some((r) => !r)) {
      // The worker referred to an object this page no longer holds: ask again, in full.
      held = null;
      core.hold(null);
      schedule();
      return;
    }
    contract = {
      rack: res.rack, app: res.app, namespace: res.namespace, resources, diagnostics: res.diagnostics,
      total: res.total, counts: res.counts, namespaces: res.namespaces, diagnosticsTotal: res.diagnosticsTotal, errors: res.errors,
    };
  }
  if (!res.error) learnDefaults(contract, opts);
  const run = { id: res.id, source, options: opts, contract, byKey: new Map(contract.resources.map((r) => [r.key, r])) };
  if (contract.resources.length) {
    held = run;
    core.hold(run.id);
  }
  state.current = run;
  const broken = contract.errors > 0 && contract.total === 0;
  if (!broken || !state.good) state.good = broken ? null : run;
  const shown = broken && state.good ? state.good : run;
  if (shown !== state.shown) state.limit = PAGE;
  state.shown = shown;
  render(() => {
    const t2 = performance.now();
    state.lastMs = t2 - t0;
    state.timings = { worker: res.ms?.total ?? 0, map: res.ms?.map ?? 0, roundTrip: res.ms?.roundTrip ?? 0, render: t2 - t1, reused: res.reused ?? 0 };
    state.rendered = run.id;
    if (state.firstResultMs === null) {
      state.firstResultMs = performance.now();
      performance.mark('convox-first-result');
      document.body.dataset.ready = 'true';
    }
    $('#summary').dataset.ms = state.lastMs.toFixed(1);
  });
}

/** The YAML document of `key` in the shown result (fetched from the worker once per result). */
async function yamlDoc(key) {
  const run = state.shown;
  if (state.yaml.id !== run.id) state.yaml = { id: run.id, docs: new Map() };
  const cache = state.yaml;
  if (cache.docs.has(key)) return cache.docs.get(key);
  const answer = await core.call({ type: 'yaml', source: run.source, options: run.options, keys: [key] });
  for (const [k, text] of answer.docs) cache.docs.set(k, text);
  return cache.docs.get(key) ?? null;
}

// ---- rendering -----------------------------------------------------------------------------
function render(done) {
  const { current, shown } = state;
  const stale = shown !== current;
  renderDiagnostics(current.contract);
  renderSummary(shown.contract, stale);
  const banner = $('#stale');
  banner.hidden = !stale;
  if (stale) banner.textContent = 'The manifest has errors: showing the last good output (dimmed) until they are fixed.';
  $('#tab-resources').classList.toggle('is-stale', stale);
  renderTab();
  renderResources(() => {
    markCursorResources();
    done?.();
  });
}

function renderSummary(c, stale) {
  const kinds = Object.entries(c.counts).map(([k, n]) => `<span class="count"><b>${num(n)}</b> ${esc(k)}</span>`).join(' ');
  const { errors, diagnosticsTotal } = state.current.contract;
  const warnings = diagnosticsTotal - errors;
  $('#summary').innerHTML = `<span class="total"><b id="resource-count">${num(c.total)}</b> ${c.total === 1 ? 'resource' : 'resources'} in <b>${num(c.namespaces)}</b> ${c.namespaces === 1 ? 'namespace' : 'namespaces'}</span> · rack <code>${esc(c.rack)}</code> · app <code>${esc(c.app)}</code> · namespace <code>${esc(c.namespace)}</code>${stale ? ' · <span class="warn">stale</span>' : ''}
    <span class="diag-counts">${errors ? `<span class="sev-error">${plural(num(errors), 'error')}</span>` : ''}${warnings ? ` <span class="sev-warning">${plural(num(warnings), 'warning')}</span>` : ''}</span>
    <div class="kinds">${kinds}</div>`;
}

let linted = 0; // lint markers in the editor now: clearing none is skipped (it costs a view update)

function renderDiagnostics(c) {
  const diags = c.diagnostics;
  if (diags.length || linted) editor.setDiagnostics(diags.length > MAX_LINT ? diags.slice(0, MAX_LINT) : diags);
  linted = Math.min(diags.length, MAX_LINT);
  $('#diag-title').textContent = c.diagnosticsTotal ? `Diagnostics (${c.diagnosticsTotal})` : 'Diagnostics';
  const more = c.diagnosticsTotal - diags.length;
  $('#diagnostics').innerHTML = diags.length
    ? diags.map((d, i) => `<li><button type="button" class="diag sev-${esc(d.severity)}" data-diag="${i}" ${d.line ? '' : 'disabled'}>
        <span class="sev">${esc(d.severity)}</span> <span class="pos">${d.line ? `${num(d.line)}:${num(d.column)}` : '—'}</span>
        <span class="msg">${esc(d.message)}</span>${d.path ? ` <code class="path">${esc(d.path)}</code>` : ''}</button></li>`).join('')
      + (more > 0 ? `<li class="none">… and ${plural(more, 'more diagnostic')} (fix these first).</li>` : '')
    : '<li class="none">No problems found.</li>';
}

function matches(r) {
  if (state.label && r.labels?.[state.label.key] !== state.label.value) return false;
  const q = state.search.trim().toLowerCase();
  if (!q) return true;
  const hay = [r.kind, r.name, r.namespace, r.owner, r.pattern, r.concept, ...Object.entries(r.labels || {}).map(([k, v]) => `${k}=${v}`)].join(' ').toLowerCase();
  return q.split(/\s+/).every((w) => hay.includes(w));
}

function groupResources(resources) {
  const byNs = new Map();
  for (const r of resources) {
    const ns = r.namespace ?? '(cluster-scoped)';
    if (!byNs.has(ns)) byNs.set(ns, new Map());
    const owners = byNs.get(ns);
    const owner = r.owner ?? '(app)';
    if (!owners.has(owner)) owners.set(owner, []);
    owners.get(owner).push(r);
  }
  return byNs;
}

function renderResource(r) {
  const key = keyOf(r);
  const labels = Object.entries(r.labels || {});
  const active = state.label;
  const src = r.source ? `<button type="button" class="src" data-src="${num(r.source.line)}" title="Show in convox.yml">${esc(r.source.path)} · line ${num(r.source.line)}</button>` : '';
  const yaml = r.object
    ? `<details class="yaml" data-key="${esc(key)}"><summary>YAML</summary><div class="yaml-body"></div></details>`
    : '<p class="runtime">Created by the cluster at run time (no manifest object).</p>';
  return `<article class="res" data-key="${esc(key)}" data-kind="${esc(r.kind)}" data-name="${esc(r.name)}" data-line="${r.source ? num(r.source.line) : ''}">
    <header class="res-head" tabindex="0" role="button" aria-pressed="false" title="Select: highlight its convox.yml lines">
      <span class="kind">${esc(r.kind)}</span> <span class="name">${esc(r.name)}</span>
      ${r.pattern ? `<code class="pattern" title="naming pattern">${esc(r.pattern)}</code>` : ''}
      <span class="api">${esc(r.apiVersion)}</span>
    </header>
    ${src}
    ${labels.length ? `<div class="chips">${labels.map(([k, v]) => `<button type="button" class="chip${active && active.key === k && active.value === v ? ' on' : ''}" data-lk="${esc(k)}" data-lv="${esc(v)}" title="Show every resource labelled ${esc(k)}=${esc(v)}">${esc(k)}=${esc(v)}</button>`).join('')}</div>` : ''}
    ${r.notes?.length ? `<ul class="notes">${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
    ${kubectlHtml(r.kubectl || [])}
    ${yaml}
  </article>`;
}

const commandItem = (k) => `<li><span class="desc">${esc(k.description)}</span><code>${esc(k.command)}</code><button type="button" class="copy" data-copy="${esc(k.command)}" aria-label="Copy: ${esc(k.command)}">Copy</button></li>`;

/** The first two kubectl commands, then the rest behind "N more". */
function kubectlHtml(cmds) {
  if (!cmds.length) return '';
  const more = cmds.slice(2);
  return `<ul class="kubectl">${cmds.slice(0, 2).map(commandItem).join('')}</ul>${more.length
    ? `<details class="more"><summary>${plural(more.length, 'more kubectl command')}</summary><ul class="kubectl">${more.map(commandItem).join('')}</ul></details>`
    : ''}`;
}

/** One object's YAML, its secret values masked unless the user revealed them. */
function renderYaml(key, text) {
  if (text == null) return '<p class="runtime">No YAML for this object.</p>';
  const { text: masked, count } = maskSecrets(text);
  const open = state.revealed.has(key);
  const shown = count && !open ? masked : text;
  const reveal = count
    ? `<button type="button" class="copy reveal" data-reveal aria-pressed="${open}" title="Secret values are masked on screen and in Copy YAML until revealed">${open ? 'Hide secret values' : `Reveal ${plural(count, 'secret value')}`}</button>`
    : '';
  return `<div class="yaml-tools">${reveal}<button type="button" class="copy copy-yaml" data-copy-yaml>Copy YAML</button></div><pre class="yaml-text"><code>${highlightYaml(shown.replace(/\n$/, ''))}</code></pre>`;
}

/** Fills an open YAML view (asking the worker for the document when needed). */
async function fillYaml(d) {
  const body = d.querySelector('.yaml-body');
  const key = d.dataset.key;
  const run = state.shown;
  if (!body.firstChild) body.textContent = 'Loading…';
  let text;
  try {
    text = await yamlDoc(key);
  } catch (e) {
    body.textContent = `Could not render the YAML: ${e.message}`;
    return;
  }
  if (state.shown === run && d.isConnected) body.innerHTML = renderYaml(key, text);
}

// Cards are cached per resource object: the worker sends an unchanged resource as its key and
// the page reuses the object, so an edit re-creates only the cards whose data changed.
const cards = new Map(); // key -> {r, active, el}
const template = document.createElement('template');
let renderSeq = 0;

const activeOf = (r) => (state.label && r.labels?.[state.label.key] === state.label.value ? `${state.label.key}=${state.label.value}` : '');
const fresh = (r) => {
  const c = cards.get(keyOf(r));
  return c && c.r === r && c.active === activeOf(r);
};

/** Creates the cards of `rs` with one HTML parse. */
function buildCards(rs) {
  template.innerHTML = rs.map((r) => renderResource(r)).join('');
  const els = [...template.content.children];
  rs.forEach((r, i) => {
    const key = keyOf(r);
    const el = els[i];
    const old = cards.get(key)?.el;
    if (old?.querySelector('details.yaml[open]')) {
      const d = el.querySelector('details.yaml');
      if (d) {
        d.open = true;
        fillYaml(d);
      }
    }
    cards.set(key, { r, active: activeOf(r), el });
  });
  template.innerHTML = '';
}


// The namespace sections and owner groups on screen, keyed, so an edit touches only the
// groups whose cards changed: re-appending every card would restyle the whole list.
const sections = new Map(); // ns -> {el, groups: Map owner -> {el, title}}

/** Makes `parent`'s children exactly `want` (in order), moving only what is out of place. */
function sync(parent, want) {
  const have = parent.children;
  if (have.length === want.length && want.every((c, i) => have[i] === c)) return;
  const keep = new Set(want);
  for (const c of [...have]) if (!keep.has(c)) c.remove();
  want.forEach((c, i) => {
    if (have[i] !== c) parent.insertBefore(c, have[i] ?? null);
  });
}

function reconcile(root, groups) {
  const liveNs = new Set(groups.keys());
  for (const ns of sections.keys()) if (!liveNs.has(ns)) sections.delete(ns);
  const want = [];
  for (const [ns, owners] of groups) {
    let sec = sections.get(ns);
    if (!sec) {
      const el = document.createElement('section');
      el.className = 'ns';
      el.innerHTML = `<h2 class="ns-title"><span class="label">namespace</span> ${esc(ns)}</h2>`;
      sec = { el, head: el.firstElementChild, groups: new Map() };
      sections.set(ns, sec);
    }
    const liveOwners = new Set(owners.keys());
    for (const o of sec.groups.keys()) if (!liveOwners.has(o)) sec.groups.delete(o);
    const groupEls = [sec.head];
    for (const [owner, rs] of owners) {
      let g = sec.groups.get(owner);
      if (!g) {
        const el = document.createElement('section');
        el.className = 'owner';
        el.innerHTML = `<h3 class="owner-title">${esc(owner)} <small></small></h3>`;
        g = { el, title: el.firstElementChild, count: el.querySelector('small') };
        sec.groups.set(owner, g);
      }
      const count = plural(rs.length, 'resource');
      if (g.count.textContent !== count) g.count.textContent = count;
      sync(g.el, [g.title, ...rs.map((r) => cards.get(keyOf(r)).el)]);
      groupEls.push(g.el);
    }
    sync(sec.el, groupEls);
    want.push(sec.el);
  }
  sync(root, want);
}

/**
 * Shows the filtered resources, at most `state.limit` cards. New cards are built in slices of
 * about 8 ms (a new render abandons an older one); the DOM changes in one go at the end, and
 * only where cards changed. `done` runs once the DOM shows this render.
 */
function renderResources(done) {
  const seq = ++renderSeq;
  // Callers waiting for the DOM (a result's timing) are answered by whichever render commits.
  const waiting = (renderResources.waiting ??= []);
  if (done) waiting.push(done);
  const finish = () => waiting.splice(0).forEach((f) => f());
  const { contract, byKey } = state.shown;
  const all = contract.resources.filter(matches);
  const list = all.length > state.limit ? all.slice(0, state.limit) : all;
  renderLabelFilter(all);
  renderMore(contract, all.length, list.length);
  const el = $('#resources');
  for (const k of cards.keys()) if (!byKey.has(k)) cards.delete(k);
  if (!list.length) {
    el.innerHTML = contract.resources.length
      ? '<p class="empty">No resource matches the filter.</p>'
      : '<p class="empty">No resources yet. Fix the diagnostics, or pick an example.</p>';
    sections.clear();
    finish();
    return;
  }
  const todo = list.filter((r) => !fresh(r));
  // Puts `shown` (a prefix of `list` whose cards are built) on screen.
  const commit = (shown) => {
    reconcile(el, groupResources(shown));
    for (const r of shown) {
      const c = cards.get(keyOf(r)).el;
      const on = c.dataset.key === state.selected;
      if (c.classList.contains('selected') !== on) {
        c.classList.toggle('selected', on);
        c.firstElementChild.setAttribute('aria-pressed', String(on));
      }
    }
  };
  // Cards are built ten at a time; past ~6 ms (20 ms for the first slice) the page yields to
  // input and paint, and shows what is built so far (a first render fills in over a few frames;
  // an edit is one slice).
  const BATCH = 10;
  let start = performance.now();
  let i = 0;
  let ready = 0; // list[0..ready) have fresh cards
  let yielded = false;
  // Only a list that starts empty fills in progressively: a changed list stays as it was until
  // its new cards are all built, so it never shrinks on screen.
  const progressive = !el.querySelector('.ns');
  const step = async () => {
    while (i < todo.length) {
      if (seq !== renderSeq) return; // a newer render took over
      buildCards(todo.slice(i, i + BATCH));
      i += BATCH;
      // The first slice may take longer: a small result (the seed) then shows in one go.
      if (i < todo.length && performance.now() - start > (yielded ? 6 : 20)) {
        yielded = true;
        while (ready < list.length && fresh(list[ready])) ready++;
        if (progressive && ready > 0) commit(list.slice(0, ready));
        await nextTask();
        start = performance.now();
      }
    }
    if (seq !== renderSeq) return;
    commit(list);
    finish();
  };
  step();
}

function renderMore(contract, matching, showing) {
  const box = $('#more');
  const held = contract.resources.length;
  const parts = [];
  if (showing < matching) parts.push(`Showing ${num(showing)} of ${num(matching)} resources. <button type="button" id="show-more">Show ${num(Math.min(PAGE, matching - showing))} more</button>`);
  if (contract.total > held) parts.push(`This page lists the first ${num(held)} of ${num(contract.total)} resources; <b>Download YAML</b> holds every object.`);
  box.hidden = !parts.length;
  box.innerHTML = parts.join(' ');
}

function renderLabelFilter(list) {
  const box = $('#label-filter');
  if (!state.label) {
    box.hidden = true;
    box.innerHTML = '';
    return;
  }
  const { key, value } = state.label;
  const byNs = new Map();
  for (const r of list) {
    if (!r.namespace || !r.object) continue;
    if (!byNs.has(r.namespace)) byNs.set(r.namespace, new Set());
    byNs.get(r.namespace).add(r.kind.toLowerCase());
  }
  const cmds = [...byNs].map(([ns, kinds]) => `kubectl get ${[...kinds].join(',')} -l ${key}=${value} -n ${ns}`);
  box.hidden = false;
  box.innerHTML = `<div class="lf-head">Label <span class="chip on">${esc(key)}=${esc(value)}</span> · ${plural(list.length, 'resource')} <button type="button" id="clear-label">Clear filter</button></div>
    ${cmds.map((c) => `<div class="lf-cmd"><code>${esc(c)}</code><button type="button" class="copy" data-copy="${esc(c)}">Copy</button></div>`).join('')}`;
}

// ---- quick reference and troubleshooting (generated from the contract) ----------------------
function renderTab() {
  for (const t of ['resources', 'reference', 'troubleshooting']) {
    $(`#tab-${t}`).hidden = state.tab !== t;
    $(`.tabs [data-tab="${t}"]`).setAttribute('aria-selected', String(state.tab === t));
  }
  if (state.tab === 'reference') $('#tab-reference').innerHTML = referenceHtml(state.shown.contract);
  if (state.tab === 'troubleshooting') $('#tab-troubleshooting').innerHTML = troubleshootingHtml(state.shown.contract);
}

const copyCell = (cmd) => `<code>${esc(cmd)}</code> <button type="button" class="copy" data-copy="${esc(cmd)}" aria-label="Copy: ${esc(cmd)}">Copy</button>`;

function referenceHtml(c) {
  const groups = new Map();
  for (const r of c.resources) {
    const k = `${r.concept}\u0000${r.kind}\u0000${r.pattern}`;
    if (!groups.has(k)) groups.set(k, { concept: r.concept, kind: r.kind, pattern: r.pattern, ns: new Set(), names: [], cmd: null });
    const g = groups.get(k);
    g.ns.add(r.namespace ?? 'N/A');
    g.names.push(r.name);
    g.cmd ??= r.kubectl?.[0]?.command ?? null;
  }
  if (!groups.size) return '<p class="empty">No resources.</p>';
  return `<p class="intro">What a rack creates for <b>this</b> manifest, rack <code>${esc(c.rack)}</code> and app <code>${esc(c.app)}</code>.</p>
  <div class="table-wrap"><table class="ref"><thead><tr><th>Convox concept</th><th>K8s resource</th><th>Namespace</th><th>Names</th><th>Naming pattern</th><th>kubectl</th></tr></thead><tbody>
  ${[...groups.values()].map((g) => `<tr><td>${esc(g.concept)}</td><td>${esc(g.kind)}</td><td>${[...g.ns].map(esc).join(', ')}</td><td>${g.names.map((n) => `<code>${esc(n)}</code>`).join(' ')}</td><td><code>${esc(g.pattern)}</code></td><td>${g.cmd ? copyCell(g.cmd) : ''}</td></tr>`).join('')}
  </tbody></table></div>`;
}

function troubleshootingHtml(c) {
  const ns = c.namespace;
  if (!c.resources.length) return '<p class="empty">No resources.</p>';
  const finding = [[`Find all resources for the app`, `kubectl get all -n ${ns}`]];
  // One pass: the kinds carrying each label, per namespace; a row per label, in first-seen order.
  const kindsOf = new Map(); // `${ns}\u0000${key}=${value}` -> Set of kinds
  const rows = new Map(); // `${key}=${value}` -> namespace of its first object
  for (const r of c.resources) {
    if (!r.namespace || !r.object) continue;
    for (const key of ['service', 'resource', 'type', 'name']) {
      const v = r.labels?.[key];
      if (!v) continue;
      const id = `${key}=${v}`;
      if (!rows.has(id)) rows.set(id, r.namespace);
      const k = `${r.namespace}\u0000${id}`;
      if (!kindsOf.has(k)) kindsOf.set(k, new Set());
      kindsOf.get(k).add(r.kind.toLowerCase());
    }
  }
  for (const [id, rns] of rows) {
    finding.push([`Find everything labelled ${id}`, `kubectl get ${[...kindsOf.get(`${rns}\u0000${id}`)].join(',')} -n ${rns} -l ${id}`]);
  }
  const release = c.resources.find((r) => r.labels?.release)?.labels.release;
  if (release) finding.push([`Find all pods of release ${release}`, `kubectl get pods -n ${ns} -l release=${release}`]);

  const owners = new Map();
  for (const r of c.resources) {
    if (!r.kubectl?.length) continue;
    const o = r.owner ?? '(app)';
    if (!owners.has(o)) owners.set(o, new Map());
    for (const k of r.kubectl) owners.get(o).set(k.command, k.description);
  }
  const services = [...new Set(c.resources.filter((r) => r.concept === 'service' && r.owner).map((r) => r.owner))];
  const timers = c.resources.filter((r) => r.kind === 'CronJob');
  const hpas = c.resources.filter((r) => r.kind === 'HorizontalPodAutoscaler');
  const svc = services[0];
  const issues = [];
  if (svc) {
    issues.push(['Deployment fails or rolls back', 'Pods never become Ready: CrashLoopBackOff, ImagePullBackOff, failing readiness probes.',
      [`kubectl get pods -n ${ns} -l service=${svc}`, `kubectl describe pod <pod-name> -n ${ns}`, `kubectl logs <pod-name> -n ${ns}`]]);
    issues.push(['Service is unreachable (503)', 'No healthy pods behind the Service, or a wrong selector.',
      [`kubectl describe svc ${svc} -n ${ns}`, `kubectl get pods -l service=${svc} -n ${ns}`, `kubectl describe ing ${svc} -n ${ns}`]]);
    issues.push(['App has no logs', 'Pods crash and restart before logging.',
      [`kubectl logs --previous <pod-name> -n ${ns}`, `kubectl describe pod <pod-name> -n ${ns}`]]);
  }
  for (const t of timers) {
    issues.push([`Timer ${t.owner ?? t.name} never runs`, 'Invalid schedule, or its Job fails to create pods.',
      [`kubectl describe cronjob ${t.name} -n ${ns}`, `kubectl get jobs -n ${ns}`]]);
  }
  for (const h of hpas) {
    issues.push([`Autoscaling ${h.name} not working`, "The HPA can't read metrics, or pods have no resource requests.",
      [`kubectl describe hpa ${h.name} -n ${ns}`, `kubectl get --raw "/apis/metrics.k8s.io/v1beta1/namespaces/${ns}/pods"`]]);
  }
  return `<h3>Finding things</h3><div class="table-wrap"><table class="ref"><thead><tr><th>Task</th><th>kubectl</th></tr></thead><tbody>
    ${finding.map(([t, cmd]) => `<tr><td>${esc(t)}</td><td>${copyCell(cmd)}</td></tr>`).join('')}</tbody></table></div>
    ${issues.length ? `<h3>Common issues</h3><div class="table-wrap"><table class="ref"><thead><tr><th>Symptom</th><th>Kubernetes cause</th><th>Investigate</th></tr></thead><tbody>
    ${issues.map(([s, cause, steps]) => `<tr><td>${esc(s)}</td><td>${esc(cause)}</td><td><ol>${steps.map((x) => `<li>${copyCell(x)}</li>`).join('')}</ol></td></tr>`).join('')}</tbody></table></div>` : ''}
    <h3>Every command, by owner</h3>
    ${[...owners].map(([o, cmds]) => `<h4>${esc(o)}</h4><ul class="kubectl">${[...cmds].map(([cmd, d]) => `<li><span class="desc">${esc(d)}</span>${copyCell(cmd)}</li>`).join('')}</ul>`).join('')}`;
}

// ---- provenance ----------------------------------------------------------------------------
// Blocks per source line, for the current editor text (cleared on every edit): moving the
// cursor through a large manifest then costs one lookup per resource.
let blocks = new Map();

/** The convox.yml lines of the block starting at `line`: the line and everything indented under it. */
function blockOf(line) {
  if (blocks.has(line)) return blocks.get(line);
  const n = editor.lineCount();
  if (!line || line > n) return null;
  const indentOf = (t) => t.length - t.trimStart().length;
  const first = editor.lineText(line);
  const base = indentOf(first);
  const listValue = /:\s*$/.test(first);
  let end = line;
  for (let l = line + 1; l <= n; l++) {
    const t = editor.lineText(l);
    if (t.trim() === '' || t.trimStart().startsWith('#')) continue;
    const i = indentOf(t);
    if (i > base || (listValue && i === base && t.trimStart().startsWith('- '))) end = l;
    else break;
  }
  const b = { from: line, to: end };
  blocks.set(line, b);
  return b;
}

function select(key, scroll = true) {
  state.selected = state.selected === key ? null : key;
  for (const el of document.querySelectorAll('#resources .res')) {
    const on = el.dataset.key === state.selected;
    el.classList.toggle('selected', on);
    el.querySelector('.res-head').setAttribute('aria-pressed', String(on));
  }
  const r = state.selected && state.shown.byKey.get(state.selected);
  editor.highlightLines(r && r.source ? blockOf(r.source.line) : null, scroll);
}

const sourceLinesOf = new WeakMap(); // result -> its resources' source lines, ascending, unique

function sourceLines(run) {
  if (!sourceLinesOf.has(run)) {
    const set = new Set();
    for (const r of run.contract.resources) if (r.source) set.add(r.source.line);
    sourceLinesOf.set(run, [...set].sort((a, b) => a - b));
  }
  return sourceLinesOf.get(run);
}

/** Marks the resources produced by the convox.yml block the cursor is in (the innermost one). */
function markCursorResources() {
  const line = state.cursorLine;
  // The innermost block holding the cursor is the one with the largest start line ≤ the
  // cursor's whose end reaches it: walk down from there, usually one or two steps.
  const lines = sourceLines(state.shown);
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid] <= line) lo = mid + 1;
    else hi = mid;
  }
  // A rejected candidate at indentation `limit` ends every block that starts before it at a
  // deeper or equal indentation (a block ends at the first line not indented deeper), unless
  // every rejected line at that indentation is a `- ` item (a `key:` block holds its items):
  // such candidates are skipped unscanned, so a cursor far below the listed resources (a 5 MB
  // manifest) costs one line lookup per candidate, not a block scan.
  let best = 0;
  let limit = Infinity;
  let items = false;
  for (let i = lo - 1; i >= 0; i--) {
    const l = lines[i];
    const text = editor.lineText(l);
    const indent = text.length - text.trimStart().length;
    if (indent > limit || (indent === limit && !items)) continue;
    const b = blockOf(l);
    if (b && line <= b.to) {
      best = l;
      break;
    }
    const item = text.trimStart().startsWith('- ');
    items = indent < limit ? item : items && item;
    limit = indent;
    if (limit === 0 && !items) break;
  }
  let first = null;
  for (const el of document.querySelectorAll('#resources .res')) {
    const on = best > 0 && Number(el.dataset.line) === best;
    if (el.classList.contains('from-cursor') !== on) el.classList.toggle('from-cursor', on);
    if (on && !first) first = el;
  }
  const out = $('#resources');
  out.dataset.cursorLine = String(line);
  out.dataset.cursorSource = String(best);
  return first;
}

// ---- actions -------------------------------------------------------------------------------
function toast(text) {
  const t = $('#toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (t.hidden = true), 1600);
}

async function copy(text, what = 'Copied') {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    document.body.append(ta);
    ta.select();
    document.execCommand('copy');
    ta.remove();
  }
  window.__lastCopied = text;
  toast(what);
}

async function shareUrl() {
  const fragment = await encodeState({ source: editor.text(), rack: $('#rack').value.trim(), app: $('#app-name').value.trim(), env: parseEnv($('#env').value) });
  const url = new URL(location.href);
  url.search = '';
  url.hash = fragment;
  return url.toString();
}

async function download() {
  const { source, options: opts, contract } = state.shown;
  let stream;
  try {
    ({ stream } = await core.call({ type: 'yaml', all: true, source, options: opts }));
  } catch (e) {
    toast(`Could not build the YAML: ${e.message}`);
    return;
  }
  const name = `${contract.rack}-${contract.app}.yaml`;
  const blob = new Blob([stream], { type: 'application/yaml' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  // The file is what you apply, so it holds the real values; say so rather than leak silently.
  toast(/^kind: Secret$/m.test(stream) ? `Downloaded ${name}: its Secrets hold the real values` : `Downloaded ${name}`);
}

function loadState({ source, rack, app, env, example }) {
  $('#rack').value = rack || '';
  $('#app-name').value = app || '';
  $('#env').value = envText(env);
  $('#example').value = example || '';
  state.good = null;
  state.selected = null;
  state.loading = true;
  editor.setText(source);
  state.loading = false;
  blocks = new Map();
  analyze();
}

function loadExample(name) {
  const ex = EXAMPLES.find((e) => e.name === name) || EXAMPLES[0];
  loadState({ source: ex.source, env: ex.env, example: ex.name });
}

function setPane(p) {
  state.pane = p;
  document.body.dataset.pane = p;
  $('#pane-tab-editor').setAttribute('aria-selected', String(p === 'editor'));
  $('#pane-tab-output').setAttribute('aria-selected', String(p === 'output'));
}

function wire() {
  $('#rack').addEventListener('input', schedule);
  $('#app-name').addEventListener('input', schedule);
  $('#env').addEventListener('input', schedule);
  $('#example').addEventListener('change', (e) => e.target.value && loadExample(e.target.value));
  $('#search').addEventListener('input', (e) => {
    state.search = e.target.value;
    state.limit = PAGE;
    renderResources(markCursorResources);
  });
  $('#copy-link').addEventListener('click', async () => {
    const url = await shareUrl();
    history.replaceState(null, '', url);
    copy(url, 'Link copied');
  });
  $('#copy-md').addEventListener('click', async () => copy(`[Open in playground](${await shareUrl()})`, 'Markdown copied'));
  $('#download').addEventListener('click', download);
  $('#pane-tab-editor').addEventListener('click', () => setPane('editor'));
  $('#pane-tab-output').addEventListener('click', () => setPane('output'));
  for (const b of document.querySelectorAll('.tabs [data-tab]')) {
    b.addEventListener('click', () => {
      state.tab = b.dataset.tab;
      if (state.shown) renderTab();
    });
  }
  for (const list of [document.querySelectorAll('.tabs [role=tab]'), document.querySelectorAll('.pane-tabs [role=tab]')]) {
    list.forEach((b, i) => b.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      const next = list[(i + (e.key === 'ArrowRight' ? 1 : list.length - 1)) % list.length];
      next.focus();
      next.click();
    }));
  }
  $('#diagnostics').addEventListener('click', (e) => {
    const b = e.target.closest('[data-diag]');
    if (!b) return;
    const d = state.current.contract.diagnostics[Number(b.dataset.diag)];
    if (d?.line) editor.goTo(d.line, d.column);
  });
  const out = $('#pane-output');
  out.addEventListener('click', async (e) => {
    const t = e.target;
    const c = t.closest('[data-copy]');
    if (c) return copy(c.dataset.copy);
    const details = t.closest('details.yaml');
    if (details && t.closest('[data-copy-yaml]')) {
      const key = details.dataset.key;
      const text = await yamlDoc(key);
      const { text: masked, count } = maskSecrets(text ?? '');
      // Copy what the view shows: masked values stay masked until the user reveals them.
      const hidden = count > 0 && !state.revealed.has(key);
      return copy(hidden ? masked : text ?? '', hidden ? `YAML copied with ${plural(count, 'secret value')} masked (Reveal to copy them)` : 'YAML copied');
    }
    if (details && t.closest('[data-reveal]')) {
      const key = details.dataset.key;
      if (state.revealed.has(key)) state.revealed.delete(key);
      else state.revealed.add(key);
      return fillYaml(details);
    }
    if (t.closest('#show-more')) {
      state.limit += PAGE;
      return renderResources(markCursorResources);
    }
    const chip = t.closest('.chip[data-lk]');
    if (chip) {
      const { lk, lv } = chip.dataset;
      state.label = state.label && state.label.key === lk && state.label.value === lv ? null : { key: lk, value: lv };
      state.tab = 'resources';
      state.limit = PAGE;
      renderTab();
      renderResources(markCursorResources);
      return;
    }
    if (t.closest('#clear-label')) {
      state.label = null;
      renderResources(markCursorResources);
      return;
    }
    const src = t.closest('.src[data-src]');
    if (src) {
      const art = src.closest('.res');
      if (state.selected !== art.dataset.key) select(art.dataset.key);
      return editor.goTo(Number(src.dataset.src), 1);
    }
    const head = t.closest('.res-head');
    if (head) select(head.closest('.res').dataset.key);
  });
  out.addEventListener('keydown', (e) => {
    const head = e.target.closest?.('.res-head');
    if (head && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      select(head.closest('.res').dataset.key);
    }
  });
  out.addEventListener('toggle', (e) => {
    const d = e.target;
    if (!(d instanceof HTMLDetailsElement) || !d.classList.contains('yaml') || !d.open) return;
    if (!d.querySelector('.yaml-body').firstChild) fillYaml(d);
  }, true);
  window.addEventListener('hashchange', () => openFromUrl());
}

async function openFromUrl() {
  const params = new URLSearchParams(location.search);
  if (location.hash.length > 1) {
    try {
      const s = await decodeState(location.hash);
      if (s) return loadState(s);
    } catch (e) {
      toast(`Could not open this link: ${e.message}`);
    }
  }
  loadExample(params.get('example') || 'complete');
}

/** The worker has loaded the wasm core. */
function ready({ version }) {
  if (!state.version) performance.mark('convox-core-ready');
  state.version = version;
  if (editor) $('#version').textContent = `convox-k8s ${version}`; // else main() shows it
}

/** The core's defaults for rack and app, as a result made without them shows (placeholders). */
function learnDefaults(contract, opts) {
  const d = { rack: opts.rack ? state.defaults.rack : contract.rack, app: opts.app ? state.defaults.app : contract.app };
  if (d.rack === state.defaults.rack && d.app === state.defaults.app) return;
  state.defaults = d;
  $('#rack').placeholder = d.rack;
  $('#app-name').placeholder = d.app;
}

/** The wasm core could not load at all: say so where the output would be. */
function fatal(message) {
  const box = $('#summary') || $('#app');
  box.textContent = `The playground could not start: ${message}`;
}

/**
 * The editor's mount point, inside a shadow root: CodeMirror then adds its styles as
 * constructed stylesheets (adoptedStyleSheets) instead of the `<style>` elements it injects into
 * a document, which the page's CSP (`style-src 'self'`, no 'unsafe-inline') would block.
 */
function editorMount() {
  const shadow = $('#editor').attachShadow({ mode: 'open' });
  const mount = document.createElement('div');
  mount.style.height = '100%'; // CSSOM, not a style attribute: CSP allows it
  shadow.append(mount);
  return mount;
}

function main() {
  layout();
  editor = createEditor(editorMount(), {
    doc: '',
    onChange: () => {
      blocks = new Map();
      if (state.loading) return;
      $('#example').value = '';
      schedule();
    },
    onCursorLine: (line) => {
      state.cursorLine = line;
      if (state.shown) markCursorResources();
    },
  });
  if (state.version) ready(state);
  setPane('editor');
  wire();
  openFromUrl();
  // Tests and benchmarks read these. `contract()` is the full JSON contract of the latest
  // result (the page itself holds it without the objects).
  window.__playground = {
    state, editor, analyze, EXAMPLES, core,
    contract: () => core.call({ type: 'contract', source: state.current.source, options: state.current.options }).then((m) => m.contract),
  };
}

main();
