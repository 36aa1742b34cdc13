// The summary line (counts of what shows, rack, app, namespace; the counts filter) and the
// diagnostics: the list under the editor (`line:column` in characters, as the core gives them;
// folded when empty; filtered by severity from the summary's counts) and the editor's lint
// markers, placed at the core's UTF-16 offsets (`from`..`to`), so a marker after an emoji sits
// on the right character.
import { $, esc, num, plural, state, page, MAX_LINT } from './state.js';
import { currentFilter, kindOn } from './filter.js';
import { nextTask } from './tasks.js';

// More hints than this are drawn in a task of their own: 19,000 (a 5 MB manifest) took 20 ms of
// the result's task to place (profiled), which then ran over 50 ms.
const MANY_HINTS = 2000;

let linted = 0; // lint markers in the editor now: clearing none is skipped (it costs a view update)

/** Sets `el`'s HTML unless it is that already (an unchanged list costs no DOM work). */
function setHtml(el, html) {
  if (el.__html === html) return;
  el.__html = html;
  el.innerHTML = html;
}

/**
 * The editor's marks for contract `c`: lint markers and inline hints, in one editor update
 * (many hints in a task of their own).
 */
export function markEditor(c) {
  const diags = c.diagnostics;
  const lint = diags.length || linted ? (diags.length > MAX_LINT ? diags.slice(0, MAX_LINT) : diags) : null;
  linted = Math.min(diags.length, MAX_LINT);
  const few = c.hints.at.length <= MANY_HINTS;
  page.editor.setMarks(lint, few ? c.hints : null, c.hintsKey);
  if (!few) nextTask().then(() => state.current?.contract === c && page.editor.setMarks(null, c.hints, c.hintsKey));
}

/** The diagnostics list under the editor (the editor's own marks: `markEditor`). */
export function renderDiagnostics(c) {
  const diags = c.diagnostics;
  const title = c.diagnosticsTotal ? `Diagnostics (${c.diagnosticsTotal})` : 'Diagnostics: no problems found';
  if ($('#diag-title').textContent !== title) $('#diag-title').textContent = title;
  // The list folds when empty, and opens when problems appear (the user's choice holds meanwhile).
  const box = $('#diag-box');
  const some = c.diagnosticsTotal > 0;
  if (some !== box.__some) box.open = some;
  box.__some = some;
  const only = state.diagFilter;
  const shown = diags.map((d, i) => [d, i]).filter(([d]) => !only || d.severity === only);
  setHtml($('#diag-filter'), only && some ? `showing ${esc(only)}s only <button type="button" class="plain" data-diag-filter="">Show all</button>` : '');
  const more = c.diagnosticsTotal - diags.length;
  setHtml($('#diagnostics'), shown.length
    ? shown.map(([d, i]) => `<li><button type="button" class="diag sev-${esc(d.severity)}" data-diag="${i}" ${d.from != null ? '' : 'disabled'}>
        <span class="sev">${esc(d.severity)}</span> <span class="pos">${d.line ? `${num(d.line)}:${num(d.column)}` : '—'}</span>
        <span class="msg">${esc(d.message)}</span>${d.path ? ` <code class="path">${esc(d.path)}</code>` : ''}</button></li>`).join('')
      + (more > 0 ? `<li class="none">… and ${plural(more, 'more diagnostic')} (fix these first).</li>` : '')
    : '<li class="none">No problems found.</li>');
}

/** A click on a listed diagnostic moves the editor's cursor to it. */
export function goToDiagnostic(button) {
  const d = state.current.contract.diagnostics[Number(button.dataset.diag)];
  if (d?.from != null) page.editor.goToOffset(d.from);
}

/**
 * The summary line: how many resources show (of how many), rack, app and namespace, the
 * diagnostics counts and the count per kind. Counts are buttons: a kind filters the resources
 * by that kind, a severity filters the diagnostics list. `filtered`: `{counts, total}` of what
 * the filter lets through, or null without a filter.
 */
export function renderSummary(c, stale, filtered = null) {
  const counts = filtered ? filtered.counts : c.counts;
  const f = currentFilter();
  const kinds = Object.entries(counts).map(([k, n], i) => `<button type="button" class="count" data-kind-filter="${esc(k)}" aria-pressed="${kindOn(f, k)}"${i ? ' tabindex="-1"' : ''} title="Show only the ${esc(k)} resources (again: all)"><b>${num(n)}</b> ${esc(k)}</button>`).join('');
  const { errors, diagnosticsTotal } = state.current.contract;
  const warnings = diagnosticsTotal - errors;
  const diagButton = (sev, n) => `<button type="button" class="count sev-${sev}" data-diag-filter="${sev}" aria-pressed="${state.diagFilter === sev}" title="List only the ${sev}s under the editor">${plural(num(n), sev)}</button>`;
  const shown = filtered ? `<b id="resource-count">${num(filtered.total)}</b> of ${num(c.total)} ${c.total === 1 ? 'resource' : 'resources'}` : `<b id="resource-count">${num(c.total)}</b> ${c.total === 1 ? 'resource' : 'resources'}`;
  setHtml($('#summary'), `<span class="total">${shown} in <b>${num(c.namespaces)}</b> ${c.namespaces === 1 ? 'namespace' : 'namespaces'}</span> · rack <code>${esc(c.rack)}</code> · app <code>${esc(c.app)}</code> · namespace <code>${esc(c.namespace)}</code>${stale ? ' · <span class="warn">stale</span>' : ''}
    <span class="diag-counts">${errors ? diagButton('error', errors) : ''}${warnings ? ` ${diagButton('warning', warnings)}` : ''}</span>
    ${kinds ? `<div class="kinds" role="toolbar" aria-label="Resources by kind: filter by one">${kinds}</div>` : ''}`);
}
