// End-to-end tests of the page itself (issue 13): work that survives a reload and follows in the
// URL, links that cannot be read saying so, the groups and outline, clickable counts, the
// kubectl-literate filter, the phone layout, keyboard access, axe-core, the footer's links, and
// screenshots at desktop, laptop and phone sizes in light and dark. run.mjs calls
// `pageTests(t)` with its harness.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { join } from 'node:path';

/** The state a `#v1/…` URL holds. */
function linkState(url) {
  const hash = new URL(url).hash;
  assert.match(hash, /^#v1\//, url);
  return JSON.parse(inflateRawSync(Buffer.from(hash.slice(4), 'base64url')).toString('utf8'));
}

export async function pageTests(t) {
  const { test, newPage, open, settled, moveCursor, lineOf, editorText, contractOf, resourceKeys, server, ARTIFACTS, ROOT, complete, metrics, shareMenu } = t;
  const axeSource = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  const waitUrl = (page, test) => page.waitForFunction(test, null, { timeout: 5000 });

  await test('page: an edit follows in the URL and survives a reload; env values stay out of both', async () => {
    const page = await newPage();
    await open(page, '?example=timers');
    assert.ok(page.url().endsWith('?example=timers'), page.url());
    // Another example: the URL says that one.
    await page.selectOption('#example', 'web');
    await settled(page);
    await waitUrl(page, () => location.search === '?example=web' && !location.hash);
    // An edit: the URL becomes the state, without the values of the environment.
    await page.fill('#env', 'WEB_HOST=www.example.com\nAPI_TOKEN=hunter2-secret');
    await moveCursor(page, 1, 1);
    await page.keyboard.insertText('# kept across reloads\n');
    await settled(page);
    const text = await editorText(page);
    const before = await contractOf(page);
    await waitUrl(page, () => location.hash.startsWith('#v1/') && !location.search);
    // The URL follows the latest edit (debounced).
    await page.waitForFunction((want) => location.hash.length > 4 && window.__playground.editor.text() === want, text);
    await page.waitForTimeout(600);
    const state = linkState(page.url());
    assert.equal(state.source, text);
    assert.deepEqual(state.env, {});
    // Each variable stands in, as the core chose: the output stays the one shown.
    assert.deepEqual(state.standIns, { API_TOKEN: 'not-shared', WEB_HOST: 'not-shared' });
    const stored = await page.evaluate(() => localStorage.getItem('convox-k8s:work'));
    assert.ok(stored.includes('# kept across reloads') && !stored.includes('hunter2') && !stored.includes('www.example.com'), stored.slice(0, 200));
    // Reload: the edit is there, the variables standing in (not as lines of the env box), the same resources.
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    await settled(page);
    assert.equal(await editorText(page), text);
    assert.equal(await page.inputValue('#env'), '');
    assert.match(await page.textContent('#stand-ins'), /Values not shared \(stand-ins used\): API_TOKEN, WEB_HOST/);
    assert.deepEqual((await contractOf(page)).resources.map((r) => r.key), before.resources.map((r) => r.key));
    assert.equal(await page.isVisible('#notice'), false, 'nothing to dismiss');
    // A plain visit (no link, no example) restores the kept work too.
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    assert.equal(await editorText(page), text);
    // Copy link: no values, unless "include environment values" is ticked.
    await page.fill('#env', 'WEB_HOST=www.example.com\nAPI_TOKEN=hunter2-secret');
    await settled(page);
    await page.click('#copy-link');
    await page.waitForFunction(() => window.__lastCopied?.includes('#v1/'));
    const bare = linkState(await page.evaluate(() => window.__lastCopied));
    assert.deepEqual([bare.env, bare.standIns], [{}, { API_TOKEN: 'not-shared', WEB_HOST: 'not-shared' }]);
    await shareMenu(page);
    await page.check('#share-values');
    await page.evaluate(() => (window.__lastCopied = ''));
    await page.click('#copy-link');
    await page.waitForFunction(() => window.__lastCopied?.includes('#v1/'));
    const full = linkState(await page.evaluate(() => window.__lastCopied));
    assert.deepEqual(full.env, { WEB_HOST: 'www.example.com', API_TOKEN: 'hunter2-secret' });
    assert.equal(full.standIns, undefined);
    // Reset to example: the example as shipped, the kept work forgotten.
    await page.click('#reset');
    await settled(page);
    assert.equal(await editorText(page), readFileSync(join(ROOT, 'www/examples/web.convox.yml'), 'utf8'));
    await waitUrl(page, () => location.search === '?example=web');
    assert.equal(await page.evaluate(() => localStorage.getItem('convox-k8s:work')), JSON.stringify({ v: 1, example: 'web' }));
    await page.context().close();
  });

  await test('page: a link or example that cannot be read says so, and what was opened instead', async () => {
    const page = await newPage();
    await open(page, '?example=nope');
    assert.equal(await editorText(page), complete);
    assert.equal(await page.isVisible('#notice'), true);
    assert.match(await page.textContent('#notice-text'), /no example named “nope”.*opened the complete example instead/);
    await page.click('#notice-close');
    assert.equal(await page.isVisible('#notice'), false);
    // A damaged link, in a browser with kept work: that work opens, and the notice says so.
    await moveCursor(page, 1, 1);
    await page.keyboard.insertText('# my work\n');
    await settled(page);
    await page.waitForFunction(() => localStorage.getItem('convox-k8s:work')?.includes('# my work'));
    await open(page, '#v1/this-is-not-deflate');
    assert.ok((await editorText(page)).startsWith('# my work\n'));
    assert.match(await page.textContent('#notice-text'), /This link could not be read \(its data is damaged.*\): opened your last work in this browser instead\./);
    // A link of a format this page does not know.
    const fresh = await newPage();
    await open(fresh, '#v9/abc');
    assert.equal(await editorText(fresh), complete);
    assert.match(await fresh.textContent('#notice-text'), /share format v9.*opened the complete example instead/);
    await fresh.context().close();
    await page.context().close();
  });

  await test('page: groups follow the manifest, each led by its main object; rack and app collapsed; outline jumps', async () => {
    const page = await newPage();
    await open(page);
    const groups = await page.evaluate(() => window.__playground.state.shown.contract.groups.map((g) => ({ id: g.id, title: g.title, lead: g.lead, keys: g.keys })));
    const onScreen = await page.$$eval('#resources .group', (els) => els.map((e) => ({
      title: e.querySelector('.group-toggle').textContent,
      expanded: e.querySelector('.group-toggle').getAttribute('aria-expanded'),
      keys: [...e.querySelectorAll('.res')].map((r) => r.dataset.key),
    })));
    assert.deepEqual(onScreen.map((g) => g.title), groups.map((g) => g.title), 'the core\'s groups, in its order');
    assert.deepEqual(onScreen.map((g) => g.keys), groups.map((g) => g.keys), 'each group\'s cards in the core\'s order');
    assert.equal(onScreen[0].title, 'rack and app');
    assert.equal(onScreen[0].expanded, 'false');
    assert.equal(await page.isVisible('#resources .group:first-child .res'), false, 'collapsed');
    // convox.yml's order: resources, then services, then timers; titled by concept.
    const titles = onScreen.map((g) => g.title);
    assert.ok(titles.indexOf('resource database') < titles.indexOf('service web') && titles.indexOf('service web') < titles.indexOf('timer cleanup'), titles.join(', '));
    const web = onScreen.find((g) => g.title === 'service web');
    assert.match(web.keys[0], /^Deployment\/[^/]+\/web$/, 'web\'s Deployment leads its group');
    assert.match(onScreen.find((g) => g.title === 'timer cleanup').keys[0], /^CronJob\//);
    // Each card's most used command (the core's first: a workload's pods) is shown, unfolded
    // (a group's main object also its second: the logs), and wraps only between words.
    const contract = await contractOf(page);
    const lead = page.locator(`.res[data-key="${web.keys[0]}"]`);
    const leadCommands = contract.resources.find((r) => r.key === web.keys[0]).kubectl.map((k) => k.command);
    assert.deepEqual(await lead.locator('.kubectl.main code').allTextContents(), leadCommands.slice(0, 2));
    assert.match(leadCommands[0], / get pods /);
    const secret = page.locator(`.res[data-key="${web.keys.find((k) => k.startsWith('Secret/'))}"]`);
    assert.equal(await secret.locator('.kubectl.main code').count(), 1);
    const style = await lead.locator('.kubectl.main code').first().evaluate((e) => { const s = getComputedStyle(e); return [s.whiteSpace, s.overflowWrap, s.wordBreak]; });
    assert.deepEqual(style, ['pre-wrap', 'normal', 'normal']);
    // The outline lists every group; a jump opens a collapsed group and brings it into view.
    assert.deepEqual(await page.$$eval('#outline [data-jump]', (els) => els.map((e) => e.dataset.jump)), groups.map((g) => g.id));
    await page.click('#outline [data-jump="rack"]');
    assert.equal(await page.isVisible('#resources .group:first-child .res'), true);
    await page.click('#outline [data-jump="service/web"]');
    const inView = await page.$eval('#resources .group[data-group="service/web"]', (e) => {
      const box = e.getBoundingClientRect();
      const panel = document.querySelector('#tab-resources').getBoundingClientRect();
      return box.top >= panel.top - 1 && box.top < panel.bottom;
    });
    assert.ok(inView, 'service web scrolled into view');
    // A group collapses and opens again from its title.
    await page.click('.group[data-group="service/web"] .group-toggle');
    assert.equal(await page.isVisible(`.res[data-key="${web.keys[0]}"]`), false);
    await page.click('.group[data-group="service/web"] .group-toggle');
    assert.equal(await page.isVisible(`.res[data-key="${web.keys[0]}"]`), true);
    await page.context().close();
  });

  await test('page: kind and diagnostics counts filter; the summary counts what is shown', async () => {
    const page = await newPage();
    await open(page);
    const c = await contractOf(page);
    const deployments = c.resources.filter((r) => r.kind === 'Deployment').map((r) => r.key).sort();
    await page.click('#summary [data-kind-filter="Deployment"]');
    await page.waitForFunction(() => document.querySelector('#filter-terms')?.dataset.query === 'kind=Deployment');
    await settled(page);
    assert.deepEqual((await resourceKeys(page)).sort(), deployments);
    assert.equal(await page.inputValue('#search'), 'kind=Deployment');
    assert.equal(await page.textContent('#resource-count'), String(deployments.length));
    assert.match(await page.textContent('#summary .total'), new RegExp(`^${deployments.length} of ${c.resources.length} resources`));
    assert.equal(await page.getAttribute('#summary [data-kind-filter="Deployment"]', 'aria-pressed'), 'true');
    assert.equal(await page.locator('#summary [data-kind-filter]').count(), 1, 'the kinds counted are the kinds shown');
    // Again: everything.
    await page.click('#summary [data-kind-filter="Deployment"]');
    await page.waitForFunction((n) => document.querySelectorAll('#resources .res').length === n, c.resources.length);
    assert.equal(await page.inputValue('#search'), '');
    // The warnings count lists only the warnings.
    const warnings = c.diagnostics.filter((d) => d.severity === 'warning').length;
    assert.ok(warnings > 0, 'the complete example has warnings');
    await page.click('#summary [data-diag-filter="warning"]');
    assert.equal(await page.locator('#diagnostics .diag').count(), warnings);
    assert.equal(await page.locator('#diagnostics .diag.sev-error').count(), 0);
    assert.match(await page.textContent('#diag-filter'), /showing warnings only/);
    await page.click('#diag-filter [data-diag-filter]');
    assert.equal(await page.locator('#diagnostics .diag').count(), c.diagnostics.length);
    await page.context().close();
  });

  await test('page: the filter reads kubectl: deploy/web, kind=, short names, selectors; chips combine', async () => {
    const page = await newPage();
    await open(page);
    const c = await contractOf(page);
    const keysWhere = (f) => c.resources.filter(f).map((r) => r.key).sort();
    const shows = async (query, want, what) => {
      await page.fill('#search', query);
      await page.waitForFunction((q) => document.querySelector('#filter-terms').dataset.query === q.trim() || (!q.trim() && document.querySelector('#filter-terms').hidden), query);
      await page.waitForFunction((n) => document.querySelectorAll('#resources .res').length === n || (n === 0 && document.querySelector('#resources .empty')), want.length);
      assert.deepEqual((await resourceKeys(page)).sort(), want, `${what ?? query}`);
    };
    const web = keysWhere((r) => r.kind === 'Deployment' && r.name === 'web');
    assert.equal(web.length, 1);
    for (const q of ['deploy/web', 'deployment/web', 'deployments.apps/web']) await shows(q, web);
    await shows('kind=Deployment', keysWhere((r) => r.kind === 'Deployment'));
    await shows('svc', keysWhere((r) => r.kind === 'Service'));
    await shows('pod', keysWhere((r) => r.kind === 'Pod'), 'pod: the Pods, not the HPA or the PDB');
    await shows('deploy,svc', keysWhere((r) => r.kind === 'Deployment' || r.kind === 'Service'));
    await shows('service=web,type=service', keysWhere((r) => r.labels?.service === 'web' && r.labels?.type === 'service'));
    // The command that lists the same on a cluster is the core's.
    const cmd = await page.textContent('#filter-terms .cmd code');
    assert.match(cmd, new RegExp(`^kubectl get \\S+ -n ${c.namespace} -l service=web,type=service$`));
    // An unknown resource type says so, with a did-you-mean.
    await shows('deploi/web', []);
    assert.match(await page.textContent('#filter-terms .field-error'), /no resource type "deploi"; did you mean "deploy"\?/);
    // Chips combine: service=web, then type=service, from a card.
    await shows('', c.resources.map((r) => r.key).sort(), 'cleared');
    const card = page.locator(`.res[data-key="${web[0]}"]`);
    await card.locator('details.more > summary').click();
    await card.locator('.chip[data-lk="service"]').click();
    await page.waitForFunction(() => document.querySelector('#search').value === 'service=web');
    await card.locator('.chip[data-lk="type"]').click();
    await page.waitForFunction(() => document.querySelector('#search').value === 'service=web type=service');
    await page.waitForFunction(() => document.querySelector('#filter-terms').dataset.query === 'service=web type=service');
    const both = keysWhere((r) => r.labels?.service === 'web' && r.labels?.type === 'service');
    await page.waitForFunction((n) => document.querySelectorAll('#resources .res').length === n, both.length);
    assert.deepEqual((await resourceKeys(page)).sort(), both);
    assert.equal(await card.locator('.chip[data-lk="type"]').getAttribute('aria-pressed'), 'true');
    assert.match(await page.textContent('#filter-terms .cmd code'), / -l service=web,type=service$/);
    // A term's chip removes it.
    await page.click('#filter-terms .term[data-without="service=web"]');
    await page.waitForFunction(() => document.querySelector('#search').value === 'service=web');
    // An edit keeps the filter, for the new result.
    await moveCursor(page, 1, 1);
    await page.keyboard.insertText('# edited\n');
    await settled(page);
    await page.waitForFunction(() => document.querySelector('#filter-terms').dataset.run === String(window.__playground.state.shown.id));
    assert.deepEqual((await resourceKeys(page)).sort(), keysWhere((r) => r.labels?.service === 'web'));
    await page.click('#clear-filter');
    await page.waitForFunction((n) => document.querySelectorAll('#resources .res').length === n, c.resources.length);
    await page.context().close();
  });

  await test('page: an edit patches the changed cards in place: the same card, its new labels; what was open stays open, the YAML shown follows', async () => {
    const page = await newPage();
    await open(page);
    const text = await editorText(page);
    const key = (await contractOf(page)).resources.find((r) => r.kind === 'Deployment' && r.name === 'web').key;
    const card = page.locator(`.res[data-key="${key}"]`);
    // Open its fold and its YAML, select it, and tag the element.
    await card.locator('details.more > summary').click();
    await card.locator('details.yaml > summary').click();
    await card.locator('.yaml-text').waitFor();
    assert.match(await card.locator('.yaml-text').textContent(), /convox\.com\/team: platform/);
    await card.locator('.res-head').click();
    assert.equal(await card.locator('.res-head').getAttribute('aria-pressed'), 'true');
    await card.evaluate((el) => { el.dataset.tagged = 'yes'; });
    const untouched = await page.evaluate(() => document.querySelectorAll('#resources .res').length);
    await page.evaluate(() => document.querySelectorAll('#resources .res').forEach((el) => { el.dataset.before = 'yes'; }));
    // The label's value, retyped.
    const line = lineOf(text, 'convox.com/team: platform');
    await moveCursor(page, line, text.split('\n')[line - 1].length + 1);
    for (let i = 0; i < 'platform'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.insertText('payments');
    await settled(page);
    // The same element, patched: the new chip, still open, still selected; the YAML fetched again.
    assert.equal(await card.getAttribute('data-tagged'), 'yes', 'the card element was replaced, not patched');
    assert.equal(await card.locator('.chip[data-lk="convox.com/team"]').textContent(), 'convox.com/team=payments');
    assert.equal(await card.locator('details.more').evaluate((d) => d.open), true);
    assert.equal(await card.locator('details.yaml').evaluate((d) => d.open), true);
    await page.waitForFunction((k) => /convox\.com\/team: payments/.test(document.querySelector(`.res[data-key="${k}"] .yaml-text`)?.textContent ?? ''), key);
    assert.equal(await card.locator('.res-head').getAttribute('aria-pressed'), 'true');
    assert.equal(await card.evaluate((el) => el.classList.contains('selected')), true);
    // Every card is the one from before: a label edit re-creates none.
    assert.equal(await page.evaluate(() => document.querySelectorAll('#resources .res[data-before]').length), untouched);
    // What the page shows is what the core gives: each card's chips are its resource's labels.
    const now = await contractOf(page);
    const shown = await page.$$eval('#resources .res', (els) => els.map((el) => [el.dataset.key, [...el.querySelectorAll('.chip')].map((c) => c.textContent)]));
    for (const [k, chips] of shown) {
      const r = now.resources.find((x) => x.key === k);
      assert.deepEqual(chips, Object.entries(r.labels ?? {}).map(([a, b]) => `${a}=${b}`), k);
    }
    // A closed YAML view of a changed card is emptied: it is fetched when opened.
    await card.locator('details.yaml > summary').click();
    await moveCursor(page, line, text.split('\n')[line - 1].length + 1);
    await page.keyboard.press('Backspace');
    await page.keyboard.insertText('z');
    await settled(page);
    assert.equal(await card.locator('.yaml-body').evaluate((b) => b.childNodes.length), 0);
    await card.locator('details.yaml > summary').click();
    await page.waitForFunction((k) => /convox\.com\/team: paymentz/.test(document.querySelector(`.res[data-key="${k}"] .yaml-text`)?.textContent ?? ''), key);
    await page.context().close();
  });

  await test('page: keyboard: skip link, / to the filter, tabs with aria-controls, cards titled by headings', async () => {
    const page = await newPage();
    await open(page);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'skip');
    assert.equal(await page.isVisible('#skip'), true, 'the skip link shows when focused');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'search');
    await page.evaluate(() => document.activeElement.blur());
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'search');
    assert.equal(await page.inputValue('#search'), '', 'the slash is not typed');
    // In the editor a slash is typed.
    await moveCursor(page, 1, 1);
    await page.keyboard.press('/');
    assert.ok((await editorText(page)).startsWith('/'));
    for (const tab of await page.$$('[role=tab]')) {
      const controls = await tab.getAttribute('aria-controls');
      assert.ok(controls && (await page.$(`#${controls}`)), `tab controls #${controls}`);
    }
    // Card titles are headings holding the button that selects the card.
    assert.equal(await page.locator('#resources .res h3 > button.res-head').count(), await page.locator('#resources .res').count());
    // Body text is at least 13 px.
    const small = await page.evaluate(() => [...document.querySelectorAll('#app *')].filter((e) => e.checkVisibility() && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()) && parseFloat(getComputedStyle(e).fontSize) < 13).map((e) => `${e.localName}.${e.className}: ${getComputedStyle(e).fontSize}`));
    assert.deepEqual(small, []);
    // Tab stops from the top of the page to web's Deployment (the issue counted 126).
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    // Measured: 98 before the header became one row with its popovers, 95 since. The bound
    // catches a page that grows Tab stops before the output (a control per kind, per group).
    const MAX_STOPS = 100;
    let stops = 0;
    for (; stops < 400; stops++) {
      const at = await page.evaluate(() => document.activeElement?.closest?.('.res')?.dataset.key ?? '');
      if (/^Deployment\/[^/]+\/web$/.test(at)) break;
      await page.keyboard.press('Tab');
    }
    assert.ok(stops <= MAX_STOPS, `web's Deployment is ${stops} Tab stops away (at most ${MAX_STOPS})`);
    metrics.tabStops = stops;
    // The short way: the skip link, the outline (one tab stop; arrows), Enter, Tab.
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    // From the filter, past its toggles (what is not created, Compare, Compare with another rack
    // version, Compare with cluster), to the outline.
    let tabs = 0;
    while (tabs < 6 && !(await page.evaluate(() => document.activeElement.dataset.jump))) {
      await page.keyboard.press('Tab');
      tabs++;
    }
    assert.ok(tabs <= 5, `${tabs} Tabs from the filter to the outline`);
    metrics.tabsFilterToOutline = tabs;
    assert.equal(await page.evaluate(() => document.activeElement.dataset.jump), 'rack');
    let arrows = 0;
    while (arrows < 30 && (await page.evaluate(() => document.activeElement.dataset.jump)) !== 'service/web') {
      await page.keyboard.press('ArrowRight');
      arrows++;
    }
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.closest('.group')?.dataset.group), 'service/web');
    await page.keyboard.press('Tab');
    assert.match(await page.evaluate(() => document.activeElement.closest('.res')?.dataset.key), /^Deployment\/[^/]+\/web$/);
    metrics.outlinePath = `${tabs + 2} Tabs, 2 Enters and ${arrows} arrow presses`;
    await page.context().close();
  });

  await test('page: theme toggle beside the system setting; resizable split; editor search and tab marker', async () => {
    const page = await newPage({ colorScheme: 'light' });
    await open(page);
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(await bg(), 'rgb(247, 248, 250)');
    await page.selectOption('#theme', 'dark');
    assert.equal(await bg(), 'rgb(15, 18, 23)');
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    assert.equal(await bg(), 'rgb(15, 18, 23)', 'kept');
    await page.selectOption('#theme', '');
    assert.equal(await bg(), 'rgb(247, 248, 250)', 'System follows the system setting again');
    // The release environment and the diagnostics fold when empty, and open when not.
    const folds = () => page.evaluate(() => [document.querySelector('#env-box').open, document.querySelector('#diag-box').open, window.__playground.state.current.contract.diagnostics.length]);
    const [envOpen, diagOpen, diagCount] = await folds();
    assert.deepEqual([envOpen, diagOpen], [false, diagCount > 0]);
    await page.selectOption('#example', 'web');
    await settled(page);
    assert.equal(await page.evaluate(() => document.querySelector('#env-box').open), true, 'the web example has an environment');
    await page.evaluate(() => window.__playground.editor.setText('services:\n  web:\n    port: 3000\n'));
    await settled(page);
    assert.deepEqual((await folds()).slice(1), [false, 0], 'no problems: folded');
    await page.evaluate(() => window.__playground.editor.setText('services:\n  web:\n    port: [\n'));
    await settled(page);
    assert.equal(await page.evaluate(() => document.querySelector('#diag-box').open), true, 'problems: open');
    await page.selectOption('#example', 'complete');
    await settled(page);
    // The split: the arrow keys widen the editor.
    const width = () => page.$eval('#pane-editor', (e) => e.getBoundingClientRect().width);
    const before = await width();
    await page.focus('#splitter');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    assert.ok((await width()) > before + 100, `${before} → ${await width()}`);
    // CodeMirror's search panel, and a tab drawn as a marker.
    await moveCursor(page, 1, 1);
    await page.keyboard.press('Control+f');
    await page.waitForFunction(() => document.querySelector('#editor').shadowRoot.querySelector('.cm-search'));
    await page.keyboard.press('Escape');
    await moveCursor(page, 2, 1);
    await page.keyboard.insertText('\t');
    await page.waitForFunction(() => document.querySelector('#editor').shadowRoot.querySelector('.cm-highlightTab'));
    await page.context().close();
  });

  await test('page: phone: content has at least 75% of the height; tap targets at least 24 px; tables stack', async () => {
    const page = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await open(page);
    const share = async () => page.$eval('#pane-editor', (e) => e.getBoundingClientRect().height / innerHeight);
    assert.ok((await share()) >= 0.75, `editor pane: ${(await share()).toFixed(2)} of the height`);
    await page.click('#pane-tab-output');
    const out = await page.$eval('#pane-output', (e) => e.getBoundingClientRect().height / innerHeight);
    assert.ok(out >= 0.75, `output pane: ${out.toFixed(2)} of the height`);
    const small = await page.evaluate(() => [...document.querySelectorAll('#pane-output button, #pane-output summary, .foot a, .pane-tabs button')]
      .filter((e) => e.checkVisibility({ contentVisibilityAuto: true }))
      .map((e) => [e.className || e.localName, e.getBoundingClientRect().height])
      .filter(([, h]) => h < 23.5));
    assert.deepEqual(small, [], 'tap targets under 24 px');
    // Commands wrap between words only: no word of a command shown breaks across lines.
    const broken = await page.evaluate(() => [...document.querySelectorAll('#pane-output .cmd code')]
      .filter((c) => c.checkVisibility({ contentVisibilityAuto: true }))
      .flatMap((c) => [...c.querySelectorAll('.w')].filter((w) => new Set([...w.getClientRects()].map((r) => Math.round(r.top))).size > 1).map((w) => w.textContent)));
    assert.deepEqual(broken, []);
    assert.ok(await page.locator('#pane-output .cmd code .w').count() > 20);
    // The header's controls are one tap away.
    assert.equal(await page.isVisible('#rack'), false);
    await page.click('#menu-toggle');
    assert.equal(await page.isVisible('#rack'), true);
    await page.click('#menu-toggle');
    await page.click('.tabs [data-tab="reference"]');
    await page.waitForSelector('#tab-reference table.quick tbody tr');
    const wide = await page.$eval('#tab-reference', (e) => e.scrollWidth - e.clientWidth);
    assert.ok(wide <= 1, `the quick reference fits the screen (${wide} px too wide)`);
    assert.equal(await page.$eval('#tab-reference table.quick td', (e) => getComputedStyle(e).display), 'block');
    const brokenHere = await page.evaluate(() => [...document.querySelectorAll('#tab-reference .cmd code .w')]
      .filter((w) => new Set([...w.getClientRects()].map((r) => Math.round(r.top))).size > 1).map((w) => w.textContent));
    assert.deepEqual(brokenHere, [], 'the quick reference\'s commands wrap between words only');
    await page.context().close();
  });

  await test('page: axe-core finds no serious or critical violation on any tab (light, dark, phone)', async () => {
    const axe = async (page, what) => {
      const found = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      });
      assert.deepEqual(found, [], what);
    };
    for (const [name, opts] of [['light', { colorScheme: 'light' }], ['dark', { colorScheme: 'dark' }], ['phone', { colorScheme: 'light', viewport: { width: 390, height: 844 } }]]) {
      const page = await newPage(opts);
      await open(page);
      if (name === 'phone') await page.click('#pane-tab-output');
      // Something of everything: an open YAML view, a filter with its terms, the diagnostics, a
      // baseline (the Changes tab has changes), a release the rack refuses.
      await page.click('#compare-bar [data-pin]');
      await page.fill('#search', 'service=web');
      await page.waitForSelector('#filter-terms .term');
      await page.locator('#resources details.yaml > summary').first().click();
      await page.waitForSelector('#resources details.yaml pre');
      await page.evaluate(axeSource);
      await axe(page, `${name}: resources`);
      await page.evaluate(() => {
        const v = window.__playground.editor.view;
        v.dispatch({ changes: { from: v.state.doc.length, insert: '\n  extra:\n    port: 80\n' } });
      });
      await settled(page);
      for (const tab of ['reference', 'troubleshooting', 'topology', 'changes']) {
        await page.click(`#tab-button-${tab}`);
        await page.waitForFunction((t) => { const el = document.querySelector(`#tab-${t}`); return !el.hidden && el.textContent.length > 50 && !el.textContent.startsWith('Loading'); }, tab);
        await axe(page, `${name}: ${tab}`);
      }
      if (name !== 'phone') {
        // The header's popovers, open.
        await page.click('#share-menu > summary');
        await axe(page, `${name}: share menu`);
        await page.click('#rack-panel > summary');
        await page.uncheck('#rp-efs_csi_driver_enable');
        await settled(page);
        await page.click('#tab-button-resources');
        await page.waitForSelector('#refused:not([hidden])');
        await axe(page, `${name}: rack panel, refused release`);
      }
      await page.context().close();
    }
  });

  await test('page: the footer links to Convox\'s docs; no repository or report link points nowhere', async () => {
    const page = await newPage();
    await open(page);
    assert.equal(await page.getAttribute('.foot a[href="https://docs.convox.com"]', 'href'), 'https://docs.convox.com');
    // Cargo.toml names no repository yet: both links stay hidden rather than point at a made-up one.
    const repository = await page.evaluate(() => window.__playground.state.repository);
    assert.equal(repository, '');
    assert.equal(await page.isVisible('#repo-link'), false);
    assert.equal(await page.isVisible('#report-link'), false);
    // A build whose Cargo.toml names one: the repository, and an issue that carries the link to
    // what is shown (the URL that follows edits: variable names, never values).
    await page.evaluate(() => {
      const { view } = window.__playground.editor;
      view.dispatch({ changes: { from: view.state.doc.length, insert: '\n# reported\n' } });
    });
    await page.waitForFunction(() => location.hash.startsWith('#v'));
    await page.waitForFunction(() => window.__playground.state.lastUrl === location.href);
    await page.evaluate(() => window.__playground.repository('https://github.com/example/convox-k8s'));
    assert.equal(await page.getAttribute('#repo-link', 'href'), 'https://github.com/example/convox-k8s');
    const issue = new URL(await page.getAttribute('#report-link', 'href'));
    assert.equal(`${issue.origin}${issue.pathname}`, 'https://github.com/example/convox-k8s/issues/new');
    assert.equal(issue.searchParams.get('title'), 'Wrong mapping: ');
    const body = issue.searchParams.get('body');
    const shown = await page.evaluate(() => location.href);
    assert.ok(body.includes(shown), body);
    assert.ok(await page.isVisible('#report-link') && await page.isVisible('#repo-link'));
    await page.context().close();
  });

  await test('page: screenshots at 1440×900, 1280×720 and 390×844, light and dark; nothing off-screen; page length measured', async () => {
    const dir = join(ROOT, 'target/screenshots');
    mkdirSync(dir, { recursive: true });
    for (const [w, h] of [[1440, 900], [1280, 720], [390, 844]]) {
      for (const scheme of ['light', 'dark']) {
        const page = await newPage({ viewport: { width: w, height: h }, colorScheme: scheme });
        await open(page);
        await page.waitForTimeout(200);
        const shots = [`page-${w}x${h}-${scheme}`];
        await page.screenshot({ path: join(dir, `${shots[0]}.png`) });
        // Nothing sticks out sideways, and the page itself never scrolls: the panes do.
        const layout = () => page.evaluate(() => ({
          wide: document.documentElement.scrollWidth - innerWidth,
          tall: document.documentElement.scrollHeight - innerHeight,
          out: [...document.querySelectorAll('#app *')].filter((e) => e.checkVisibility() && !e.closest('.cm-editor, .tabs, .kinds, .jumps, .table-wrap, .topology-wrap, .cmd, .yaml-text') && e.getBoundingClientRect().right > innerWidth + 1).map((e) => `${e.localName}#${e.id}.${e.className}`).slice(0, 5),
          bg: getComputedStyle(document.body).backgroundColor,
        }));
        let l = await layout();
        assert.deepEqual([l.wide, l.out], [0, []], `${w}×${h} ${scheme}: nothing off to the side`);
        assert.ok(l.tall <= 0, `${w}×${h} ${scheme}: the page does not scroll (${l.tall} px)`);
        assert.equal(l.bg, scheme === 'dark' ? 'rgb(15, 18, 23)' : 'rgb(247, 248, 250)');
        if (w === 390) {
          await page.click('#pane-tab-output');
          await page.waitForTimeout(100);
          shots.push(`page-${w}x${h}-${scheme}-output`);
          await page.screenshot({ path: join(dir, `${shots[1]}.png`) });
          l = await layout();
          assert.deepEqual([l.wide, l.out], [0, []], `${w}×${h} ${scheme} output: nothing off to the side`);
        } else {
          for (const tab of ['reference', 'topology']) {
            await page.click(`#tab-button-${tab}`);
            await page.waitForFunction((t) => !document.querySelector(`#tab-${t}`).textContent.startsWith('Loading') && document.querySelector(`#tab-${t}`).textContent.length > 50, tab);
            await page.waitForTimeout(150);
            await page.screenshot({ path: join(dir, `page-${w}x${h}-${scheme}-${tab}.png`) });
            const over = await page.$eval(`#tab-${tab}`, (e) => e.scrollWidth - e.clientWidth);
            assert.ok(over <= 1, `${w}×${h} ${scheme} ${tab}: ${over} px off to the side`);
          }
        }
        if (w === 1440 && scheme === 'light') {
          await page.click('#tab-button-resources');
          // The length of the Resources tab for the complete example, every card laid out.
          metrics.pageLength = await page.evaluate(() => {
            for (const el of document.querySelectorAll('.res')) el.style.contentVisibility = 'visible';
            return document.querySelector('#tab-resources').scrollHeight;
          });
          assert.ok(metrics.pageLength > 2000 && metrics.pageLength < 20000, `${metrics.pageLength} px`);
        }
        await page.context().close();
      }
    }
    console.log(`     page length (complete example, 1440×900): ${metrics.pageLength} px; Tab stops to web's Deployment: ${metrics.tabStops} (by the skip link and the outline: ${metrics.outlinePath}); screenshots in target/screenshots/`);
  });
}
