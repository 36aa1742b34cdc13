// The playground page's entry. Everything is computed in this tab by the wasm core, which runs
// in a Web Worker (www/src/worker.js, driven through ./core.js) so a large manifest never
// freezes the editor; nothing is sent anywhere. The core owns every fact — resources, keys,
// source ranges, diagnostics, YAML and secret masking, kubectl commands, the cheat sheet, the
// rack parameters — and the page only renders them. This module creates the worker client and
// the editor, wires the page's events and exposes the hooks tests and benchmarks use.
//
// Modules: state.js (state, options, helpers), layout.js (the skeleton), analysis.js (one
// analysis per edit, render), cards.js (the Resources tab), yamlview.js (YAML views and
// secrets), reference.js (Quick reference, Troubleshooting), provenance.js (selection and
// cursor), diagnostics.js (summary, diagnostics, lint), rackpanel.js (rack profile),
// actions.js (copy, share, download), examples.js (what the page opens), ghosts.js ("Show what
// is not created": the core's why-not as ghost cards, with its fixes).
//
// Manifest text only ever reaches the DOM as text or through `esc()`; the page's CSP
// (index.html) allows no inline script and no eval.
import { createEditor } from './editor.js';
import { createCore } from './core.js';
import { $, options, state, page, PAGE } from './state.js';
import { layout, editorMount } from './layout.js';
import { schedule, analyze } from './analysis.js';
import { renderResources } from './cards.js';
import { fillYaml, toggleReveal, toggleRaw, copyText } from './yamlview.js';
import { renderTab, referenceMarkdown } from './reference.js';
import { select, markCursorResources } from './provenance.js';
import { goToDiagnostic } from './diagnostics.js';
import { initRackPanel, renderRackPanel } from './rackpanel.js';
import { copy, shareUrl, download } from './actions.js';
import { EXAMPLES, loadExample, openFromUrl } from './examples.js';
import { initGhosts, ghostClick } from './ghosts.js';

// The worker is already loading the wasm (www/src/boot.js started it; else core.js does).
// gen/main.js → ../worker.js. Marks (performance.getEntriesByType('mark')): convox-boot,
// convox-core-ready, convox-first-result.
page.core = createCore({
  url: new URL('../worker.js', import.meta.url),
  onReady: (m) => ready(m),
  onFatal: (message) => fatal(message),
});

/** The worker has loaded the wasm core: its version and its rack parameters. */
function ready({ version, params }) {
  if (!state.version) performance.mark('convox-core-ready');
  state.version = version;
  if (params) state.params = params;
  if (page.editor) {
    // else main() shows them
    $('#version').textContent = `convox-k8s ${version}`;
    renderRackPanel();
  }
}

/** The wasm core could not load at all: say so where the output would be. */
function fatal(message) {
  const box = $('#summary') || $('#app');
  box.textContent = `The playground could not start: ${message}`;
}

function setPane(p) {
  state.pane = p;
  document.body.dataset.pane = p;
  $('#pane-tab-editor').setAttribute('aria-selected', String(p === 'editor'));
  $('#pane-tab-output').setAttribute('aria-selected', String(p === 'output'));
}

/** A click in the output pane: copy buttons, YAML views, chips, Show more, selection. */
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
  if (t.closest('#show-more')) {
    state.limit += PAGE;
    return renderResources(markCursorResources);
  }
  const chip = t.closest('.chip[data-lk]');
  if (chip) {
    const { lk, lv } = chip.dataset;
    state.label = state.label && state.label.key === lk && state.label.value === lv ? null : { key: lk, value: lv };
    state.tab = 'resources';
    state.limit = PAGE;
    renderTab();
    return renderResources(markCursorResources);
  }
  if (t.closest('#clear-label')) {
    state.label = null;
    return renderResources(markCursorResources);
  }
  const src = t.closest('.src[data-from]');
  if (src) {
    const art = src.closest('.res');
    if (state.selected !== art.dataset.key) select(art.dataset.key);
    return page.editor.goToOffset(Number(src.dataset.from));
  }
  const head = t.closest('.res-head');
  if (head) select(head.closest('.res').dataset.key);
}

function wire() {
  $('#rack').addEventListener('input', schedule);
  $('#app-name').addEventListener('input', schedule);
  $('#env').addEventListener('input', schedule);
  initRackPanel(schedule);
  initGhosts(schedule);
  $('#example').addEventListener('change', (e) => e.target.value && loadExample(e.target.value));
  $('#search').addEventListener('input', (e) => {
    state.search = e.target.value;
    state.limit = PAGE;
    renderResources(markCursorResources);
  });
  $('#copy-link').addEventListener('click', async () => {
    const url = await shareUrl();
    history.replaceState(null, '', url);
    copy(url, 'Link copied');
  });
  $('#copy-md').addEventListener('click', async () => copy(`[Open in playground](${await shareUrl()})`, 'Markdown copied'));
  $('#download').addEventListener('click', download);
  $('#pane-tab-editor').addEventListener('click', () => setPane('editor'));
  $('#pane-tab-output').addEventListener('click', () => setPane('output'));
  for (const b of document.querySelectorAll('.tabs [data-tab]')) {
    b.addEventListener('click', () => {
      state.tab = b.dataset.tab;
      if (state.shown) renderTab();
    });
  }
  for (const list of [document.querySelectorAll('.tabs [role=tab]'), document.querySelectorAll('.pane-tabs [role=tab]')]) {
    list.forEach((b, i) => b.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      const next = list[(i + (e.key === 'ArrowRight' ? 1 : list.length - 1)) % list.length];
      next.focus();
      next.click();
    }));
  }
  $('#diagnostics').addEventListener('click', (e) => {
    const b = e.target.closest('[data-diag]');
    if (b) goToDiagnostic(b);
  });
  const out = $('#pane-output');
  out.addEventListener('click', outputClick);
  out.addEventListener('keydown', (e) => {
    const head = e.target.closest?.('.res-head');
    if (head && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      select(head.closest('.res').dataset.key);
    }
  });
  out.addEventListener('toggle', (e) => {
    const d = e.target;
    if (!(d instanceof HTMLDetailsElement) || !d.classList.contains('yaml') || !d.open) return;
    if (!d.querySelector('.yaml-body').firstChild) fillYaml(d);
  }, true);
  window.addEventListener('hashchange', () => openFromUrl());
}

function main() {
  layout(EXAMPLES);
  page.editor = createEditor(editorMount(), {
    doc: '',
    onChange: () => {
      if (state.loading) return;
      $('#example').value = '';
      schedule();
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
  // analysis.
  window.__playground = {
    state, editor: page.editor, analyze, options, EXAMPLES, core: page.core,
    contract: () => page.core.call({ type: 'contract', run: state.current.id, restore: { source: state.current.source, options: state.current.options } }).then((m) => m.contract),
  };
}

main();
