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

export const $ = (sel, root = document) => root.querySelector(sel);
/** Escapes text for HTML content and for quoted attribute values (either quote). */
export const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
export const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
export const num = (n) => Number(n) || 0;

export const state = {
  defaults: { rack: 'my-rack', app: 'my-app' },
  version: '',
  params: [], // the core's rack parameters (rackParams()), from the worker's `ready`
  profile: { provider: '', params: {} }, // the rack panel: provider ('' = the core's default) and non-default params
  current: null, // the latest result: {id, source, options, contract, byKey}
  good: null, // the latest result without errors-and-no-resources (shown when YAML is broken)
  shown: null, // what the output shows (current or good)
  rendered: null, // id of the result the DOM shows (tests wait for it)
  loading: false, // the page is replacing the editor's text (an example, a link): no edit to analyse
  revealed: new Map(), // key -> 'decoded' | 'raw': objects whose secret values the user revealed
  selected: null, // resource key
  cursor: 0, // the editor's cursor (UTF-16 offset)
  label: null, // {key, value}
  search: '',
  limit: PAGE,
  tab: 'resources',
  pane: 'editor', // narrow screens
  lastMs: 0,
  timings: null,
  firstResultMs: null,
  ghosts: false, // "Show what is not created" (ghosts.js): the core's why-not is asked for
};

/** What main.js creates: the editor and the worker client. */
export const page = { editor: null, core: null };

export function parseEnv(text) {
  const env = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const i = line.indexOf('=');
    if (i > 0) env[line.slice(0, i).trim()] = line.slice(i + 1);
  }
  return env;
}
export const envText = (env) => Object.entries(env || {}).map(([k, v]) => `${k}=${v}`).join('\n');

/** The options of the next analysis: `{rack?, app?, envText, provider?, params?, absent?}` (the core reads the env lines). */
export function options() {
  const o = { envText: $('#env').value };
  const rack = $('#rack').value.trim();
  const app = $('#app-name').value.trim();
  if (rack) o.rack = rack;
  if (app) o.app = app;
  const { provider, params } = state.profile;
  if (provider) o.provider = provider;
  if (Object.keys(params).length) o.params = { ...params };
  if (state.ghosts) o.absent = true;
  return o;
}

/**
 * Asks the worker about result `run` (`msg.type`: yaml, stream, reference, labelCommands,
 * contract). A worker restarted since then no longer holds it: the request is sent again with
 * the result's source and options, and the worker analyses them once more.
 */
export async function ask(run, msg) {
  try {
    return await page.core.call({ ...msg, run: run.id });
  } catch (e) {
    if (!e.missing) throw e;
    return page.core.call({ ...msg, run: run.id, restore: { source: run.source, options: run.options } });
  }
}
