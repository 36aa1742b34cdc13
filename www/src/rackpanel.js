// The Rack profile panel (beside Rack and App): the provider, the rack version (the core's
// rackVersions()), the router and every other rack parameter that provider's racks have at that
// version, built from the core's rackParams() — bools as checkboxes, choices as selects, the
// rest as text inputs — each with its default and its doc as help text; those that change
// nothing in an app's objects (the core's `changesApp`) folded apart. `state.profile` holds
// the provider, the version ('' for the core's default) and only the values that differ from the
// rack's defaults (what the options sent to the core carry); the core's `optionErrors` show at
// their field.
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

/** The rack version the next analysis uses ('' until one is picked: the core's default). */
const version = () => state.profile.version || state.versions.find((v) => v.default)?.version || '';
/** A version's place in the core's list (oldest first): the core orders them, the page compares places. */
const place = (v) => state.versions.findIndex((x) => x.version === v);
/** Whether racks of `prov` have parameter `p` at version `v` (its `since` for that provider, if any). */
const has = (p, prov, v) => p.providers.includes(prov) && !(p.since?.[prov] && place(p.since[prov]) > place(v));
const paramsOf = (prov, v = version()) => state.params.filter((p) => has(p, prov, v));
const defaultOf = (p) => p.defaults?.[provider()] ?? p.default;
const valueOf = (p) => state.profile.params[p.name] ?? defaultOf(p);
/** Whether a parameter changes an app's objects on the selected provider's racks. */
const changesApp = (p) => !p.changesApp || p.changesApp.includes(provider());

/** Of `params` (name → value), those the rack of the chosen provider has at version `v`. */
export function paramsAt(params, v) {
  const known = new Set(paramsOf(provider(), v || version()).map((p) => p.name));
  return Object.fromEntries(Object.entries(params || {}).filter(([name]) => known.has(name)));
}

/** The rack version the next analysis uses: the chosen one, else the core's default. */
export const rackVersion = () => version();

/** Wires the panel; `onChange()` runs after each change of the profile. */
export function initRackPanel(onChange) {
  changed = onChange;
  const body = $('#rack-body');
  const update = (el) => {
    if (el.id === 'provider' || el.id === 'rack-version') {
      if (el.id === 'provider') state.profile.provider = el.value;
      else state.profile.version = state.versions.find((v) => v.version === el.value)?.default ? '' : el.value;
      // Parameters the rack does not have (on that provider, at that version) are dropped.
      const known = new Set(paramsOf(provider()).map((p) => p.name));
      for (const name of Object.keys(state.profile.params)) if (!known.has(name)) delete state.profile.params[name];
      renderRackPanel();
      changed();
      return;
    }
    const name = el.dataset.param;
    const p = name && state.params.find((x) => x.name === name);
    if (!p) return;
    let value = el.type === 'checkbox' ? String(el.checked) : el.value.trim();
    if (value === '' && p.kind !== 'bool' && p.kind !== 'choice') value = defaultOf(p);
    if (value === defaultOf(p)) delete state.profile.params[name];
    else state.profile.params[name] = value;
    // Set by the person now: no longer the example's to take back.
    delete state.exampleParams[name];
    renderSummary();
    changed();
  };
  // The panel's body is built when it opens (the click on its summary comes before the toggle).
  $('#rack-panel').querySelector('summary').addEventListener('click', () => built || build());
  $('#rack-panel').addEventListener('toggle', () => built || build());
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

/**
 * Replaces the profile (an example's or a share link's) and redraws the panel. Without a
 * `rackVersion` (an example, which names none) the rack version stays as chosen; a link's or
 * kept work's own (undefined: the default, as links made before versions existed) replaces it.
 * @param {any} [profile]
 * @param {{keepVersion?: boolean}} [o]
 */
export function setProfile({ provider: prov, params, rackVersion } = {}, { keepVersion = true } = {}) {
  const v = keepVersion && rackVersion === undefined ? state.profile.version : rackVersion;
  state.profile = { provider: typeof prov === 'string' ? prov : '', version: typeof v === 'string' ? v : '', params: { ...(params || {}) } };
  renderRackPanel();
}

/** `3.24.0 (renders as 3.23.4)`, `3.24.9 (newest)`: how the select names a version. */
export function versionLabel(v) {
  if (v.default) return `${v.version} (newest)`;
  return v.rendersAs !== v.version ? `${v.version} (renders as ${v.rendersAs})` : v.version;
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
  return `<input type="${type}" ${attrs}${mode} spellcheck="false" autocomplete="off" value="${esc(state.profile.params[p.name] ?? '')}" placeholder="${esc(defaultOf(p))}">`;
}

function field(p, label = p.name) {
  const id = `rp-${p.name}`;
  const d = defaultOf(p);
  const dflt = p.kind === 'bool' ? (d === 'true' ? 'on' : 'off') : d === '' ? 'none' : d;
  return `<div class="rp-field rp-${esc(p.kind)}" data-field="params.${esc(p.name)}">
    <label for="${esc(id)}">${control(p)} <code>${esc(label)}</code></label> <small class="rp-default">default ${esc(dflt)}</small>
    <p class="rp-doc" id="${esc(id)}-doc">${esc(p.doc)}</p>
    <p class="field-error" data-error-for="params.${esc(p.name)}" hidden></p>
  </div>`;
}

// Whether the panel's body shows the profile now. Built only while open, or with errors to
// place: its hundreds of fields were laid out twice before the first result (at the core's
// `ready`, and again when the result named the provider), and most visits never open it.
let built = false;

/** Draws the panel for the selected provider: its summary now, its body when it is open. */
export function renderRackPanel() {
  if (!state.params.length) return;
  built = false;
  if ($('#rack-panel')?.open) build();
  else {
    renderSummary();
    showOptionErrors(state.current?.contract.optionErrors ?? [], true);
  }
}

function build() {
  const body = $('#rack-body');
  if (!body || !state.params.length) return;
  built = true;
  const prov = provider();
  const list = paramsOf(prov);
  const router = list.find((p) => p.name === 'router_type');
  const rest = list.filter((p) => p !== router && !changesApp(p));
  const ver = version();
  body.innerHTML = `<div class="rp-field" data-field="provider">
      <label for="provider">Provider <select id="provider">${providers().map((n) => `<option value="${esc(n)}"${n === prov ? ' selected' : ''}>${esc(n)}</option>`).join('')}</select></label>
      <p class="field-error" data-error-for="provider" hidden></p>
    </div>
    <div class="rp-field" data-field="rackVersion">
      <label for="rack-version">Rack version <select id="rack-version">${state.versions.map((v) => `<option value="${esc(v.version)}"${v.version === ver ? ' selected' : ''}>${esc(versionLabel(v))}</option>`).join('')}</select></label>
      <p class="rp-doc">The Convox release the rack runs (<code>convox rack</code>): its templates, defaults and messages. A key newer than it is ignored, with a warning.</p>
      <p class="field-error" data-error-for="rackVersion" hidden></p>
    </div>
    ${router ? field(router, 'router_type (router)') : ''}
    <div class="rp-list">${list.filter((p) => p !== router && changesApp(p)).map((p) => field(p)).join('')}</div>
    ${rest.length ? `<details class="rp-more"><summary>${esc(plural(rest.length, 'more parameter'))} of the rack itself: they change nothing in an app's objects</summary>
      <div class="rp-list">${rest.map((p) => field(p)).join('')}</div></details>` : ''}
    <ul id="rack-errors" class="rack-errors" hidden></ul>
    <p class="rp-foot"><button type="button" id="rack-reset" class="copy">Reset to the rack's defaults</button></p>`;
  renderSummary();
  showOptionErrors(state.current?.contract.optionErrors ?? [], true);
}

function renderSummary() {
  const prov = provider();
  const router = paramsOf(prov).find((p) => p.name === 'router_type');
  const set = Object.keys(state.profile.params).filter((n) => n !== 'router_type').length;
  // The version only when it is not the newest (as links write it): the header keeps one row.
  const newest = state.versions.find((v) => v.default)?.version;
  const ver = version() !== newest ? version() : null;
  const parts = [prov, ver, router ? valueOf(router) : null, set ? `${plural(set, 'param')} set` : null].filter(Boolean);
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
  // Errors of its own are placed at their fields: the body is built for them (build() shows them).
  if (own.length && !built && state.params.length) return build();
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
      at.closest('details')?.setAttribute('open', '');
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
