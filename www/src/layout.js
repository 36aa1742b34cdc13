// The page's static skeleton: header controls (example, rack, app, rack profile, share and
// download), the editor pane (editor, release environment, diagnostics) and the output pane
// (summary, tabs, resources). Everything dynamic is filled in by the other modules.
import { $, esc, state } from './state.js';

export function layout(examples) {
  const app = $('#app');
  app.removeAttribute('aria-busy');
  app.innerHTML = `
  <header class="top">
    <h1><span class="logo" aria-hidden="true">⎈</span> convox.yml → Kubernetes</h1>
    <div class="controls">
      <label>Example <select id="example">${examples.map((e) => `<option value="${esc(e.name)}">${esc(e.title)}</option>`).join('')}<option value="" hidden>Custom</option></select></label>
      <label>Rack <input id="rack" spellcheck="false" autocomplete="off" placeholder="${esc(state.defaults.rack)}"></label>
      <label>App <input id="app-name" spellcheck="false" autocomplete="off" placeholder="${esc(state.defaults.app)}"></label>
      <details id="rack-panel" class="rack-panel">
        <summary title="The rack this release lands on: provider, router and rack parameters (convox rack params)">Rack profile <span id="rack-summary" class="rack-summary"></span></summary>
        <div class="rack-body" id="rack-body"><p class="empty">Loading the rack parameters…</p></div>
      </details>
      <button id="copy-link" type="button" title="Copy a link holding this manifest, rack, app, env and rack profile (compressed into the URL fragment; never sent to a server)">Copy link</button>
      <button id="copy-md" type="button" title="Copy a Markdown link for docs">Copy Markdown</button>
      <button id="download" type="button" title="Download every object as one multi-document YAML file, for reading and diffing: a comment at its top lists the stand-in values and where the real ones come from (secret values in clear)">Download YAML</button>
    </div>
  </header>
  <nav class="pane-tabs" role="tablist" aria-label="Panes">
    <button role="tab" id="pane-tab-editor" aria-controls="pane-editor" aria-selected="true">convox.yml</button>
    <button role="tab" id="pane-tab-output" aria-controls="pane-output" aria-selected="false">Kubernetes</button>
  </nav>
  <main class="panes">
    <section id="pane-editor" class="pane editor-pane" aria-label="convox.yml">
      <div id="editor" class="editor"></div>
      <details class="env" open>
        <summary>Release environment <small>(<code>KEY=VALUE</code> lines: <code>\${VAR}</code> interpolation, required env)</small></summary>
        <textarea id="env" rows="3" spellcheck="false" placeholder="WEB_HOST=www.example.com" aria-label="Release environment, KEY=VALUE lines"></textarea>
      </details>
      <section class="diagnostics" aria-label="Diagnostics">
        <h2 id="diag-title">Diagnostics</h2>
        <ul id="diagnostics"></ul>
      </section>
    </section>
    <section id="pane-output" class="pane output-pane" aria-label="Kubernetes resources">
      <div id="summary" class="summary" role="status" aria-live="polite"></div>
      <div id="busy" class="busy" hidden>Mapping… (large manifests take a few seconds; keep editing meanwhile)</div>
      <nav class="tabs" role="tablist" aria-label="Output">
        <button role="tab" data-tab="resources" aria-selected="true">Resources</button>
        <button role="tab" data-tab="reference" aria-selected="false">Quick reference</button>
        <button role="tab" data-tab="troubleshooting" aria-selected="false">Troubleshooting</button>
      </nav>
      <div id="tab-resources" class="tab-panel" role="tabpanel">
        <div class="filters">
          <input id="search" type="search" placeholder="Filter by kind, name or label (e.g. service=web)" aria-label="Filter resources" spellcheck="false">
          <div id="label-filter" class="label-filter" hidden></div>
        </div>
        <div id="stale" class="stale-banner" hidden role="alert"></div>
        <div id="resources" class="resources"></div>
        <div id="more" class="more-bar" hidden></div>
      </div>
      <div id="tab-reference" class="tab-panel" role="tabpanel" hidden></div>
      <div id="tab-troubleshooting" class="tab-panel" role="tabpanel" hidden></div>
    </section>
  </main>
  <footer class="foot">Runs entirely in your browser (WebAssembly); your convox.yml never leaves this page. <span id="version"></span></footer>
  <div id="toast" class="toast" role="status" aria-live="polite" hidden></div>`;
}

/**
 * The editor's mount point, inside a shadow root: CodeMirror then adds its styles as
 * constructed stylesheets (adoptedStyleSheets) instead of the `<style>` elements it injects into
 * a document, which the page's CSP (`style-src 'self'`, no 'unsafe-inline') would block.
 */
export function editorMount() {
  const shadow = $('#editor').attachShadow({ mode: 'open' });
  const mount = document.createElement('div');
  mount.style.height = '100%'; // CSSOM, not a style attribute: CSP allows it
  shadow.append(mount);
  return mount;
}
