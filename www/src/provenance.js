// Provenance: where each resource comes from is the core's. `source.from`..`to` is its owner's
// whole block (the editor's UTF-16 offsets in the text that was analysed); `source.keys` are
// the keys under the owner that shaped it (`domain` for the Ingress, `port` for the
// Deployment, Service, Ingress…), each with its range. The cursor marks the resources of the
// innermost of all those ranges holding it (on `domain`: the Ingress alone; on the service's
// name or a key the core maps to no object: its whole block), and scrolls the first marked card
// into view within the output pane; selecting a resource highlights the keys that shaped it
// (its whole range when the core names none). The cursor on a key also names, on each marked
// card, the fields that key wrote there (`source.keys[].fields`) and marks their lines in the
// card's YAML (the core's `fields` of each line range). No line or indentation guessing here.
import { $, all, esc, page, state } from './state.js';

/** The innermost (shortest) range of `run`'s resources (a key's or a whole source) holding `pos`, or null. */
export function innermost(run, pos) {
  // The ranges a cursor may be in: each key's, and the whole source's. Plain loops, not a
  // generator: this runs on every cursor move and every result, over every range of every
  // resource (about 20,000 at 200 services: 3.4 ms with a generator).
  let best = null;
  const tighter = (g) => g.from <= pos && pos <= g.to && (!best || g.to - g.from < best.to - best.from);
  for (const r of run.contract.resources) {
    const s = r.source;
    if (s?.from == null) continue;
    if (s.keys) for (const k of s.keys) if (tighter(k)) best = k;
    if (tighter(s)) best = s;
  }
  return best && { from: best.from, to: best.to };
}

/** Whether resource `r` has range `b` (as a key or its whole source). */
function has(r, b) {
  const s = r.source;
  if (s?.from == null) return false;
  if (s.from === b.from && s.to === b.to) return true;
  return !!s.keys?.some((k) => k.from === b.from && k.to === b.to);
}

/** What selecting `key` highlights: the keys that shaped it, else its whole range (a stale result's mapped through the edits since). */
const rangesFor = (key) => {
  const run = state.shown;
  const s = key && run?.byKey.get(key)?.source;
  if (s?.from == null) return [];
  const ranges = s.keys?.length ? s.keys.map((k) => ({ from: k.from, to: k.to })).sort((a, b) => a.from - b.from) : [{ from: s.from, to: s.to }];
  if (run === state.current) return ranges;
  const at = (p) => page.editor.mapPos(p, run.mark) ?? p;
  return ranges.map((r) => ({ from: at(r.from), to: at(r.to) }));
};

/** Selects resource `key` (again: unselects) and highlights the ranges that shaped it. */
export function select(key, scroll = true) {
  state.selected = state.selected === key ? null : key;
  for (const el of all('#resources .res')) {
    const on = el.dataset.key === state.selected;
    el.classList.toggle('selected', on);
    el.querySelector('.res-head').setAttribute('aria-pressed', String(on));
  }
  page.editor.highlightRanges(rangesFor(state.selected), scroll);
}

/** After a new result: the selected resource's ranges may have moved; highlight the new ones. */
export function refreshSelection() {
  const want = rangesFor(state.selected);
  const have = page.editor.highlightedRanges();
  const same = want.length === have.length && want.every((w, i) => w.from === have[i].from && w.to === have[i].to);
  if (!same) page.editor.highlightRanges(want, false);
}

/**
 * Scrolls `el` into view within its scrolling tab panel only when it is not already in view: the
 * editor and the page stay where the person is reading. A panel that does not scroll (the narrow
 * layout, where the page scrolls) is left alone.
 */
function reveal(el) {
  const pane = el.closest('.tab-panel');
  if (!pane || pane.scrollHeight <= pane.clientHeight) return;
  const box = pane.getBoundingClientRect();
  const at = el.getBoundingClientRect();
  if (at.top >= box.top && at.bottom <= box.bottom) return;
  pane.scrollTop += at.top - box.top - Math.max(0, (box.height - at.height) / 3);
}

/** The key of resource `r` whose range is `best` ({key, fields}), or null (its whole block). */
const keyAt = (r, best) => r.source?.keys?.find((k) => k.from === best.from && k.to === best.to) ?? null;

/**
 * Names on card `el` the fields key `k` wrote in its object (none: removes the line), and marks
 * them in its YAML view when open.
 */
function showShaped(el, k) {
  const want = k?.fields?.length ? k.key : '';
  if ((el.dataset.shaped ?? '') !== want) {
    el.querySelector('.shaped')?.remove();
    if (want) {
      el.dataset.shaped = want;
      const p = document.createElement('p');
      p.className = 'shaped';
      p.innerHTML = `<code>${esc(k.key)}</code> writes ${k.fields.map((f) => `<code>${esc(f)}</code>`).join(', ')}`
        + (el.querySelector('details.yaml') ? ' <button type="button" class="linkish" data-show-shaped>show in YAML</button>' : '');
      el.querySelector('.res-top').after(p);
    } else {
      delete el.dataset.shaped;
    }
  }
  markYaml(el);
}

/**
 * Marks, in card `el`'s open YAML view, the lines of the fields its shaping key wrote (the
 * core's line ranges, as `data-keys` on each line). `scroll`: 'yaml' brings the first into view
 * within the YAML box only (the cursor moved: the page stays put); 'page' also within the
 * output pane (the person asked to see them).
 */
export function markYaml(el, scroll = '') {
  const key = el.dataset.shaped ?? '';
  let first = null;
  for (const line of el.querySelectorAll('.yaml-text .yl')) {
    const on = !!key && line.dataset.keys.split(' ').includes(key);
    line.classList.toggle('mark', on);
    if (on && !first) first = line;
  }
  if (!scroll || !first) return;
  const pre = first.closest('.yaml-text');
  const box = pre.getBoundingClientRect();
  const at = first.getBoundingClientRect();
  if (at.top < box.top || at.bottom > box.bottom) pre.scrollTop += at.top - box.top - box.height / 3;
  if (scroll === 'page') first.scrollIntoView({ block: 'center' });
}

let marked = null; // {run, from, to} the cards were last marked for

/** Marks the cards of the resources of the innermost range holding the cursor; reveals the first. */
export function markCursorResources(force = true) {
  const run = state.shown;
  if (!run) return;
  const best = innermost(run, state.cursor);
  if (!force && marked && marked.run === run && marked.from === best?.from && marked.to === best?.to) return;
  const moved = !marked || marked.from !== best?.from || marked.to !== best?.to;
  marked = { run, from: best?.from, to: best?.to };
  let first = null;
  for (const el of all('#resources .res')) {
    const r = run.byKey.get(el.dataset.key);
    const on = !!best && !!r && has(r, best);
    if (on && !first) first = el;
    if (el.classList.contains('from-cursor') !== on) el.classList.toggle('from-cursor', on);
    if (on || el.dataset.shaped) showShaped(el, on ? keyAt(r, best) : null);
  }
  const out = $('#resources');
  out.dataset.cursor = String(state.cursor);
  out.dataset.cursorRange = best ? `${best.from}-${best.to}` : '';
  // Only when the cursor reached another range: a re-render keeps the reader's place.
  if (first && moved && !force) {
    reveal(first);
    markYaml(first, 'yaml');
  }
}
