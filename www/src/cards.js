// The Resources tab: one card per resource (kind, name, pattern, source, labels, notes, kubectl
// commands, YAML view), grouped by namespace and owner, filtered by the search box and the label
// filter, at most `state.limit` at a time. Cards are keyed by the core's resource `key` and
// cached per resource object: the worker sends an unchanged resource as its key and the page
// reuses the object, so an edit re-creates only the cards whose data changed. The label
// filter's kubectl commands are the core's (`labelCommands`).
import { $, ask, esc, num, plural, state, PAGE } from './state.js';
import { fillYaml } from './yamlview.js';
import { nextTask } from './tasks.js';
import { ghostsFor, renderGhostCount } from './ghosts.js';

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

const srcText = (s) => `${s.path} · line ${num(s.line)}`;

function renderResource(r) {
  const key = r.key;
  const labels = Object.entries(r.labels || {});
  const active = state.label;
  const src = r.source ? `<button type="button" class="src" data-from="${num(r.source.from)}" title="Show in convox.yml">${esc(srcText(r.source))}</button>` : '';
  const yaml = r.object
    ? `<details class="yaml" data-key="${esc(key)}"><summary>YAML</summary><div class="yaml-body"></div></details>`
    : '<p class="runtime">Created by the cluster at run time (no manifest object).</p>';
  return `<article class="res" data-key="${esc(key)}" data-kind="${esc(r.kind)}" data-name="${esc(r.name)}">
    <header class="res-head" tabindex="0" role="button" aria-pressed="false" title="Select: highlight its convox.yml source">
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

const cards = new Map(); // key -> {r, active, el, src?}
const template = document.createElement('template');
let renderSeq = 0;

const activeOf = (r) => (state.label && r.labels?.[state.label.key] === state.label.value ? `${state.label.key}=${state.label.value}` : '');
const fresh = (r) => {
  const c = cards.get(r.key);
  return c && c.r === r && c.active === activeOf(r);
};

/** Creates the cards of `rs` with one HTML parse. */
function buildCards(rs) {
  template.innerHTML = rs.map((r) => renderResource(r)).join('');
  const els = [...template.content.children];
  rs.forEach((r, i) => {
    const key = r.key;
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


/** Resources the page holds moved in convox.yml (an edit above them): their cards show the new position. */
export function patchSources(rs) {
  for (const r of rs) {
    const c = cards.get(r.key);
    const b = c && (c.src ??= c.el.querySelector('.src'));
    if (!b) continue;
    const from = String(num(r.source.from));
    if (b.dataset.from !== from) b.dataset.from = from;
    const text = srcText(r.source);
    if (b.textContent !== text) b.textContent = text;
  }
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
      sync(g.el, [g.title, ...rs.map((r) => cards.get(r.key).el), ...ghostsFor(ns, owner)]);
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
export function renderResources(done) {
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
      const c = cards.get(r.key).el;
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
    renderGhostCount();
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

const labelCommands = new WeakMap(); // result -> Map `key=value` -> Promise of commands

/** The core's label-filter commands (one per namespace) for the shown result. */
function commandsFor(run, key, value) {
  if (!labelCommands.has(run)) labelCommands.set(run, new Map());
  const cache = labelCommands.get(run);
  const id = `${key}=${value}`;
  if (!cache.has(id)) cache.set(id, ask(run, { type: 'labelCommands', key, value }).then((m) => m.commands));
  return cache.get(id);
}

let labelSeq = 0;

function renderLabelFilter(list) {
  const box = $('#label-filter');
  const seq = ++labelSeq;
  if (!state.label) {
    box.hidden = true;
    box.innerHTML = '';
    delete box.dataset.label;
    delete box.dataset.run;
    return;
  }
  const { key, value } = state.label;
  const run = state.shown;
  const head = `<div class="lf-head">Label <span class="chip on">${esc(key)}=${esc(value)}</span> · ${plural(list.length, 'resource')} <button type="button" id="clear-label">Clear filter</button></div>`;
  const label = `${key}=${value}`;
  box.hidden = false;
  // The same label keeps its commands on screen until the new result's arrive.
  if (box.dataset.label === label) box.firstElementChild.outerHTML = head;
  else {
    box.innerHTML = `${head}<div class="lf-cmds"></div>`;
    delete box.dataset.run;
  }
  box.dataset.label = label;
  if (box.dataset.run === String(run.id)) return;
  commandsFor(run, key, value).then((cmds) => {
    if (seq !== labelSeq) return;
    box.dataset.run = String(run.id);
    box.querySelector('.lf-cmds').innerHTML = cmds.map((c) => `<div class="lf-cmd"><code>${esc(c)}</code><button type="button" class="copy" data-copy="${esc(c)}">Copy</button></div>`).join('');
  }, () => {});
}
