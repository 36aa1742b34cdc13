// "Show what is not created": the objects the rack does not create for each service, timer and
// resource — the core's why-not (the view's `absent`, asked for only while the toggle is on) —
// as ghost cards after the real ones in their owner's group, each with the core's reason and
// fix. A fix the core made applicable is applied as the core computed it: its edits go into the
// editor at the UTF-16 offsets the core gave, and its rack parameters switch the Rack panel's.
// The page decides and computes none of it.
//
// Hooks: cards.js asks `ghostsFor(namespace, owner)` for a group's ghost cards; main.js passes
// clicks inside a ghost card to `ghostClick`; state.js sends `absent: true` while `state.ghosts`.
import { $, esc, num, plural, state, page } from './state.js';
import { setProfile } from './rackpanel.js';
import { toast } from './actions.js';
import { isolateHistory } from '@codemirror/commands';

let changed = () => {};

/** Adds the toggle beside the resource filter; `onChange()` asks for a new analysis. */
export function initGhosts(onChange) {
  changed = onChange;
  const label = document.createElement('label');
  label.className = 'ghost-toggle';
  label.title = 'For each service, timer and resource: the objects the rack does not create for it, why, and the fix';
  label.innerHTML = '<input type="checkbox" id="show-ghosts"> Show what is not created <small id="ghost-count"></small>';
  $('.filters').append(label);
  $('#show-ghosts').addEventListener('change', (e) => {
    state.ghosts = e.target.checked;
    changed();
  });
}

// The ghosts of a result by owner, built once per result.
const byOwner = new WeakMap(); // run -> Map owner -> absent[]
// Ghost cards by what they say: an edit elsewhere keeps the element (its data is refreshed).
const cards = new Map(); // identity -> element
const dataOf = new WeakMap(); // element -> the absent entry it shows now

const identity = (g) => [g.owner, g.kind, g.name, g.reason, g.fix, applicable(g)].join('\u0000');
const applicable = (g) => g.edits.length > 0 || g.params.length > 0;

function card(g) {
  const src = g.source
    ? `<button type="button" class="ghost-src" title="Show its owner in convox.yml">${esc(g.source.path)} · line ${num(g.source.line)}</button>`
    : '';
  const apply = applicable(g)
    ? `<button type="button" class="ghost-apply" title="Apply the fix: ${esc(g.fix)}">Apply fix</button>`
    : '';
  const el = document.createElement('article');
  el.className = 'ghost';
  el.dataset.kind = g.kind;
  el.dataset.name = g.name;
  el.innerHTML = `<header class="ghost-head"><span class="kind">${esc(g.kind)}</span> <span class="name">${esc(g.name)}</span> <span class="ghost-badge">not created</span></header>
    <p class="ghost-reason">${esc(g.reason)}</p>
    <p class="ghost-fix"><span class="ghost-label">Fix</span> ${esc(g.fix)}</p>
    <div class="ghost-actions">${apply}${src}</div>`;
  return el;
}

/** The ghost cards of `owner`'s group in namespace `ns` of the shown result (none while off). */
export function ghostsFor(ns, owner) {
  const run = state.shown;
  const all = run?.contract.absent;
  if (!state.ghosts || !all?.length || ns !== run.contract.namespace) return [];
  let owners = byOwner.get(run);
  if (!owners) {
    owners = new Map();
    for (const g of all) {
      if (!owners.has(g.owner)) owners.set(g.owner, []);
      owners.get(g.owner).push(g);
    }
    byOwner.set(run, owners);
    // Cards no result shows any more are let go.
    const live = new Set(all.map(identity));
    for (const k of cards.keys()) if (!live.has(k)) cards.delete(k);
  }
  return (owners.get(owner) || []).map((g) => {
    const id = identity(g);
    let el = cards.get(id);
    if (!el) cards.set(id, (el = card(g)));
    dataOf.set(el, g);
    return el;
  });
}

/** Shows how many ghosts the shown result has (after each render). */
export function renderGhostCount() {
  const count = $('#ghost-count');
  if (!count) return;
  const n = state.ghosts ? state.shown?.contract.absent?.length ?? 0 : 0;
  const text = state.ghosts ? `(${plural(n, 'object')})` : '';
  if (count.textContent !== text) count.textContent = text;
}

/** A click inside a ghost card: apply its fix, or show its owner. True when it was one. */
export function ghostClick(target) {
  const el = target.closest('.ghost');
  const g = el && dataOf.get(el);
  if (!g) return false;
  if (target.closest('.ghost-apply')) applyFix(g);
  else if (target.closest('.ghost-src') && g.source) {
    page.editor.highlightRange({ from: g.source.from, to: g.source.to }, true);
    page.editor.goToOffset(g.source.from);
  }
  return true;
}

/** Applies the core's fix: its edits to the editor's text, its rack parameters to the panel. */
function applyFix(g) {
  // The offsets are those of the text the shown result was made from.
  if (page.editor.text() !== state.shown.source) {
    toast('The manifest changed since: try again once the output has caught up');
    return;
  }
  if (g.params.length) {
    const params = { ...state.profile.params };
    for (const { name, value } of g.params) {
      const p = state.params.find((x) => x.name === name);
      if (p && value === p.default) delete params[name];
      else params[name] = value;
    }
    setProfile({ provider: state.profile.provider, params });
  }
  if (g.edits.length) {
    // One transaction, offsets all in the text before it, and one undo step of its own; the
    // cursor ends after the last edit.
    const { view } = page.editor;
    const changes = view.state.changes(g.edits.map((e) => ({ from: e.from, to: e.to, insert: e.insert })));
    const last = g.edits[g.edits.length - 1];
    view.dispatch({
      changes, selection: { anchor: changes.mapPos(last.to, 1) }, scrollIntoView: true,
      annotations: isolateHistory.of('full'), userEvent: 'input.fix',
    });
  }
  changed();
  toast(`Applied: ${g.fix}`);
}
