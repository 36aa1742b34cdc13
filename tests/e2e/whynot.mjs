// Why-not in the page: "Show what is not created" shows the core's absent objects (the same as
// `convox-k8s map --format json`'s `absent`) as ghost cards in their owner's group, with the
// core's reason and fix; a fix button applies the core's edits to the editor and its rack
// parameters to the Rack panel, and the object then becomes a real card. Called from run.mjs.
import assert from 'node:assert/strict';

export async function whynotTests({ test, newPage, open, settled, native, editorText }) {
  /** The native CLI's `absent` for `text` on the page's current rack profile. */
  const nativeAbsent = async (page, text) => {
    const o = await page.evaluate(() => window.__playground.options());
    return native(text, { env: o.env, provider: o.provider, params: o.params || {} }).absent;
  };
  const ghost = (page, kind) => page.locator(`#resources .ghost[data-kind="${kind}"]`);
  const real = (page, kind) => page.locator(`#resources .res[data-kind="${kind}"]`);
  const setText = async (page, text) => {
    await page.evaluate((t) => window.__playground.editor.setText(t), text);
    await settled(page);
  };

  await test('why-not: ghost cards show what is not created, with the core\'s reason and fix', async () => {
    const page = await newPage();
    await open(page);
    const text = 'services:\n  web:\n    port: 3000\n    scale:\n      count: 2\n';
    await setText(page, text);
    assert.equal(await page.locator('#resources .ghost').count(), 0, 'no ghost until asked');
    await page.check('#show-ghosts');
    await settled(page);
    const expected = await nativeAbsent(page, text);
    assert.ok(expected.length > 3, 'the core finds several');
    await page.waitForSelector('#resources .ghost');
    const shown = await page.$$eval('#resources .ghost', (els) => els.map((e) => [e.dataset.kind, e.dataset.name, e.querySelector('.ghost-reason').textContent, e.closest('.group').querySelector('.group-toggle').textContent.trim().split(' ').pop()]));
    // Each in its owner's group (titled `service web`, `timer cleanup`, …).
    assert.deepEqual(shown, expected.map((a) => [a.kind, a.name, a.reason, a.owner]), 'every ghost, in order, in its owner\'s group');
    const hpa = ghost(page, 'HorizontalPodAutoscaler');
    assert.equal(await hpa.locator('.ghost-reason').textContent(), 'no HorizontalPodAutoscaler: scale.count is a fixed 2');
    assert.match(await hpa.locator('.ghost-fix').textContent(), /write count: 2-10 under scale/);
    assert.match(await page.textContent('#ghost-count'), new RegExp(`${expected.length} objects`));
    // Ghosts follow the real cards of their group.
    const groups = await page.$$eval('#resources .group-body', (els) => els.map((g) => [...g.querySelectorAll(':scope > article')].map((e) => e.classList.contains('ghost'))));
    for (const order of groups) assert.deepEqual(order, [...order].sort((a, b) => a - b), 'real cards first, then ghosts');
    await page.screenshot({ path: 'tests/artifacts/ghosts.png' });
    await page.uncheck('#show-ghosts');
    await settled(page);
    assert.equal(await page.locator('#resources .ghost').count(), 0, 'off again');
    await page.context().close();
  });

  await test('why-not: a ghost\'s fix edits the manifest (and the rack profile) and the object becomes real', async () => {
    const page = await newPage();
    await open(page);
    const text = 'services:\n  web:\n    port: 3000\n    scale:\n      count: 2\n';
    await setText(page, text);
    await page.check('#show-ghosts');
    await settled(page);
    // A convox.yml edit: the core's text edit at its UTF-16 offsets.
    assert.equal(await real(page, 'HorizontalPodAutoscaler').count(), 0);
    await ghost(page, 'HorizontalPodAutoscaler').locator('.ghost-apply').click();
    await settled(page);
    assert.equal(await editorText(page), 'services:\n  web:\n    port: 3000\n    scale:\n      count: 2-10\n');
    await real(page, 'HorizontalPodAutoscaler').waitFor();
    assert.equal(await ghost(page, 'HorizontalPodAutoscaler').count(), 0, 'its ghost is gone');
    // Edits and a rack parameter: the ScaledObject's fix writes autoscale and turns KEDA on.
    await ghost(page, 'ScaledObject').locator('.ghost-apply').click();
    await settled(page);
    assert.match(await editorText(page), /\n      autoscale:\n        cpu:\n          threshold: 70\n?$/);
    assert.equal(await page.evaluate(() => window.__playground.state.profile.params.keda_enable), 'true');
    // The Rack panel shows it once opened.
    await page.click('#rack-panel summary');
    assert.ok(await page.isChecked('#rp-keda_enable'), 'the Rack panel shows it');
    await page.click('#rack-panel summary');
    await real(page, 'ScaledObject').waitFor();
    assert.equal(await ghost(page, 'ScaledObject').count(), 0);
    // A rack parameter alone: the Certificate needs the contour router.
    await ghost(page, 'Certificate').locator('.ghost-apply').click();
    await settled(page);
    await page.click('#rack-panel summary');
    assert.equal(await page.inputValue('#rp-router_type'), 'contour');
    await page.click('#rack-panel summary');
    await real(page, 'Certificate').waitFor();
    assert.equal(await ghost(page, 'Certificate').count(), 0);
    // The page shows what the native core says of the fixed manifest on that rack.
    const after = await editorText(page);
    const shown = await page.$$eval('#resources .ghost', (els) => els.map((e) => [e.dataset.kind, e.dataset.name]));
    assert.deepEqual(shown, (await nativeAbsent(page, after)).map((a) => [a.kind, a.name]));
    // One undo takes a fix's edits back.
    await page.evaluate(() => window.__playground.editor.view.focus());
    await page.keyboard.press('Control+z');
    await settled(page);
    assert.equal(await editorText(page), 'services:\n  web:\n    port: 3000\n    scale:\n      count: 2-10\n');
    await page.context().close();
  });

  await test('why-not: ghost text from the manifest is shown as text; the owner link shows its lines', async () => {
    const page = await newPage();
    await open(page);
    await page.click('#rack-panel summary');
    await page.selectOption('#rp-router_type', 'contour');
    await page.click('#rack-panel summary');
    const text = 'services:\n  web:\n    port: 3000\n    certificate:\n      id: "<img src=x onerror=window.__pwned=1>"\n';
    await setText(page, text);
    await page.check('#show-ghosts');
    await settled(page);
    const cert = ghost(page, 'Certificate');
    assert.equal(await cert.locator('.ghost-reason').textContent(), 'no Certificate: certificate.id is set: TLS uses your Secret <img src=x onerror=window.__pwned=1>, not cert-manager');
    assert.equal(await page.locator('#resources .ghost img').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    await cert.locator('.ghost-src').click();
    const range = await page.evaluate(() => window.__playground.editor.highlighted());
    assert.deepEqual(range, { from: text.indexOf('web:'), to: text.length - 1 }, 'the owner\'s key and everything under it');
    await page.context().close();
  });
}
