// Compare: pin the manifest as it is now (with its rack, app and rack profile) as the baseline —
// or, with "Compare with another rack version", the same work on another rack version (the
// baseline is the rack before an update, the page the rack after: the Changes tab then says what
// the update does to the app's objects);
// from then on each result is compared with it by the core (`Workspace.changes`: the objects
// added, removed and changed, each change's field paths with the values before and after —
// never a secret value — and its effects), and the page shows what the core said: a Changes
// tab, a badge on each added or changed card, and the removed objects as struck-through cards
// above the groups. The baseline is analysed with the release environment of the moment (a
// pinned manifest keeps no environment values). The URL, the kept work and share links carry
// the baseline (share.js: `#v2/`). The page compares nothing itself.
//
// Hooks: main.js calls `initCompare()`; analysis.js calls `renderCompare()` after each render;
// cards.js calls `markCards()` after it puts cards on screen.
import { $, all, ask, esc, num, page, plural, state } from './state.js';
import { follow } from './persist.js';
import { paramsAt, rackVersion, versionLabel } from './rackpanel.js';
import { copy, toast } from './actions.js';

/** Changes shown per result, and field rows per change (the counts count all). */
const MAX_SHOWN = 300;
const MAX_FIELDS = 60;

const results = new WeakMap(); // run -> {baseline, promise}
let seq = 0;

/** The options the baseline is analysed with: its rack, app and profile, today's environment. */
function baselineOptions(b) {
  const o = { envText: $('#env').value };
  if (Object.keys(state.standIns).length) o.standIns = { ...state.standIns };
  if (b.rack) o.rack = b.rack;
  if (b.app) o.app = b.app;
  if (b.provider) o.provider = b.provider;
  if (b.rackVersion) o.rackVersion = b.rackVersion;
  if (b.params && Object.keys(b.params).length) o.params = { ...b.params };
  return o;
}

function changesOf(run, baseline) {
  const had = results.get(run);
  if (had?.baseline === baseline) return had.promise;
  const promise = ask(run, { type: 'changes', baseline: { source: baseline.source, options: baselineOptions(baseline) } })
    .then((m) => m.changes);
  results.set(run, { baseline, promise });
  return promise;
}

/** Adds the Compare bar beside the resource filter. */
export function initCompare() {
  const bar = document.createElement('div');
  bar.className = 'compare-bar';
  bar.id = 'compare-bar';
  $('.filters').append(bar);
  $('#pane-output').addEventListener('click', (e) => {
    if (e.target.closest('[data-pin]')) pin();
    else if (e.target.closest('[data-unpin]')) unpin();
    else if (e.target.closest('[data-show-changes]')) $('#tab-button-changes').click();
    else if (/** @type {HTMLElement} */ (e.target).closest('[data-copy-changes]')) copyChanges();
  });
  bar.addEventListener('change', (e) => {
    const select = /** @type {HTMLSelectElement | null} */ (/** @type {HTMLElement} */ (e.target).closest('[data-pin-version]'));
    if (select?.value) pin({ rackVersion: select.value });
  });
  renderBar(null);
  renderPanel(null);
}

/**
 * Pins the work as it is now as the baseline; with `rackVersion`, on that rack version instead of
 * the chosen one (its parameters that the older rack does not have yet are left out: there the
 * rack behaves as their defaults).
 */
/** @param {{rackVersion?: string}} [o] */
export function pin({ rackVersion: other } = {}) {
  const { provider, version, params } = state.profile;
  const at = other || version;
  state.baseline = {
    source: page.editor.text(),
    rack: $('#rack').value.trim(),
    app: $('#app-name').value.trim(),
    provider: provider || undefined,
    rackVersion: at || undefined,
    params: other ? paramsAt(params, other) : { ...params },
  };
  follow();
  renderCompare();
}

/** Copies the comparison as `convox-k8s diff --format markdown` prints it (the core's text), for a review. */
async function copyChanges() {
  const run = state.shown;
  const baseline = state.baseline;
  if (!run || !baseline) return;
  try {
    const { markdown } = await ask(run, { type: 'changes', markdown: true, baseline: { source: baseline.source, options: baselineOptions(baseline) } });
    await copy(markdown, 'Changes copied as Markdown');
  } catch (e) {
    toast(`Could not copy the changes: ${e.message}`);
  }
}

function unpin() {
  state.baseline = null;
  follow();
  renderCompare();
}

/** Compares the shown result with the baseline (when one is pinned) and shows what changed. */
export async function renderCompare() {
  const mine = ++seq;
  const run = state.shown;
  const baseline = state.baseline;
  if (!baseline || !run) {
    state.changes = null;
    show(null);
    return;
  }
  let c;
  try {
    c = await changesOf(run, baseline);
  } catch (e) {
    if (mine === seq) $('#tab-changes').textContent = `Could not compare with the baseline: ${e.message}`;
    return;
  }
  if (mine !== seq || state.shown !== run || state.baseline !== baseline) return;
  state.changes = { run: run.id, ...c };
  show(c);
}

function show(c) {
  renderBar(c);
  markCards();
  renderRemoved(c);
  renderPanel(c);
}

const counts = (s) => `${num(s.added)} added · ${num(s.removed)} removed · ${num(s.changed)} changed`;
const effectsText = (s) => Object.entries(s.effects || {}).map(([e, n]) => `${e} ${num(n)}`).join(', ');

/** The rack version of the baseline when it is not the one the page maps for: `rack 3.22.5`. */
function otherVersion() {
  const b = state.baseline?.rackVersion || rackVersion();
  return b !== rackVersion() ? b : '';
}

function renderBar(c) {
  const bar = $('#compare-bar');
  const now = rackVersion();
  const versions = state.versions.filter((v) => v.version !== now);
  const other = otherVersion();
  const html = !state.baseline
    ? `<button type="button" class="pin" data-pin title="Keep this manifest, rack, app and profile as the baseline: every edit from now on shows what it changes in the cluster">Pin as baseline</button>
       ${versions.length ? `<label class="compare-version" title="The same work on another rack version as the baseline: the Changes tab says what updating the rack from it to ${esc(now)} does to the app's objects">Compare with another rack version <select data-pin-version><option value="">…</option>${versions.map((v) => `<option value="${esc(v.version)}">${esc(versionLabel(v))}</option>`).join('')}</select></label>` : ''}`
    : `<span class="compare-state">Compared with the pinned baseline${other ? ` on rack ${esc(other)}` : ''}: <button type="button" class="plain" data-show-changes>${c ? esc(c.changes.length || c.total ? counts(c.summary) : 'no changes') : 'comparing…'}</button></span>
       <button type="button" class="plain" data-pin title="Pin the work as it is now instead">Pin again</button>
       <button type="button" class="plain" data-unpin>Unpin</button>`;
  if (bar.__html !== html) {
    bar.__html = html;
    bar.innerHTML = html;
  }
}

/** Badges the cards on screen that the last comparison says are added or changed. */
export function markCards() {
  const c = state.baseline && state.changes?.run === state.shown?.id ? state.changes : null;
  const by = new Map(c ? c.changes.filter((x) => x.change !== 'removed').map((x) => [x.key, x]) : []);
  for (const el of all('#resources .res[data-key]')) {
    const x = by.get(el.dataset.key);
    const want = x ? `${x.change}${x.effects.length ? `: ${x.effects.join(', ')}` : ''}` : '';
    if ((el.dataset.change || '') === want) continue;
    el.querySelector('.change-badge')?.remove();
    if (!x) {
      delete el.dataset.change;
      continue;
    }
    el.dataset.change = want;
    const badge = document.createElement('span');
    badge.className = `change-badge ${x.change}`;
    badge.textContent = want;
    badge.title = x.change === 'added' ? 'New since the pinned baseline' : 'Changed since the pinned baseline: the Changes tab lists its fields';
    el.querySelector('.res-top').append(badge);
  }
}

/** The objects the baseline had and this result has not, struck through above the groups. */
function renderRemoved(c) {
  const gone = c ? c.changes.filter((x) => x.change === 'removed') : [];
  const box = $('#removed');
  const html = gone.length
    ? `<section class="group removed-group"><h2 class="group-title">removed since the baseline <small class="group-count">${plural(gone.length, 'resource')}</small></h2>
      ${gone.map((x) => `<article class="res removed" data-removed="${esc(x.key)}"><div class="res-top"><h3 class="res-title"><span class="kind">${esc(x.kind)}</span> <span class="name">${esc(x.name)}</span></h3><span class="change-badge removed">removed${x.effects.length ? `: ${esc(x.effects.join(', '))}` : ''}</span></div>
        ${x.notes.length ? `<ul class="notes">${x.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}</article>`).join('')}</section>`
    : '';
  if (box.__html !== html) {
    box.__html = html;
    box.innerHTML = html;
  }
  box.hidden = !html;
}

const value = (v) => (v === null || v === undefined ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v));

function changeHtml(x) {
  const where = [x.namespace && `namespace ${x.namespace}`, x.owner && `from ${x.owner}`].filter(Boolean).join(', ');
  const fields = x.fields.slice(0, MAX_FIELDS);
  return `<article class="change ${esc(x.change)}" data-change-key="${esc(x.key)}">
    <h3 class="change-title"><span class="change-badge ${esc(x.change)}">${esc(x.change)}</span> <span class="kind">${esc(x.kind)}</span> <span class="name">${esc(x.name)}</span>${where ? ` <small>${esc(where)}</small>` : ''}</h3>
    ${x.effects.length ? `<p class="effects">${x.effects.map((e) => `<span class="effect ${esc(e)}">${esc(e)}</span>`).join(' ')}</p>` : ''}
    ${x.notes.length ? `<ul class="notes">${x.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
    ${fields.length ? `<div class="table-wrap"><table class="ref fields"><thead><tr><th>Field</th><th>Before</th><th>After</th></tr></thead><tbody>
      ${fields.map((f) => `<tr><td data-label="Field"><code>${esc(f.path)}</code></td><td data-label="Before"><code>${esc(value(f.before))}</code></td><td data-label="After"><code>${esc(value(f.after))}</code></td></tr>`).join('')}
    </tbody></table></div>${x.fields.length > fields.length ? `<p class="intro">and ${plural(x.fields.length - fields.length, 'more field')}</p>` : ''}` : ''}
  </article>`;
}

/** The Changes tab: how to pin, or the comparison (summary, notes, each change). */
function renderPanel(c) {
  const el = $('#tab-changes');
  let html;
  if (!state.baseline) {
    html = `<p class="intro">Pin the manifest as it is now as the <b>baseline</b>; from then on this tab shows what each edit would change in the cluster: the objects added, removed and changed, each changed field with its value before and after (secret values never), and the effects — <b>rollout</b> (pods are replaced), <b>immutable</b> (the API server refuses the change in place), <b>data-loss</b>, <b>traffic</b>. <button type="button" class="pin" data-pin>Pin as baseline</button></p>`;
  } else if (!c) {
    html = '<p class="empty">Comparing with the baseline…</p>';
  } else if (!c.total) {
    html = '<p class="intro">No changes: the rack applies the same objects as for the pinned baseline.</p>';
  } else {
    const shown = c.changes.slice(0, MAX_SHOWN);
    const effects = effectsText(c.summary);
    html = `<p class="intro changes-summary"><b>${esc(counts(c.summary))}</b>${effects ? ` — effects: ${esc(effects)}` : ''}.${c.baselineErrors ? ` The baseline has ${plural(c.baselineErrors, 'error')}: its objects may be incomplete.` : ''} <button type="button" class="copy" data-copy-changes title="The whole comparison, as convox-k8s diff --format markdown prints it: for a review or a pull request">Copy as Markdown</button></p>
      ${c.notes.length ? `<ul class="notes change-notes">${c.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
      ${shown.map(changeHtml).join('')}
      ${c.total > shown.length ? `<p class="intro">Showing ${num(shown.length)} of ${num(c.total)} changes; <code>convox-k8s diff</code> lists them all.</p>` : ''}`;
  }
  if (el.__html !== html) {
    el.__html = html;
    el.innerHTML = html;
  }
}
