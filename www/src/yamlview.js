// An object's YAML view, from the core: `yaml(key, 'masked')` until the user reveals the
// object's secret values, then `'decoded'` (a Secret's data decoded, as stringData) or `'raw'`
// (exactly as applied, base64 and all). Copy YAML copies what the view shows.
import { ask, esc, plural, state } from './state.js';
import { highlightYaml } from './yamlmode.js';
import { markYaml } from './provenance.js';

// `${rev}\0${mode}` -> {text, secrets} | null. A resource's `rev` fingerprints all of it, object
// included, so a YAML text fetched for one result holds for every result with that `rev`.
const cache = new Map();

/** The secrets mode of `key`'s view: 'masked', 'decoded' or 'raw'. */
export const modeOf = (key) => state.revealed.get(key) ?? 'masked';

/** `{text, secrets}` of resource `key` in the shown result, in `mode`; null without an object. */
export async function yamlOf(key, mode = modeOf(key)) {
  const run = state.shown;
  const rev = run.byKey.get(key)?.rev ?? `${run.id}/${key}`;
  const id = `${rev}\u0000${mode}`;
  if (cache.has(id)) return cache.get(id);
  const { yaml } = await ask(run, { type: 'yaml', key, secrets: mode });
  if (cache.size > 600) cache.clear();
  cache.set(id, yaml);
  return yaml;
}

function renderYaml(key, y) {
  if (!y) return '<p class="runtime">No YAML for this object.</p>';
  const mode = modeOf(key);
  const open = mode !== 'masked';
  const tools = [];
  if (y.secrets) {
    tools.push(`<button type="button" class="copy reveal" data-reveal aria-pressed="${open}" title="Secret values are masked on screen and in Copy YAML until revealed">${open ? 'Hide secret values' : `Reveal ${plural(y.secrets, 'secret value')}`}</button>`);
    if (open) {
      tools.push(`<button type="button" class="copy" data-raw aria-pressed="${mode === 'raw'}" title="Decoded: a Secret's data shown as readable stringData. As applied: the exact object, data in base64">${mode === 'raw' ? 'Show decoded' : 'Show as applied'}</button>`);
    }
  }
  tools.push('<button type="button" class="copy copy-yaml" data-copy-yaml>Copy YAML</button>');
  return `<div class="yaml-tools">${tools.join('')}</div><pre class="yaml-text" tabindex="0" data-mode="${esc(mode)}"><code>${withKeys(highlightYaml(y.text.replace(/\n$/, '')), y.fields)}</code></pre>`;
}

/**
 * The highlighted lines, each line a field of `fields` (the core's `{key, line, endLine}`)
 * covers wrapped with the keys that wrote it, for the cursor to mark.
 */
function withKeys(html, fields = []) {
  const lines = html.split('\n');
  const keys = lines.map(() => new Set());
  for (const f of fields) for (let i = f.line; i <= f.endLine && i <= lines.length; i++) keys[i - 1].add(f.key);
  return lines.map((l, i) => (keys[i].size ? `<span class="yl" data-keys="${esc([...keys[i]].join(' '))}">${l}</span>` : l)).join('\n');
}

/** Fills an open YAML view (asking the worker for the text when needed). */
export async function fillYaml(d) {
  const body = d.querySelector('.yaml-body');
  const key = d.dataset.key;
  const run = state.shown;
  if (!body.firstChild) body.textContent = 'Loading…';
  let y;
  try {
    y = await yamlOf(key);
  } catch (e) {
    body.textContent = `Could not render the YAML: ${e.message}`;
    return;
  }
  if (state.shown === run && d.isConnected) {
    body.innerHTML = renderYaml(key, y);
    const card = d.closest('.res');
    if (card) markYaml(card, d.dataset.scrollMark === '1' ? 'page' : '');
    delete d.dataset.scrollMark;
  }
}

/** Reveal / Hide: masked ↔ decoded. */
export function toggleReveal(d) {
  const key = d.dataset.key;
  if (modeOf(key) === 'masked') state.revealed.set(key, 'decoded');
  else state.revealed.delete(key);
  return fillYaml(d);
}

/** Show as applied / Show decoded: decoded ↔ raw. */
export function toggleRaw(d) {
  const key = d.dataset.key;
  state.revealed.set(key, modeOf(key) === 'raw' ? 'decoded' : 'raw');
  return fillYaml(d);
}

/** What Copy YAML copies (the text the view shows) and the toast that says so. */
export async function copyText(key) {
  const y = await yamlOf(key);
  const text = y?.text ?? '';
  const masked = y?.secrets && modeOf(key) === 'masked';
  return { text, what: masked ? `YAML copied with ${plural(y.secrets, 'secret value')} masked (Reveal to copy them)` : 'YAML copied' };
}
