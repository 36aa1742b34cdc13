// Editor help, all of it computed by the core (src/assist, through the worker's Workspace):
// completions (@codemirror/autocomplete, loaded after the first result) of the keys and values the cursor's place takes, a key's
// documentation on hover, the quick fixes the lint tooltips offer (lintmarks.js calls
// `applyFix`), and inline hints after each service, timer, resource and balancer name listing the
// objects it produces. This module asks and renders: it knows no key, no YAML and no object kind.
//
// `assistExtensions({ask, setEnv})`: `ask(type, text, offset)` resolves with the core's answer
// (`complete` → `{from, items}`, `hover` → `{from, to, path, doc, …}` or null; UTF-16 offsets);
// `setEnv(name, value)` adds a release variable (a fix's `{env, value}` edit).
import { Compartment, RangeSet, RangeSetBuilder, RangeValue, StateEffect, StateField } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, WidgetType, hoverTooltip } from '@codemirror/view';

/** CodeMirror's icon type for each kind of completion the core gives. */
const TYPES = { key: 'property', value: 'enum', name: 'variable' };

/** @type {(name: string, value: string) => void} */
let envHandler = () => {};

/** Applies a quick fix: its text edits (UTF-16 offsets, mapped since) in one transaction, its release variables through the page. */
export function applyFix(view, fix) {
  const changes = fix.edits.filter((e) => e.from != null).map((e) => ({ from: e.from, to: e.to, insert: e.insert }));
  if (changes.length) view.dispatch({ changes, userEvent: 'input.fix' });
  for (const e of fix.edits) if (e.env != null) envHandler(e.env, e.value ?? '');
  view.focus();
}

/** `text` in an element of `tag`, with `className`: manifest text only ever lands as text. */
function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text != null) e.textContent = text;
  return e;
}

/** Past this many characters completion is offered only when asked (Ctrl-Space): each answer costs an analysis of the whole text. */
const TYPING_LIMIT = 1_000_000;

function completionSource(ask) {
  return async (ctx) => {
    // A multi-megabyte text (a big paste goes in as typed slices) is not joined and analysed per keystroke.
    if (!ctx.explicit && ctx.state.doc.length > TYPING_LIMIT) return null;
    const found = await ask('complete', ctx.state.doc.toString(), ctx.pos);
    if (ctx.aborted || !found || !found.items.length) return null;
    // While typing, only where a word has begun (or right after `key: `).
    if (!ctx.explicit && found.from === ctx.pos && !/:\s$|-\s$/.test(ctx.state.sliceDoc(Math.max(0, ctx.pos - 2), ctx.pos))) return null;
    return {
      from: found.from,
      options: found.items.map((i) => ({
        label: i.label, type: TYPES[i.kind], detail: i.detail || undefined, apply: i.apply,
        info: i.info ? () => el('div', 'cm-assist-info', i.info) : undefined,
      })),
      validFor: /^[\w.-]*$/,
    };
  };
}

function hoverDocs(ask) {
  return hoverTooltip(async (view, pos) => {
    const h = await ask('hover', view.state.doc.toString(), pos);
    if (!h) return null;
    return {
      pos: h.from,
      end: h.to,
      above: true,
      create() {
        const dom = el('div', 'cm-assist-hover');
        dom.append(el('div', 'cm-assist-path', h.path));
        if (h.legacy) dom.append(el('p', 'cm-assist-legacy', h.legacy));
        if (h.newer) dom.append(el('p', 'cm-assist-legacy', h.newer));
        if (h.doc) dom.append(el('p', null, h.doc));
        const facts = [['Forms', h.forms], ['Default', h.default], ['Kubernetes', h.kubernetes], ['Values', (h.values || []).join(' | ')], ['Since', h.since ? `rack version ${h.since}` : '']];
        for (const [name, value] of facts) {
          if (!value) continue;
          const row = el('div', 'cm-assist-fact');
          row.append(el('b', null, `${name}: `), el('span', null, value));
          dom.append(row);
        }
        return { dom };
      },
    };
  }, { hoverTime: 350 });
}

// ---- inline hints --------------------------------------------------------------------------

/** @type {import('@codemirror/state').StateEffectType<{hints: import('./types/worker').PackedHints, key: string}>} */
const setHintsEffect = StateEffect.define();

/**
 * A hint's place in the document: hint `i` of a packed set (worker.js `packHints`), mapped
 * through edits with the text. Its label and title are cut from the packed text only when its
 * widget is drawn.
 */
class HintPoint extends RangeValue {
  /**
   * @param {import('./types/worker').PackedHints} pack
   * @param {number} i
   */
  constructor(pack, i) {
    super();
    this.pack = pack;
    this.i = i;
  }

  /** The kinds: the widget's text. */
  get kinds() {
    const { text, ends } = this.pack;
    return text.slice(this.i ? ends[2 * this.i - 1] + 1 : 0, ends[2 * this.i]);
  }

  /** Every object, one per line: the widget's title. */
  get objects() {
    const { text, ends } = this.pack;
    return text.slice(ends[2 * this.i] + 1, ends[2 * this.i + 1]);
  }

  eq(other) {
    if (other.pack === this.pack) return other.i === this.i;
    return other.kinds === this.kinds && other.objects === this.objects;
  }
}
// Mapped as the widget it becomes (a point after its position, gone with the text around it).
HintPoint.prototype.point = true;
HintPoint.prototype.startSide = HintPoint.prototype.endSide = 1;

/** A visible hint: its point's text after the name. */
class HintWidget extends WidgetType {
  constructor(point) {
    super();
    this.point = point;
  }

  eq(other) {
    return other.point.eq(this.point);
  }

  toDOM() {
    const span = el('span', 'cm-assist-hint', `→ ${this.point.kinds}`);
    span.title = this.point.objects;
    return span;
  }

  ignoreEvent() {
    return true;
  }
}

// Every hint lives in this field; only the visible ones become widgets (hintsView). A manifest of
// 18,000 services has as many hints: as decorations, building and comparing them took about
// 110 ms of the main thread per result (profiled), as points it is a RangeSet the edits map.
const hintsField = StateField.define({
  create: () => ({ set: RangeSet.empty, key: '' }),
  update(value, tr) {
    for (const e of tr.effects) {
      if (!e.is(setHintsEffect)) continue;
      const len = tr.state.doc.length;
      const pack = e.value.hints;
      const ranges = [];
      for (let i = 0; i < pack.at.length; i++) if (pack.at[i] <= len) ranges.push(new HintPoint(pack, i).range(pack.at[i]));
      // In the text's order already (worker.js `packHints`).
      return { set: RangeSet.of(ranges), key: e.value.key };
    }
    return tr.docChanged ? { set: value.set.map(tr.changes), key: value.key } : value;
  },
});

/** The widgets of the hints in the visible lines. */
function visibleHints(view) {
  const { set } = view.state.field(hintsField);
  /** @type {RangeSetBuilder<Decoration>} */
  const builder = new RangeSetBuilder();
  let last = -1;
  for (const { from, to } of view.visibleRanges) {
    set.between(from, to, (at, _to, point) => {
      if (at <= last) return; // a point on the seam of two visible ranges
      last = at;
      builder.add(at, at, Decoration.widget({ widget: new HintWidget(point), side: 1 }));
    });
  }
  return builder.finish();
}

const hintsView = ViewPlugin.fromClass(
  class {
    constructor(view) {
      this.decorations = visibleHints(view);
    }

    update(u) {
      if (u.docChanged || u.viewportChanged || u.startState.field(hintsField) !== u.state.field(hintsField)) {
        this.decorations = visibleHints(u.view);
      }
    }
  },
  { decorations: (v) => v.decorations },
);

/**
 * The effect that shows the core's hints, packed (worker.js `packHints`; UTF-16 offsets), or
 * null when the same ones show: no update. `key` names them (the worker's fingerprint of the
 * view's hints); without one, their text does.
 * @param {import('@codemirror/view').EditorView} view
 * @param {import('./types/worker').PackedHints} hints
 * @param {string} [key]
 */
export function hintsEffect(view, hints, key = `${hints.text}\u0000${hints.at.join(',')}`) {
  return view.state.field(hintsField).key === key ? null : setHintsEffect.of({ hints, key });
}

const theme = EditorView.baseTheme({
  '.cm-assist-hint': { color: 'var(--muted, #888)', fontStyle: 'italic', marginLeft: '1.5em', fontSize: '90%', userSelect: 'none' },
  '.cm-assist-hover': { padding: '4px 8px', maxWidth: '38em', whiteSpace: 'normal' },
  '.cm-assist-hover p': { margin: '4px 0' },
  '.cm-assist-path': { fontFamily: 'var(--mono, monospace)', fontWeight: 'bold' },
  '.cm-assist-legacy': { borderLeft: '4px solid orange', paddingLeft: '6px' },
  '.cm-assist-fact': { fontSize: '90%' },
  '.cm-assist-info': { whiteSpace: 'pre-wrap', maxWidth: '32em', padding: '4px 6px' },
});

const completionSlot = new Compartment();
let completionAsk = null;
let loading = null;

/**
 * Loads completion into `view` (once): @codemirror/autocomplete is not needed for the first
 * result (9 KB gzip off the first load), so the page loads it right after.
 */
export function loadCompletion(view) {
  loading ??= import('@codemirror/autocomplete').then(({ autocompletion }) => {
    view.dispatch({ effects: completionSlot.reconfigure(autocompletion({ override: [completionSource(completionAsk)], icons: true })) });
  });
  return loading;
}

export function assistExtensions({ ask, setEnv }) {
  envHandler = setEnv;
  completionAsk = ask;
  return [
    completionSlot.of([]),
    hoverDocs(ask),
    hintsField,
    hintsView,
    theme,
  ];
}
