// Provenance: the convox.yml range each resource comes from is the core's `source.from`..`to`
// (the editor's UTF-16 offsets in the text that was analysed). Selecting a resource highlights
// exactly that range; the cursor marks the resources whose range is the innermost one holding
// it. No line or indentation guessing here: the ranges are the core's.
import { $, state, page } from './state.js';

/** The innermost (shortest) source range of `run` holding offset `pos`, or null. */
export function innermost(run, pos) {
  let best = null;
  for (const r of run.contract.resources) {
    const g = r.source;
    if (g?.from != null && g.from <= pos && pos <= g.to && (!best || g.to - g.from < best.to - best.from)) best = g;
  }
  return best && { from: best.from, to: best.to };
}

const rangeOf = (key) => {
  const s = key && state.shown?.byKey.get(key)?.source;
  return s?.from != null ? { from: s.from, to: s.to } : null;
};

/** Selects resource `key` (again: unselects) and highlights its source range. */
export function select(key, scroll = true) {
  state.selected = state.selected === key ? null : key;
  for (const el of document.querySelectorAll('#resources .res')) {
    const on = el.dataset.key === state.selected;
    el.classList.toggle('selected', on);
    el.querySelector('.res-head').setAttribute('aria-pressed', String(on));
  }
  page.editor.highlightRange(rangeOf(state.selected), scroll);
}

/** After a new result: the selected resource's range may have moved; highlight the new one. */
export function refreshSelection() {
  const want = rangeOf(state.selected);
  const have = page.editor.highlighted();
  if (want?.from !== have?.from || want?.to !== have?.to) page.editor.highlightRange(want, false);
}

let marked = null; // {run, from, to} the cards were last marked for

/** Marks the cards of the resources whose range is the innermost one holding the cursor. */
export function markCursorResources(force = true) {
  const run = state.shown;
  if (!run) return;
  const best = innermost(run, state.cursor);
  if (!force && marked && marked.run === run && marked.from === best?.from && marked.to === best?.to) return;
  marked = { run, from: best?.from, to: best?.to };
  for (const el of document.querySelectorAll('#resources .res')) {
    const s = run.byKey.get(el.dataset.key)?.source;
    const on = !!best && s?.from === best.from && s?.to === best.to;
    if (el.classList.contains('from-cursor') !== on) el.classList.toggle('from-cursor', on);
  }
  const out = $('#resources');
  out.dataset.cursor = String(state.cursor);
  out.dataset.cursorRange = best ? `${best.from}-${best.to}` : '';
}
