// What you see is what you get, on every path, as a person does it: a reload and a link copied
// without the environment's values show the sender's output (the core's stand-ins, listed in the
// release environment); work too large to keep or a link too long to paste says so and offers
// the work as a file that opens by drag and drop; a release the rack refuses says so; a pasted
// manifest that cannot be read never shows another document's cards, and an edit that breaks
// one keeps its last readable output, dated, with line links that follow the edits; the layout
// at 1280×720; the Topology fitted, zoomable, labelled and grouped; the Quick reference readable
// at 1280 px; Changes as the CLI's Markdown; the example's rack switches after a paste of one's
// own manifest; the tab bar on a phone. Called from run.mjs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** A manifest whose output depends on its release environment: a domain from it, a required variable. */
const ENV_MANIFEST = `environment:
  - DB_PASSWORD
services:
  web:
    port: 3000
    domain: \${WEB_HOST}
    environment:
      - DB_PASSWORD
`;
const ENV_TEXT = 'WEB_HOST=www.example.com\nDB_PASSWORD=hunter2-secret';

/** The JSON a `#v1/…` or `#v2/…` link holds. */
function linkState(url) {
  const hash = new URL(url).hash;
  assert.match(hash, /^#v[12]\//, url);
  return JSON.parse(inflateRawSync(Buffer.from(hash.slice(4), 'base64url')).toString('utf8'));
}

export async function wysiwygTests(t) {
  const { test, newPage, open, settled, native, editorText, contractOf, generated, moveCursor, cli, server, complete, EFS } = t;

  /** Pastes `text` over the whole editor, as a person does (select all, paste). */
  const paste = async (page, text) => {
    await page.evaluate((x) => {
      const v = window.__playground.editor.view;
      v.focus();
      v.dispatch({ selection: { anchor: 0, head: v.state.doc.length } });
      const dt = new DataTransfer();
      dt.setData('text/plain', x);
      v.contentDOM.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, text);
    await page.waitForFunction((n) => window.__playground.editor.length() === n, text.length, { timeout: 60000 });
  };
  /** What a person sees of the output: the resources (key order), diagnostics (severity, line, column) and option errors. */
  const seen = (page) => page.evaluate(() => {
    const c = window.__playground.state.current.contract;
    return {
      resources: c.resources.map((r) => r.key),
      count: document.querySelector('#resource-count').textContent,
      diagnostics: c.diagnostics.map((d) => `${d.severity} ${d.line}:${d.column}`),
      listed: [...document.querySelectorAll('#diagnostics .diag .sev')].length,
      optionErrors: c.optionErrors,
    };
  });
  const shareMenu = async (page) => {
    if (!(await page.getAttribute('#share-menu', 'open') !== null)) await page.click('#share-menu > summary');
  };
  const copyLink = async (page) => {
    await page.evaluate(() => { window.__lastCopied = null; });
    await page.click('#copy-link');
    return (await page.waitForFunction(() => window.__lastCopied)).jsonValue();
  };

  await test('wysiwyg: a reload and a link copied without values show the sender\'s output; the variables standing in are listed', async () => {
    const page = await newPage();
    await open(page);
    await paste(page, ENV_MANIFEST);
    await page.click('#env-box > summary'); // folded while empty
    await page.fill('#env', ENV_TEXT);
    await settled(page);
    const mine = await seen(page);
    assert.ok(mine.resources.some((k) => k.startsWith('Ingress/')), 'the domain gives an Ingress');
    assert.deepEqual(mine.optionErrors, []);
    // Reload: the same output, no error, the Rack panel closed, no bare name in the env box.
    await page.waitForFunction(() => location.hash.startsWith('#v1/'));
    // Saved once the env box was read (its variables named, by any version of the page).
    await page.waitForFunction(() => localStorage.getItem('convox-k8s:work')?.includes('"WEB_HOST"'));
    const stored = await page.evaluate(() => localStorage.getItem('convox-k8s:work'));
    assert.ok(!stored.includes('hunter2') && !stored.includes('www.example.com'), 'no value is kept');
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    await settled(page);
    assert.deepEqual(await seen(page), mine, 'after a reload');
    assert.equal(await page.inputValue('#env'), '', 'the env box holds only real KEY=VALUE lines');
    assert.equal(await page.getAttribute('#rack-panel', 'open'), null, 'the Rack panel stays closed');
    assert.match(await page.textContent('#stand-ins'), /Values not shared \(stand-ins used\): DB_PASSWORD, WEB_HOST — write NAME=value above to use the real value\./);
    assert.equal(await page.isVisible('#stand-ins'), true);
    // Copy link (values not included) → a fresh browser shows the same.
    const link = await copyLink(page);
    const json = linkState(link);
    assert.deepEqual(json.env, {});
    assert.ok(!JSON.stringify(json).includes('hunter2') && !JSON.stringify(json).includes('www.example.com'), 'no value in the link');
    assert.equal(await page.isVisible('#share-note'), false, 'nothing to say: the link shows what you see');
    const fresh = await newPage();
    await fresh.goto(link);
    await fresh.waitForFunction(() => document.body.dataset.ready === 'true');
    await settled(fresh);
    assert.deepEqual(await seen(fresh), mine, 'the link in a fresh browser');
    assert.equal(await fresh.getAttribute('#rack-panel', 'open'), null);
    assert.equal(await fresh.isVisible('#stand-ins'), true);
    // Writing a real value: it wins over its stand-in, which leaves the list.
    await fresh.fill('#env', 'WEB_HOST=shop.example.com');
    await settled(fresh);
    assert.match(await fresh.textContent('#stand-ins'), /stand-ins used\): DB_PASSWORD —/);
    const hosts = (await contractOf(fresh)).resources.find((r) => r.kind === 'Ingress').object.spec.rules.map((r) => r.host);
    assert.ok(hosts.includes('shop.example.com') && !hosts.includes('not-shared'), hosts.join());
    await fresh.context().close();
    // A link made before stand-ins (the variables as `envNames`) opens the same way.
    const old = deflateRawSync(JSON.stringify({ source: ENV_MANIFEST, rack: '', app: '', env: {}, envNames: ['WEB_HOST', 'DB_PASSWORD'] })).toString('base64url');
    const older = await newPage();
    await open(older, `#v1/${old}`);
    await settled(older);
    assert.deepEqual(await seen(older), mine, 'an older link');
    assert.equal(await older.inputValue('#env'), '');
    await older.context().close();
    await page.context().close();
  });

  await test('wysiwyg: a link whose output no stand-in keeps says so beside Copy link, with the advice to include the values', async () => {
    const page = await newPage();
    await open(page);
    const source = 'resources:\n  db:\n    type: ${DB_TYPE}\nservices:\n  web:\n    port: 3000\n    resources:\n      - db\n';
    await paste(page, source);
    await page.click('#env-box > summary');
    await page.fill('#env', 'DB_TYPE=postgres');
    await settled(page);
    const mine = await contractOf(page);
    await copyLink(page);
    await page.waitForSelector('#share-note:not([hidden])');
    const note = await page.textContent('#share-note-text');
    assert.match(note, new RegExp(`^Link copied\\. Without the value of DB_TYPE, the page shows .* instead of ${mine.resources.length} resources and no problems\\. Tick “include environment values in links” \\(under Share\\) to share them`), note);
    // With the values, the link is the sender's, and nothing is said.
    await shareMenu(page);
    await page.check('#share-values');
    const link = await copyLink(page);
    assert.deepEqual(linkState(link).env, { DB_TYPE: 'postgres' });
    assert.equal(await page.isVisible('#share-note'), false);
    // The URL that follows edits and the kept work have no values either: a reload says what
    // its stand-ins cannot show, and what to do; so does a link copied without them.
    await shareMenu(page);
    await page.uncheck('#share-values');
    const bare = await copyLink(page);
    await page.waitForFunction(() => localStorage.getItem('convox-k8s:work')?.includes('"differences"'));
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    const said = /^Without the value of DB_TYPE, the page shows .* instead of \d+ resources and no problems\. The release environment's values were not kept with this work: write them in the release environment/;
    assert.match(await page.textContent('#notice-text'), said);
    const other = await newPage();
    await other.goto(bare);
    await other.waitForFunction(() => document.body.dataset.ready === 'true');
    assert.match(await other.textContent('#notice-text'), said);
    await other.context().close();
    await page.context().close();
  });

  await test('wysiwyg: work too large to keep says so, and so does the reload (no silent swap to the example)', async () => {
    const page = await newPage();
    await open(page);
    let n = 1500;
    while (generated(n).length < 2 * 1024 * 1024) n += 200;
    const big = generated(n);
    await paste(page, big);
    await page.waitForSelector('#notice:not([hidden])', { timeout: 60000 });
    assert.match(await page.textContent('#notice-text'), /^This work \(2\.\d MB\) is too large to keep in this browser: a reload would lose it\. Download work keeps it as a file/);
    assert.equal(await page.textContent('#notice-action'), 'Download work');
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    assert.equal(await editorText(page), complete, 'the complete example opened instead…');
    assert.equal(await page.isVisible('#notice'), true, '…and the page says so');
    assert.match(await page.textContent('#notice-text'), /^Your last work here \(2\.\d MB, .*\) could not be kept: it is larger than this browser keeps\. Opened the complete example instead\./);
    await page.context().close();
  });

  await test('wysiwyg: Copy link on a large manifest says the link is too long and offers the work as a file; the file dropped on a page opens it', async () => {
    const page = await newPage();
    await open(page);
    // Text that compresses as little as real manifests do: each service with values of its own.
    let seed = 7;
    const hex = (n) => Array.from({ length: n }, () => ((seed = (seed * 1103515245 + 12345) % 2147483648) >> 16 & 15).toString(16)).join('');
    const source = `services:\n${Array.from({ length: 160 }, (_, i) => `  svc-${i}:\n    image: registry.example.com/team-${hex(6)}/app:${hex(12)}\n    port: 3000\n    environment:\n      - RELEASE_SHA=${hex(40)}\n`).join('')}`;
    await paste(page, source);
    await page.fill('#rack', 'prod');
    await page.fill('#app-name', 'shop');
    await page.click('#rack-panel summary');
    await page.check('#rp-keda_enable');
    await page.click('#rack-panel summary');
    await settled(page);
    const link = await copyLink(page);
    assert.ok(link.length > 8192, `the link is ${link.length} characters`);
    await page.waitForSelector('#share-note:not([hidden])');
    assert.match(await page.textContent('#share-note-text'), /This link is \d+ KB long: too long to paste in a chat or an issue \(over 8 KB\)\. Download work instead: a file that opens in this page by drag and drop\./);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#share-note-action')]);
    assert.equal(download.suggestedFilename(), 'convox.yml');
    const file = readFileSync(await download.path(), 'utf8');
    const [first, ...rest] = file.split('\n');
    assert.match(first, /^# convox-k8s playground: \{/);
    assert.equal(rest.join('\n'), source, 'the manifest follows its first line');
    const meta = JSON.parse(first.slice(first.indexOf('{')));
    assert.deepEqual([meta.rack, meta.app, meta.params], ['prod', 'shop', { keda_enable: 'true' }], 'the example\'s switch went with the paste');
    // It is still a convox.yml: the CLI maps it as the page does.
    const mine = await contractOf(page);
    const asFile = native(file, { rack: 'prod', app: 'shop', params: { keda_enable: 'true' } });
    assert.deepEqual(asFile.resources.map((r) => r.key), mine.resources.map((r) => r.key));
    // Dropped on a fresh page: the work as it was.
    const fresh = await newPage();
    await open(fresh);
    await fresh.evaluate(async (text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'convox.yml', { type: 'application/yaml' }));
      const at = document.querySelector('#pane-output');
      for (const type of ['dragenter', 'dragover', 'drop']) at.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, file);
    await fresh.waitForFunction((n) => window.__playground.editor.length() === n, source.length);
    await settled(fresh);
    assert.equal(await editorText(fresh), source);
    assert.equal(await fresh.inputValue('#rack'), 'prod');
    assert.equal(await fresh.inputValue('#app-name'), 'shop');
    await fresh.click('#rack-panel summary');
    assert.equal(await fresh.isChecked('#rp-keda_enable'), true);
    assert.equal(await fresh.isChecked('#rp-efs_csi_driver_enable'), false);
    assert.deepEqual((await contractOf(fresh)).resources.map((r) => r.key), mine.resources.map((r) => r.key));
    // A plain convox.yml dropped on the editor replaces the text, as a paste does.
    await fresh.evaluate(async () => {
      const dt = new DataTransfer();
      dt.items.add(new File(['services:\n  dropped:\n    port: 80\n'], 'other.yml'));
      const at = window.__playground.editor.view.contentDOM;
      for (const type of ['dragenter', 'dragover', 'drop']) at.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true, composed: true }));
    });
    await fresh.waitForFunction(() => window.__playground.editor.text() === 'services:\n  dropped:\n    port: 80\n');
    assert.equal(await fresh.inputValue('#rack'), 'prod', 'the rack stays');
    await fresh.context().close();
    await page.context().close();
  });

  await test('wysiwyg: a release the rack refuses says so above the output, and each card is what it creates once fixed', async () => {
    const page = await newPage();
    await open(page);
    assert.equal(await page.isVisible('#refused'), false, 'the complete example on its rack: no refusal');
    // Without the EFS CSI driver the rack refuses the complete example's awsEfs volume.
    await page.click('#rack-panel summary');
    await page.uncheck('#rp-efs_csi_driver_enable');
    await page.click('#rack-panel summary');
    await settled(page);
    const c = await contractOf(page);
    const errors = c.diagnostics.filter((d) => d.severity === 'error').length + c.optionErrors.length;
    assert.ok(errors > 0 && c.resources.length > 0);
    assert.equal(await page.isVisible('#refused'), true);
    assert.match(await page.textContent('#refused'), new RegExp(`^The rack refuses this release: ${errors} errors?\\. The objects shown are what it creates once (it is|they are) fixed\\.`));
    const marks = await page.$$eval('#resources .group-body:not([hidden]) .res .res-top', (els) => els.map((e) => getComputedStyle(e, '::after').content));
    assert.ok(marks.length > 0 && marks.every((m) => m === '"once fixed"'), marks.slice(0, 3).join());
    // The banner lists the errors.
    await page.click('#refused [data-diag-filter="error"]');
    assert.equal(await page.locator('#diagnostics .diag').count(), c.diagnostics.filter((d) => d.severity === 'error').length);
    // Fixed: no banner, no mark.
    await page.click('#rack-panel summary');
    await page.check('#rp-efs_csi_driver_enable');
    await settled(page);
    assert.equal(await page.isVisible('#refused'), false);
    assert.equal(await page.$eval('#resources .group-body:not([hidden]) .res .res-top', (e) => getComputedStyle(e, '::after').content), 'none');
    await page.context().close();
  });

  await test('wysiwyg: a pasted manifest that cannot be read shows only its error, never the example\'s cards', async () => {
    const page = await newPage();
    await open(page);
    assert.ok(await page.locator('#resources .res').count() > 10);
    await paste(page, 'services:\n  web:\n\tport: 3000\n');
    await settled(page);
    const c = await contractOf(page);
    assert.ok(c.diagnostics.some((d) => d.severity === 'error') && c.resources.length === 0, 'a tab indent: the YAML cannot be read');
    assert.equal(await page.locator('#resources .res').count(), 0, 'no card of the example');
    assert.equal(await page.isVisible('#stale'), false);
    assert.equal(await page.textContent('#resource-count'), '0');
    assert.ok((await page.textContent('#diagnostics')).includes(`${c.diagnostics[0].line}:${c.diagnostics[0].column}`));
    await page.context().close();
  });

  await test('wysiwyg: an edit that breaks the manifest keeps its last readable output, dated, its line links following the edits', async () => {
    const page = await newPage();
    await open(page);
    const key = (await contractOf(page)).resources.find((r) => r.kind === 'Deployment' && r.name === 'web').key;
    const line = Number((await page.textContent(`.res[data-key="${key}"] .src`)).match(/line (\d+)/)[1]);
    assert.equal(complete.split('\n')[line - 1], '  web:');
    // A tab indent typed in the services block: nothing can be read.
    await moveCursor(page, line, 1);
    await page.keyboard.insertText('\tbroken: 1\n');
    await settled(page);
    assert.equal((await contractOf(page)).resources.length, 0);
    assert.equal(await page.isVisible('#stale'), true);
    assert.match(await page.textContent('#stale'), /^The manifest cannot be read: showing it as it was at \d{1,2}:\d{2}:\d{2}.*, the last version that could be, dimmed\. Its line links follow your edits\./);
    // Three lines typed above: the card's link points three lines further, at the same text.
    await moveCursor(page, 1, 1);
    await page.keyboard.insertText('# a\n# b\n# c\n');
    await settled(page);
    const shown = Number((await page.textContent(`.res[data-key="${key}"] .src`)).match(/line (\d+)/)[1]);
    assert.equal(shown, line + 4, 'the tab line and the three comments');
    await page.click(`.res[data-key="${key}"] .src`);
    const at = await page.evaluate(() => { const v = window.__playground.editor.view; return v.state.doc.lineAt(v.state.selection.main.head).text; });
    assert.equal(at, '  web:');
    await page.context().close();
  });

  await test('wysiwyg: at 1280×720 the first resource card is on screen and the editor shows at least 25 lines', async () => {
    for (const scheme of ['light', 'dark']) {
      const page = await newPage({ viewport: { width: 1280, height: 720 }, colorScheme: scheme });
      await open(page);
      const m = await page.evaluate(() => {
        const v = window.__playground.editor.view;
        const card = document.querySelector('#resources .group-body:not([hidden]) .res');
        const box = card.getBoundingClientRect();
        return { lines: v.scrollDOM.clientHeight / v.defaultLineHeight, top: box.top, bottom: box.bottom, header: document.querySelector('.top').getBoundingClientRect().height, height: innerHeight };
      });
      assert.ok(m.lines >= 25, `the editor shows ${m.lines.toFixed(1)} lines`);
      assert.ok(m.bottom <= m.height, `the first card spans ${Math.round(m.top)}–${Math.round(m.bottom)} px of ${m.height}`);
      assert.ok(m.header <= 48, `the header is one row (${m.header} px)`);
      await page.context().close();
    }
  });

  await test('wysiwyg: the Topology fits its box, zooms and pans, labels every edge and groups the objects by owner', async () => {
    const page = await newPage({ viewport: { width: 1280, height: 720 } });
    const fit = () => page.$eval('#tab-topology .topology-wrap', (w) => ({ svg: w.querySelector('svg').getBoundingClientRect().width, box: w.clientWidth, zoom: parseInt(document.querySelector('#topology-zoom')?.textContent ?? '100', 10) }));
    // A one-service app opens whole, at a size its text is read.
    await open(page, '?example=web');
    await page.click('#tab-button-topology');
    await page.waitForSelector('#tab-topology svg.topology .node');
    let f = await fit();
    assert.ok(f.svg <= f.box, `the graph (${f.svg} px) fits its box (${f.box} px)`);
    assert.ok(f.zoom >= 60, `at ${f.zoom}%`);
    const columns = await page.$$eval('#tab-topology .node[data-node]', (els) => new Set(els.map((e) => e.getBoundingClientRect().x)).size);
    assert.ok(columns >= 4, `${columns} columns, all on screen`);
    // The complete example: Fit shows it all.
    await open(page, '?example=complete');
    await page.click('#tab-button-topology');
    await page.waitForSelector('#tab-topology svg.topology .node');
    await page.click('#tab-topology [data-zoom="fit"]');
    f = await fit();
    assert.ok(f.svg <= f.box, `the graph (${f.svg} px) fits its box (${f.box} px)`);
    // Every edge is labelled with what it is.
    const labels = await page.$$eval('#tab-topology .edge', (els) => els.map((e) => [e.dataset.via, e.querySelector('.edge-label')?.textContent]));
    assert.ok(labels.length > 20 && labels.every(([via, text]) => via === text), 'every edge has its label');
    // Grouped by owner: each node lies in the band of its group.
    const groups = await page.evaluate(() => window.__playground.state.shown.contract.groups.map((g) => ({ title: g.title, keys: g.keys })));
    const bands = await page.$$eval('#tab-topology .band', (els) => els.map((b) => { const r = b.querySelector('rect').getBoundingClientRect(); return { title: b.querySelector('.band-title').textContent, top: r.top, bottom: r.bottom }; }));
    assert.deepEqual(bands.map((b) => b.title), groups.filter((g) => bands.some((b) => b.title === g.title)).map((g) => g.title), 'the bands in the core\'s order');
    const misplaced = await page.$$eval('#tab-topology .node[data-node]', (els, [gs, bs]) => els.filter((n) => {
      const g = gs.find((x) => x.keys.includes(n.dataset.node));
      const b = bs.find((x) => x.title === (g?.title ?? 'other'));
      const r = n.getBoundingClientRect();
      return !b || r.top < b.top || r.bottom > b.bottom;
    }).map((n) => n.dataset.node), [groups, bands]);
    assert.deepEqual(misplaced, []);
    // No name is cut: a node's text is its kind and whole name.
    const cut = await page.$$eval('#tab-topology .node[data-node]', (els) => els.filter((n) => !n.textContent.endsWith(n.dataset.node.split('/').pop())).length);
    assert.equal(cut, 0);
    // Zoom in, pan, fit again.
    await page.click('#tab-topology [data-zoom="in"]');
    await page.click('#tab-topology [data-zoom="in"]');
    await page.click('#tab-topology [data-zoom="in"]');
    f = await fit();
    assert.ok(f.svg > f.box, 'zoomed in past the box');
    // A point of the background (not a node) in the visible part of the graph.
    const wrap = await page.$eval('#tab-topology .topology-wrap', (w) => {
      const r = w.getBoundingClientRect();
      for (let y = r.y + 30; y < Math.min(r.bottom, innerHeight) - 10; y += 7) {
        for (let x = r.x + 250; x < r.right - 10; x += 9) {
          const e = document.elementFromPoint(x, y);
          if (e && w.contains(e) && !e.closest('.node')) return { x, y, left: w.scrollLeft };
        }
      }
      return null;
    });
    assert.ok(wrap, 'some background to drag');
    await page.mouse.move(wrap.x, wrap.y);
    await page.mouse.down();
    await page.mouse.move(wrap.x - 200, wrap.y, { steps: 5 });
    await page.mouse.up();
    assert.ok(await page.$eval('#tab-topology .topology-wrap', (w) => w.scrollLeft) > wrap.left + 100, 'dragging pans');
    await page.click('#tab-topology [data-zoom="fit"]');
    f = await fit();
    assert.ok(f.svg <= f.box);
    await page.context().close();
  });

  await test('wysiwyg: the Quick reference is readable at 1280 px: no column off to the side', async () => {
    const page = await newPage({ viewport: { width: 1280, height: 720 } });
    await open(page);
    await page.click('#tab-button-reference');
    await page.waitForSelector('#tab-reference table.quick tbody tr');
    const m = await page.$eval('#tab-reference', (panel) => {
      const box = panel.getBoundingClientRect();
      const cells = [...panel.querySelectorAll('table.quick td, table.finding td')];
      return { overflow: panel.scrollWidth - panel.clientWidth, outside: cells.filter((c) => c.getBoundingClientRect().right > box.right + 1).length, cells: cells.length };
    });
    assert.ok(m.cells > 20);
    assert.ok(m.overflow <= 1, `${m.overflow} px off to the side`);
    assert.equal(m.outside, 0, 'every cell within the panel');
    await page.context().close();
  });

  await test('wysiwyg: Changes copies as the Markdown of convox-k8s diff --format markdown', async () => {
    const BASE = 'environment:\n  - TOKEN=first-token\nservices:\n  web:\n    port: 3000\n    environment:\n      - TOKEN\n    scale:\n      count: 2\n  worker:\n    command: bin/work\n';
    const EDITED = 'environment:\n  - TOKEN=second-token\nservices:\n  web:\n    port: 4000\n    environment:\n      - TOKEN\n    scale:\n      count: 2-10\n';
    const page = await newPage();
    await open(page);
    await page.evaluate((x) => window.__playground.editor.setText(x), BASE);
    await settled(page);
    await page.click('#compare-bar [data-pin]');
    await page.evaluate((x) => window.__playground.editor.setText(x), EDITED);
    await settled(page);
    await page.click('#tab-button-changes');
    await page.waitForSelector('#tab-changes [data-copy-changes]');
    await page.evaluate(() => { window.__lastCopied = null; });
    await page.click('#tab-changes [data-copy-changes]');
    const md = await (await page.waitForFunction(() => window.__lastCopied)).jsonValue();
    const dir = mkdtempSync(join(tmpdir(), 'convox-k8s-md-'));
    writeFileSync(join(dir, 'old.yml'), BASE);
    writeFileSync(join(dir, 'new.yml'), EDITED);
    let want;
    try {
      want = execFileSync(cli, ['diff', join(dir, 'old.yml'), join(dir, 'new.yml'), '--format', 'markdown', '--rack-param', 'efs_csi_driver_enable=true'], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      if (e.status !== 1) throw e;
      want = e.stdout;
    }
    assert.ok(want.length > 100);
    assert.equal(md, want);
    for (const secret of ['first-token', 'second-token']) assert.ok(!md.includes(secret), secret);
    await page.context().close();
  });

  await test('wysiwyg: pasting one\'s own manifest over the example turns off the example\'s rack switch (not in links), unless set by hand', async () => {
    const page = await newPage();
    await open(page);
    assert.deepEqual((await page.evaluate(() => window.__playground.options())).params, EFS.params);
    const own = 'services:\n  web:\n    port: 3000\n';
    await paste(page, own);
    await settled(page);
    assert.equal((await page.evaluate(() => window.__playground.options())).params, undefined, 'the example\'s switch is off');
    const link = linkState(await copyLink(page));
    assert.equal(link.params, undefined, 'and not in the link');
    // Set by hand: it stays.
    await page.click('#example');
    await page.selectOption('#example', 'complete');
    await settled(page);
    await page.click('#rack-panel summary');
    await page.uncheck('#rp-efs_csi_driver_enable');
    await page.check('#rp-efs_csi_driver_enable');
    await page.click('#rack-panel summary');
    await paste(page, own);
    await settled(page);
    assert.deepEqual((await page.evaluate(() => window.__playground.options())).params, EFS.params, 'chosen by the person: kept');
    await page.context().close();
  });

  await test('wysiwyg: the names nobody chose are marked in every command shown, until Rack and App are set', async () => {
    const page = await newPage();
    await open(page);
    const commands = (where) => page.$$eval(`${where} .cmd code`, (codes) => codes
      .filter((c) => c.checkVisibility({ contentVisibilityAuto: true }))
      .map((c) => ({ text: c.textContent, marked: [...c.querySelectorAll('mark.stand-in-name')].map((m) => m.textContent), copies: c.parentElement.querySelector('[data-copy]')?.dataset.copy })));
    const check = (cmds, what) => {
      assert.ok(cmds.length > 10, `${what}: ${cmds.length} commands`);
      const missed = cmds.filter((c) => / -n my-rack-my-app\b/.test(c.text) && !c.marked.includes('my-rack-my-app'));
      assert.deepEqual(missed.map((c) => c.text), [], `${what}: the default namespace is marked`);
      const rack = cmds.filter((c) => /[=,]my-rack\b(?!-)/.test(c.text));
      assert.ok(rack.every((c) => c.marked.includes('my-rack')), `${what}: the default rack name is marked`);
      assert.deepEqual(cmds.filter((c) => c.copies !== undefined && c.copies !== c.text).map((c) => c.text), [], `${what}: what shows is what is copied`);
      assert.ok(cmds.every((c) => c.marked.every((m) => c.text.includes(m))));
    };
    check(await commands('#resources'), 'cards');
    assert.match(await page.getAttribute('#resources mark.stand-in-name', 'title'), /default|stand-in/);
    await page.click('#tab-button-reference');
    await page.waitForSelector('#tab-reference table.quick tbody tr');
    const reference = await commands('#tab-reference');
    check(reference, 'quick reference');
    assert.ok(reference.some((c) => c.marked.includes('my-rack')), 'rack=my-rack is marked');
    // Set: nothing of rack or app is marked any more.
    await page.fill('#rack', 'prod');
    await page.fill('#app-name', 'shop');
    await settled(page);
    await page.waitForFunction(() => document.querySelector('#tab-reference').dataset.run === String(window.__playground.state.shown.id));
    for (const where of ['#tab-reference', '#resources']) {
      if (where === '#resources') await page.click('#tab-button-resources');
      const cmds = await commands(where);
      assert.ok(cmds.some((c) => c.text.includes('prod-shop')));
      const left = cmds.flatMap((c) => c.marked).filter((m) => /prod|shop|my-rack|my-app/.test(m));
      assert.deepEqual(left, [], `${where}: the names are yours`);
    }
    await page.context().close();
  });

  await test('wysiwyg: on a phone the tab bar shows there are more tabs, and Topology and Changes are reachable', async () => {
    const page = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await open(page);
    await page.click('#pane-tab-output');
    const bar = await page.$eval('#pane-output [role=tablist]', (b) => ({ scroll: b.scrollWidth, width: b.clientWidth }));
    assert.ok(bar.scroll > bar.width, 'the tabs do not fit: the bar scrolls');
    assert.equal(await page.isVisible('#tabs-more'), true, 'and says there is more');
    for (const tab of ['topology', 'changes']) {
      await page.click(`#tab-button-${tab}`);
      assert.equal(await page.getAttribute(`#tab-button-${tab}`, 'aria-selected'), 'true');
      assert.equal(await page.isVisible(`#tab-${tab}`), true);
      const inView = await page.$eval(`#tab-button-${tab}`, (b) => { const r = b.getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth; });
      assert.ok(inView, `the ${tab} tab is on screen`);
    }
    await page.waitForFunction(() => document.querySelector('#tabs-more').hidden, null, { timeout: 3000 });
    await page.context().close();
  });

  await test('wysiwyg: a copied "Tail logs" command asks kubectl for a stream per pod the service can scale to', async () => {
    const page = await newPage();
    await open(page);
    const text = 'services:\n  web:\n    port: 3000\n    scale:\n      count: 2-12\n      targets:\n        cpu: 70\n';
    await page.evaluate((t) => window.__playground.editor.setText(t), text);
    await settled(page);
    const card = page.locator('#resources .res[data-kind="Deployment"][data-name="web"]');
    await card.locator('details.more > summary').click();
    const commands = await card.locator('[data-copy]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-copy')));
    const index = commands.findIndex((c) => c.startsWith('kubectl logs -f'));
    assert.ok(index >= 0, `a follow-logs command among ${commands.join(' | ')}`);
    await page.evaluate(() => { window.__lastCopied = null; });
    await card.locator('[data-copy]').nth(index).click();
    const copied = await (await page.waitForFunction(() => window.__lastCopied)).jsonValue();
    // kubectl refuses to follow more than 5 pods unless told: the flag covers the 12 the HPA allows.
    const flag = /--max-log-requests=(\d+)/.exec(copied);
    assert.ok(flag && Number(flag[1]) >= 12, copied);
    const want = native(text, EFS).resources.find((r) => r.kind === 'Deployment' && r.name === 'web').kubectl.map((k) => k.command);
    assert.ok(want.includes(copied), 'the command the CLI prints for the same manifest');
    await page.context().close();
  });

  await test('wysiwyg: a setting the rack ignores is a warning at its value without asking, and KEDA racks say which autoscaler scales', async () => {
    const page = await newPage();
    await open(page);
    const text = 'services:\n  web:\n    port: 3000\n    scale:\n      count: 2\n      targets:\n        cpu: 70\n';
    await page.evaluate((t) => window.__playground.editor.setText(t), text);
    await settled(page);
    assert.equal(await page.evaluate(() => window.__playground.state.ghosts), false, 'why-not is not asked for');
    const diags = await page.textContent('#diagnostics');
    assert.ok(!diags.includes('No problems found'), diags);
    assert.match(diags, /scale\.targets\.cpu 70 has no effect/);
    assert.match(diags, /7:14/, 'at the value');
    assert.equal(await page.locator('#resources .res[data-kind="HorizontalPodAutoscaler"]').count(), 0);
    // A range with targets on a KEDA rack: an HPA, and its card says KEDA is not what scales it.
    await page.evaluate((t) => window.__playground.editor.setText(t), text.replace('count: 2', 'count: 2-10'));
    await settled(page);
    await page.click('#rack-panel summary');
    await page.check('#rp-keda_enable');
    await settled(page);
    const hpa = page.locator('#resources .res[data-kind="HorizontalPodAutoscaler"]');
    await hpa.locator('details.more > summary').click();
    assert.match(await hpa.locator('.notes').textContent(), /KEDA is on, but this service scales by this HorizontalPodAutoscaler/);
    assert.equal(await page.locator('#resources .res[data-kind="ScaledObject"]').count(), 0);
    await page.context().close();
  });

  await test('wysiwyg: Changes show a value written in convox.yml in clear (only the release environment\'s values are secret)', async () => {
    const page = await newPage();
    await open(page);
    const base = 'environment:\n  - PORT=3000\n  - TOKEN\nservices:\n  web:\n    port: 3000\n';
    await page.click('#env-box > summary'); // folded while empty
    await page.fill('#env', 'TOKEN=the-release-token');
    await page.evaluate((t) => window.__playground.editor.setText(t), base);
    await settled(page);
    await page.click('#compare-bar [data-pin]');
    await page.evaluate((t) => window.__playground.editor.setText(t), base.replace('PORT=3000', 'PORT=4000'));
    await settled(page);
    await page.click('#tab-button-changes');
    await page.waitForSelector('#tab-changes:not([hidden]) .change');
    const shown = await page.textContent('#tab-changes');
    assert.match(shown, /data\.PORT\s*3000\s*4000/, `PORT written in convox.yml: its values, before and after:\n${shown}`);
    assert.ok(!shown.includes('the-release-token'), 'a value of the release environment is never shown');
    await page.context().close();
  });
}

/** A sweep of the interactions no other test makes together, each page listening for CSP violations. */
export async function cspSweep({ test, newPage, open, settled, moveCursor }) {
  await test('wysiwyg: no CSP violation on any interaction (typing, a paste, hovers, search, every tab, popovers, zoom, a phone)', async () => {
    for (const viewport of [{ width: 1280, height: 720 }, { width: 390, height: 844 }]) {
      const page = await newPage({ viewport });
      await open(page);
      const phone = viewport.width < 800;
      await moveCursor(page, 12, 5);
      await page.keyboard.type('x: [');
      await settled(page);
      await page.keyboard.press('Control+z');
      await page.keyboard.press('Control+f');
      await page.waitForFunction(() => document.querySelector('#editor').shadowRoot.querySelector('.cm-search'));
      await page.keyboard.press('Escape');
      const key = await page.evaluate(() => window.__playground.editor.view.contentDOM.querySelector('.cm-line')?.getBoundingClientRect());
      if (key && !phone) await page.mouse.move(key.x + 20, key.y + 5);
      await page.waitForTimeout(500);
      if (phone) await page.click('#pane-tab-output');
      for (const tab of ['reference', 'troubleshooting', 'topology', 'changes', 'resources']) {
        await page.click(`#tab-button-${tab}`);
        await page.waitForTimeout(300);
        if (tab === 'topology') {
          await page.click('#tab-topology [data-zoom="in"]');
          await page.click('#tab-topology [data-zoom="fit"]');
        }
      }
      await page.locator('#resources .group-body:not([hidden]) details.yaml > summary').first().click();
      await page.waitForSelector('#resources details.yaml pre');
      if (phone) await page.click('#menu-toggle');
      await page.click('#share-menu > summary');
      await page.click('#rack-panel > summary');
      await page.keyboard.press('Escape');
      await page.selectOption('#theme', 'dark');
      await page.selectOption('#theme', '');
      const csp = await page.evaluate(() => window.__cspViolations ?? []);
      assert.deepEqual(csp, [], `${viewport.width}×${viewport.height}`);
      await page.context().close();
    }
  });
}
