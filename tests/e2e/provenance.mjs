// Key-level provenance on the complete example: the cursor on a key marks exactly the objects
// the core says it shapes (`domain` → the Ingress, `port` → Deployment, Service, Ingress and the
// env Secret, `scale.count` → Deployment and HPA) and reveals the first within the output pane
// without moving the editor; each marked card names the fields the key wrote and marks their
// lines in its YAML (the Deployment's ports and probes for `port`, `replicas` for
// `scale.count`); the service's name line still marks its whole block; selecting the
// Deployment highlights the keys that shaped it, not the whole block. Called from run.mjs.
import assert from 'node:assert/strict';
import { join } from 'node:path';

const NS = 'my-rack-my-app';

export async function provenanceTests({ test, newPage, open, settled, ARTIFACTS }) {
  /** The `Kind/name` of every card the cursor marks. */
  const marked = (page) => page.$$eval('#resources .res.from-cursor', (els) => els.map((e) => `${e.dataset.kind}/${e.dataset.name}`).sort());
  /** The trimmed text of each YAML line marked in card `card`. */
  const markedLines = (page, card) => page.$$eval(`${card} .yaml-text .yl.mark`, (els) => els.map((e) => e.textContent.trim()));
  /**
   * Puts the cursor at 1-based `line`, `column`. The cards follow it in the editor's own update
   * (the same task); the page's cursor is checked to have moved there.
   */
  const cursorAt = async (page, line, column) => {
    const moved = await page.evaluate(([l, c]) => {
      const p = window.__playground;
      p.editor.goTo(l, c);
      const doc = p.editor.view.state.doc;
      return p.state.cursor === Math.min(doc.line(l).from + c - 1, doc.line(l).to);
    }, [line, column]);
    assert.ok(moved, `cursor at ${line}:${column}`);
    // goTo scrolls the line into view in CodeMirror's next measure (an animation frame): let it
    // happen before a test reads where the editor is scrolled.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  };

  await test('provenance: cursor on domain highlights only the Ingress and scrolls to it', async () => {
    const page = await newPage({ viewport: { width: 1440, height: 900 } });
    await open(page);
    await settled(page);
    const text = await page.evaluate(() => window.__playground.editor.text());
    assert.equal(text.split('\n')[41], '    domain: ${WEB_HOST}', 'line 42 of the complete example');
    // The output pane starts at its top, the Ingress below the fold.
    await page.$eval('#resources', (el) => { el.closest('.tab-panel').scrollTop = 0; });
    const ingress = `#resources .res[data-kind="Ingress"][data-name="web"]`;
    const inView = () => page.$eval(ingress, (el) => {
      const pane = el.closest('.tab-panel').getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return box.top >= pane.top - 1 && box.bottom <= pane.bottom + 1;
    });
    assert.equal(await inView(), false, 'the Ingress starts out of view');
    await cursorAt(page, 42, 5);
    const editorTop = await page.evaluate(() => window.__playground.editor.view.scrollDOM.scrollTop);
    assert.deepEqual(await marked(page), ['Ingress/web']);
    assert.equal(await page.locator(`${ingress}.from-cursor`).count(), 1);
    await page.waitForFunction((sel) => {
      const el = document.querySelector(sel);
      const pane = el.closest('.tab-panel').getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return box.top >= pane.top - 1 && box.bottom <= pane.bottom + 1;
    }, ingress);
    // The value's end of the line counts too (an unset ${WEB_HOST} has no span of its own).
    await cursorAt(page, 42, 22);
    assert.deepEqual(await marked(page), ['Ingress/web']);
    // Marking never scrolls the editor.
    assert.equal(await page.evaluate(() => window.__playground.editor.view.scrollDOM.scrollTop), editorTop);
    // The card names the fields `domain` wrote; "show in YAML" opens its YAML at them.
    const shaped = await page.$eval(`${ingress} .shaped`, (el) => el.textContent);
    assert.match(shaped, /^domain writes spec\.rules\[\]\.host, spec\.tls\[\]\.hosts/);
    await page.click(`${ingress} [data-show-shaped]`);
    await page.waitForSelector(`${ingress} .yaml-text .yl.mark`);
    const lines = await markedLines(page, ingress);
    assert.ok(lines.length >= 2 && lines.every((l) => /^(- host: |(- )?hosts:$|- \S+$)/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('- host: ')) && lines.some((l) => /^(- )?hosts:$/.test(l)), lines.join('\n'));
    assert.equal(await page.evaluate(() => window.__playground.editor.view.scrollDOM.scrollTop), editorTop);
    await page.screenshot({ path: join(ARTIFACTS, 'provenance-domain.png') });
    await page.context().close();
  });

  await test('provenance: the cursor on a key marks the fields it wrote inside each open YAML', async () => {
    const page = await newPage({ viewport: { width: 1440, height: 900 } });
    await open(page);
    await settled(page);
    const deployment = `#resources .res[data-kind="Deployment"][data-name="web"]`;
    await page.click(`${deployment} details.yaml > summary`);
    await page.waitForSelector(`${deployment} .yaml-text`);
    assert.deepEqual(await markedLines(page, deployment), [], 'nothing marked before the cursor is on a key');
    await cursorAt(page, 43, 6); // port: 3000
    const port = await markedLines(page, deployment);
    // The container's port and the probes that reach it; nothing else of the Deployment.
    for (const want of ['ports:', '- containerPort: 3000', 'readinessProbe:', 'livenessProbe:', 'port: 3000']) {
      assert.ok(port.includes(want), `${want} in\n${port.join('\n')}`);
    }
    assert.ok(!port.some((l) => /^(replicas|image|args|resources):/.test(l)), port.join('\n'));
    // The first marked card's YAML box scrolled to its first mark (the box only).
    await page.waitForFunction((sel) => {
      const el = document.querySelector(sel);
      const pre = el.closest('.yaml-text').getBoundingClientRect();
      const b = el.getBoundingClientRect();
      return b.top >= pre.top - 1 && b.bottom <= pre.bottom + 1;
    }, `${deployment} .yaml-text .yl.mark`);
    assert.match(await page.$eval(`${deployment} .shaped`, (el) => el.textContent), /^port writes spec\.template\.spec\.containers\[\]\.ports, /);
    await cursorAt(page, 83, 8); // scale: count: 2-10
    assert.deepEqual(await markedLines(page, deployment), ['replicas: 2']);
    // Back on the service's name: its whole block, no key, no field marked.
    await cursorAt(page, 37, 3);
    assert.deepEqual(await markedLines(page, deployment), []);
    assert.equal(await page.locator(`${deployment} .shaped`).count(), 0);
    await cursorAt(page, 43, 6);
    await page.screenshot({ path: join(ARTIFACTS, 'provenance-yaml-fields.png') });
    await page.context().close();
  });

  await test('provenance: port, scale.count and the service name mark what the core says they shape', async () => {
    const page = await newPage({ viewport: { width: 1440, height: 900 } });
    await open(page);
    await settled(page);
    await cursorAt(page, 43, 6); // port: 3000
    assert.deepEqual(await marked(page), ['Deployment/web', 'Ingress/web', 'Secret/env-web', 'Service/web']);
    await cursorAt(page, 83, 8); // scale: count: 2-10
    assert.deepEqual(await marked(page), ['Deployment/web', 'HorizontalPodAutoscaler/web']);
    // The service's own name: its whole block, as before (every resource from services.web).
    await cursorAt(page, 37, 3);
    const whole = await page.evaluate(() => window.__playground.state.shown.contract.resources
      .filter((r) => r.source?.path === 'services.web').map((r) => `${r.kind}/${r.name}`).sort());
    assert.ok(whole.length > 4);
    assert.deepEqual(await marked(page), whole);
    await page.context().close();
  });

  await test('provenance: selecting the Deployment highlights the keys that shaped it, not the whole block', async () => {
    const page = await newPage({ viewport: { width: 1440, height: 900 } });
    await open(page);
    await settled(page);
    const key = `Deployment/${NS}/web`;
    await page.click(`#resources .res[data-key="${key}"] .res-head`);
    await page.waitForSelector('.cm-provenance');
    const { want, have, block, doc } = await page.evaluate((k) => {
      const p = window.__playground;
      const s = p.state.shown.byKey.get(k).source;
      return {
        want: s.keys.map((x) => [x.from, x.to]).sort((a, b) => a[0] - b[0]),
        have: p.editor.highlightedRanges().map((x) => [x.from, x.to]),
        block: [s.from, s.to],
        doc: p.editor.text(),
      };
    }, key);
    assert.deepEqual(have, want);
    // Whether the key on the first line reading `needle` is highlighted (at its first letter).
    const lit = (needle) => {
      const at = doc.indexOf(needle) + needle.search(/\S/);
      return have.some(([a, b]) => a <= at && at < b);
    };
    assert.ok(lit('    port: 3000') && lit('    command: bin/web') && lit('      count: 2-10'), 'the keys it reads');
    assert.ok(!lit('    domain: ${WEB_HOST}') && !lit('    ingressAnnotations:'), 'not the route\'s keys');
    const covered = have.reduce((n, [a, b]) => n + (b - a), 0);
    assert.ok(covered < block[1] - block[0], 'less than the whole block');
    await page.screenshot({ path: join(ARTIFACTS, 'provenance-select.png') });
    await page.context().close();
  });
}
