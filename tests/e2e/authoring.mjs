// End-to-end tests of the editor's authoring help (issue 12): completions, hover docs, quick fixes
// and inline hints, all computed by the core; and the JSON Schema served beside the page.
// run.mjs calls `authoringTests(t)` with its harness: {test, newPage, open, settled, editorText,
// assert, server, cli}.
import { execFileSync } from 'node:child_process';

/** Replaces the editor's text and waits for its analysis to render. */
async function setText(page, settled, text) {
  await page.evaluate((t) => window.__playground.editor.setText(t), text);
  await settled(page);
}

/** Viewport coordinates of the middle of UTF-16 offset `pos`'s character in the editor. */
async function coordsOf(page, pos) {
  return page.evaluate((p) => {
    const c = window.__playground.editor.view.coordsAtPos(p, 1);
    return { x: c.left + 2, y: (c.top + c.bottom) / 2 };
  }, pos);
}

/** The inline hints shown now: their text and the objects listed in their title. */
const hintsShown = (page) => page.locator('.cm-assist-hint').evaluateAll((els) => els.map((e) => ({ text: e.textContent, title: e.title })));

export async function authoringTests({ test, newPage, open, settled, editorText, assert, server, cli }) {
  await test('authoring: the JSON Schema is served beside the page, as convox-k8s schema prints it', async () => {
    const page = await newPage();
    const res = await page.request.get(new URL('convox.schema.json', server.url).href);
    assert.equal(res.status(), 200);
    const served = await res.json();
    assert.deepEqual(served, JSON.parse(execFileSync(cli, ['schema'], { encoding: 'utf8' })));
    assert.equal(served.$schema, 'http://json-schema.org/draft-07/schema#');
    await page.context().close();
  });

  await test('authoring: typing serv at the top level offers services (the core\'s completion)', async () => {
    const page = await newPage();
    await open(page);
    const text = 'resources:\n  db:\n    type: redis\n';
    await setText(page, settled, text);
    await page.evaluate((n) => window.__playground.editor.goToOffset(n), text.length);
    await page.keyboard.type('serv');
    const option = page.locator('.cm-tooltip-autocomplete li', { hasText: /^services/ });
    await option.first().waitFor({ timeout: 5000 });
    // CodeMirror ignores Enter until a list (or its refresh) has shown for `interactionDelay`
    // (75 ms), so that a fast typist's Enter is a newline: wait as a person would.
    await settled(page);
    await option.first().waitFor({ timeout: 5000 });
    await page.waitForTimeout(300);
    const labels = await page.locator('.cm-tooltip-autocomplete .cm-completionLabel').allTextContents();
    assert.ok(labels.includes('services'), `offered: ${labels}`);
    assert.ok(!labels.includes('resources'), 'a key already written is not offered again');
    await page.keyboard.press('Enter');
    assert.equal(await editorText(page), `${text}services:`);
    // Under a timer, `concurrency: ` completes to the CronJob policies.
    const timer = 'services:\n  web: {}\ntimers:\n  t:\n    schedule: "0 * * * *"\n    command: x\n    service: web\n    concurrency: ';
    await setText(page, settled, timer);
    await page.evaluate((n) => window.__playground.editor.goToOffset(n), timer.length);
    await page.keyboard.press('Control+Space');
    await page.locator('.cm-tooltip-autocomplete li').first().waitFor({ timeout: 5000 });
    assert.deepEqual(await page.locator('.cm-tooltip-autocomplete .cm-completionLabel').allTextContents(), ['Allow', 'Forbid', 'Replace']);
    await page.context().close();
  });

  await test('authoring: hovering scale shows its documentation', async () => {
    const page = await newPage();
    await open(page);
    const text = 'services:\n  web:\n    image: nginx\n    scale: 2\n';
    await setText(page, settled, text);
    const at = await coordsOf(page, text.indexOf('scale') + 1);
    await page.mouse.move(at.x, at.y);
    const hover = page.locator('.cm-assist-hover');
    await hover.waitFor({ timeout: 5000 });
    const shown = await hover.textContent();
    assert.ok(shown.includes('services.<name>.scale'), shown);
    assert.ok(shown.includes('How many pods'), shown);
    assert.ok(/Forms: .*1-3/.test(shown) && shown.includes('Default: count 1'), shown);
    assert.ok(shown.includes('HorizontalPodAutoscaler'), shown);
    await page.context().close();
  });

  await test('authoring: the did-you-mean fix turns servicess into services and the warning goes away', async () => {
    const page = await newPage();
    await open(page);
    await setText(page, settled, 'servicess:\n  web:\n    image: nginx\n');
    const diags = await page.evaluate(() => window.__playground.state.current.contract.diagnostics.map((d) => d.message));
    assert.ok(diags.some((m) => m.includes('unknown key servicess')), diags.join('\n'));
    const at = await coordsOf(page, 3);
    await page.mouse.move(at.x, at.y);
    const fix = page.locator('.cm-lint-fix', { hasText: 'Rename to services' });
    await fix.waitFor({ timeout: 5000 });
    await fix.click();
    await settled(page);
    assert.equal(await editorText(page), 'services:\n  web:\n    image: nginx\n');
    const after = await page.evaluate(() => window.__playground.state.current.contract.diagnostics.map((d) => d.message));
    assert.ok(!after.some((m) => m.includes('servicess')), after.join('\n'));
    // An unset variable's fix sets it in the release environment.
    await setText(page, settled, 'services:\n  web:\n    image: nginx\n    environment:\n      - TOKEN\n');
    const token = await coordsOf(page, 'services:\n  web:\n    image: nginx\n    environment:\n      - TO'.length);
    await page.mouse.move(token.x, token.y);
    const add = page.locator('.cm-lint-fix', { hasText: 'Add TOKEN to the release environment' });
    await add.waitFor({ timeout: 5000 });
    await add.click();
    await settled(page);
    assert.ok((await page.inputValue('#env')).split('\n').includes('TOKEN='));
    const left = await page.evaluate(() => window.__playground.state.current.contract.diagnostics.map((d) => d.message));
    assert.ok(!left.some((m) => m.includes('TOKEN')), left.join('\n'));
    await page.context().close();
  });

  await test('authoring: inline hints list what each name produces and follow the manifest (no port, no Ingress)', async () => {
    const page = await newPage();
    await open(page);
    const text = 'services:\n  web:\n    port: 3000\n    scale: 1-3\n  worker:\n    image: w\ntimers:\n  t:\n    schedule: "0 * * * *"\n    command: x\n    service: worker\n';
    await setText(page, settled, text);
    const webHint = async () => (await hintsShown(page)).find((h) => h.title.split('\n').includes('Deployment web'));
    let web = await webHint();
    assert.ok(web, `hints: ${JSON.stringify(await hintsShown(page))}`);
    assert.ok(web.text.startsWith('→ Deployment · Service · Ingress'), web.text);
    assert.ok(web.text.includes('HPA') && web.text.includes('SA'), web.text);
    const timer = (await hintsShown(page)).find((h) => h.title.includes('CronJob timer-t'));
    assert.equal(timer?.text, '→ CronJob · SA');
    await setText(page, settled, text.replace('    port: 3000\n', ''));
    web = await webHint();
    assert.ok(web && !web.text.includes('Ingress'), web?.text);
    await page.context().close();
  });
}
