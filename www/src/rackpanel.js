// The Rack profile panel (beside Rack and App): the provider, the router and every other rack
// parameter of that provider, built from the core's rackParams() — bools as checkboxes, choices
// as selects, the rest as text inputs — each with its default and its doc as help text.
// `state.profile` holds the provider and only the values that differ from the rack's defaults
// (what the options sent to the core carry); the core's `optionErrors` show at their field.
import { $, esc, plural, state } from './state.js';

let changed = () => {};
let shownErrors = 0;

/** Every provider the core knows, in its order (each has at least one parameter). */
export function providers() {
  const out = [];
  for (const p of state.params) for (const name of p.providers) if (!out.includes(name)) out.push(name);
  return out;
}

/** The provider the next analysis uses (the core's default until one is picked). */
export const provider = () => state.profile.provider || state.defaults.provider || providers()[0] || '';

const paramsOf = (prov) => state.params.filter((p) => p.providers.includes(prov));
const valueOf = (p) => state.profile.params[p.name] ?? p.default;

/** Wires the panel; `onChange()` runs after each change of the profile. */
export function initRackPanel(onChange) {
  changed = onChange;
  const body = $('#rack-body');
  const update = (el) => {
    if (el.id === 'provider') {
      const prov = el.value;
      state.profile.provider = prov;
      // Parameters the new provider's racks do not have are dropped.
      const known = new Set(paramsOf(prov).map((p) => p.name));
      for (const name of Object.keys(state.profile.params)) if (!known.has(name)) delete state.profile.params[name];
      renderRackPanel();
      changed();
      return;
    }
    const name = el.dataset.param;
    const p = name && state.params.find((x) => x.name === name);
    if (!p) return;
    let value = el.type === 'checkbox' ? String(el.checked) : el.value.trim();
    if (value === '' && p.kind !== 'bool' && p.kind !== 'choice') value = p.default;
    if (value === p.default) delete state.profile.params[name];
    else state.profile.params[name] = value;
    // Set by the person now: no longer the example's to take back.
    delete state.exampleParams[name];
    renderSummary();
    changed();
  };
  body.addEventListener('change', (e) => update(e.target));
  body.addEventListener('input', (e) => {
    if (e.target.matches('input[type=text], input[type=password]')) update(e.target);
  });
  body.addEventListener('click', (e) => {
    if (!e.target.closest('#rack-reset')) return;
    state.profile.params = {};
    state.exampleParams = {};
    renderRackPanel();
    changed();
  });
}

/**
 * One's own manifest was pasted over the example: the rack parameters the example turned on (and
 * the person left as they were) go back to the rack's defaults, so they neither change the
 * output nor go into links. Those the person set stay.
 */
export function dropExampleParams() {
  const left = Object.entries(state.exampleParams);
  state.exampleParams = {};
  let changed = false;
  for (const [name, value] of left) {
    if (state.profile.params[name] !== value) continue;
    delete state.profile.params[name];
    changed = true;
  }
  if (changed) renderRackPanel();
}

/** Replaces the profile (an example's or a share link's) and redraws the panel. */
export function setProfile({ provider: prov, params } = {}) {
  state.profile = { provider: typeof prov === 'string' ? prov : '', params: { ...(params || {}) } };
  renderRackPanel();
}

function control(p) {
  const id = `rp-${p.name}`;
  const v = valueOf(p);
  const attrs = `id="${esc(id)}" data-param="${esc(p.name)}" aria-describedby="${esc(id)}-doc"`;
  if (p.kind === 'bool') return `<input type="checkbox" ${attrs}${v === 'true' ? ' checked' : ''}>`;
  if (p.kind === 'choice') {
    return `<select ${attrs}>${p.choices.map((c) => `<option value="${esc(c)}"${c === v ? ' selected' : ''}>${esc(c)}</option>`).join('')}</select>`;
  }
  const type = p.secret ? 'password' : 'text';
  const mode = p.kind === 'percent' ? ' inputmode="numeric"' : p.kind === 'url' ? ' inputmode="url"' : '';
  return `<input type="${type}" ${attrs}${mode} spellcheck="false" autocomplete="off" value="${esc(state.profile.params[p.name] ?? '')}" placeholder="${esc(p.default)}">`;
}

function field(p, label = p.name) {
  const id = `rp-${p.name}`;
  const dflt = p.kind === 'bool' ? (p.default === 'true' ? 'on' : 'off') : p.default === '' ? 'none' : p.default;
  return `<div class="rp-field rp-${esc(p.kind)}" data-field="params.${esc(p.name)}">
    <label for="${esc(id)}">${control(p)} <code>${esc(label)}</code></label> <small class="rp-default">default ${esc(dflt)}</small>
    <p class="rp-doc" id="${esc(id)}-doc">${esc(p.doc)}</p>
    <p class="field-error" data-error-for="params.${esc(p.name)}" hidden></p>
  </div>`;
}

/** Draws the panel for the selected provider. */
export function renderRackPanel() {
  const body = $('#rack-body');
  if (!body || !state.params.length) return;
  const prov = provider();
  const list = paramsOf(prov);
  const router = list.find((p) => p.name === 'router_type');
  body.innerHTML = `<div class="rp-field" data-field="provider">
      <label for="provider">Provider <select id="provider">${providers().map((n) => `<option value="${esc(n)}"${n === prov ? ' selected' : ''}>${esc(n)}</option>`).join('')}</select></label>
      <p class="field-error" data-error-for="provider" hidden></p>
    </div>
    ${router ? field(router, 'router_type (router)') : ''}
    <div class="rp-list">${list.filter((p) => p !== router).map((p) => field(p)).join('')}</div>
    <ul id="rack-errors" class="rack-errors" hidden></ul>
    <p class="rp-foot"><button type="button" id="rack-reset" class="copy">Reset to the rack's defaults</button></p>`;
  renderSummary();
  showOptionErrors(state.current?.contract.optionErrors ?? [], true);
}

function renderSummary() {
  const prov = provider();
  const router = paramsOf(prov).find((p) => p.name === 'router_type');
  const set = Object.keys(state.profile.params).filter((n) => n !== 'router_type').length;
  const parts = [prov, router ? valueOf(router) : null, set ? `${plural(set, 'param')} set` : null].filter(Boolean);
  $('#rack-summary').innerHTML = `${esc(parts.join(' · '))}${shownErrors ? ` <span class="sev-error">${esc(plural(shownErrors, 'error'))}</span>` : ''}`;
}

let errorsShown = null; // the errors the panel shows (JSON), so an unchanged list costs nothing

/**
 * Shows the core's option errors at their fields (others in a list); the release environment's
 * (lines the rack would skip) under the env box. Opens the panel when new errors of its own
 * appear — never for the env box's, which is where the person is typing.
 */
export function showOptionErrors(errors, force = false) {
  const body = $('#rack-body');
  if (!body) return;
  const json = JSON.stringify(errors);
  if (!force && json === errorsShown) return;
  errorsShown = json;
  const envErrors = errors.filter((e) => e.field === 'env');
  const own = errors.filter((e) => e.field !== 'env');
  const envList = $('#env-errors');
  envList.hidden = !envErrors.length;
  envList.innerHTML = envErrors.map((e) => `<li class="field-error">${esc(e.message)}</li>`).join('');
  for (const el of body.querySelectorAll('.field-error')) {
    el.hidden = true;
    el.textContent = '';
  }
  const rest = [];
  for (const e of own) {
    const at = [...body.querySelectorAll('[data-error-for]')].find((el) => el.dataset.errorFor === e.field);
    if (at) {
      at.textContent = at.textContent ? `${at.textContent} ${e.message}` : e.message;
      at.hidden = false;
    } else rest.push(e);
  }
  const list = $('#rack-errors');
  if (list) {
    list.hidden = !rest.length;
    list.innerHTML = rest.map((e) => `<li class="field-error"><code>${esc(e.field)}</code>: ${esc(e.message)}</li>`).join('');
  }
  if (own.length > shownErrors) $('#rack-panel').open = true;
  shownErrors = own.length;
  renderSummary();
}
