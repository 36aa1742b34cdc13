// Compare with cluster in the page: the capture command, a pasted dump and a dropped file, and
// the page shows what the native `convox-k8s drift … --format json` says — drifted and missing
// cards badged, extra objects listed, no secret value anywhere — with drift.js loaded only when
// asked for. Called from run.mjs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const EFS = ['--rack-param', 'efs_csi_driver_enable=true'];

export async function driftTests({ test, newPage, open, settled, cli, server, ROOT }) {
  const manifest = join(ROOT, 'www/examples/complete.convox.yml');
  const dumpOf = (c) => readFileSync(join(ROOT, 'tests/drift', c, 'dump.yaml'), 'utf8');
  /** The native CLI's report of `dump` against `source`, as JSON. */
  const nativeDrift = (source, dump) => {
    mkdirSync(join(ROOT, 'tests/artifacts'), { recursive: true });
    const file = join(ROOT, 'tests/artifacts/drift-manifest.yml');
    writeFileSync(file, source);
    let out;
    try {
      out = execFileSync(cli, ['drift', file, '-', '--format', 'json', ...EFS], { input: dump, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      if (e.status !== 1) throw e;
      out = e.stdout;
    }
    return JSON.parse(out);
  };
  const chunkServed = () => server.served.some((f) => /\/gen\/drift-[^/]*\.js$/.test(f.path));
  /** Waits for the comparison of the result on screen. */
  const compared = (page) => page.waitForFunction(() => {
    const s = document.querySelector('#drift-panel .drift-state');
    return document.querySelector('#drift-panel .drift-summary') && s && s.textContent === '';
  });
  const badge = (page, kind, name) => page.locator(`#resources .res[data-kind="${kind}"][data-name="${name}"] .drift-badge`);

  await test('drift: paste a dump; the drifted cards, missing cards and extra objects are what the CLI says', async () => {
    const page = await newPage();
    await open(page);
    const source = await page.evaluate(() => window.__playground.editor.text());
    assert.equal(source, readFileSync(manifest, 'utf8'), 'the complete example opens');
    assert.ok(!chunkServed(), 'drift.js is not part of the first load');
    await page.click('#drift-open');
    await page.waitForFunction(() => document.querySelector('#drift-panel .drift-command')?.textContent.startsWith('{'));
    assert.ok(chunkServed(), 'drift.js is loaded when asked for');
    // The capture command is the CLI's.
    const command = execFileSync(cli, ['drift', manifest, '--command', ...EFS], { encoding: 'utf8' });
    assert.equal(await page.textContent('#drift-panel .drift-command'), command);
    // Paste the edited deploy's dump and compare.
    const dump = dumpOf('edited');
    // Pasted, as a user pastes it (the clipboard holds the file's text).
    await page.evaluate((t) => navigator.clipboard.writeText(t), dump);
    await page.focus('#drift-panel .drift-dump');
    await page.keyboard.press('Control+V');
    await page.waitForFunction((n) => document.querySelector('#drift-panel .drift-dump').value.length === n, dump.length);
    await page.click('#drift-panel [data-drift-run]');
    await compared(page);
    const expected = nativeDrift(source, dump);
    const s = expected.summary;
    assert.match(await page.textContent('#drift-panel .drift-summary'), new RegExp(`${s.missing} missing, ${s.extra} extra, ${s.changed} changed`));
    // Every object of the CLI's report, in its order, with its fields.
    const shown = await page.$$eval('#drift-panel .drift-object', (els) => els.map((e) => ({
      kind: e.querySelector('.kind').textContent,
      name: e.querySelector('.name').textContent,
      paths: [...e.querySelectorAll('td[data-label="Field"]')].map((x) => x.textContent),
    })));
    assert.deepEqual(shown, expected.objects.map((o) => ({ kind: o.kind, name: o.name, paths: o.fields.map((f) => f.path) })));
    // The drifted cards: badged with what the next deploy does.
    assert.equal(await badge(page, 'Deployment', 'worker').textContent(), 'drifted: the next deploy reverts it');
    assert.equal(await badge(page, 'Deployment', 'web').textContent(), 'drifted: the next deploy keeps it');
    assert.equal(await badge(page, 'Ingress', 'web').textContent(), 'drifted: the next deploy reverts it');
    assert.equal(await badge(page, 'Service', 'web').count(), 0, 'an object without drift has no badge');
    // The extra objects: listed with their fate.
    const extra = await page.$$eval('#drift-panel .drift-object', (els) => els
      .filter((e) => e.querySelector('.drift-badge').textContent.startsWith('extra'))
      .map((e) => `${e.querySelector('.name').textContent}: ${e.querySelector('.drift-badge').textContent}`));
    assert.deepEqual(extra, ['feature-flags: extra: the next deploy keeps it', 'resource-oldcache: extra: the next deploy deletes it']);
    // No secret value shows: the edited Secret value, the rack's password.
    const text = await page.textContent('#pane-output');
    for (const secret of ['urgent', 'dXJnZW50', 'pr0d-rack-s3cret']) assert.ok(!text.includes(secret), secret);
    await page.screenshot({ path: 'tests/artifacts/drift.png' });
    // An edit that adds a service: compared again with the same dump; its objects are missing.
    const added = source.replace('\ntimers:', '\n  extra:\n    build: ./extra\n    port: 4000\n\ntimers:');
    await page.evaluate((t) => window.__playground.editor.setText(t), added);
    await settled(page);
    await page.waitForFunction(() => document.querySelector('#resources .res[data-kind="Deployment"][data-name="extra"] .drift-badge'));
    assert.equal(await badge(page, 'Deployment', 'extra').textContent(), 'missing from the cluster');
    assert.equal(await badge(page, 'Deployment', 'worker').textContent(), 'drifted: the next deploy reverts it');
    // Close: no badge left.
    await page.click('#drift-panel [data-drift-close]');
    await page.waitForFunction(() => !document.querySelector('#resources .drift-badge'));
    await page.context().close();
  });

  await test('drift: a dropped clean dump has no drift; a dump that is not Kubernetes says where', async () => {
    const page = await newPage();
    await open(page);
    await page.click('#drift-open');
    await page.waitForSelector('#drift-panel .drift-dump');
    // Drop the file, as a user drags it from a file manager.
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'cluster.yaml', { type: 'application/yaml' }));
      document.querySelector('#drift-panel .drift-dump').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, dumpOf('clean'));
    await compared(page);
    assert.match(await page.textContent('#drift-panel .drift-summary'), /^No drift: the cluster holds what convox.yml renders \(36 objects compared in my-rack-my-app\)/);
    assert.equal(await page.locator('#resources .drift-badge').count(), 0);
    assert.ok((await page.inputValue('#drift-panel .drift-dump')).startsWith('apiVersion: v1\nitems:'), 'the dropped file is shown');
    // Not Kubernetes: one diagnostic, at its line.
    await page.fill('#drift-panel .drift-dump', '# a convox.yml, not a dump\nservices:\n  web:\n    port: 3000\n');
    await page.click('#drift-panel [data-drift-run]');
    await page.waitForFunction(() => document.querySelector('#drift-panel .drift-summary')?.textContent.includes('could not be compared'));
    const diags = await page.$$eval('#drift-panel .drift-diag', (els) => els.map((e) => e.textContent));
    assert.deepEqual(diags, ['line 2, column 1: error: a document without `kind` is not a Kubernetes object: expected the output of `kubectl get … -o yaml`']);
    await page.context().close();
  });
}
