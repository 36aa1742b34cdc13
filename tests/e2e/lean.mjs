// The lean first load: on a slow mobile network (Chromium's throttling: 1.6 Mbit/s down, 150 ms
// round trip), the page's first result comes from the first wasm build alone — the second
// (convox-k8s-extras) is held back until the result is on screen — and once it arrives, Compare,
// Topology and the editor's hover work. Called from run.mjs.
import assert from 'node:assert/strict';

/** Chromium's "slow mobile network": 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip. */
const SLOW = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8), uploadThroughput: (750e3 / 8) };
const EXTRAS = /convox-k8s-extras/;

export async function leanTests({ test, newPage, settled, server, metrics }) {
  await test('lean first load: on a slow network the first result comes without the second wasm; Compare, Topology and hover work once it arrives', async () => {
    const page = await newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW);
    // Hold every request for the second build (glue and wasm) until the first result is shown.
    const held = [];
    let release;
    const released = new Promise((r) => (release = r));
    await page.context().route(EXTRAS, async (route) => {
      held.push(route.request().url());
      await released;
      await route.continue();
    });
    const extrasDone = [];
    page.on('requestfinished', (r) => EXTRAS.test(r.url()) && extrasDone.push(r.url()));
    const t0 = Date.now();
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 30000 });
    const firstResultMs = await page.evaluate(() => performance.getEntriesByName('convox-first-result')[0].startTime);
    metrics.slowFirstResultMs = firstResultMs;
    metrics.slowWallMs = Date.now() - t0;
    assert.ok(await page.locator('#resources .res').count() > 5, 'the first result\'s cards are on screen');
    assert.deepEqual(extrasDone, [], 'nothing of the second build had arrived');
    // The worker asked for it once the result was out (it may still be on its way).
    const deadline = Date.now() + 5000;
    while (!held.some((u) => u.endsWith('.wasm')) && Date.now() < deadline) await page.waitForTimeout(50);
    assert.ok(held.some((u) => u.endsWith('_bg.wasm')), `the second build is fetched after the first result (held: ${held.join(', ')})`);
    release();

    // Hover: the editor's documentation of a key.
    const text = 'services:\n  web:\n    image: nginx\n    port: 3000\n    scale: 2\n  worker:\n    image: nginx\n';
    await page.evaluate((t) => window.__playground.editor.setText(t), text);
    await settled(page);
    const at = await page.evaluate((p) => {
      const c = window.__playground.editor.view.coordsAtPos(p, 1);
      return { x: c.left + 2, y: (c.top + c.bottom) / 2 };
    }, text.indexOf('scale') + 1);
    await page.mouse.move(at.x, at.y);
    const hover = page.locator('.cm-assist-hover');
    await hover.waitFor({ timeout: 30000 });
    assert.ok((await hover.textContent()).includes('How many pods'));
    await page.mouse.move(0, 0);

    // Topology: the graph of the result on screen.
    await page.click('#tab-button-topology');
    await page.waitForSelector('#tab-topology:not([hidden]) svg.topology .node', { timeout: 30000 });
    const ns = await page.evaluate(() => window.__playground.state.shown.contract.namespace);
    assert.equal(await page.locator(`#tab-topology .edge[data-from="Service/${ns}/web"][data-to="Deployment/${ns}/web"]`).count(), 1);

    // Compare: pin, edit, and the change is counted.
    await page.click('#tab-button-resources');
    await page.click('#compare-bar [data-pin]');
    await page.evaluate((t) => window.__playground.editor.setText(t), text.replace('  worker:\n    image: nginx\n', ''));
    await settled(page);
    await page.waitForFunction(() => {
      const p = window.__playground.state;
      return p.baseline && p.changes && p.changes.run === p.shown?.id;
    }, null, { timeout: 30000 });
    assert.match(await page.textContent('#compare-bar'), /removed/);
    assert.ok(extrasDone.some((u) => u.endsWith('_bg.wasm')), 'the second build arrived');
    await page.context().close();
  });
}
