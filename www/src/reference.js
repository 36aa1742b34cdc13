// The output tabs (Topology: ./topology.js; Changes: ./compare.js), and the two that render the core's cheat sheet (`reference()`, the rows of
// `convox-k8s map --format reference`): Quick reference (what the rack creates by concept and
// kind, and the commands that find things) and Troubleshooting (symptom → cause → commands).
// Nothing here writes a command: every one is the core's. Copy as Markdown copies the CLI's
// Markdown of the whole sheet (the tabs list a capped prefix of a huge one).
import { $, ask, commandCode, esc, num, plural, state } from './state.js';

// The Topology tab's module is loaded when the tab is first opened (not needed for the first result).
let topology = null;
/** The Topology module once loaded (markTopology, topologyKey), else null. */
export const topologyLoaded = () => topology;
const loadTopology = () => import('./topology.js').then((m) => (topology = m));

const TABS = ['resources', 'reference', 'troubleshooting', 'topology', 'changes'];
const sheets = new WeakMap(); // result -> Promise of its (capped) reference
let seq = 0;

function referenceOf(run) {
  if (!sheets.has(run)) sheets.set(run, ask(run, { type: 'reference' }).then((m) => m.reference));
  return sheets.get(run);
}

/** The cheat sheet as the CLI's Markdown (complete, not capped). */
export async function referenceMarkdown(run = state.shown) {
  return (await ask(run, { type: 'reference', markdown: true })).markdown;
}

/** Shows the selected tab; fills a reference tab for the shown result. */
export function renderTab() {
  for (const t of TABS) {
    $(`#tab-${t}`).hidden = state.tab !== t;
    const tab = $(`.tabs [data-tab="${t}"]`);
    tab.setAttribute('aria-selected', String(state.tab === t));
    tab.tabIndex = state.tab === t ? 0 : -1; // a roving tablist: one tab stop, arrows between tabs
  }
  // Changes (compare.js) is filled whenever a comparison arrives.
  if ((state.tab === 'reference' || state.tab === 'troubleshooting') && state.shown) fill(state.tab, state.shown);
  if (state.tab === 'topology') loadTopology().then((m) => state.tab === 'topology' && m.renderTopology());
}

async function fill(tab, run) {
  const el = $(`#tab-${tab}`);
  if (el.dataset.run === String(run.id)) return;
  const mine = ++seq;
  if (!el.firstChild) el.innerHTML = '<p class="empty">Loading…</p>';
  let ref;
  try {
    ref = await referenceOf(run);
  } catch (e) {
    if (mine === seq) el.textContent = `Could not build the reference: ${e.message}`;
    return;
  }
  if (mine !== seq || state.shown !== run) return;
  el.innerHTML = tab === 'reference' ? quickHtml(ref) : troubleshootingHtml(ref);
  el.dataset.run = String(run.id);
}

const copyCell = (cmd) => `<span class="cmd">${commandCode(cmd)} <button type="button" class="copy" data-copy="${esc(cmd)}" aria-label="Copy: ${esc(cmd)}">Copy</button></span>`;
const copyMarkdown = '<button type="button" class="copy" data-copy-reference title="The whole cheat sheet, as convox-k8s map --format reference writes it">Copy as Markdown</button>';
const more = (total, shown, what) => (total > shown ? `<p class="intro">Showing ${num(shown)} of ${num(total)} ${what}; Copy as Markdown holds them all.</p>` : '');

function quickHtml(r) {
  if (!r.quick.length) return '<p class="empty">No resources.</p>';
  const ns = (n) => (n == null ? '(cluster)' : n);
  return `<p class="intro">What a rack creates for <b>this</b> manifest, rack <code>${esc(r.rack)}</code> and app <code>${esc(r.app)}</code> (namespace <code>${esc(r.namespace)}</code>). ${copyMarkdown}</p>
  <h3>Quick reference</h3>
  <div class="table-wrap"><table class="ref quick"><thead><tr><th>Convox concept</th><th>Kubernetes kind</th><th>Namespace</th><th>Names</th><th>Naming pattern</th><th>kubectl</th></tr></thead><tbody>
  ${r.quick.map((q) => `<tr><td data-label="Convox concept">${esc(q.concept)}</td><td data-label="Kubernetes kind">${esc(q.kind)}</td><td data-label="Namespace">${q.namespaces.map((n) => esc(ns(n))).join(', ')}</td><td data-label="Names">${q.names.map((n) => `<code>${esc(n)}</code>`).join(' ')}${q.namesTotal > q.names.length ? ` <small>+${num(q.namesTotal - q.names.length)} more</small>` : ''}</td><td data-label="Naming pattern"><code>${esc(q.pattern)}</code></td><td data-label="kubectl">${q.command ? copyCell(q.command.command) : ''}</td></tr>`).join('')}
  </tbody></table></div>
  <h3>Finding things</h3>
  <div class="table-wrap"><table class="ref finding"><thead><tr><th>Task</th><th>kubectl</th></tr></thead><tbody>
  ${r.finding.map((k) => `<tr><td data-label="Task">${esc(k.description)}</td><td data-label="kubectl">${copyCell(k.command)}</td></tr>`).join('')}
  </tbody></table></div>${more(r.findingTotal, r.finding.length, 'finding commands')}`;
}

function troubleshootingHtml(r) {
  if (!r.issues.length) return `<p class="empty">No troubleshooting rows for this manifest.</p>`;
  return `<p class="intro">${plural(num(r.issuesTotal), 'troubleshooting row')} for what this manifest creates: the symptom you see, its Kubernetes cause, and the commands to investigate. ${copyMarkdown}</p>
  <div class="table-wrap"><table class="ref issues"><thead><tr><th>Symptom</th><th>Kubernetes cause</th><th>Investigate</th></tr></thead><tbody>
  ${r.issues.map((i) => `<tr class="issue"><td class="symptom" data-label="Symptom">${esc(i.symptom)}</td><td data-label="Kubernetes cause">${esc(i.cause)}</td><td data-label="Investigate"><ol>${i.commands.map((k) => `<li><span class="desc">${esc(k.description)}</span> ${copyCell(k.command)}</li>`).join('')}</ol></td></tr>`).join('')}
  </tbody></table></div>${more(r.issuesTotal, r.issues.length, 'rows')}`;
}
