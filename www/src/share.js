// Share links: `#v1/<base64url(deflate-raw(JSON{source, rack, app, env, provider?, params?, envNames?, example?}))>`.
// The `v1/` prefix is the format version: a later format gets `v2/`, and v1 links keep decoding.
// `provider` and `params` (the rack profile: only values that differ from the rack's defaults)
// are extra fields, written only when set: a link without them opens with the default rack, as
// links made before they existed always did. `envNames` are release variables named without
// their values (environment values are secrets: the URL that follows edits and a link copied
// without "include environment values" carry the names only); `example` is the built-in example
// the work started from (Reset to example opens it). Readers older than a field ignore it.

export const SHARE_VERSION = 'v1';

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

/** The fragment (without `#`) for a state `{source, rack, app, env, provider?, params?, envNames?, example?}`. */
export async function encodeState({ source, rack, app, env, provider, params, envNames, example }) {
  const state = { source, rack, app, env: env || {} };
  if (example) state.example = example;
  if (provider) state.provider = provider;
  if (params && Object.keys(params).length) state.params = params;
  if (envNames?.length) state.envNames = envNames;
  const json = JSON.stringify(state);
  const packed = await pipe(new TextEncoder().encode(json), new CompressionStream('deflate-raw'));
  return `${SHARE_VERSION}/${toBase64Url(packed)}`;
}

/** Decodes a fragment (with or without `#`); null when it is not a share link. Throws on a broken one. */
export async function decodeState(fragment) {
  const text = fragment.replace(/^#/, '');
  const m = /^v(\d+)\/(.*)$/s.exec(text);
  if (!m) return null;
  if (m[1] !== '1') throw new Error(`it uses share format v${m[1]}, which this playground does not know`);
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
    rack: typeof state.rack === 'string' ? state.rack : undefined,
    app: typeof state.app === 'string' ? state.app : undefined,
    env: state.env && typeof state.env === 'object' ? state.env : {},
    provider: typeof state.provider === 'string' ? state.provider : undefined,
    params: state.params && typeof state.params === 'object' && !Array.isArray(state.params)
      ? Object.fromEntries(Object.entries(state.params).map(([k, v]) => [k, String(v)]))
      : undefined,
    envNames: Array.isArray(state.envNames) ? state.envNames.map(String) : [],
    example: typeof state.example === 'string' ? state.example : undefined,
  };
}
