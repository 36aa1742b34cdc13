// The Resources filter. The core reads the query as kubectl reads its arguments
// (Workspace.filter: `deploy/web`, `svc`, `kind=CronJob`, `service=web,type=service`, words) and
// answers with the matching keys, each term as read (with the query without it) and the
// kubectl commands that list the same on a cluster. This module asks once per result and query,
// shows the terms as removable chips with those commands, and turns a click on a label chip or a
// kind count into a term added to (or removed from) the query.
import { $, ask, commandCode, esc, num, plural, state } from './state.js';

// result -> Map query -> {promise, value}: a query asked for a result is answered once.
const asked = new WeakMap();

/** The core's answer for `run` and `query` (a promise); `entry.value` once it has come. */
function entry(run, query) {
  if (!asked.has(run)) asked.set(run, new Map());
  const byQuery = asked.get(run);
  if (!byQuery.has(query)) {
    const e = { value: undefined };
    e.promise = ask(run, { type: 'filter', query }).then(({ filter }) => {
      e.value = { keys: new Set(filter.keys), terms: filter.terms, commands: filter.commands };
      return e.value;
    }, (err) => {
      // The worker could not answer: the filter says so, and shows nothing rather than hang.
      e.value = { keys: new Set(), terms: [{ text: query, what: 'error', error: `The filter could not run: ${err.message}`, without: '' }], commands: [] };
      return e.value;
    });
    if (byQuery.size > 50) byQuery.clear();
    byQuery.set(query, e);
  }
  return byQuery.get(query);
}

/** The filter's answer for the shown result and query: `null` without a query, `undefined` while asked. */
export function currentFilter() {
  const q = state.search.trim();
  if (!q || !state.shown) return null;
  return entry(state.shown, q).value;
}

/** Resolves once the shown result's answer for the query is there (at once without a query). */
export function whenFiltered() {
  const q = state.search.trim();
  if (!q || !state.shown) return Promise.resolve(null);
  return entry(state.shown, q).promise;
}

/** Sets the query (the box shows it too). */
export function setQuery(query) {
  state.search = query;
  const box = $('#search');
  if (box.value !== query) box.value = query;
}

const add = (query, term) => (query.trim() ? `${query.trim()} ${term}` : term);

/** A label chip: adds `key=value` to the query, or removes it when the query requires it already. */
export function toggleLabel(key, value) {
  const on = currentFilter()?.terms.find((t) => t.label && t.label[0] === key && t.label[1] === value);
  setQuery(on ? on.without : add(state.search, `${key}=${value}`));
}

/** A kind count: adds `kind=<Kind>` to the query, or removes the term naming that kind. */
export function toggleKind(kind) {
  const on = currentFilter()?.terms.find((t) => (t.what === 'kind' || t.what === 'label') && t.kind === kind);
  setQuery(on ? on.without : add(state.search, `kind=${kind}`));
}

/** Whether the query has a `key=value` term (the chip shows pressed). */
export const labelOn = (f, key, value) => !!f?.terms.some((t) => t.label && t.label[0] === key && t.label[1] === value);
/** Whether the query has a term naming kind `kind`. */
export const kindOn = (f, kind) => !!f?.terms.some((t) => (t.what === 'kind' || t.what === 'label') && t.kind === kind);

const WHAT = { object: 'object', kind: 'kind', label: 'label', namespace: 'namespace', text: 'word', error: 'not understood' };

/** The terms under the filter box: each as a chip that removes it, the count, and the core's commands. */
export function renderTerms(shown, total) {
  const box = $('#filter-terms');
  const f = currentFilter();
  if (!f) {
    box.hidden = true;
    box.innerHTML = '';
    return;
  }
  box.hidden = false;
  const chips = f.terms.map((t) => `<button type="button" class="term term-${esc(t.what)}" data-without="${esc(t.without)}" title="Remove this term (${esc(WHAT[t.what] ?? t.what)})" aria-label="Remove ${esc(WHAT[t.what] ?? t.what)} ${esc(t.text)}"><span class="term-what">${esc(WHAT[t.what] ?? t.what)}</span> ${esc(t.text)} <span aria-hidden="true">×</span></button>`).join('');
  const errors = f.terms.filter((t) => t.error).map((t) => `<p class="field-error">${esc(t.error)}</p>`).join('');
  const commands = f.commands.map((c) => `<div class="cmd">${commandCode(c)}<button type="button" class="copy" data-copy="${esc(c)}" aria-label="Copy: ${esc(c)}">Copy</button></div>`).join('');
  box.innerHTML = `<div class="terms-head">${chips} <span class="terms-count">${num(shown)} of ${plural(num(total), 'resource')}</span> <button type="button" id="clear-filter" class="plain">Clear filter</button></div>${errors}${commands ? `<div class="terms-cmds">${commands}</div>` : ''}`;
  box.dataset.run = String(state.shown.id);
  box.dataset.query = state.search.trim();
}
