// The work survives: after each change the URL follows — `?example=<name>` while an example is
// unedited, else a `#v1/…` share fragment (./share.js) — and the same state is kept in this
// browser's localStorage, which a plain visit restores. Release environment values are secrets:
// the URL that follows edits and the stored state hold none; each variable is kept as the
// stand-in the core chose for it (`Workspace.share`: the output stays the one you see), and a
// copied link holds the values only when "include environment values" is ticked. A pinned
// Compare baseline (compare.js) goes with them.
//
// Work too large to keep says so, and so does the next visit (a marker stays where the work
// could not): a reload never swaps it for an example silently. Then, and for a link too long to
// paste (over MAX_LINK), the page offers the work as a file (./workfile.js).
import { $, options, state, page, store } from './state.js';
import { encodeState, standInsOf } from './share.js';

const KEY = 'convox-k8s:work';
/** The work of the last visit could not be kept: `{chars, at}`. */
const LOST = 'convox-k8s:lost';
const DELAY = 400;
/** How long after the page opened a save waits for the first result. */
const FIRST_RESULT_WAIT_MS = 5000;
// Past these sizes the URL (and then the storage) stops following: a URL of megabytes slows
// every navigation, and localStorage holds about 5 MB per origin. Copy link still works.
const MAX_URL_SOURCE = 200_000;
const MAX_STORED_SOURCE = 2_000_000;
/** A link longer than this is too long to paste in a chat or an issue (many cut it). */
export const MAX_LINK = 8 * 1024;

/**
 * The page's state now: `{source, rack, app, env, standIns, differences, provider?, rackVersion?,
 * params?, example, baseline?}`; `env` holds the values only if asked, else every variable stands in.
 */
export async function snapshot({ values = false } = {}) {
  const source = page.editor.text();
  const { env, standIns, differences } = await page.core.call({ type: 'share', source, options: options(), values }).then((m) => m.shared);
  const { provider, version, params } = state.profile;
  return {
    source,
    rack: $('#rack').value.trim(),
    app: $('#app-name').value.trim(),
    env,
    standIns,
    differences,
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

/**
 * A link holding the state now (`values`: with the environment values): `{url, differences}`,
 * `differences` saying what the link shows that you do not (null when it shows the same).
 */
export async function shareUrl({ values = false } = {}) {
  const now = await snapshot({ values });
  return { url: here('', await encodeState(now)), differences: now.differences ?? null };
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

/** `fn(url, kept)` after each save: the URL of the state without environment values (null when too large for one), and whether the browser keeps the work. */
export function onSaved(fn) {
  listeners.push(fn);
}

/** Whether the last save kept the work (false: too large for this browser's storage). */
export let kept = true;

async function save() {
  // Not before the first result is on screen: the first touch of the browser's storage (and
  // of the URL) took 17 ms of the page's thread, which the first result would wait for. A
  // core that never answers delays it by seconds at most.
  if (state.firstResultMs === null && performance.now() < FIRST_RESULT_WAIT_MS) {
    timer = setTimeout(save, DELAY);
    return;
  }
  const mine = ++seq;
  const { example } = state.origin;
  let url = null; // the state's link without environment values, when it fits in one
  let ok = true;
  if (!state.edited && example && !state.baseline) {
    url = here(`?example=${encodeURIComponent(example)}`, '');
    store.set(KEY, JSON.stringify({ v: 1, example }));
  } else if (page.editor.length() > MAX_STORED_SOURCE) {
    // Too large to keep: not even joined into one string (a long task for megabytes).
    ok = false;
  } else {
    let now;
    try {
      now = await snapshot();
    } catch {
      return; // the worker restarted meanwhile: the next change saves
    }
    if (mine !== seq) return; // a newer change is being saved
    // Kept with the work and in its link: a reload then says what its stand-ins cannot show.
    if (!now.differences) delete now.differences;
    if (now.source.length + (now.baseline?.source.length ?? 0) <= MAX_URL_SOURCE) {
      url = here('', await encodeState(now));
      if (mine !== seq) return;
    }
    ok = store.set(KEY, JSON.stringify({ v: 1, ...now }));
  }
  if (ok) store.remove(LOST);
  else {
    // Keep nothing stale (a reload would open older work as if it were this), and say so now
    // and on the next visit.
    store.remove(KEY);
    store.set(LOST, JSON.stringify({ chars: page.editor.length(), at: Date.now() }));
  }
  kept = ok;
  // Too large for a link: the bare address, so that a reload opens the kept work, not an older link.
  if (!keepUrl) history.replaceState(null, '', url ?? here('', ''));
  for (const fn of listeners) fn(url, ok);
}

/** The work an earlier visit could not keep: `{chars, at}`, or null. */
export function lost() {
  try {
    const s = JSON.parse(store.get(LOST) ?? 'null');
    return s && Number.isFinite(s.chars) ? s : null;
  } catch {
    return null;
  }
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
      standIns: standInsOf(s),
      differences: typeof s.differences === 'string' ? s.differences : undefined,
      provider: typeof s.provider === 'string' ? s.provider : undefined,
      rackVersion: typeof s.rackVersion === 'string' ? s.rackVersion : undefined,
      params: s.params && typeof s.params === 'object' ? s.params : undefined,
      example: typeof s.example === 'string' ? s.example : undefined,
      baseline: typeof s.baseline?.source === 'string'
        ? { source: s.baseline.source, rack: String(s.baseline.rack ?? ''), app: String(s.baseline.app ?? ''), provider: typeof s.baseline.provider === 'string' ? s.baseline.provider : undefined, rackVersion: typeof s.baseline.rackVersion === 'string' ? s.baseline.rackVersion : undefined, params: s.baseline.params && typeof s.baseline.params === 'object' ? s.baseline.params : {} }
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
  store.remove(LOST);
}
