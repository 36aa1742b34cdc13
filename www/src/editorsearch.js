// The editor's search and its tab marker. Search is CodeMirror's own (@codemirror/search:
// Ctrl/Cmd-F opens its panel at the top, with next/previous, match case, regexp and replace),
// loaded when first asked for or once the page is idle (it is not needed for the first result:
// 6 KB gzip off the first load). Tabs are drawn as an arrow: YAML refuses a tab in indentation,
// and an invisible one is hard to find when the diagnostic points at it. The panel takes the
// page's colours (light or dark).
import { Compartment } from '@codemirror/state';
import { Decoration, EditorView, MatchDecorator, ViewPlugin, keymap } from '@codemirror/view';

const tabs = new MatchDecorator({ regexp: /\t/g, decoration: Decoration.mark({ class: 'cm-highlightTab', attributes: { title: 'tab character' } }) });
const tabMarker = ViewPlugin.define((view) => ({
  decorations: tabs.createDeco(view),
  update(u) {
    this.decorations = tabs.updateDeco(u, this.decorations);
  },
}), { decorations: (v) => v.decorations });

const panelTheme = EditorView.theme({
  '.cm-panels': { backgroundColor: 'var(--panel)', color: 'var(--fg)' },
  '.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--border)' },
  '.cm-panel.cm-search': { fontSize: '13px' },
  '.cm-panel.cm-search input, .cm-panel.cm-search button': { fontSize: '13px', minHeight: '24px' },
  '.cm-textfield': { backgroundColor: 'var(--bg)', color: 'var(--fg)', border: '1px solid var(--border)' },
  '.cm-button': { backgroundImage: 'none', backgroundColor: 'var(--bg)', color: 'var(--fg)', border: '1px solid var(--border)' },
  '.cm-searchMatch': { backgroundColor: 'var(--provenance)', outline: '1px solid var(--warning)' },
  '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: 'var(--selection)' },
});

const searchSlot = new Compartment();
let loading = null;

/** Loads CodeMirror's search into `view` (once); resolves with the module. */
export function loadSearch(view) {
  loading ??= import('@codemirror/search').then((m) => {
    view.dispatch({ effects: searchSlot.reconfigure([m.search({ top: true }), keymap.of(m.searchKeymap)]) });
    return m;
  });
  return loading;
}

/** Until search is loaded, Ctrl/Cmd-F loads it and opens its panel. */
const openFirst = (view) => {
  loadSearch(view).then((m) => m.openSearchPanel(view));
  return true;
};

/**
 * The extensions: search with its keys (loaded on demand), the tab marker, the panel's colours;
 * and the content (contenteditable, focusable anyway) says so with a tabindex, so checkers know
 * the scrolling editor can be reached by keyboard.
 */
export const searchTools = [searchSlot.of(keymap.of([{ key: 'Mod-f', run: openFirst, scope: 'editor search-panel' }])), tabMarker, panelTheme, EditorView.contentAttributes.of({ tabindex: '0' })];
