// The Topology tab: the core's graph of the complete example drawn as SVG — Ingress web →
// Service web → Deployment web, the tcp-lb balancer's Service → Deployment worker — every
// edge one of the core's, a node click selecting its resource. Called from run.mjs.
import assert from 'node:assert/strict';

export async function topologyTests({ test, newPage, open, settled }) {
  await test('topology: the complete example\'s graph has Ingress web → Service web → Deployment web and balancer tcp-lb → worker', async () => {
    const page = await newPage({ viewport: { width: 1440, height: 900 } });
    await open(page);
    await settled(page);
    await page.click('#tab-button-topology');
    await page.waitForSelector('#tab-topology:not([hidden]) svg.topology .node');
    const ns = 'my-rack-my-app';
    const edge = (from, to, via) => page.locator(`#tab-topology .edge[data-from="${from}"][data-to="${to}"][data-via="${via}"]`);
    assert.equal(await edge(`Ingress/${ns}/web`, `Service/${ns}/web`, 'routes to').count(), 1);
    assert.equal(await edge(`Service/${ns}/web`, `Deployment/${ns}/web`, 'selects').count(), 1);
    assert.equal(await edge(`Service/${ns}/balancer-tcp-lb`, `Deployment/${ns}/worker`, 'selects').count(), 1);
    // Every edge drawn is one of the core's, and the core's are all drawn (none is broken here).
    const core = await page.evaluate(async () => {
      const p = window.__playground;
      const m = await p.core.call({ type: 'topology', run: p.state.shown.id });
      return m.topology;
    });
    const drawn = await page.$$eval('#tab-topology .edge', (els) => els.map((e) => `${e.dataset.from} ${e.dataset.via} ${e.dataset.to}`));
    const expected = core.edges.filter((e) => e.to !== null).map((e) => `${e.from} ${e.via} ${e.to}`);
    assert.deepEqual([...drawn].sort(), [...expected].sort());
    assert.equal(await page.locator('#tab-topology .edge.broken').count(), 0);
    assert.equal(await page.locator('#tab-topology .node[data-node]').count(), core.nodes.length);
    // Edges flow left to right: an Ingress left of its Service, left of its Deployment.
    const x = (key) => page.$eval(`#tab-topology .node[data-node="${key}"]`, (n) => n.getBoundingClientRect().x);
    assert.ok(await x(`Ingress/${ns}/web`) < await x(`Service/${ns}/web`));
    assert.ok(await x(`Service/${ns}/web`) < await x(`Deployment/${ns}/web`));
    // A click selects the resource (its convox.yml lines light up), as its card's title does.
    await page.click(`#tab-topology .node[data-node="Deployment/${ns}/web"]`);
    assert.equal(await page.evaluate(() => window.__playground.state.selected), `Deployment/${ns}/web`);
    assert.equal(await page.locator('#tab-topology .node.selected').count(), 1);
    // The keyboard: one tab stop, arrows move, Enter selects.
    await page.focus('#tab-topology .node[tabindex="0"]');
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => document.activeElement.dataset.node);
    assert.ok(focused);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => window.__playground.state.selected), focused);
    await page.screenshot({ path: 'tests/artifacts/topology.png' });
    await page.context().close();
  });
}
