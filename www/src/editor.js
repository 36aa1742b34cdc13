// The convox.yml editor: CodeMirror 6 with YAML highlighting (yamlmode.js), line numbers, lint
// markers for the core's diagnostics (lintmarks.js), and a mark on the selected resource's source
// range (provenance), with CodeMirror's search and a tab marker (editorsearch.js). Only
// what the page needs is bundled (first-load size): no code folding, bracket matching
// or selection-match highlighting; the standard keymap (motion, selection, deletion, Enter with
// indentation), undo/redo, toggle comment and indent instead of the full default keymap.
import { Annotation, EditorState, StateEffect, StateField } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, Decoration, highlightSpecialChars,
} from '@codemirror/view';
import { standardKeymap, history, historyKeymap, toggleComment, indentMore, indentLess } from '@codemirror/commands';
import { lintMarks, lintMarksEffect } from './lintmarks.js';
import { yamlMode } from './yamlmode.js';
import { loadSearch, searchTools } from './editorsearch.js';
import { nextTask } from './tasks.js';
import { assistExtensions, hintsEffect, loadCompletion } from './assist.js';

// Provenance: the ranges that shaped the selected resource (the core's UTF-16 offsets: the keys
// it names, or the whole source range), as marks; edits map them until the page sets the next.
/** @type {import('@codemirror/state').StateEffectType<{from: number, to: number}[]>} */
const setProvenance = StateEffect.define();
const provenanceMark = Decoration.mark({ class: 'cm-provenance' });
const provenanceField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setProvenance)) continue;
      const len = tr.state.doc.length;
      const marks = [];
      for (const r of e.value ?? []) {
        const from = Math.min(r.from ?? 0, len);
        const to = Math.min(r.to ?? 0, len);
        if (to > from) marks.push(provenanceMark.range(from, to));
      }
      deco = marks.length ? Decoration.set(marks, true) : Decoration.none;
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

// A paste over BIG_PASTE characters is inserted a slice at a time, one task per slice, so that no
// main-thread task approaches 50 ms: CodeMirror's own paste of 5 MB (splitting 100k+
// lines, re-measuring) is one 75–140 ms task on a 2-core machine. Slices end after a line break,
// so a "\r\n" is never cut in two. Slices after the first are joined into the paste's undo event
// (history joins "input.type…" events that follow within 500 ms).
const BIG_PASTE = 512 * 1024;
const SLICE = 256 * 1024;
const slicePaste = Annotation.define();

/**
 * Inserts `text` over the main selection slice by slice; `paste.at` is where the next slice goes,
 * mapped through whatever the person types meanwhile; `paste.cancelled` (the page replaced the
 * whole text) stops it. Calls `done()` after the last slice.
 */
async function pasteInSlices(view, text, paste, done) {
  const { from, to } = view.state.selection.main;
  paste.at = from;
  let replace = to;
  for (let i = 0; i < text.length;) {
    let end = Math.min(text.length, i + SLICE);
    if (end < text.length) end = text.lastIndexOf('\n', end - 1) + 1 || end;
    if (end <= i) end = Math.min(text.length, i + SLICE);
    const insert = view.state.toText(text.slice(i, end));
    const at = paste.at;
    const head = view.state.selection.main;
    // The cursor follows the paste unless the person has moved it since.
    const follow = i === 0 || (head.empty && head.head === at);
    view.dispatch({
      changes: { from: at, to: i === 0 ? replace : at, insert },
      selection: follow ? { anchor: at + insert.length } : undefined,
      scrollIntoView: follow,
      userEvent: i === 0 ? 'input.paste' : 'input.type.paste',
      annotations: slicePaste.of(true),
    });
    paste.at = at + insert.length;
    replace = paste.at;
    i = end;
    if (i < text.length) await nextTask();
    if (paste.cancelled) break;
  }
  done();
}

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

/** Whether transaction `tr` replaces the whole of a non-empty document (select all + paste, a dropped file, setText). */
function replacesAll(tr) {
  const len = tr.startState.doc.length;
  if (!len) return false;
  let all = false;
  tr.changes.iterChangedRanges((fromA, toA) => {
    if (fromA === 0 && toA === len) all = true;
  });
  return all;
}

/**
 * Creates the editor in `parent`; `onChange({replaced, pasted})` on every edit (`replaced`: a
 * transaction since the last call replaced the whole document; `pasted`: by a paste or a drop),
 * `onCursor(offset)` when the cursor moves; `assist` ({ask, setEnv}) is the core's editor help
 * (assist.js).
 *
 * Versions: every change of the text is a version; `mark()` names the text now (`{version,
 * document}`: `document` counts whole replacements, so two marks of one document are edits of
 * each other) and `mapPos(pos, version)` maps an offset of that version's text through the edits
 * since (ChangeDesc.mapPos), for results the page shows of an earlier text.
 */
export function createEditor(parent, { doc, onChange, onCursor, assist }) {
  let last = -1;
  let paste = null; // a sliced paste in progress: {at}
  let version = 0;
  let documentNo = 0;
  let since = { replaced: false, pasted: false }; // what onChange has not been told yet
  let descs = []; // [{version, desc}]: the changes of each version since the oldest one kept
  const changed = () => {
    const info = since;
    since = { replaced: false, pasted: false };
    onChange(info);
  };
  const bigPaste = EditorView.domEventHandlers({
    paste(event, view) {
      const text = event.clipboardData?.getData('text/plain');
      if (paste || !text || text.length <= BIG_PASTE || view.state.readOnly) return false;
      event.preventDefault();
      paste = { at: 0 };
      pasteInSlices(view, text, paste, () => {
        // A cancelled paste's text was replaced by setText, which the page analyses itself.
        if (!paste.cancelled) changed();
        paste = null;
      });
      return true;
    },
  });
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        bigPaste, lineNumbers(), lintMarks, highlightSpecialChars(), history(), drawSelection(),
        highlightActiveLine(), highlightActiveLineGutter(), yamlMode, provenanceField, theme,
        assist ? assistExtensions(assist) : [],
        EditorState.tabSize.of(2), searchTools,
        keymap.of([...standardKeymap, ...historyKeymap, { key: 'Mod-/', run: toggleComment }, { key: 'Mod-]', run: indentMore }, { key: 'Mod-[', run: indentLess }]),
        EditorView.contentAttributes.of({ 'aria-label': 'convox.yml editor' }),
        EditorView.updateListener.of((u) => {
          // The text is not joined here: on a 5 MB document that alone is a long task per
          // keystroke. The page asks for it (text()) when it maps.
          for (const tr of u.transactions) {
            if (!tr.docChanged) continue;
            version++;
            if (replacesAll(tr)) {
              documentNo++;
              descs = [];
              since.replaced = true;
              if (tr.isUserEvent('input.paste') || tr.isUserEvent('input.drop')) since.pasted = true;
            } else descs.push({ version, desc: tr.changes.desc });
          }
          if (u.docChanged && paste) {
            // Typing during a sliced paste: the rest still goes after what was pasted so far.
            for (const tr of u.transactions) {
              if (!tr.annotation(slicePaste)) paste.at = tr.changes.mapPos(paste.at, 1);
            }
          }
          // One analysis for the whole sliced paste, after its last slice.
          if (u.docChanged && !paste) changed();
          if (u.docChanged || u.selectionSet) {
            const head = u.state.selection.main.head;
            if (head !== last || u.docChanged) { last = head; onCursor(head); }
          }
        }),
      ],
    }),
  });

  /** Moves the cursor to UTF-16 offset `pos` and focuses the editor. */
  const goToOffset = (pos) => {
    const p = Math.max(0, Math.min(pos, view.state.doc.length));
    view.dispatch({ selection: { anchor: p }, effects: EditorView.scrollIntoView(p, { y: 'center' }) });
    view.focus();
  };

  return {
    view,
    text: () => view.state.doc.toString(),
    length: () => view.state.doc.length,
    /** Replaces the whole text (`userEvent`: as a person did it, e.g. 'input.drop'). */
    setText(text, userEvent) {
      if (paste) paste.cancelled = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: 0 }, userEvent });
    },
    /** The text now: `{version, document}`. */
    mark: () => ({ version, document: documentNo }),
    /**
     * `pos` in the text of `mark` mapped to the text now, or null when the document was replaced
     * since (another document: nothing maps).
     */
    mapPos(pos, mark) {
      if (!mark || mark.document !== documentNo) return null;
      let p = pos;
      for (const d of descs) if (d.version > mark.version) p = d.desc.mapPos(Math.min(p, d.desc.length));
      return p;
    },
    /** Forgets the changes up to `mark` (nothing before it will be mapped). */
    forget(mark) {
      if (mark && mark.document === documentNo) descs = descs.filter((d) => d.version > mark.version);
    },
    /** The 1-based line of UTF-16 offset `pos` now. */
    lineAt: (pos) => view.state.doc.lineAt(Math.max(0, Math.min(pos, view.state.doc.length))).number,
    /**
     * Shows the core's diagnostics as lint markers over their UTF-16 ranges (`from`..`to`)
     * and, with `hints`, the core's inline hints, packed (worker.js `packHints`; `key` names
     * them): one editor update for both, none when nothing changed. Each update of an editor
     * that never had focus reads the DOM selection, which lays the page out.
     * @param {any[] | null} diags
     * @param {import('./types/worker').PackedHints | null} [hints]
     * @param {string} [key]
     */
    setMarks(diags, hints = null, key = undefined) {
      const effects = [];
      if (diags) {
        const cm = diags.filter((d) => d.from != null).map((d) => ({
          from: d.from, to: Math.max(d.from, d.to ?? d.from), severity: d.severity === 'error' ? 'error' : 'warning', message: d.message, fixes: d.fixes,
        }));
        effects.push(lintMarksEffect(view, cm));
      }
      if (hints) effects.push(hintsEffect(view, hints, key));
      const some = effects.filter((e) => e !== null);
      if (some.length) view.dispatch({ effects: some });
    },
    /** Highlights `{from, to}` (UTF-16 offsets); `null` clears. Scrolls it into view when `scroll`. */
    highlightRange(range, scroll) {
      this.highlightRanges(range ? [range] : [], scroll);
    },
    /**
     * Highlights every `{from, to}` of `ranges`; `[]` clears. When `scroll`, brings the first
     * into view only if it is not (what the person reads does not move without need).
     */
    highlightRanges(ranges, scroll) {
      /** @type {import('@codemirror/state').StateEffect<unknown>[]} */
      const effects = [setProvenance.of(ranges)];
      const first = ranges.reduce((a, r) => (a && a.from <= r.from ? a : r), null);
      if (first && scroll) effects.push(EditorView.scrollIntoView(Math.min(first.from, view.state.doc.length), { y: 'nearest' }));
      view.dispatch({ effects });
    },
    /** The first highlighted range now (mapped through the edits since it was set), or null. */
    highlighted() {
      return this.highlightedRanges()[0] ?? null;
    },
    /** Every highlighted range now, in document order. */
    highlightedRanges() {
      const out = [];
      view.state.field(provenanceField).between(0, view.state.doc.length, (from, to) => {
        out.push({ from, to });
      });
      return out;
    },
    goToOffset,
    /** Loads what the first result does not need (completion, search): the page calls it once shown. */
    loadRest: () => Promise.all([assist ? loadCompletion(view) : null, loadSearch(view)]),
    /** Moves the cursor to a 1-based line and column (tests). */
    goTo(line, column) {
      const doc = view.state.doc;
      const l = doc.line(Math.max(1, Math.min(line || 1, doc.lines)));
      goToOffset(Math.min(l.from + Math.max(0, (column || 1) - 1), l.to));
    },
    lineCount: () => view.state.doc.lines,
  };
}
