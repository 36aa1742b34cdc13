// What the page opens: a built-in example (`?example=<name>`, or the menu), each with the
// release environment and the rack profile it needs to map without errors, or a share link
// (`#v1/…`, whose manifest, rack, app, env and profile it restores).
import { $, envText, state, page } from './state.js';
import { analyze } from './analysis.js';
import { setProfile } from './rackpanel.js';
import { decodeState } from './share.js';
import { toast } from './actions.js';
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

export function loadState({ source, rack, app, env, provider, params, example }) {
  $('#rack').value = rack || '';
  $('#app-name').value = app || '';
  $('#env').value = envText(env);
  $('#example').value = example || '';
  setProfile({ provider, params });
  state.good = null;
  state.selected = null;
  state.loading = true;
  page.editor.setText(source);
  state.loading = false;
  analyze();
}

export function loadExample(name) {
  const ex = EXAMPLES.find((e) => e.name === name) || EXAMPLES[0];
  loadState({ source: ex.source, env: ex.env, ...ex.profile, example: ex.name });
}

export async function openFromUrl() {
  const params = new URLSearchParams(location.search);
  if (location.hash.length > 1) {
    try {
      const s = await decodeState(location.hash);
      if (s) return loadState(s);
    } catch (e) {
      toast(`Could not open this link: ${e.message}`);
    }
  }
  loadExample(params.get('example') || 'complete');
}
