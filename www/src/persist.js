// Work that survives: after every change (debounced) the URL follows — `?example=<name>` while
// an example is unedited, else a `#v1/…` share fragment (./share.js) — and the same state is
// kept in this browser's localStorage, which a plain visit restores. Release environment values
// are secrets: the URL that follows edits and the stored state hold the variables' names only;
// a copied link holds the values only when "include environment values" is ticked. A pinned
// Compare baseline (compare.js) goes with them.
import { $, envNames, parseEnv, state, page, store } from './state.js';
import { encodeState } from './share.js';

const KEY = 'convox-k8s:work';
const DELAY = 400;
// Past these sizes the URL (and then the storage) stops following: a URL of megabytes slows
// every navigation, and localStorage holds about 5 MB per origin. Copy link still works.
const MAX_URL_SOURCE = 200_000;
const MAX_STORED_SOURCE = 2_000_000;

/** The page's state now: `{source, rack, app, env, envNames, provider?, rackVersion?, params?, example, baseline?}`, values only if asked. */
export function snapshot({ values = false } = {}) {
  const text = $('#env').value;
  const env = values ? parseEnv(text) : {};
  const { provider, version, params } = state.profile;
  return {
    source: page.editor.text(),
    rack: $('#rack').value.trim(),
    app: $('#app-name').value.trim(),
    env,
    envNames: envNames(text).filter((n) => !Object.hasOwn(env, n)),
    provider: provider && provider !== state.defaults.provider ? provider : undefined,
    rackVersion: version || undefined,
    params: { ...params },
    example: state.origin.example,
    baseline: state.baseline ?? undefined,
  };
}

/** This page's URL for `search` and `hash`, whatever sub-path it is served from. */
function here(search, hash) {
  const url = new URL(location.href);
  url.search = search;
  url.hash = hash;
  return url.toString();
}

/** A link holding the state now (`values`: with the environment values). */
export async function shareUrl({ values = false } = {}) {
  return here('', await encodeState(snapshot({ values })));
}

let timer = null;
let seq = 0;
let keepUrl = false; // a link was just opened: its URL stays as it is until the first change

/** Something changed: the URL and the stored state follow shortly (`opened`: a link was opened, its URL stays). */
export function follow({ opened = false } = {}) {
  keepUrl = opened;
  clearTimeout(timer);
  timer = setTimeout(save, DELAY);
}

const listeners = [];

/** `fn(url)` after each save: the URL of the state without environment values (null when too large for one). */
export function onSaved(fn) {
  listeners.push(fn);
}

async function save() {
  const mine = ++seq;
  const { example } = state.origin;
  let url = null; // the state's link without environment values, when it fits in one
  if (!state.edited && example && !state.baseline) {
    url = here(`?example=${encodeURIComponent(example)}`, '');
    store.set(KEY, JSON.stringify({ v: 1, example }));
  } else if (page.editor.length() > MAX_STORED_SOURCE) {
    // Too large to keep: not even joined into one string (a long task for megabytes).
    store.remove(KEY);
  } else {
    const now = snapshot();
    if (now.source.length + (now.baseline?.source.length ?? 0) <= MAX_URL_SOURCE) {
      url = here('', await encodeState(now));
      if (mine !== seq) return; // a newer change is being saved
    }
    if (!store.set(KEY, JSON.stringify({ v: 1, ...now }))) store.remove(KEY); // over the quota: keep nothing stale
  }
  // Too large for a link: the bare address, so that a reload opens the kept work, not an older link.
  if (!keepUrl) history.replaceState(null, '', url ?? here('', ''));
  for (const fn of listeners) fn(url);
}

/** The state kept by an earlier visit: `{example}` or a full state; null when none or unreadable. */
export function saved() {
  const text = store.get(KEY);
  if (!text) return null;
  try {
    const s = JSON.parse(text);
    if (s?.v !== 1) return null;
    if (typeof s.source !== 'string') return typeof s.example === 'string' ? { example: s.example } : null;
    return {
      source: s.source,
      rack: String(s.rack ?? ''),
      app: String(s.app ?? ''),
      env: {},
      envNames: Array.isArray(s.envNames) ? s.envNames.map(String) : [],
      provider: typeof s.provider === 'string' ? s.provider : undefined,
      params: s.params && typeof s.params === 'object' ? s.params : undefined,
      example: typeof s.example === 'string' ? s.example : undefined,
      baseline: typeof s.baseline?.source === 'string'
        ? { source: s.baseline.source, rack: String(s.baseline.rack ?? ''), app: String(s.baseline.app ?? ''), provider: typeof s.baseline.provider === 'string' ? s.baseline.provider : undefined, params: s.baseline.params && typeof s.baseline.params === 'object' ? s.baseline.params : {} }
        : undefined,
    };
  } catch {
    return null;
  }
}

/** Forgets the stored state (Reset to example). */
export function forget() {
  clearTimeout(timer);
  store.remove(KEY);
}
