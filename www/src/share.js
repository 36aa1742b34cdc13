// Share links: `#v1/<base64url(deflate-raw(JSON{source, rack, app, env, provider?, rackVersion?, params?, standIns?, example?}))>`.
// The `v1/` prefix is the format version. `provider`, `rackVersion` and `params` (the rack
// profile: only values that differ from the rack's defaults) are extra fields, written only when
// set: a link without them opens with the default rack (the newest version), as links made
// before they existed always did. `standIns`
// are release variables whose values are not in the link (environment values are secrets: the
// URL that follows edits and a link copied without "include environment values" carry none),
// each with the stand-in the core chose so that the link shows what the sender saw; links made
// before stand-ins named them in `envNames`, which open as the stand-in `not-shared`;
// `differences` is the core's sentence when no stand-in keeps the sender's output (the page that
// opens the link says it). `example`
// is the built-in example the work started from (Reset to example opens it). Readers older than
// a field ignore it.
//
// `#v2/` is the same JSON with `baseline: {source, rack, app, provider?, rackVersion?, params?}`: the manifest
// pinned for Compare, with the rack and profile it was pinned with (its release environment is
// the link's). A link without a baseline stays `v1/`, which every version of the page opens; a
// page that knows only v1 says it cannot read a v2 link rather than drop the baseline.

export const SHARE_VERSION = 'v1';
/** The format of a link that carries a Compare baseline. */
export const BASELINE_VERSION = 'v2';

function toBase64Url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** The fragment (without `#`) for a state `{source, rack, app, env, provider?, rackVersion?, params?, standIns?, example?, baseline?}`. */
export async function encodeState({ source, rack, app, env, provider, rackVersion, params, standIns, differences, example, baseline }) {
  const state = { source, rack, app, env: env || {} };
  if (example) state.example = example;
  if (provider) state.provider = provider;
  if (rackVersion) state.rackVersion = rackVersion;
  if (params && Object.keys(params).length) state.params = params;
  if (standIns && Object.keys(standIns).length) state.standIns = standIns;
  if (differences) state.differences = differences;
  if (baseline) {
    const b = { source: baseline.source, rack: baseline.rack || '', app: baseline.app || '' };
    if (baseline.provider) b.provider = baseline.provider;
    if (baseline.rackVersion) b.rackVersion = baseline.rackVersion;
    if (baseline.params && Object.keys(baseline.params).length) b.params = baseline.params;
    state.baseline = b;
  }
  const json = JSON.stringify(state);
  const packed = await pipe(new TextEncoder().encode(json), new CompressionStream('deflate-raw'));
  return `${baseline ? BASELINE_VERSION : SHARE_VERSION}/${toBase64Url(packed)}`;
}

const textOr = (v) => (typeof v === 'string' ? v : undefined);
const paramsOf = (p) => (p && typeof p === 'object' && !Array.isArray(p)
  ? Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]))
  : undefined);
/** The stand-in of a variable a link named without a value, before links carried stand-ins. */
export const NOT_SHARED = 'not-shared';
/** The stand-ins a state carries: its `standIns`, or an older state's `envNames` as `not-shared`. */
export const standInsOf = (s) => ({
  ...Object.fromEntries((Array.isArray(s?.envNames) ? s.envNames : []).map((n) => [String(n), NOT_SHARED])),
  ...(paramsOf(s?.standIns) ?? {}),
});

/** Decodes a fragment (with or without `#`); null when it is not a share link. Throws on a broken one. */
export async function decodeState(fragment) {
  const text = fragment.replace(/^#/, '');
  const m = /^v(\d+)\/(.*)$/s.exec(text);
  if (!m) return null;
  if (m[1] !== '1' && m[1] !== '2') throw new Error(`it uses share format v${m[1]}, which this playground does not know`);
  let state;
  try {
    const bytes = await pipe(fromBase64Url(m[2]), new DecompressionStream('deflate-raw'));
    state = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error('its data is damaged, perhaps cut short when it was copied');
  }
  if (!state || typeof state !== 'object' || typeof state.source !== 'string') throw new Error('it holds no convox.yml');
  return {
    source: String(state.source ?? ''),
    rack: textOr(state.rack),
    app: textOr(state.app),
    env: paramsOf(state.env) ?? {},
    provider: textOr(state.provider),
    rackVersion: textOr(state.rackVersion),
    params: paramsOf(state.params),
    standIns: standInsOf(state),
    differences: textOr(state.differences),
    example: textOr(state.example),
    baseline: m[1] === '2' && typeof state.baseline?.source === 'string'
      ? { source: state.baseline.source, rack: textOr(state.baseline.rack) ?? '', app: textOr(state.baseline.app) ?? '', provider: textOr(state.baseline.provider), rackVersion: textOr(state.baseline.rackVersion), params: paramsOf(state.baseline.params) }
      : undefined,
  };
}
