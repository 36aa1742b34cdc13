// The convox.yml editor: CodeMirror 6 with YAML highlighting (yamlmode.js), line numbers, lint
// markers for the core's diagnostics (lintmarks.js), and line decorations for provenance. Only
// what the page needs is bundled (issue 4, first-load size): no search panel, code folding,
// bracket matching or selection-match highlighting; the standard keymap (motion, selection,
// deletion, Enter with indentation), undo/redo, toggle comment and indent instead of the full
// default keymap.
import { EditorState, StateEffect, StateField, RangeSetBuilder } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, Decoration, highlightSpecialChars,
} from '@codemirror/view';
import { standardKeymap, history, historyKeymap, toggleComment, indentMore, indentLess } from '@codemirror/commands';
import { lintMarks, setLintMarks } from './lintmarks.js';
import { yamlMode } from './yamlmode.js';

const setProvenance = StateEffect.define();
const provenanceMark = Decoration.line({ class: 'cm-provenance' });
const provenanceField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setProvenance)) {
        const b = new RangeSetBuilder();
        const doc = tr.state.doc;
        for (let l = e.value.from; e.value.to && l <= Math.min(e.value.to, doc.lines); l++) {
          b.add(doc.line(l).from, doc.line(l).from, provenanceMark);
        }
        deco = b.finish();
      }
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '13px', backgroundColor: 'var(--editor-bg)', color: 'var(--fg)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-gutters': { backgroundColor: 'var(--editor-gutter)', color: 'var(--muted)', border: 'none' },
  '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--active-line)' },
  '.cm-provenance': { backgroundColor: 'var(--provenance)' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '-2px' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--selection) !important' },
});

/** Creates the editor in `parent`; `onChange(text)` on every edit, `onCursorLine(line)` on cursor moves. */
export function createEditor(parent, { doc, onChange, onCursorLine }) {
  let lastLine = 0;
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(), lintMarks, highlightSpecialChars(), history(), drawSelection(),
        highlightActiveLine(), highlightActiveLineGutter(), yamlMode, provenanceField, theme,
        EditorState.tabSize.of(2),
        keymap.of([...standardKeymap, ...historyKeymap, { key: 'Mod-/', run: toggleComment }, { key: 'Mod-]', run: indentMore }, { key: 'Mod-[', run: indentLess }]),
        EditorView.contentAttributes.of({ 'aria-label': 'convox.yml editor' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChange(u.state.doc.toString());
          if (u.docChanged || u.selectionSet) {
            const line = u.state.doc.lineAt(u.state.selection.main.head).number;
            if (line !== lastLine || u.docChanged) { lastLine = line; onCursorLine(line); }
          }
        }),
      ],
    }),
  });

  const pos = (line, column) => {
    const doc = view.state.doc;
    const l = doc.line(Math.max(1, Math.min(line || 1, doc.lines)));
    return Math.min(l.from + Math.max(0, (column || 1) - 1), l.to);
  };

  return {
    view,
    text: () => view.state.doc.toString(),
    setText(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: 0 } });
    },
    /** Shows the core's diagnostics as lint markers at their line/column. */
    setDiagnostics(diags) {
      const doc = view.state.doc;
      const cm = diags.filter((d) => d.line).map((d) => {
        const from = pos(d.line, d.column);
        const lineEnd = doc.lineAt(from).to;
        const word = /^[^\s:,\]}]+/.exec(doc.sliceString(from, lineEnd));
        return { from, to: word ? from + word[0].length : lineEnd, severity: d.severity === 'error' ? 'error' : 'warning', message: d.message };
      });
      setLintMarks(view, cm);
    },
    /** Highlights lines `from..=to` (1-based); `null` clears. Scrolls them into view when `scroll`. */
    highlightLines(range, scroll) {
      const effects = [setProvenance.of(range || { from: 0, to: 0 })];
      if (range && scroll) effects.push(EditorView.scrollIntoView(pos(range.from, 1), { y: 'center' }));
      view.dispatch({ effects });
    },
    /** Moves the cursor to line/column and focuses the editor. */
    goTo(line, column) {
      const p = pos(line, column);
      view.dispatch({ selection: { anchor: p }, effects: EditorView.scrollIntoView(p, { y: 'center' }) });
      view.focus();
    },
    lineCount: () => view.state.doc.lines,
    lineText: (n) => view.state.doc.line(n).text,
  };
}
