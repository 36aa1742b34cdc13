// The playground page's entry. Everything is computed in this tab by the wasm core, which runs
// in a Web Worker (www/src/worker.js, driven through ./core.js) so a large manifest never
// freezes the editor; nothing is sent anywhere. The core owns every fact — resources, their
// groups, keys, source ranges, diagnostics, YAML and secret masking, kubectl commands, the
// filter's reading of a query, the cheat sheet, the rack parameters — and the page only renders
// them. This module creates the worker client and the editor, wires the page's events and
// exposes the hooks tests and benchmarks use.
//
// Each module has one job; ARCHITECTURE.md's `www/src/` row is their index.
//
// Manifest text only ever reaches the DOM as text or through `esc()`; the page's CSP
// (index.html) allows no inline script and no eval.
import { createEditor } from './editor.js';
import { createCore } from './core.js';
import { $, all, ask, esc, options, page, PAGE, plural, state } from './state.js';
import { layout, editorMount } from './layout.js';
import { initPrefs } from './prefs.js';
import { schedule, analyze } from './analysis.js';
import { renderResources, jumpTo, toggleGroup } from './cards.js';
import { setQuery, toggleKind, toggleLabel } from './filter.js';
import { fillYaml, toggleReveal, toggleRaw, copyText } from './yamlview.js';
import { renderTab, referenceMarkdown, topologyLoaded } from './reference.js';
import { select, markCursorResources, markYaml } from './provenance.js';
import { goToDiagnostic, renderDiagnostics } from './diagnostics.js';
import { initRackPanel, renderRackPanel, dropExampleParams } from './rackpanel.js';
import { copy, download, toast } from './actions.js';
import { EXAMPLES, loadExample, loadState, notice, noticeActed, openFromHash, openFromUrl, resetToExample, size } from './examples.js';
import { follow, onSaved, shareUrl, snapshot, MAX_LINK } from './persist.js';
import { initWorkFiles, saveFile, workFile } from './workfile.js';
import { initGhosts, ghostClick } from './ghosts.js';
import { initCompare } from './compare.js';

// The worker is already loading the wasm (www/src/boot.js started it; else core.js does).
// gen/main.js → ../worker.js. Marks (performance.getEntriesByType('mark')): convox-boot,
// convox-core-ready, convox-first-result.
page.core = createCore({
  url: new URL('../worker.js', import.meta.url),
  onReady: (m) => ready(m),
  onFatal: (message) => fatal(message),
});

/** The worker has loaded the wasm core: its version, repository and rack parameters. */
/** @param {any} m the worker's `ready` message */
function ready({ version, repository, params, versions }) {
  if (!state.version) performance.mark('convox-core-ready');
  state.version = version;
  state.repository = repository || '';
  if (params) state.params = params;
  if (versions) state.versions = versions;
  if (page.editor) {
    // else main() shows them
    $('#version').textContent = `convox-k8s ${version}`;
    renderRackPanel();
    showRepository(state.lastUrl);
  }
}

/** The footer's repository link, and "report a wrong mapping" carrying a link to what is shown. */
function showRepository(url) {
  state.lastUrl = url;
  const repo = state.repository;
  $('#repo-link').hidden = !repo;
  $('#report-link').hidden = !repo;
  if (!repo) return;
  $('#repo-link').href = repo;
  const body = [
    'What the playground shows (link, without environment values):',
    url || '(the manifest is too large for a link: please attach it)',
    '',
    'What a Convox rack creates instead (kubectl output, rack version):',
    '',
    '',
    `convox-k8s ${state.version}`,
  ].join('\n');
  const issue = new URL(`${repo.replace(/\/$/, '')}/issues/new`);
  issue.searchParams.set('title', 'Wrong mapping: ');
  issue.searchParams.set('body', body);
  $('#report-link').href = issue.toString();
}

/** The wasm core could not load at all: say so where the output would be. */
function fatal(message) {
  const box = $('#summary') || $('#app');
  box.textContent = `The playground could not start: ${message}`;
}

/** A roving tablist: only the selected tab is a tab stop; arrows move between tabs. */
function selectTab(list, selected) {
  for (const b of list) {
    b.setAttribute('aria-selected', String(b === selected));
    b.tabIndex = b === selected ? 0 : -1;
  }
}

function setPane(p) {
  state.pane = p;
  document.body.dataset.pane = p;
  selectTab(all('.pane-tabs [role=tab]'), $(`#pane-tab-${p}`));
}

/** The filter changed: the Resources tab shows what it lets through. */
function filtered() {
  state.limit = PAGE;
  if (state.tab !== 'resources') {
    state.tab = 'resources';
    renderTab();
  }
  renderResources(markCursorResources);
}

/** Focuses the filter (the skip link, `/`): the output pane and its Resources tab first. */
function focusFilter() {
  if (state.pane !== 'output') setPane('output');
  if (state.tab !== 'resources') {
    state.tab = 'resources';
    renderTab();
  }
  $('#search').focus();
  $('#search').select();
}

/** Lists only the diagnostics of `severity` ('' for all), and brings the list into view. */
function filterDiagnostics(severity) {
  state.diagFilter = state.diagFilter === severity ? '' : severity;
  renderDiagnostics(state.current.contract);
  renderResources();
  if (!state.diagFilter) return;
  setPane('editor');
  const box = $('#diag-box');
  box.open = true;
  box.scrollIntoView({ block: 'nearest' });
}

/** A click in the output pane: copy buttons, YAML views, chips, terms, counts, groups, selection. */
async function outputClick(e) {
  const t = e.target;
  if (ghostClick(t)) return;
  const c = t.closest('[data-copy]');
  if (c) return copy(c.dataset.copy);
  if (t.closest('[data-copy-reference]')) return copy(await referenceMarkdown(), 'Markdown copied');
  const details = t.closest('details.yaml');
  if (details && t.closest('[data-copy-yaml]')) {
    const { text, what } = await copyText(details.dataset.key);
    return copy(text, what);
  }
  if (details && t.closest('[data-reveal]')) return toggleReveal(details);
  if (details && t.closest('[data-raw]')) return toggleRaw(details);
  const shaped = t.closest('[data-show-shaped]');
  if (shaped) {
    // Open the card's YAML at the first line the key under the cursor wrote.
    const d = shaped.closest('.res').querySelector('details.yaml');
    d.dataset.scrollMark = '1';
    if (d.open && d.querySelector('.yaml-text')) return fillYaml(d);
    d.open = true;
    return;
  }
  if (t.closest('#show-more')) {
    state.limit += PAGE;
    return renderResources(markCursorResources);
  }
  const chip = t.closest('.chip[data-lk]');
  if (chip) {
    toggleLabel(chip.dataset.lk, chip.dataset.lv);
    return filtered();
  }
  const term = t.closest('.term[data-without]');
  if (term) {
    setQuery(term.dataset.without);
    filtered();
    return $('#search').focus();
  }
  if (t.closest('#clear-filter')) {
    setQuery('');
    filtered();
    return $('#search').focus();
  }
  const kind = t.closest('[data-kind-filter]');
  if (kind) {
    toggleKind(kind.dataset.kindFilter);
    return filtered();
  }
  const sev = t.closest('[data-diag-filter]');
  if (sev) return filterDiagnostics(sev.dataset.diagFilter);
  const jump = t.closest('[data-jump]');
  if (jump) return jumpTo(jump.dataset.jump);
  const group = t.closest('.group-toggle');
  if (group) return toggleGroup(group.closest('.group').dataset.group);
  const src = t.closest('.src[data-from]');
  if (src) {
    const art = src.closest('.res');
    if (state.selected !== art.dataset.key) select(art.dataset.key);
    return page.editor.goToOffset(Number(src.dataset.from));
  }
  const head = t.closest('.res-head');
  if (head) select(head.closest('.res').dataset.key);
  const node = t.closest('.node[data-node]');
  if (node) {
    select(node.dataset.node);
    topologyLoaded()?.markTopology();
  }
}

/** Downloads the work as a convox.yml carrying rack, app, profile and stand-ins (no values) in its first line. */
async function downloadWork() {
  const now = await snapshot();
  saveFile('convox.yml', workFile(now));
  toast('Downloaded convox.yml: drop it on this page to open the work again (environment values are not in it)');
}

/** A file dropped or picked: a work file opens as it was saved; another convox.yml replaces the text, as a paste would. */
function openFile(read, name) {
  notice('');
  if (read.work) {
    loadState({ ...read, env: {}, edited: true });
    toast(`Opened ${name}`);
    return;
  }
  page.editor.setText(read.source, 'input.drop');
  toast(`Opened ${name}`);
}

/** The action of the note beside Copy link, if it offers one. */
let shareNoteAction = null;

/** Says something beside Copy link (what a link shows that you do not, that it is too long), with an action. */
function shareNote(text, action = null) {
  $('#share-note-text').textContent = text;
  $('#share-note').hidden = !text;
  const b = $('#share-note-action');
  b.hidden = !action;
  b.textContent = action?.label ?? '';
  shareNoteAction = action;
}

/** Copies a link (or its Markdown), and says what the receiver would miss or that it is too long to paste. */
async function copyLink(markdown) {
  const values = $('#share-values').checked;
  const { url, differences } = await shareUrl({ values });
  const long = url.length > MAX_LINK;
  await copy(markdown ? `[Open in playground](${url})` : url, markdown ? 'Markdown copied' : values ? 'Link copied, with the environment values' : 'Link copied (environment values not included)');
  const parts = [];
  if (differences) parts.push(`${differences} Tick “include environment values in links” (under Share) to share them, where the link stays private.`);
  if (long) parts.push(`This link is ${size(url.length)} long: too long to paste in a chat or an issue (over ${MAX_LINK / 1024} KB). Download work instead: a file that opens in this page by drag and drop.`);
  shareNote(parts.length ? `${markdown ? 'Markdown' : 'Link'} copied. ${parts.join(' ')}` : '', long ? { label: 'Download work', run: downloadWork } : null);
}

/** The output tabs scroll sideways on a phone: "more ›" shows while tabs are off to the right. */
function tabsOverflow() {
  const bar = $('#tabs');
  $('#tabs-more').hidden = bar.scrollLeft + bar.clientWidth >= bar.scrollWidth - 2;
}

let keptNotice = false; // the notice says the work cannot be kept

/** After each save: the footer's report link, and whether the browser could keep the work. */
function saved(url, kept) {
  showRepository(url);
  if (!kept && !keptNotice) {
    keptNotice = true;
    notice(`This work (${size(page.editor.length())}) is too large to keep in this browser: a reload would lose it. Download work keeps it as a file that opens here again.`, { label: 'Download work', run: downloadWork });
  } else if (kept && keptNotice) {
    keptNotice = false;
    notice('');
  }
}

/** An edit of the work (text, rack, app, env, profile): analyse it, and the URL and storage follow. */
function edited() {
  if (!state.edited) {
    state.edited = true;
    $('#example').value = '';
  }
  follow();
}

/** Compare with cluster: a button beside the filter; drift.js is loaded when it is first pressed. */
function initDrift() {
  const b = document.createElement('button');
  b.type = 'button';
  b.id = 'drift-open';
  b.className = 'pin drift-open';
  b.textContent = 'Compare with cluster';
  b.title = 'Paste or drop a kubectl dump of the app\'s namespace: what differs from this convox.yml, and what the next deploy does about it (the dump stays in this browser)';
  $('.filters').append(b);
  b.addEventListener('click', async () => (await import('./drift.js')).open({ $, esc, plural, state, ask }));
}

function wire() {
  for (const id of ['#rack', '#app-name', '#env']) {
    $(id).addEventListener('input', () => {
      schedule();
      edited();
    });
  }
  initRackPanel(() => {
    schedule();
    if (!state.loading) edited();
  });
  initPrefs();
  initGhosts(schedule);
  initCompare();
  initDrift();
  $('#example').addEventListener('change', (e) => {
    if (!e.target.value) return;
    notice('');
    loadExample(e.target.value);
  });
  $('#reset').addEventListener('click', resetToExample);
  $('#notice-close').addEventListener('click', () => notice(''));
  $('#search').addEventListener('input', (e) => {
    setQuery(e.target.value);
    filtered();
  });
  $('#skip').addEventListener('click', (e) => {
    e.preventDefault();
    focusFilter();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    // Typing a slash stays typing: in the editor (its shadow host), a field or a select.
    if (/** @type {HTMLElement} */ (e.target).closest?.('input, textarea, select, [contenteditable], #editor')) return;
    e.preventDefault();
    focusFilter();
  });
  $('#copy-link').addEventListener('click', () => copyLink(false));
  $('#copy-md').addEventListener('click', () => copyLink(true));
  $('#download').addEventListener('click', download);
  $('#download-work').addEventListener('click', downloadWork);
  $('#open-file').addEventListener('click', () => $('#file-input').click());
  initWorkFiles($('#file-input'), openFile);
  $('#notice-action').addEventListener('click', noticeActed);
  $('#share-note-close').addEventListener('click', () => shareNote(''));
  $('#share-menu').addEventListener('toggle', (e) => {
    if (/** @type {HTMLDetailsElement} */ (e.target).open) shareNote(''); // the menu and the note share the place under Share
  });
  $('#share-note-action').addEventListener('click', () => shareNoteAction?.run());
  // The popovers (Rack profile, Share) close on Escape and on a click elsewhere.
  const popovers = [...all('details.popover')];
  document.addEventListener('click', (e) => {
    const t = /** @type {HTMLElement} */ (e.target);
    for (const d of popovers) if (d.open && !d.contains(t) && !t.closest?.('#share-note')) d.open = false;
  });
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    for (const d of popovers) {
      if (!d.open) continue;
      d.open = false;
      d.querySelector('summary').focus();
    }
  });
  $('#tabs').addEventListener('scroll', tabsOverflow, { passive: true });
  new ResizeObserver(tabsOverflow).observe($('#tabs'));
  $('#pane-tab-editor').addEventListener('click', () => setPane('editor'));
  $('#pane-tab-output').addEventListener('click', () => setPane('output'));
  for (const b of all('.tabs [data-tab]')) {
    b.addEventListener('click', () => {
      state.tab = b.dataset.tab;
      b.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      if (state.shown) renderTab();
    });
  }
  for (const list of [all('.tabs [role=tab]'), all('.pane-tabs [role=tab]')]) {
    list.forEach((b, i) => b.addEventListener('keydown', (/** @type {KeyboardEvent} */ e) => {
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      const next = list[(i + (e.key === 'ArrowRight' ? 1 : list.length - 1)) % list.length];
      next.focus();
      next.click();
    }));
  }
  $('#diag-box').addEventListener('click', (e) => {
    const b = e.target.closest('[data-diag]');
    if (b) return goToDiagnostic(b);
    const all = e.target.closest('[data-diag-filter]');
    if (all) {
      e.preventDefault(); // inside the summary: not a fold
      filterDiagnostics(all.dataset.diagFilter);
    }
  });
  const out = $('#pane-output');
  out.addEventListener('click', outputClick);
  // The kind counts and the outline are toolbars: one tab stop each, the arrows move within.
  out.addEventListener('keydown', (e) => {
    if (topologyLoaded()?.topologyKey(e)) return;
    const bar = e.target.closest?.('[role=toolbar]');
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    if (!bar || (step === undefined && e.key !== 'Home' && e.key !== 'End')) return;
    const buttons = [...bar.querySelectorAll('button')];
    const i = buttons.indexOf(e.target);
    const n = buttons.length;
    const next = buttons[e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : (i + step + n) % n];
    for (const b of buttons) b.tabIndex = b === next ? 0 : -1;
    next.focus();
    e.preventDefault();
  });
  out.addEventListener('toggle', (e) => {
    const d = e.target;
    if (!(d instanceof HTMLDetailsElement) || !d.classList.contains('yaml') || !d.open) return;
    if (!d.querySelector('.yaml-body').firstChild) fillYaml(d);
    else if (d.dataset.scrollMark) {
      delete d.dataset.scrollMark;
      markYaml(d.closest('.res'), 'page');
    }
  }, true);
  window.addEventListener('hashchange', openFromHash);
  onSaved(saved);
}

function main() {
  layout(EXAMPLES);
  page.editor = createEditor(editorMount(), {
    doc: '',
    onChange: ({ pasted }) => {
      if (state.loading) return;
      // One's own manifest pasted (or dropped) over everything: the example's rack switches go.
      if (pasted) dropExampleParams();
      schedule();
      edited();
    },
    onCursor: (pos) => {
      state.cursor = pos;
      if (state.shown) markCursorResources(false);
    },
    // The core's editor help (assist.js): completions and hovers; a fix may set a release variable.
    assist: {
      ask: (type, source, offset) => page.core.call({ type, source, options: options(), offset })
        .then((m) => (type === 'complete' ? m.completions : m.hover), () => null),
      setEnv: (name, value) => {
        const env = $('#env');
        env.value = `${env.value.replace(/\s*$/, '')}${env.value.trim() ? '\n' : ''}${name}=${value}`;
        env.dispatchEvent(new Event('input', { bubbles: true }));
      },
    },
  });
  if (state.version) ready(state);
  setPane('editor');
  wire();
  openFromUrl();
  // Tests and benchmarks read these. `contract()` is the full JSON contract of the latest
  // result (the page itself holds it without the objects); `options()` those of the next
  // analysis. `repository(url)` shows the footer as a build whose Cargo.toml names `url` would.
  window.__playground = {
    state, editor: page.editor, analyze, options, EXAMPLES, core: page.core,
    repository: (url) => { state.repository = url; showRepository(state.lastUrl); },
    contract: () => page.core.call({ type: 'contract', run: state.current.id, restore: { source: state.current.source, options: state.current.options } }).then((m) => m.contract),
  };
}

main();
