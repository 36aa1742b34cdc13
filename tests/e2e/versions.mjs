// The rack version in the page: the Rack panel's version select (the core's rackVersions()),
// switching it re-maps with that release's keys and messages (as `convox-k8s map
// --rack-version` does), share links carry it, and "Compare with another rack version" shows
// what a rack update changes (as `convox-k8s upgrade` says for a one-step update). Called from
// run.mjs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

// A 3.24.5 key (securityContext) on a service with a liveness probe, and a count range.
const SOURCE = `services:
  web:
    port: 3000
    liveness:
      path: /live
    securityContext:
      runAsNonRoot: true
    scale:
      count: 1-3
`;

export async function versionTests({ test, newPage, open, settled, native, contractOf, cli }) {
  const setText = async (page, text) => {
    await page.evaluate((t) => window.__playground.editor.setText(t), text);
    await settled(page);
  };
  const pickVersion = async (page, version) => {
    await page.selectOption('#rack-version', version);
    await settled(page);
  };
  const warnings = (contract) => contract.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message);

  await test('versions: the Rack panel picks the rack version; 3.22.5 turns a 3.24.5 key into a warning, as the CLI does', async () => {
    const page = await newPage();
    await open(page);
    await setText(page, SOURCE);
    await page.click('#rack-panel summary');
    const options = await page.$$eval('#rack-version option', (els) => els.map((e) => e.value));
    assert.deepEqual(options.slice(0, 4), ['3.20.1', '3.21.5', '3.22.5', '3.23.4']);
    assert.equal(options.length, 14);
    assert.equal(await page.inputValue('#rack-version'), '3.24.9', 'the newest by default');
    let contract = await contractOf(page);
    assert.equal(contract.profile.rackVersion, '3.24.9');
    assert.ok(!warnings(contract).some((w) => w.includes('securityContext')), warnings(contract).join('\n'));

    await pickVersion(page, '3.22.5');
    contract = await contractOf(page);
    assert.equal(contract.profile.rackVersion, '3.22.5');
    const warning = warnings(contract).find((w) => w.startsWith('securityContext is new in rack version 3.24.5'));
    assert.ok(warning && warning.includes('a 3.22.5 rack ignores it'), warnings(contract).join('\n'));
    // The same contract as the CLI's at that version (the page's example rack: EFS on).
    const nativeOld = native(SOURCE, { params: { efs_csi_driver_enable: 'true' }, rackVersion: '3.22.5' });
    assert.deepEqual(contract.diagnostics.map((d) => d.message), nativeOld.diagnostics.map((d) => d.message));
    // The warning is in the diagnostics list and on the editor's line, and the summary names the version.
    assert.match(await page.textContent('#diagnostics'), /securityContext is new in rack version 3\.24\.5/);
    assert.match(await page.textContent('#rack-summary'), /3\.22\.5/);
    // Parameters the version does not have are not offered.
    assert.equal(await page.locator('#rp-keda_enable').count(), 0, 'keda_enable came in 3.23.4');
    assert.equal(await page.locator('#rp-disable_convox_resolver').count(), 1);
    await page.context().close();
  });

  await test('versions: a share link carries the rack version; a link without one opens on the newest', async () => {
    const page = await newPage();
    await open(page);
    await setText(page, SOURCE);
    await page.click('#rack-panel summary');
    await pickVersion(page, '3.23.4');
    const copied = async (p) => {
      await p.evaluate(() => { window.__lastCopied = null; });
      await p.click('#copy-link');
      return (await p.waitForFunction(() => window.__lastCopied)).jsonValue();
    };
    /** The JSON a `#v1/…` link holds. */
    const data = (link) => JSON.parse(inflateRawSync(Buffer.from(new URL(link).hash.replace(/^#v\d+\//, ''), 'base64url')).toString());
    const link = await copied(page);
    assert.equal(data(link).rackVersion, '3.23.4');
    const fresh = await newPage();
    await fresh.goto(link);
    await fresh.waitForFunction(() => document.body.dataset.ready === 'true');
    await settled(fresh);
    assert.equal((await contractOf(fresh)).profile.rackVersion, '3.23.4');
    const opts = await fresh.evaluate(() => window.__playground.state.current.options);
    assert.equal(opts.rackVersion, '3.23.4');
    await fresh.context().close();
    // Back on the newest (Copy link closed the Rack popover): the link holds no rackVersion field.
    await page.click('#rack-panel summary');
    await pickVersion(page, '3.24.9');
    assert.equal(data(await copied(page)).rackVersion, undefined);
    await page.context().close();
  });

  await test('versions: "Compare with another rack version" shows what the rack update changes, as convox-k8s upgrade says', async () => {
    const page = await newPage();
    await open(page);
    await setText(page, SOURCE);
    await page.selectOption('#compare-bar [data-pin-version]', '3.23.4');
    await page.waitForFunction(() => {
      const p = window.__playground.state;
      return p.baseline && p.changes && p.changes.run === p.shown?.id;
    });
    assert.equal(await page.evaluate(() => window.__playground.state.baseline.rackVersion), '3.23.4');
    assert.match(await page.textContent('#compare-bar'), /on rack 3\.23\.4/);
    // One step (3.23.4 → 3.24.9): the same changes as the CLI's upgrade.
    const dir = mkdtempSync(join(tmpdir(), 'convox-k8s-versions-'));
    writeFileSync(join(dir, 'convox.yml'), SOURCE);
    const up = JSON.parse(execFileSync(cli, ['upgrade', join(dir, 'convox.yml'), '--from', '3.23.4', '--format', 'json', '--rack-param', 'efs_csi_driver_enable=true'], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }));
    assert.equal(up.steps.length, 1);
    const expected = up.steps[0].changes;
    await page.click('#compare-bar [data-show-changes]');
    await page.waitForSelector('#tab-changes:not([hidden]) .change');
    const shown = await page.$$eval('#tab-changes .change', (els) => els.map((e) => ({
      change: e.querySelector('.change-badge').textContent,
      kind: e.querySelector('.kind').textContent,
      name: e.querySelector('.name').textContent,
      paths: [...e.querySelectorAll('.fields td[data-label="Field"]')].map((x) => x.textContent),
    })));
    assert.deepEqual(shown, expected.map((c) => ({ change: c.change, kind: c.kind, name: c.name, paths: c.fields.map((f) => f.path) })));
    // securityContext (3.24.5) and the PDB's eviction policy (3.24.3) are among them.
    const deployment = shown.find((c) => c.kind === 'Deployment' && c.name === 'web');
    assert.ok(deployment.paths.some((p) => p.endsWith('securityContext')), deployment.paths.join('\n'));
    assert.ok(shown.some((c) => c.kind === 'PodDisruptionBudget'));
    await page.context().close();
  });
}
