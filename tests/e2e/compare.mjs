// Compare in the page: pin a baseline, edit, and the page shows what the native
// `convox-k8s diff OLD NEW --format json` says — the Changes view (counts, each change with its
// field paths and effects), badges on added and changed cards, removed objects as struck-through
// cards; a share link carries the baseline (`#v2/`) and opens with the same comparison; no
// secret value shows. Called from run.mjs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BASE = `environment:
  - TOKEN=first-token
services:
  web:
    port: 3000
    environment:
      - TOKEN
    scale:
      count: 2
  worker:
    command: bin/work
`;
// web autoscales (an HPA is added, replicas change), its image and secret change, worker is gone.
const EDITED = `environment:
  - TOKEN=second-token
services:
  web:
    port: 4000
    environment:
      - TOKEN
    scale:
      count: 2-10
`;

export async function compareTests({ test, newPage, open, settled, cli }) {
  /** The native CLI's diff of two manifests on the page's rack (the complete example's: EFS on), as JSON. */
  const nativeDiff = (a, b) => {
    const dir = mkdtempSync(join(tmpdir(), 'convox-k8s-compare-'));
    writeFileSync(join(dir, 'old.yml'), a);
    writeFileSync(join(dir, 'new.yml'), b);
    let out;
    try {
      out = execFileSync(cli, ['diff', join(dir, 'old.yml'), join(dir, 'new.yml'), '--format', 'json', '--rack-param', 'efs_csi_driver_enable=true'], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      if (e.status !== 1) throw e;
      out = e.stdout;
    }
    return JSON.parse(out);
  };
  const setText = async (page, text) => {
    await page.evaluate((t) => window.__playground.editor.setText(t), text);
    await settled(page);
  };
  /** Waits for the comparison of the result on screen. */
  const compared = (page) => page.waitForFunction(() => {
    const p = window.__playground.state;
    return p.baseline && p.changes && p.changes.run === p.shown?.id;
  });

  await test('compare: pin a baseline, edit, and the Changes view, badges and removed cards say what the CLI\'s diff says', async () => {
    const page = await newPage();
    await open(page);
    await setText(page, BASE);
    assert.equal(await page.locator('#resources .change-badge').count(), 0);
    await page.click('#compare-bar [data-pin]');
    await compared(page);
    assert.match(await page.textContent('#compare-bar'), /no changes/);
    await setText(page, EDITED);
    await compared(page);
    const expected = nativeDiff(BASE, EDITED);
    const n = (k) => expected.changes.filter((c) => c.change === k).length;
    assert.ok(n('added') && n('removed') && n('changed'), 'the pair adds, removes and changes objects');
    const counts = `${n('added')} added · ${n('removed')} removed · ${n('changed')} changed`;
    assert.match(await page.textContent('#compare-bar'), new RegExp(counts));
    // The Changes tab: every change of the CLI's, in its order, with its fields and effects.
    await page.click('#compare-bar [data-show-changes]');
    await page.waitForSelector('#tab-changes:not([hidden]) .change');
    assert.match(await page.textContent('#tab-changes .changes-summary'), new RegExp(counts));
    const shown = await page.$$eval('#tab-changes .change', (els) => els.map((e) => ({
      change: e.querySelector('.change-badge').textContent,
      kind: e.querySelector('.kind').textContent,
      name: e.querySelector('.name').textContent,
      effects: [...e.querySelectorAll('.effect')].map((x) => x.textContent),
      paths: [...e.querySelectorAll('.fields td[data-label="Field"]')].map((x) => x.textContent),
    })));
    assert.deepEqual(shown, expected.changes.map((c) => ({ change: c.change, kind: c.kind, name: c.name, effects: c.effects, paths: c.fields.map((f) => f.path).slice(0, 60) })));
    const deployment = shown.find((c) => c.kind === 'Deployment' && c.name === 'web');
    assert.ok(deployment.effects.includes('rollout'), 'the pod template changed: pods are replaced');
    assert.ok(deployment.paths.some((p) => p.includes('containerPort')), deployment.paths.join('\n'));
    // Secret values never show, in clear or base64.
    const text = await page.textContent('#pane-output');
    for (const secret of ['first-token', 'second-token', btoa('first-token'), btoa('second-token')]) assert.ok(!text.includes(secret), secret);
    // Cards: the added HPA and the changed Deployment carry badges; worker's Deployment is struck through.
    await page.click('#tab-button-resources');
    const badge = (kind, name) => page.locator(`#resources .res[data-kind="${kind}"][data-name="${name}"] .change-badge`);
    assert.match(await badge('HorizontalPodAutoscaler', 'web').textContent(), /^added/);
    assert.match(await badge('Deployment', 'web').textContent(), /^changed: .*rollout/);
    const removed = await page.$$eval('#removed .res.removed', (els) => els.map((e) => `${e.querySelector('.kind').textContent} ${e.querySelector('.name').textContent}`));
    assert.deepEqual(removed, expected.changes.filter((c) => c.change === 'removed').map((c) => `${c.kind} ${c.name}`));
    assert.ok(removed.includes('Deployment worker'));
    assert.equal(await page.$eval('#removed .res.removed .res-title', (e) => getComputedStyle(e).textDecorationLine), 'line-through');
    await page.screenshot({ path: 'tests/artifacts/compare.png' });
    // Unpin: no badge, no removed card.
    await page.click('#compare-bar [data-unpin]');
    await page.waitForFunction(() => !document.querySelector('#resources .change-badge') && document.querySelector('#removed').hidden);
    await page.context().close();
  });

  await test('compare: a share link carries the baseline (#v2/) and opens with the same comparison', async () => {
    const page = await newPage();
    await open(page);
    await setText(page, BASE);
    await page.click('#compare-bar [data-pin]');
    await compared(page);
    await setText(page, EDITED);
    await compared(page);
    const summary = await page.textContent('#compare-bar [data-show-changes]');
    const copied = async (p) => {
      await p.evaluate(() => { window.__lastCopied = null; });
      await p.click('#copy-link');
      return (await p.waitForFunction(() => window.__lastCopied)).jsonValue();
    };
    const link = await copied(page);
    assert.match(link, /#v2\//, 'a link with a baseline is format v2');
    const other = await newPage();
    await other.goto(link);
    await other.waitForFunction(() => document.body.dataset.ready === 'true');
    await settled(other);
    await compared(other);
    assert.equal(await other.textContent('#compare-bar [data-show-changes]'), summary);
    assert.equal(await other.evaluate(() => window.__playground.state.baseline.source), BASE);
    // Without a baseline a link stays v1, which every version of the page reads.
    await other.click('#compare-bar [data-unpin]');
    assert.match(await copied(other), /#v1\//);
    await other.context().close();
    await page.context().close();
  });
}
