// The page's static skeleton: a skip link, the header in one row (example and Reset, rack, app,
// the Rack profile popover, Copy link and the Share popover: links, downloads, opening a file;
// behind a Menu button on narrow screens), a notice line for what could not be opened or kept,
// the editor pane (editor, release environment with the variables standing in, diagnostics), a
// splitter, the output pane (summary, the refusal banner, tabs, filter and Compare bar, outline,
// removed objects, groups of resources) and the footer (links, theme). Everything dynamic is
// filled in by the other modules.
import { $, esc, state } from './state.js';

export function layout(examples) {
  const app = $('#app');
  app.removeAttribute('aria-busy');
  app.innerHTML = `
  <a class="skip" href="#search" id="skip">Skip to the resources filter</a>
  <header class="top">
    <h1><span class="logo" aria-hidden="true">⎈</span> convox.yml → Kubernetes</h1>
    <button type="button" id="menu-toggle" class="menu-toggle" aria-expanded="false" aria-controls="controls">Menu</button>
    <div class="controls" id="controls">
      <select id="example" aria-label="Example" title="Open a built-in example">${examples.map((e) => `<option value="${esc(e.name)}">${esc(e.title)}</option>`).join('')}<option value="" hidden>Custom</option></select>
      <button type="button" id="reset" class="plain" title="Open the example again, as it was: your edits and the work kept in this browser are replaced">Reset</button>
      <label>Rack <input id="rack" spellcheck="false" autocomplete="off" placeholder="${esc(state.defaults.rack)}"></label>
      <label>App <input id="app-name" spellcheck="false" autocomplete="off" placeholder="${esc(state.defaults.app)}"></label>
      <details id="rack-panel" class="rack-panel popover">
        <summary title="The rack this release lands on: provider, router and rack parameters (convox rack params)">Rack <span id="rack-summary" class="rack-summary"></span></summary>
        <div class="rack-body pop-body" id="rack-body"><p class="empty">Loading the rack parameters…</p></div>
      </details>
      <span class="share">
        <button id="copy-link" type="button" title="Copy a link holding this manifest, rack, app and rack profile (compressed into the URL fragment; never sent to a server); environment values only when asked">Copy link</button>
        <details id="share-menu" class="share-menu popover">
          <summary title="Share, download or open work">Share</summary>
          <div class="pop-body share-body">
            <label class="check" title="Environment values are often secrets: a link pasted into public docs would show them"><input type="checkbox" id="share-values"> include environment values in links</label>
            <button id="copy-md" type="button" title="A Markdown link for docs: [Open in playground](…)">Copy Markdown link</button>
            <button id="download" type="button" title="Every object as one multi-document YAML file, for reading and diffing: a comment at its top lists the stand-in values and where the real ones come from (secret values in clear)">Download YAML</button>
            <button id="download-work" type="button" title="The manifest as a convox.yml whose first line carries rack, app and rack profile: drop it on this page to open it again">Download work</button>
            <button id="open-file" type="button" title="Open a convox.yml or a downloaded work file (or drop it on the page)">Open file…</button>
            <input type="file" id="file-input" accept=".yml,.yaml,text/yaml,text/plain" hidden>
          </div>
        </details>
        <div id="share-note" class="share-note" role="status" hidden><span id="share-note-text"></span> <button type="button" id="share-note-action" class="plain" hidden></button> <button type="button" id="share-note-close" class="plain">Dismiss</button></div>
      </span>
    </div>
  </header>
  <div id="notice" class="notice" role="alert" hidden><span id="notice-text"></span> <button type="button" id="notice-action" class="plain" hidden></button> <button type="button" id="notice-close" class="plain">Dismiss</button></div>
  <nav class="pane-tabs" role="tablist" aria-label="Panes">
    <button role="tab" id="pane-tab-editor" aria-controls="pane-editor" aria-selected="true">convox.yml</button>
    <button role="tab" id="pane-tab-output" aria-controls="pane-output" aria-selected="false" tabindex="-1">Kubernetes</button>
  </nav>
  <main class="panes" id="panes">
    <section id="pane-editor" class="pane editor-pane" aria-label="convox.yml">
      <div id="editor" class="editor"></div>
      <details class="env" id="env-box">
        <summary>Release environment <small>(<code>KEY=VALUE</code> lines: <code>\${VAR}</code> interpolation, required env)<span id="env-standing"></span></small></summary>
        <textarea id="env" rows="3" spellcheck="false" placeholder="WEB_HOST=www.example.com" aria-label="Release environment, KEY=VALUE lines"></textarea>
        <ul id="env-errors" class="env-errors" hidden></ul>
        <p id="stand-ins" class="stand-ins" hidden></p>
      </details>
      <details class="diagnostics" id="diag-box" aria-label="Diagnostics">
        <summary><h2 id="diag-title">Diagnostics</h2> <span id="diag-filter" class="diag-filter"></span></summary>
        <ul id="diagnostics"></ul>
      </details>
    </section>
    <div class="splitter" id="splitter" role="separator" tabindex="0" aria-orientation="vertical" aria-controls="pane-editor" aria-label="Resize the editor" aria-valuemin="20" aria-valuemax="80" aria-valuenow="44"></div>
    <section id="pane-output" class="pane output-pane" aria-label="Kubernetes resources">
      <div id="summary" class="summary" role="status" aria-live="polite"></div>
      <div id="refused" class="refused-banner" role="alert" hidden></div>
      <div id="busy" class="busy" hidden>Mapping… (large manifests take a few seconds; keep editing meanwhile)</div>
      <div class="tabs-wrap" id="tabs-wrap">
      <nav class="tabs" role="tablist" aria-label="Output" id="tabs">
        <button role="tab" id="tab-button-resources" data-tab="resources" aria-controls="tab-resources" aria-selected="true">Resources</button>
        <button role="tab" id="tab-button-reference" data-tab="reference" aria-controls="tab-reference" aria-selected="false" tabindex="-1">Quick reference</button>
        <button role="tab" id="tab-button-troubleshooting" data-tab="troubleshooting" aria-controls="tab-troubleshooting" aria-selected="false" tabindex="-1">Troubleshooting</button>
        <button role="tab" id="tab-button-topology" data-tab="topology" aria-controls="tab-topology" aria-selected="false" tabindex="-1">Topology</button>
        <button role="tab" id="tab-button-changes" data-tab="changes" aria-controls="tab-changes" aria-selected="false" tabindex="-1">Changes</button>
      </nav>
      <span class="tabs-more" id="tabs-more" aria-hidden="true" hidden>more ›</span>
      </div>
      <div id="tab-resources" class="tab-panel" role="tabpanel" aria-labelledby="tab-button-resources">
        <div class="filters">
          <input id="search" type="search" placeholder="Filter: deploy/web, svc, kind=CronJob, service=web,type=service, or any word  ( / )" aria-label="Filter resources, as kubectl reads its arguments" aria-keyshortcuts="/" aria-describedby="filter-terms" spellcheck="false" autocomplete="off">
          <div id="filter-terms" class="filter-terms" hidden></div>
        </div>
        <nav id="outline" class="outline" aria-label="Outline" hidden></nav>
        <div id="stale" class="stale-banner" hidden role="alert"></div>
        <div id="removed" class="resources removed-box" hidden></div>
        <div id="resources" class="resources"></div>
        <div id="more" class="more-bar" hidden></div>
      </div>
      <div id="tab-reference" class="tab-panel" role="tabpanel" aria-labelledby="tab-button-reference" hidden></div>
      <div id="tab-troubleshooting" class="tab-panel" role="tabpanel" aria-labelledby="tab-button-troubleshooting" hidden></div>
      <div id="tab-topology" class="tab-panel" role="tabpanel" aria-labelledby="tab-button-topology" hidden></div>
      <div id="tab-changes" class="tab-panel" role="tabpanel" aria-labelledby="tab-button-changes" hidden></div>
    </section>
  </main>
  <footer class="foot">
    <span class="foot-about">Runs entirely in your browser (WebAssembly); your convox.yml never leaves this page.</span>
    <a href="https://docs.convox.com" rel="noopener" target="_blank">Convox docs</a>
    <a id="repo-link" rel="noopener" target="_blank" hidden>Source</a>
    <a id="report-link" rel="noopener" target="_blank" hidden title="Opens a new issue holding a link to what you see (without environment values)">Report a wrong mapping</a>
    <label class="theme">Theme <select id="theme" title="Light or dark; System follows your system setting"><option value="">System</option><option value="light">Light</option><option value="dark">Dark</option></select></label>
    <span id="version"></span>
  </footer>
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
