// The summary line (counts, rack, app, namespace) and the diagnostics: the list under the
// editor (`line:column` in characters, as the core gives them) and the editor's lint markers,
// placed at the core's UTF-16 offsets (`from`..`to`), so a marker after an emoji sits on the
// right character.
import { $, esc, num, plural, state, page, MAX_LINT } from './state.js';

let linted = 0; // lint markers in the editor now: clearing none is skipped (it costs a view update)

/** Sets `el`'s HTML unless it is that already (an unchanged list costs no DOM work). */
function setHtml(el, html) {
  if (el.__html === html) return;
  el.__html = html;
  el.innerHTML = html;
}

export function renderDiagnostics(c) {
  const diags = c.diagnostics;
  if (diags.length || linted) page.editor.setDiagnostics(diags.length > MAX_LINT ? diags.slice(0, MAX_LINT) : diags);
  linted = Math.min(diags.length, MAX_LINT);
  page.editor.setHints(c.hints ?? []);
  const title = c.diagnosticsTotal ? `Diagnostics (${c.diagnosticsTotal})` : 'Diagnostics';
  if ($('#diag-title').textContent !== title) $('#diag-title').textContent = title;
  const more = c.diagnosticsTotal - diags.length;
  setHtml($('#diagnostics'), diags.length
    ? diags.map((d, i) => `<li><button type="button" class="diag sev-${esc(d.severity)}" data-diag="${i}" ${d.from != null ? '' : 'disabled'}>
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

export function renderSummary(c, stale) {
  const kinds = Object.entries(c.counts).map(([k, n]) => `<span class="count"><b>${num(n)}</b> ${esc(k)}</span>`).join(' ');
  const { errors, diagnosticsTotal } = state.current.contract;
  const warnings = diagnosticsTotal - errors;
  setHtml($('#summary'), `<span class="total"><b id="resource-count">${num(c.total)}</b> ${c.total === 1 ? 'resource' : 'resources'} in <b>${num(c.namespaces)}</b> ${c.namespaces === 1 ? 'namespace' : 'namespaces'}</span> · rack <code>${esc(c.rack)}</code> · app <code>${esc(c.app)}</code> · namespace <code>${esc(c.namespace)}</code>${stale ? ' · <span class="warn">stale</span>' : ''}
    <span class="diag-counts">${errors ? `<span class="sev-error">${plural(num(errors), 'error')}</span>` : ''}${warnings ? ` <span class="sev-warning">${plural(num(warnings), 'warning')}</span>` : ''}</span>
    <div class="kinds">${kinds}</div>`);
}
