// The page's state and the helpers every module shares: the DOM/escaping helpers, the options
// the core is asked with (rack, app, release environment, rack profile), and `ask()`, which
// sends a request about one result to the worker (restoring that result there if the worker
// was restarted meanwhile).
//
// Manifest text only ever reaches the DOM as text or through `esc()`.

/** Cards rendered at first and per "Show more": the DOM stays small whatever the manifest. */
export const PAGE = 200;
/** Diagnostics drawn as lint markers in the editor (the panel lists up to the worker's cap). */
export const MAX_LINT = 300;

/**
 * The element `sel` finds under `root`. Typed `any`: the page's elements are its own, made by
 * layout.js, and each call site knows which kind it asked for.
 * @param {string} sel
 * @param {ParentNode} [root]
 * @returns {any}
 */
export const $ = (sel, root = document) => root.querySelector(sel);
/**
 * Every element `sel` finds under `root`, as an array (typed `any`, as [`$`]).
 * @param {string} sel
 * @param {ParentNode} [root]
 * @returns {any[]}
 */
export const all = (sel, root = document) => [...root.querySelectorAll(sel)];
/** Escapes text for HTML content and for quoted attribute values (either quote). */
export const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
/**
 * A command's code element. It wraps only between words, never inside one (not even after a
 * hyphen, as a browser would in `-l`): each word is a span that does not wrap, and what shows
 * is what pastes. A word longer than a phone's line (36 characters: a phone gives a command its
 * cell's whole width) scrolls sideways, and such a command takes focus so the keyboard can
 * scroll it too.
 */
export const commandCode = (command) => `<code${/\S{36}/.test(command) ? ' tabindex="0"' : ''}>${command.split(' ').map((w) => (w ? `<span class="w">${marked(w)}</span>` : '')).join(' ')}</code>`;

let standIns = { key: '', re: null, what: new Map(), of: /** @type {unknown} */ (null) };

/**
 * The names in commands the person did not choose (the core's `defaultNames` of the shown
 * result, `[{text, what}]`: the default rack and app, the namespaces made of them, the stand-in
 * release and build ids), as one
 * pattern that matches each as a whole name (`my-app` not inside `my-app-worker`).
 */
export function standInPattern() {
  // Asked for every word of every command shown: the same result's names are read once.
  const of = state.shown?.contract.defaultNames;
  if (of && of === standIns.of) return standIns;
  const names = (of ?? []).map((x) => (typeof x === 'string' ? { text: x, what: '' } : x)).filter((x) => x?.text);
  const key = JSON.stringify(names);
  if (key !== standIns.key) {
    const sorted = [...names].sort((a, b) => b.text.length - a.text.length);
    const alt = sorted.map((x) => x.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    standIns = { key, re: alt ? new RegExp(`(?<![\\w.-])(?:${alt})(?![\\w-])`, 'g') : null, what: new Map(sorted.map((x) => [x.text, x.what])), of: null };
  }
  standIns.of = of;
  return standIns;
}

/** A command's word, escaped, with the names the person did not choose marked (the text is the same: what shows is what pastes). */
function marked(word) {
  const { re, what } = standInPattern();
  if (!re) return esc(word);
  let out = '';
  let at = 0;
  for (const m of word.matchAll(re)) {
    const w = what.get(m[0]);
    out += `${esc(word.slice(at, m.index))}<mark class="stand-in-name" title="${esc(w || 'a default name, not yours')}">${esc(m[0])}</mark>`;
    at = m.index + m[0].length;
  }
  return out + esc(word.slice(at));
}
export const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
export const num = (n) => Number(n) || 0;

/** @typedef {import('./types/worker').Result} Result */

export const state = {
  defaults: { rack: 'my-rack', app: 'my-app' },
  version: '',
  params: [], // the core's rack parameters (rackParams()), from the worker's `ready`
  versions: [], // the rack versions the core emulates, oldest first (rackVersions()): {version, rendersAs, default}
  profile: { provider: '', version: '', params: {} }, // the rack panel: provider and rack version ('' = the core's default) and non-default params
  current: /** @type {Result | null} */ (null), // the latest result: {id, source, options, contract, byKey}
  good: /** @type {Result | null} */ (null), // the latest result without errors-and-no-resources (shown when YAML is broken)
  shown: /** @type {Result | null} */ (null), // what the output shows (current or good)
  rendered: null, // id of the result the DOM shows (tests wait for it)
  loading: false, // the page is replacing the editor's text (an example, a link): no edit to analyse
  revealed: new Map(), // key -> 'decoded' | 'raw': objects whose secret values the user revealed
  selected: null, // resource key
  cursor: 0, // the editor's cursor (UTF-16 offset)
  search: '', // the Resources filter, as typed (the core reads it: Workspace.filter)
  collapsed: new Map(), // group id -> collapsed, where the user chose (else the rack group is collapsed)
  diagFilter: '', // '' | 'error' | 'warning': the diagnostics list shows only that severity
  origin: { example: 'complete' }, // the example the work started from (Reset to example opens it)
  edited: false, // the work differs from what was opened (an example, a link)
  limit: PAGE,
  tab: 'resources',
  pane: 'editor', // narrow screens
  lastMs: 0,
  timings: null,
  firstResultMs: null,
  ghosts: false, // "Show what is not created" (ghosts.js): the core's why-not is asked for
  baseline: null, // Compare (compare.js): {source, rack, app, provider?, params} pinned, or null
  changes: null, // the core's comparison of the shown result with the baseline: {run, summary, changes, notes, total, baselineErrors}
  // Release variables whose values were not shared (a link, the kept work): {NAME: stand-in},
  // chosen by the core so that the output is the sender's. The env box's lines win over them;
  // the core says which still stand in (the view's `withheld`).
  standIns: {},
  // The rack parameters an example turned on that the person has not touched: pasting one's own
  // manifest over the example turns them back off ({name: value}).
  exampleParams: {},
};

/** What main.js creates: the editor and the worker client. */
export const page = { editor: null, core: null };

/**
 * The release environment's text for `env` (`{NAME: value}`): `KEY=VALUE` lines, the form the
 * env box holds (the core reads it back). Values not shared are not lines: they stand in
 * (`state.standIns`).
 */
export const envText = (env) => Object.entries(env || {}).map(([k, v]) => `${k}=${v}`).join('\n');

/** localStorage that never throws (storage may be disabled or full): null / false instead. */
export const store = {
  get(key) {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(key, value);
      return true;
    } catch {
      return false;
    }
  },
  remove(key) {
    try {
      localStorage.removeItem(key);
    } catch {
      // nothing kept, nothing to forget
    }
  },
};

/** The options of the next analysis: `{rack?, app?, envText, standIns?, provider?, rackVersion?, params?, absent?}` (the core reads the env lines). */
export function options() {
  const o = { envText: $('#env').value };
  if (Object.keys(state.standIns).length) o.standIns = { ...state.standIns };
  const rack = $('#rack').value.trim();
  const app = $('#app-name').value.trim();
  if (rack) o.rack = rack;
  if (app) o.app = app;
  const { provider, version, params } = state.profile;
  if (provider) o.provider = provider;
  if (version) o.rackVersion = version;
  if (Object.keys(params).length) o.params = { ...params };
  if (state.ghosts) o.absent = true;
  return o;
}

/**
 * Asks the worker about result `run` (`msg.type`: yaml, stream, reference, labelCommands,
 * contract). A worker restarted since then no longer holds it: the request is sent again with
 * the result's source and options, and the worker analyses them once more.
 */
/**
 * @template {keyof import('./types/worker').Answers} T
 * @param {Result} run
 * @param {import('./types/worker').Request<T>} msg
 * @returns {Promise<import('./types/worker').Answers[T]>}
 */
export async function ask(run, msg) {
  try {
    return await page.core.call({ ...msg, run: run.id });
  } catch (e) {
    if (!e.missing) throw e;
    return page.core.call({ ...msg, run: run.id, restore: { source: run.source, options: run.options } });
  }
}
