// One analysis per edit: an edit schedules a request to the worker (./core.js keeps one in
// flight and only the newest waiting); the result becomes `state.current` (and the shown one,
// unless the manifest cannot be read: then the last readable result of the same document stays
// on screen, dimmed and dated, its line links mapped through the edits since; after a whole
// document was replaced, only the error shows), and the page renders it: diagnostics, rack option
// errors, whether the rack refuses the release, the variables standing in, the open tab, and the
// summary with the cards (./cards.js: both count what the filter lets through).
import { $, esc, options, plural, state, page, PAGE } from './state.js';
import { markEditor, renderDiagnostics } from './diagnostics.js';
import { renderResources, patchSources } from './cards.js';
import { renderTab } from './reference.js';
import { markCursorResources, refreshSelection } from './provenance.js';
import { renderRackPanel, showOptionErrors } from './rackpanel.js';
import { afterPaint, nextTask } from './tasks.js';
import { renderCompare } from './compare.js';

/** No hints (a result the core could not give). */
const NO_HINTS = { at: new Int32Array(0), ends: new Int32Array(0), text: '' };

let scheduled = false;
let held = null; // the result whose resource objects the worker may refer to by key

/** Edits are sent once the current event is handled. */
export function schedule() {
  if (scheduled) return;
  scheduled = true;
  const at = performance.now();
  // Right after the event that changed the text, before the browser renders the frame; for a
  // large text (a 5 MB paste) in a task of its own, so that event's task ends first.
  const later = page.editor.length() > 200_000 ? nextTask() : Promise.resolve();
  later.then(() => {
    scheduled = false;
    analyze(at);
  });
}

/** Analyses the editor's text; `t0` is when the edit happened (for `state.lastMs`: edit → DOM). */
export async function analyze(t0 = performance.now()) {
  const opts = options();
  // A long analysis (a large paste) says so; the editor stays usable meanwhile.
  const busy = setTimeout(() => ($('#busy').hidden = false), 300);
  // The text is read when the request is sent: typing while a 5 MB text maps only replaces the
  // waiting request, without joining the document per keystroke.
  let mark = null; // the editor's version of the text sent
  const res = await page.core.map(() => {
    mark = page.editor.mark();
    return page.editor.text();
  }, opts);
  clearTimeout(busy);
  if (!res) return; // a newer edit replaced this one
  $('#busy').hidden = true;
  accept(res, res.source, opts, t0, mark);
}

/**
 * What the page shows when the core could not run: the message, as one error, and nothing else.
 * @returns {import('./types/worker').PageContract}
 */
function errorContract(opts, message) {
  return {
    rack: opts.rack ?? state.defaults.rack, app: opts.app ?? state.defaults.app, namespace: '', resources: [],
    diagnostics: [{ severity: 'error', message, path: null, line: null, column: null, from: null, to: null, fixes: [] }],
    total: 0, counts: {}, namespaces: 0, diagnosticsTotal: 1, errors: 1, optionErrors: [], profile: null, absent: [],
    withheld: [], verdict: null, groups: [], hints: NO_HINTS, hintsKey: '', defaultNames: [],
  };
}

/**
 * @param {import('./types/worker').MapResult | import('./types/worker').MapFailure} res
 * @param {string} source
 * @param {Record<string, any>} opts
 * @param {number} t0
 * @param {import('./types/worker').Result['mark']} mark
 */
function accept(res, source, opts, t0, mark) {
  const t1 = performance.now();
  /** @type {import('./types/worker').PageContract} */
  let contract;
  if ('error' in res) contract = errorContract(opts, res.error);
  else {
    // An entry is a resource, the key of one the page holds, or `{moved, source}`: one it holds,
    // at a new source position (an edit above it).
    const moved = [];
    const resources = res.entries.map((e) => {
      if (typeof e === 'string') return held?.byKey.get(e);
      if (!('moved' in e)) return e;
      const r = held?.byKey.get(e.moved);
      if (r) moved.push([r, e.source]);
      return r;
    });
    if (resources.some((r) => !r)) {
      // The worker referred to an object this page no longer holds: ask again, in full.
      held = null;
      page.core.hold(null);
      schedule();
      return;
    }
    // The object (and its card) stays; only its position changes.
    for (const [r, source] of moved) r.source = source;
    patchSources(moved.map(([r]) => r));
    contract = {
      rack: res.rack, app: res.app, namespace: res.namespace, profile: res.profile, optionErrors: res.optionErrors,
      resources, groups: res.groups, diagnostics: res.diagnostics, total: res.total, counts: res.counts, namespaces: res.namespaces,
      diagnosticsTotal: res.diagnosticsTotal, errors: res.errors, hints: res.hints, hintsKey: res.hintsKey, absent: res.absent ?? [],
      withheld: res.withheld ?? [], verdict: res.verdict ?? null, defaultNames: res.defaultNames ?? [],
    };
    learnDefaults(contract, opts);
  }
  const run = { id: res.id, source, options: opts, contract, byKey: new Map(contract.resources.map((r) => [r.key, r])), mark, at: new Date() };
  if (contract.resources.length) {
    held = run;
    page.core.hold(run.id);
  }
  state.current = run;
  const broken = contract.errors > 0 && contract.total === 0;
  // The last readable output stays only while this is an edit of its text: after a whole new
  // document (a paste over everything, a dropped file, another example) it is another manifest's.
  if (!broken) state.good = run;
  else if (state.good && state.good.mark?.document !== mark?.document) state.good = null;
  const shown = broken && state.good ? state.good : run;
  if (shown !== state.shown) state.limit = PAGE;
  state.shown = shown;
  // The worker keeps the analyses of what the page may still ask about; the editor, the edits
  // since the text shown (its line links are mapped through them).
  page.core.keep([state.good?.id, state.shown.id]);
  page.editor.forget(state.shown.mark);
  render(() => {
    const t2 = performance.now();
    state.lastMs = t2 - t0;
    const ok = 'ms' in res ? res : null;
    state.timings = { worker: ok?.ms.total ?? 0, map: ok?.ms.map ?? 0, roundTrip: ok?.ms.roundTrip ?? 0, render: t2 - t1, reused: ok?.reused ?? 0, moved: ok?.moved ?? 0 };
    state.rendered = run.id;
    if (state.firstResultMs === null) {
      state.firstResultMs = performance.now();
      performance.mark('convox-first-result');
      document.body.dataset.ready = 'true';
      // Then what the first result did not need: completion and search, and the rest of the
      // core (the second wasm build: Compare, Topology, the editor's help…) once the page is
      // idle, so that compiling it does not compete with painting this result.
      requestIdleCallback(() => page.core.loadExtras(), { timeout: 1000 });
      page.editor.loadRest().then(() => (document.body.dataset.loaded = 'true'));
    }
    $('#summary').dataset.ms = state.lastMs.toFixed(1);
  });
}

/** Renders the current result (and the shown one, when that is the last good result). */
export function render(done) {
  const { current, shown } = state;
  const stale = shown !== current;
  const c = current.contract;
  // A first screen of cards (a result shown where none was) is painted before the editor's
  // marks: an update of an editor that never had focus lays the page out, and would delay it.
  if (c.resources.length && !$('#resources .group')) afterPaint().then(() => state.current?.contract === c && markEditor(c));
  else markEditor(c);
  renderDiagnostics(current.contract);
  showOptionErrors(current.contract.optionErrors);
  renderStandIns(current.contract.withheld);
  renderVerdict(current.contract, stale);
  const banner = $('#stale');
  banner.hidden = !stale;
  if (stale) {
    banner.textContent = `The manifest cannot be read: showing it as it was at ${shown.at.toLocaleTimeString()}, the last version that could be, dimmed. Its line links follow your edits.`;
  }
  $('#tab-resources').classList.toggle('is-stale', stale);
  renderTab();
  renderResources(() => {
    markCursorResources();
    refreshSelection();
    renderCompare();
    done?.();
  });
}

/**
 * The release variables still standing in (the core's `withheld`: a link or the kept work did
 * not carry their values), listed in the release environment with what to do.
 */
function renderStandIns(withheld) {
  const el = $('#stand-ins');
  const html = withheld.length
    ? `Values not shared (stand-ins used): ${withheld.map((n) => `<code>${esc(n)}</code>`).join(', ')} — write <code>NAME=value</code> above to use the real value.`
    : '';
  if (el.__html !== html) {
    el.__html = html;
    el.innerHTML = html;
  }
  el.hidden = !html;
  const count = withheld.length ? ` · ${plural(withheld.length, 'value')} not shared` : '';
  if ($('#env-standing').textContent !== count) $('#env-standing').textContent = count;
}

/**
 * Whether the rack refuses the release (the core's verdict: errors in the manifest or the rack's
 * options): a banner above the tabs, and the cards marked as what it creates once they are fixed.
 */
function renderVerdict(c, stale) {
  const refused = !!c.verdict?.refused;
  const el = $('#refused');
  // The core's sentences: the verdict, and what the objects shown are.
  const shown = c.total > 0 ? c.verdict.onceFixed ?? '' : stale ? 'The objects shown are those of the last version that could be read.' : 'Nothing is created until then.';
  const html = refused
    ? `<b>${esc(c.verdict.summary ?? `The rack refuses this release: ${plural(c.verdict.errors, 'error')}.`)}</b> ${esc(shown)} <button type="button" class="plain" data-diag-filter="error">List the errors</button>`
    : '';
  if (el.__html !== html) {
    el.__html = html;
    el.innerHTML = html;
  }
  el.hidden = !refused;
  $('#tab-resources').classList.toggle('refused', refused && c.total > 0);
}

/** The core's defaults (rack, app, provider), as a result made without them shows. */
function learnDefaults(contract, opts) {
  const d = {
    rack: opts.rack ? state.defaults.rack : contract.rack,
    app: opts.app ? state.defaults.app : contract.app,
    provider: opts.provider ? state.defaults.provider : contract.profile?.provider ?? state.defaults.provider,
  };
  if (d.rack === state.defaults.rack && d.app === state.defaults.app && d.provider === state.defaults.provider) return;
  const redraw = d.provider !== state.defaults.provider && !state.profile.provider;
  state.defaults = d;
  $('#rack').placeholder = d.rack;
  $('#app-name').placeholder = d.app;
  if (redraw) renderRackPanel();
}
