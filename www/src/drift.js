// Compare with cluster: the capture command for this manifest's namespace, a box that takes a
// pasted or dropped dump of the cluster (`kubectl get … -o yaml`; it never leaves the browser),
// and what the core said (`Workspace.drift`, as `convox-k8s drift` says it): the cards of
// drifted and missing objects are badged, the objects the release does not render are listed,
// and each difference says what the next deploy does to it. The page compares nothing itself.
//
// Loaded on demand (main.js imports it when "Compare with cluster" is pressed), so the first
// load does not carry it; its few styles are a constructed stylesheet (allowed by the CSP, as
// the editor's are). What it needs of the page comes in `open(deps)`, so the chunk imports no
// module of the page's own (no chunk shared with the first load). Cards re-rendered after an
// edit are badged again (a MutationObserver), and every new result is compared again with the
// dump kept in memory.

/** Objects and fields shown (the counts count all). */
const MAX_OBJECTS = 300;
const MAX_FIELDS = 60;

const CSS = `
.drift-panel { background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: .5rem .75rem; margin: .5rem 0; }
.drift-panel h2 { font-size: 14px; margin: 0 0 .35rem; display: flex; align-items: center; gap: .5rem; }
.drift-panel h2 .plain { margin-left: auto; }
.drift-panel ol { margin: .25rem 0; padding-left: 1.25rem; }
.drift-panel li { margin: .25rem 0; }
.drift-cmd { display: flex; gap: .5rem; align-items: flex-start; }
.drift-cmd pre { flex: 1; margin: 0; overflow: auto; background: var(--bg); border: 1px solid var(--border); border-radius: 6px; padding: .35rem .5rem; font: 12px/1.4 var(--mono); }
.drift-dump { width: 100%; min-height: 6rem; background: var(--bg); color: var(--fg); border: 1px solid var(--border); border-radius: 6px; padding: .35rem; font: 12px var(--mono); resize: vertical; }
.drift-dump.over { border-color: var(--accent); }
.drift-actions { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; margin-top: .35rem; font-size: 13px; color: var(--muted); }
.drift-result { margin-top: .5rem; font-size: 13px; }
.drift-badge { font: 600 10.5px var(--sans); text-transform: uppercase; letter-spacing: .04em; border-radius: 999px; padding: .05rem .5rem; border: 1px solid currentColor; color: var(--warning); }
.drift-badge.missing, .drift-badge.extra { color: var(--error); }
.drift-badge.keeps { color: var(--muted); }
.res[data-drift] { border-color: var(--warning); }
.drift-diag { color: var(--error); }
`;

let deps = null; // {$, esc, plural, state, ask}
let root = null; // the panel
let dump = ''; // the dump, kept in memory only
let result = null; // {run, drift}
let seq = 0;
let asked = null; // the result id a comparison was last asked for
let observer = null;

/** Opens the panel (loading it once): main.js calls this when the button is pressed. */
export function open(d) {
  deps = d;
  if (!root) build();
  root.hidden = false;
  showCommand();
  root.querySelector('.drift-dump').focus();
}

function build() {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  root = document.createElement('section');
  root.className = 'drift-panel';
  root.id = 'drift-panel';
  root.dataset.dropZone = ''; // a dropped file is a dump here, not work to open (workfile.js)
  root.setAttribute('aria-label', 'Compare with cluster');
  root.innerHTML = `<h2>Compare with cluster <button type="button" class="plain" data-drift-close>Close</button></h2>
    <ol>
      <li>Capture the app's namespace (needs <code>kubectl</code> access to the cluster):
        <div class="drift-cmd"><pre><code class="drift-command">…</code></pre><button type="button" class="copy" data-drift-copy>Copy</button></div></li>
      <li>Paste <code>cluster.yaml</code> here, drop the file on it, or <label class="plain"><input type="file" class="drift-file" hidden>choose it</label>. It stays in this browser: nothing is sent anywhere. Secret values are never shown.
        <textarea class="drift-dump" spellcheck="false" aria-label="The cluster dump: what the capture command printed (YAML or JSON)" placeholder="apiVersion: v1&#10;items: …&#10;kind: List"></textarea></li>
    </ol>
    <div class="drift-actions"><button type="button" class="pin" data-drift-run>Compare</button><span class="drift-state" role="status"></span></div>
    <div class="drift-result"></div>`;
  const filters = deps.$('#tab-resources .filters');
  filters.after(root);
  const area = /** @type {HTMLTextAreaElement} */ (root.querySelector('.drift-dump'));
  root.addEventListener('click', (e) => {
    const t = /** @type {HTMLElement} */ (e.target);
    if (t.closest('[data-drift-close]')) close();
    else if (t.closest('[data-drift-run]')) compare(area.value);
    else if (t.closest('[data-drift-copy]')) copyCommand();
  });
  root.querySelector('.drift-file').addEventListener('change', async (e) => {
    const f = /** @type {HTMLInputElement} */ (e.target).files[0];
    if (f) load(await f.text());
  });
  area.addEventListener('dragover', (e) => {
    e.preventDefault();
    area.classList.add('over');
  });
  area.addEventListener('dragleave', () => area.classList.remove('over'));
  area.addEventListener('drop', async (/** @type {DragEvent} */ e) => {
    e.preventDefault();
    area.classList.remove('over');
    const f = e.dataTransfer.files[0];
    load(f ? await f.text() : e.dataTransfer.getData('text'));
  });
  // Cards come and go with each edit and "Show more": badge the new ones; a new result is
  // compared again.
  observer = new MutationObserver(() => {
    if (!dump) return;
    const shown = deps.state.shown;
    if (result && shown && result.run !== shown.id) {
      if (asked !== shown.id) compare(dump);
    } else mark();
  });
  observer.observe(deps.$('#resources'), { childList: true, subtree: true });
}

function load(text) {
  root.querySelector('.drift-dump').value = text;
  compare(text);
}

function close() {
  root.hidden = true;
  dump = '';
  result = null;
  root.querySelector('.drift-dump').value = '';
  root.querySelector('.drift-result').innerHTML = '';
  root.querySelector('.drift-state').textContent = '';
  mark();
}

async function showCommand() {
  const run = deps.state.shown;
  if (!run) return;
  try {
    const m = await deps.ask(run, { type: 'dumpCommand' });
    root.querySelector('.drift-command').textContent = m.command;
  } catch (e) {
    root.querySelector('.drift-command').textContent = `(could not make the command: ${e.message})`;
  }
}

async function copyCommand() {
  const text = root.querySelector('.drift-command').textContent;
  try {
    await navigator.clipboard.writeText(text);
    root.querySelector('.drift-state').textContent = 'Command copied';
  } catch {
    root.querySelector('.drift-state').textContent = 'Select the command to copy it';
  }
}

/** Asks the core to compare the shown result with `text`, and shows what it said. */
async function compare(text) {
  const mine = ++seq;
  dump = text;
  const run = deps.state.shown;
  if (!run || !text.trim()) return;
  asked = run.id;
  const stateEl = root.querySelector('.drift-state');
  stateEl.textContent = 'Comparing…';
  let m;
  try {
    m = await deps.ask(run, { type: 'drift', dump: text });
  } catch (e) {
    if (mine === seq) stateEl.textContent = `Could not compare: ${e.message}`;
    return;
  }
  if (mine !== seq) return;
  result = { run: run.id, drift: m.drift };
  stateEl.textContent = '';
  render(m.drift);
  mark();
  showCommand();
}

const value = (v) => (v === null || v === undefined ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v));
const fateWords = { reverts: 'the next deploy reverts it', keeps: 'the next deploy keeps it', expected: 'expected' };

function objectHtml(o) {
  const { esc } = deps;
  const fields = o.fields.slice(0, MAX_FIELDS);
  const what = o.change === 'missing' ? 'missing: the next deploy creates it' : o.change === 'extra' ? `extra: ${o.fate === 'reverts' ? 'the next deploy deletes it' : 'the next deploy keeps it'}` : `drifted: ${fateWords[o.fate]}`;
  return `<article class="change drift-object" data-drift-object="${esc(`${o.kind}/${o.name}`)}">
    <h3 class="change-title"><span class="drift-badge ${esc(o.change)}">${esc(what)}</span> <span class="kind">${esc(o.kind)}</span> <span class="name">${esc(o.name)}</span></h3>
    ${o.reason ? `<p class="intro">${esc(o.reason)}</p>` : ''}
    ${Object.keys(o.labels || {}).length ? `<p class="intro">labels: <code>${esc(Object.entries(o.labels).map(([k, v]) => `${k}=${v}`).join(','))}</code></p>` : ''}
    ${o.notes.length ? `<ul class="notes">${o.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
    ${fields.length ? `<div class="table-wrap"><table class="ref fields"><thead><tr><th>Field</th><th>Cluster</th><th>convox.yml</th><th>Next deploy</th></tr></thead><tbody>
      ${fields.map((f) => `<tr><td data-label="Field"><code>${esc(f.path)}</code></td><td data-label="Cluster"><code>${esc(value(f.before))}</code></td><td data-label="convox.yml"><code>${esc(value(f.after))}</code></td><td data-label="Next deploy">${esc(fateWords[f.fate])}${f.reason ? ` (${esc(f.reason)})` : ''}</td></tr>`).join('')}
    </tbody></table></div>` : ''}
  </article>`;
}

function render(d) {
  const { esc, plural } = deps;
  const s = d.summary;
  const diags = d.diagnostics.map((x) => `<li class="drift-diag">line ${x.line}, column ${x.column}: ${esc(x.severity)}: ${esc(x.message)}</li>`).join('');
  const failed = d.diagnostics.some((x) => x.severity === 'error');
  const headline = failed
    ? 'The dump could not be compared.'
    : d.objects.length
      ? `Drift in ${d.namespace}: ${s.missing} missing, ${s.extra} extra, ${s.changed} changed (${plural(s.compared, 'object')} compared); the next deploy reverts ${plural(s.reverts, 'field')} and keeps ${s.keeps}.`
      : `No drift: the cluster holds what convox.yml renders (${plural(s.compared, 'object')} compared in ${d.namespace}).`;
  const shown = d.objects.slice(0, MAX_OBJECTS);
  root.querySelector('.drift-result').innerHTML = `<p class="intro drift-summary"><b>${esc(headline)}</b></p>
    ${diags ? `<ul class="notes">${diags}</ul>` : ''}
    ${d.notes.length ? `<ul class="notes">${d.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
    ${shown.map(objectHtml).join('')}
    ${d.objects.length > shown.length ? `<p class="intro">Showing ${shown.length} of ${d.objects.length}; <code>convox-k8s drift</code> lists them all.</p>` : ''}
    ${d.expected.length ? `<details><summary>${esc(plural(s.expected, 'field'))} differ as expected (stand-ins, run-time values): not drift</summary><ul class="notes">${d.expected.map((x) => `<li>${esc(x.reason)} — ${esc(plural(x.fields, 'field'))}</li>`).join('')}</ul></details>` : ''}
    ${d.runTime.length ? `<details><summary>${esc(plural(d.runTime.length, 'object'))} made at run time, not compared</summary><ul class="notes">${d.runTime.map((r) => `<li>${esc(r.kind)} ${esc(r.name)}: ${esc(r.reason)}</li>`).join('')}</ul></details>` : ''}
    ${s.ignored ? `<p class="intro">${esc(plural(s.ignored, 'object'))} of other namespaces or apps set aside.</p>` : ''}`;
}

/** Badges the cards on screen that the comparison says are drifted or missing. */
function mark() {
  const d = result && deps.state.shown && result.run === deps.state.shown.id ? result.drift : null;
  const by = new Map(d ? d.objects.filter((o) => o.key).map((o) => [o.key, o]) : []);
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('#resources .res[data-key]'))) {
    const o = by.get(el.dataset.key);
    const want = o ? (o.change === 'missing' ? 'missing from the cluster' : `drifted: ${o.fate === 'reverts' ? 'the next deploy reverts it' : 'the next deploy keeps it'}`) : '';
    if ((el.dataset.drift || '') === want) continue;
    el.querySelector('.drift-badge')?.remove();
    if (!o) {
      delete el.dataset.drift;
      continue;
    }
    el.dataset.drift = want;
    const badge = document.createElement('span');
    badge.className = `drift-badge ${o.change === 'missing' ? 'missing' : o.fate}`;
    badge.textContent = want;
    badge.title = o.change === 'missing' ? 'In convox.yml, not in the cluster dump' : o.fields.map((f) => `${f.path}: ${value(f.before)} → ${value(f.after)}`).join('\n');
    el.querySelector('.res-top').append(badge);
  }
}
