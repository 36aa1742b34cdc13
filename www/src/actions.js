// What the buttons do with a result: copy (commands, YAML, Markdown, links; with a toast) and
// Download YAML (the core's stream of every object after a comment listing its stand-in values,
// for reading and diffing; secret values in clear, and the toast says so).
import { $, ask, state } from './state.js';

let toastTimer = 0;

export function toast(text) {
  const t = $('#toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (t.hidden = true), 1600);
}

export async function copy(text, what = 'Copied') {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    document.body.append(ta);
    ta.select();
    document.execCommand('copy');
    ta.remove();
  }
  window.__lastCopied = text;
  toast(what);
}

export async function download() {
  const run = state.shown;
  let file;
  try {
    ({ download: file } = await ask(run, { type: 'stream' }));
  } catch (e) {
    toast(`Could not build the YAML: ${e.message}`);
    return;
  }
  const { name } = file;
  const blob = new Blob([file.text], { type: 'application/yaml' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  // The file holds the release's secret values in clear; say so rather than leak silently.
  toast(file.secretValues ? `Downloaded ${name}: its Secrets hold your real values (${file.secretValues}), in clear` : `Downloaded ${name}`);
}
