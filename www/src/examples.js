// What the page opens: a share link (`#v1/…`, whose manifest, rack, app, env, stand-ins and
// profile it restores), a built-in example (`?example=<name>`, or the menu; each with the release
// environment and the rack profile it needs to map without errors), a work file dropped on the
// page (./workfile.js), or — on a plain visit — the work this browser kept (./persist.js). A
// link or example that cannot be read says so, and what was opened instead; so does work the
// last visit could not keep.
import { $, envText, state, page } from './state.js';
import { analyze } from './analysis.js';
import { setProfile } from './rackpanel.js';
import { decodeState } from './share.js';
import { follow, forget, lost, saved } from './persist.js';
import complete from '../examples/complete.convox.yml';
import web from '../examples/web.convox.yml';
import workerAgent from '../examples/worker-agent.convox.yml';
import timers from '../examples/timers.convox.yml';
import resourcesEx from '../examples/resources.convox.yml';
import balancers from '../examples/balancers.convox.yml';
import volumes from '../examples/volumes.convox.yml';

// awsEfs volumes need the EFS CSI driver on the rack (without it the rack refuses the release).
const EFS = { params: { efs_csi_driver_enable: 'true' } };

export const EXAMPLES = [
  { name: 'complete', title: 'Complete example', source: complete, env: {}, profile: EFS },
  { name: 'web', title: 'Web app', source: web, env: { WEB_HOST: 'www.example.com' } },
  { name: 'worker-agent', title: 'Worker + agent', source: workerAgent, env: {} },
  { name: 'timers', title: 'Timers', source: timers, env: {} },
  { name: 'resources', title: 'Resources', source: resourcesEx, env: {} },
  { name: 'balancers', title: 'Balancers', source: balancers, env: {} },
  { name: 'volumes', title: 'Volumes', source: volumes, env: {}, profile: EFS },
];

let noticeAction = null;

/**
 * Shows `text` above the panes until dismissed (or another notice replaces it); '' hides it.
 * `action` (`{label, run}`) adds a button that does what the text offers.
 */
export function notice(text, action = null) {
  $('#notice-text').textContent = text;
  $('#notice').hidden = !text;
  noticeAction = text ? action : null;
  const b = $('#notice-action');
  b.hidden = !noticeAction;
  b.textContent = noticeAction?.label ?? '';
}

/** The notice's action button was pressed. */
export function noticeActed() {
  noticeAction?.run();
}

/** "2.1 MB", "340 KB": a size in characters, as people read sizes. */
export const size = (chars) => (chars >= 1e6 ? `${(chars / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(chars / 1e3))} KB`);

/**
 * Opens a state. `example`: the example it is (unedited) or started from; `edited`: whether it
 * differs from that example (a link, kept work); `baseline`: the Compare baseline it carries.
 */
/** @param {any} s the state to open */
export function loadState({ source, rack, app, env, standIns, differences, provider, rackVersion, params, example, baseline, edited = false, exampleParams = {} }) {
  $('#rack').value = rack || '';
  $('#app-name').value = app || '';
  $('#env').value = envText(env);
  state.standIns = { ...(standIns || {}) };
  // Open when it holds something: the values, or the list of those not shared.
  $('#env-box').open = $('#env').value !== '' || Object.keys(state.standIns).length > 0;
  $('#example').value = edited ? '' : example || '';
  state.exampleParams = { ...exampleParams };
  // A link or kept work opens on its own rack version (none: the default); an example keeps the chosen one.
  setProfile({ provider, params, rackVersion }, { keepVersion: !edited });
  state.origin = { example: example && EXAMPLES.some((e) => e.name === example) ? example : 'complete' };
  state.edited = edited;
  // A link or kept work brings its own baseline (or none); an example keeps the one pinned.
  if (edited) state.baseline = baseline ?? null;
  state.good = null;
  state.selected = null;
  state.loading = true;
  page.editor.setText(source);
  state.loading = false;
  analyze();
  follow({ opened: edited && /^#v\d+\//.test(location.hash) });
  // A link or kept work whose stand-ins cannot show what was seen (the core said so when it was made).
  if (differences) notice(`${differences} The release environment's values were not kept with this work: write them in the release environment to see the output they give.`);
}

const exampleNamed = (name) => EXAMPLES.find((e) => e.name === name);

export function loadExample(name) {
  const ex = exampleNamed(name) || EXAMPLES[0];
  loadState({ source: ex.source, env: ex.env, ...ex.profile, example: ex.name, exampleParams: ex.profile?.params });
}

/** Reset to example: the example the work started from, as shipped; the kept work is forgotten. */
export function resetToExample() {
  forget();
  notice('');
  loadExample(state.origin.example);
}

/** The kept work of an earlier visit, or the complete example; and how to say which it was. */
function fallback() {
  const kept = saved();
  if (kept?.source !== undefined) return { open: () => loadState({ ...kept, edited: true }), what: 'your last work in this browser' };
  const ex = exampleNamed(kept?.example) || EXAMPLES[0];
  return { open: () => loadExample(ex.name), what: `the ${ex.title.toLowerCase()}` };
}

/** A plain visit after work the browser could not keep: say so, rather than open an example as if nothing was lost. */
function sayLost(instead) {
  const l = lost();
  if (!l) return;
  notice(`Your last work here (${size(l.chars)}, ${new Date(l.at).toLocaleString()}) could not be kept: it is larger than this browser keeps. Opened ${instead} instead. Next time, Download work (under Share) keeps it as a file that opens here again.`);
}

/** A share link in the URL, else `?example=`, else the kept work, else the complete example. */
export async function openFromUrl() {
  const params = new URLSearchParams(location.search);
  if (location.hash.length > 1) {
    let s = null;
    let problem = '';
    try {
      s = await decodeState(location.hash);
      if (!s) problem = 'it is not a playground link';
    } catch (e) {
      problem = e.message;
    }
    if (s) return loadState({ ...s, edited: true });
    const instead = fallback();
    instead.open();
    notice(`This link could not be read (${problem}): opened ${instead.what} instead.`);
    return;
  }
  const asked = params.get('example');
  if (asked !== null) {
    if (exampleNamed(asked)) return loadExample(asked);
    loadExample('complete');
    notice(`There is no example named “${asked}” (the examples are ${EXAMPLES.map((e) => e.name).join(', ')}): opened the complete example instead.`);
    return;
  }
  const instead = fallback();
  instead.open();
  if (saved()?.source === undefined) sayLost(instead.what);
}

/** A share link pasted into the address bar of the open page. */
export function openFromHash() {
  if (/^#v\d+\//.test(location.hash)) openFromUrl();
}
