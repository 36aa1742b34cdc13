// Lint markers for the core's diagnostics: a wavy underline on the range, a gutter icon per line
// (its title lists the line's messages), and the messages in a tooltip on hover. The page only
// ever pushes a finished list of diagnostics, so @codemirror/lint (linter scheduling, panel,
// keymap, actions) is more than it needs; this is the part it uses, with the same classes and
// look (first-load size). Messages are set as text, never as HTML.
//
// Exports `lintMarks` (the extension) and `lintMarksEffect(view, diagnostics)` where each
// diagnostic is `{from, to, severity: 'error' | 'warning', message, fixes?}`; the tooltip offers
// each of the core's quick fixes as a button.
import { RangeSet, StateEffect, StateField } from '@codemirror/state';
import { Decoration, EditorView, GutterMarker, gutter, hoverTooltip } from '@codemirror/view';
import { applyFix } from './assist.js';

const setEffect = StateEffect.define();

class Marker extends GutterMarker {
  constructor(severity, title) {
    super();
    this.severity = severity;
    this.title = title;
  }

  eq(other) {
    return other.severity === this.severity && other.title === this.title;
  }

  toDOM() {
    const el = document.createElement('div');
    el.className = `cm-lint-marker cm-lint-marker-${this.severity}`;
    el.title = this.title;
    return el;
  }
}

function build(doc, diagnostics) {
  const ranges = [];
  const byLine = new Map();
  for (const d of diagnostics) {
    const from = Math.min(d.from, doc.length);
    // An empty range (a diagnostic at a line's end) underlines one character if the line has one.
    const to = Math.min(doc.length, Math.max(d.to, from + 1), Math.max(d.to, doc.lineAt(from).to));
    if (to > from) {
      const mark = Decoration.mark({ class: `cm-lintRange cm-lintRange-${d.severity}`, severity: d.severity, message: d.message, diag: d });
      ranges.push(mark.range(from, to));
    }
    const line = doc.lineAt(from).from;
    const entry = byLine.get(line) || { severity: 'warning', messages: [] };
    if (d.severity === 'error') entry.severity = 'error';
    entry.messages.push(d.message);
    byLine.set(line, entry);
  }
  const markers = [...byLine].map(([line, e]) => new Marker(e.severity, e.messages.join('\n')).range(line));
  return { deco: Decoration.set(ranges, true), markers: RangeSet.of(markers, true), diags: diagnostics };
}

const mapEdit = (changes) => (e) => (e.from == null ? e : { ...e, from: changes.mapPos(e.from, 1), to: changes.mapPos(e.to, -1) });
// A fix's edits move with the text, as its diagnostic does.
const mapDiag = (changes) => (d) => ({
  ...d, from: changes.mapPos(d.from, 1), to: changes.mapPos(d.to, -1),
  fixes: d.fixes?.map((f) => ({ ...f, edits: f.edits.map(mapEdit(changes)) })),
});

const field = StateField.define({
  create: () => ({ deco: Decoration.none, markers: RangeSet.empty, diags: [] }),
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setEffect)) return build(tr.state.doc, e.value);
    if (!tr.docChanged) return value;
    return { deco: value.deco.map(tr.changes), markers: value.markers.map(tr.changes), diags: value.diags.map(mapDiag(tr.changes)) };
  },
  provide: (f) => EditorView.decorations.from(f, (v) => v.deco),
});

const tooltip = hoverTooltip((view, pos) => {
  const found = [];
  const state = view.state.field(field);
  state.deco.between(pos, pos, (from, to, mark) => {
    // The diagnostic as mapped through the edits since (its fixes' positions with it).
    found.push(state.diags.find((d) => d.message === mark.spec.message && d.from === from) ?? mark.spec.diag ?? mark.spec);
  });
  if (!found.length) return null;
  return {
    pos,
    create() {
      const dom = document.createElement('ul');
      dom.className = 'cm-tooltip-lint';
      for (const d of found) {
        const li = document.createElement('li');
        li.className = `cm-diagnostic cm-diagnostic-${d.severity}`;
        li.textContent = d.message;
        // Quick fixes the core attached (assist.js applies them).
        for (const fix of d.fixes ?? []) {
          const b = document.createElement('button');
          b.type = 'button';
          b.className = 'cm-lint-fix';
          b.textContent = fix.title;
          b.addEventListener('mousedown', (e) => e.preventDefault());
          b.addEventListener('click', () => applyFix(view, fix));
          li.append(b);
        }
        dom.append(li);
      }
      return { dom };
    },
  };
});

const svg = (content, attrs = 'viewBox="0 0 40 40"') =>
  `url('data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" ${attrs}>${encodeURIComponent(content)}</svg>')`;
const underline = (color) =>
  svg(`<path d="m0 2.5 l2 -1.5 l1 0 l2 1.5 l1 0" stroke="${color}" fill="none" stroke-width=".7"/>`, 'width="6" height="3"');

const theme = EditorView.baseTheme({
  '.cm-lintRange': { backgroundPosition: 'left bottom', backgroundRepeat: 'repeat-x', paddingBottom: '0.7px' },
  '.cm-lintRange-error': { backgroundImage: underline('#f11') },
  '.cm-lintRange-warning': { backgroundImage: underline('orange') },
  '.cm-tooltip-lint': { padding: 0, margin: 0 },
  '.cm-diagnostic': { padding: '3px 6px 3px 8px', marginLeft: '-1px', display: 'block', whiteSpace: 'pre-wrap' },
  '.cm-diagnostic-error': { borderLeft: '5px solid #d11' },
  '.cm-diagnostic-warning': { borderLeft: '5px solid orange' },
  '.cm-gutter-lint': { width: '1.4em', '& .cm-gutterElement': { padding: '.2em' } },
  '.cm-lint-marker': { width: '1em', height: '1em' },
  '.cm-lint-fix': { display: 'block', marginTop: '4px', font: 'inherit', cursor: 'pointer' },
  '.cm-lint-marker-warning': {
    content: svg('<path fill="#fe8" stroke="#fd7" stroke-width="6" stroke-linejoin="round" d="M20 6L37 35L3 35Z"/>'),
  },
  '.cm-lint-marker-error': { content: svg('<circle cx="20" cy="20" r="15" fill="#f87" stroke="#f43" stroke-width="6"/>') },
});

export const lintMarks = [
  field,
  gutter({ class: 'cm-gutter-lint', markers: (view) => view.state.field(field).markers }),
  tooltip,
  theme,
];

const same = (a, b) => a.length === b.length
  && a.every((d, i) => d.from === b[i].from && d.to === b[i].to && d.severity === b[i].severity && d.message === b[i].message
    && JSON.stringify(d.fixes) === JSON.stringify(b[i].fixes));

/**
 * The effect that replaces the shown diagnostics, or null when the same ones are shown at the
 * same (mapped) places, as after most keystrokes: no editor update.
 */
export function lintMarksEffect(view, diagnostics) {
  return same(diagnostics, view.state.field(field).diags) ? null : setEffect.of(diagnostics);
}
