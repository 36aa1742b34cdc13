// End-to-end tests of the playground: playwright-core drives Debian's /usr/bin/chromium against
// the `trunk build --release --offline` output (dist/) served on localhost under a sub-path.
// Expected results come from the native CLI (`convox-k8s map`) at test time, so the page is
// checked against the same core, whatever it maps today.
//
//   node tests/e2e/run.mjs            (after `trunk build --release --offline`)
//   DIST=dist CHROMIUM=/usr/bin/chromium CONVOX_K8S=target/debug/convox-k8s node tests/e2e/run.mjs
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { serve } from './server.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = join(ROOT, process.env.DIST || 'dist');
const ARTIFACTS = join(ROOT, 'tests/artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SEED = '/work/shared/seed/complete-example.convox.yml';

// A share link made with format v1. It must keep opening: never regenerate it.
const FROZEN_LINK = 'v1/XZBvS8MwEMa_yhEF37S1TqYQ8MWEgYIoONE3hZGm5xps7kr-bOrYd5cuWwfmTfJ7nrvcw22F5-g0CinOYAbe0KpD2GANHt3aaIQaW0MNhBbBKf114cFxDOgy2JjQggIdfWALDVtlCBQ1oGJgr1VnaFVUhLQ2jskiBVkRQA6vs8enxXL-_H7XO26iDoaposNAvy_aYL2_AepoukZCkahnFyRcl2WZOE2VcL79mN8vH14Wb7tktKi60Eq4TI8k_o8ynByOnUkZguPoao4UJEzym1Hpo4TJdGSLlt2PhOnV5CgF5VYY_PjJoem2rEhkYtiikOLT8S9SvqdMqL4_aQNkAmkt5FYc0412gd_K9h0Wmq3Y7f4A';
const FROZEN = { rack: 'frozen-rack', app: 'frozen-app', env: { WEB_HOST: 'frozen.example.com' }, source: readFileSync(join(ROOT, 'www/examples/web.convox.yml'), 'utf8') };

// ---- the native core -------------------------------------------------------------------------
function cliPath() {
  if (process.env.CONVOX_K8S) return process.env.CONVOX_K8S;
  execFileSync('cargo', ['build', '-q', '--bin', 'convox-k8s'], { cwd: ROOT, stdio: 'inherit' });
  return join(ROOT, 'target/debug/convox-k8s');
}
const CLI = cliPath();
function native(source, { rack, app, env = {} } = {}, format = 'json') {
  const args = ['map', '-', '--format', format];
  if (rack) args.push('--rack', rack);
  if (app) args.push('--app', app);
  for (const [k, v] of Object.entries(env)) args.push('--env', `${k}=${v}`);
  let out;
  try {
    out = execFileSync(CLI, args, { input: source, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    if (e.status !== 1) throw e; // 1: the manifest has errors; the output is still there
    out = e.stdout;
  }
  return format === 'json' ? JSON.parse(out) : out;
}

// Deep equality that ignores object key order (JSON from serde_json vs JS objects from wasm).
function canon(v) {
  if (Array.isArray(v)) return v.map(canon);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])]));
  return v;
}
const sameContract = (a, b, msg) => assert.deepStrictEqual(canon(a), canon(b), msg);

// ---- harness ---------------------------------------------------------------------------------
const results = [];
const offOrigin = [];
const consoleErrors = []; // console errors, page errors and CSP violations, with the test's name
let browser, server, current = '';

async function test(name, fn) {
  const t0 = Date.now();
  current = name;
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}\n     ${String(e.stack || e).split('\n').slice(0, 8).join('\n     ')}`);
  }
}

async function newPage(opts = {}) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1440, height: 900 }, ...opts });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  // Every CSP violation is reported as a console error, which the harness collects below.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window.__cspViolations ??= []).push(e.violatedDirective);
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${current}: ${m.text()}`);
  });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(server.origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:')) offOrigin.push(u);
  });
  page.on('pageerror', (e) => {
    console.log(`     page error: ${e.message}`);
    consoleErrors.push(`${current}: page error: ${e.message}`);
  });
  return page;
}

async function open(page, suffix = '') {
  await page.goto(server.url + suffix);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 20000 });
}

// The full JSON contract of the page's latest result (the worker holds it; the page keeps it
// without the objects).
const contractOf = (page) => page.evaluate(() => window.__playground.contract());
const editorText = (page) => page.evaluate(() => window.__playground.editor.text());
const resourceKeys = (page) => page.$$eval('#resources .res', (els) => els.map((e) => e.dataset.key));
const keyOf = (r) => `${r.kind}/${r.namespace ?? ''}/${r.name}`;

/** Waits until the page has analysed the editor's text and the DOM shows the result. */
async function settled(page) {
  await page.waitForFunction(() => {
    const p = window.__playground;
    return p && p.state.current && p.state.current.source === p.editor.text() && p.state.rendered === p.state.current.id;
  });
}

async function moveCursor(page, line, column) {
  await page.evaluate(([l, c]) => window.__playground.editor.goTo(l, c), [line, column]);
}

function lineOf(text, needle) {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `no line contains ${needle}`);
  return i + 1;
}

// ---- tests -----------------------------------------------------------------------------------
async function main() {
  assert.ok(existsSync(join(DIST, 'index.html')), `${DIST}/index.html missing: run trunk build --release --offline first`);
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serve(DIST, { prefix: '/some/sub/path/' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    // playwright gives every launch a fresh, temporary --user-data-dir of its own.
  });
  const complete = readFileSync(join(ROOT, 'www/examples/complete.convox.yml'), 'utf8');
  const metrics = {};

  await test('the built-in complete example is the seed example, byte for byte', async () => {
    if (existsSync(SEED)) assert.equal(complete, readFileSync(SEED, 'utf8'));
  });

  await test('seed example renders every resource the native core maps, with the same contract', async () => {
    const page = await newPage();
    const t0 = Date.now();
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 20000 });
    metrics.firstResultMs = await page.evaluate(() => performance.getEntriesByName('convox-first-result')[0].startTime);
    metrics.wallMs = Date.now() - t0;
    metrics.firstLoad = server.served.slice();
    metrics.renderMs = Number(await page.getAttribute('#summary', 'data-ms'));
    const expected = native(complete);
    sameContract(await contractOf(page), expected, 'page contract = native contract');
    assert.deepEqual((await resourceKeys(page)).sort(), expected.resources.map(keyOf).sort());
    assert.equal(await page.textContent('#resource-count'), String(expected.resources.length));
    assert.equal(await page.locator('#diagnostics li').count(), Math.max(1, expected.diagnostics.length));
    // Let the fonts settle, then keep a picture of it.
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(ARTIFACTS, 'seed.png') });
    // a YAML view opens with the object's YAML
    const withObject = expected.resources.find((r) => r.object);
    if (withObject) {
      const details = page.locator(`details.yaml[data-key="${keyOf(withObject)}"]`);
      await details.locator('summary').click();
      await page.waitForSelector(`details.yaml[data-key="${keyOf(withObject)}"] pre`);
      const yamlText = await details.locator('pre').textContent();
      assert.match(yamlText, new RegExp(`kind: ${withObject.kind}`));
      assert.match(yamlText, new RegExp(`name: ${withObject.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      await page.screenshot({ path: join(ARTIFACTS, 'seed-yaml.png') });
    }
    await page.context().close();
  });

  await test('typing a change (rename a service, add a timer) updates the output live', async () => {
    const page = await newPage();
    await open(page);
    const line = lineOf(complete, '  worker:');
    await moveCursor(page, line, '  worker'.length + 1);
    await page.keyboard.type('2');
    await settled(page);
    metrics.editMs = await page.evaluate(() => window.__playground.state.lastMs);
    let text = await editorText(page);
    assert.ok(text.includes('  worker2:'));
    sameContract(await contractOf(page), native(text), 'after rename');
    const renamed = native(text).resources.filter((r) => r.name.includes('worker2'));
    for (const r of renamed) assert.ok((await resourceKeys(page)).includes(keyOf(r)), `${keyOf(r)} shown`);
    // add a timer at the end of the timers block
    const timersEnd = lineOf(text, '      - monitoring.example.com/alert=true');
    await moveCursor(page, timersEnd, 100);
    await page.keyboard.press('End');
    await page.keyboard.insertText('\n  nightly:\n    command: bin/nightly\n    schedule: "0 1 * * *"\n    service: jobs');
    await settled(page);
    text = await editorText(page);
    assert.ok(text.includes('  nightly:\n    command: bin/nightly'), 'timer typed');
    const expected = native(text);
    sameContract(await contractOf(page), expected, 'after adding a timer');
    assert.equal(await page.textContent('#resource-count'), String(expected.resources.length));
    const nightly = expected.resources.filter((r) => r.name.includes('nightly'));
    assert.ok(nightly.length > 0, 'the core maps the new timer');
    for (const r of nightly) assert.ok((await resourceKeys(page)).includes(keyOf(r)), `${keyOf(r)} shown`);
    await page.context().close();
  });

  await test('invalid YAML shows an error at the right line and keeps the last output, dimmed', async () => {
    const page = await newPage();
    await open(page);
    const before = await resourceKeys(page);
    const line = lineOf(complete, 'services:') + 1;
    await moveCursor(page, line, 1);
    await page.keyboard.insertText('  broken: [unclosed\n');
    await settled(page);
    const text = await editorText(page);
    const expected = native(text);
    const c = await contractOf(page);
    sameContract(c, expected, 'page diagnostics = native diagnostics');
    const err = c.diagnostics.find((d) => d.severity === 'error');
    assert.ok(err, 'an error is reported');
    assert.ok(err.line >= line && err.line <= line + 1, `error at line ${err.line}, typed at ${line}`);
    // the diagnostics panel shows it with line:col, and the editor has a lint marker
    assert.ok((await page.textContent('#diagnostics')).includes(`${err.line}:${err.column}`));
    await page.waitForSelector('.cm-lint-marker-error');
    await page.waitForSelector('.cm-lintRange-error');
    if (expected.resources.length === 0) {
      assert.deepEqual(await resourceKeys(page), before, 'last good output kept');
      assert.equal(await page.isVisible('#stale'), true, 'stale banner');
      assert.ok(await page.$eval('#tab-resources', (e) => e.classList.contains('is-stale')));
    }
    // clicking the diagnostic moves the editor there
    await moveCursor(page, 1, 1);
    await page.click('#diagnostics button.sev-error');
    const cursor = await page.evaluate(() => { const v = window.__playground.editor.view; return v.state.doc.lineAt(v.state.selection.main.head).number; });
    assert.equal(cursor, err.line);
    await page.screenshot({ path: join(ARTIFACTS, 'invalid.png') });
    await page.context().close();
  });

  await test('provenance: selecting a resource highlights its convox.yml lines; the cursor highlights resources', async () => {
    const page = await newPage();
    await open(page);
    const c = await contractOf(page);
    const r = c.resources.find((x) => x.source && x.owner);
    assert.ok(r, 'some resource has a source line');
    await page.click(`.res[data-key="${keyOf(r)}"] .res-head`);
    assert.ok(await page.$eval(`.res[data-key="${keyOf(r)}"]`, (e) => e.classList.contains('selected')));
    await page.waitForSelector('.cm-provenance');
    const lines = await page.evaluate(() => {
      const v = window.__playground.editor.view;
      return [...v.dom.querySelectorAll('.cm-provenance')].map((el) => v.state.doc.lineAt(v.posAtDOM(el)).number);
    });
    assert.ok(lines.includes(r.source.line), `line ${r.source.line} highlighted (got ${lines})`);
    // cursor → resources: put the cursor on another resource's source line
    const other = c.resources.find((x) => x.source && x.source.line !== r.source.line) || r;
    await moveCursor(page, other.source.line, 1);
    await page.waitForSelector('.res.from-cursor');
    const marked = await page.$$eval('.res.from-cursor', (els) => els.map((e) => e.dataset.key));
    assert.ok(marked.includes(keyOf(other)), `${keyOf(other)} marked for line ${other.source.line}`);
    for (const k of marked) {
      const x = c.resources.find((y) => keyOf(y) === k);
      assert.equal(x.source.line, other.source.line);
    }
    await page.context().close();
  });

  await test('a label chip filters to every resource carrying it and shows the kubectl command', async () => {
    const page = await newPage();
    await open(page);
    const c = await contractOf(page);
    const r = c.resources.find((x) => x.labels && x.labels.service) || c.resources.find((x) => x.labels && Object.keys(x.labels).length);
    assert.ok(r, 'some resource has labels');
    const [k, v] = r.labels.service ? ['service', r.labels.service] : Object.entries(r.labels)[0];
    await page.locator(`.res[data-key="${keyOf(r)}"] .chip[data-lk="${k}"]`).click();
    const shown = (await resourceKeys(page)).sort();
    const expected = c.resources.filter((x) => x.labels?.[k] === v).map(keyOf).sort();
    assert.deepEqual(shown, expected);
    assert.ok((await page.textContent('#label-filter')).includes(`-l ${k}=${v} -n `));
    await page.click('#clear-label');
    assert.equal((await resourceKeys(page)).length, c.resources.length);
    // the search box filters by kind/name/label
    await page.fill('#search', `${k}=${v}`);
    assert.deepEqual((await resourceKeys(page)).sort(), expected);
    await page.context().close();
  });

  await test('a share link round-trips into a fresh page; Copy Markdown wraps it', async () => {
    const page = await newPage();
    await open(page);
    await page.fill('#rack', 'prod');
    await page.fill('#app-name', 'shop');
    await page.fill('#env', 'WEB_HOST=shop.example.com\nEXTRA=1');
    await moveCursor(page, 1, 1);
    await page.keyboard.insertText('# shared\n');
    await settled(page);
    await page.click('#copy-link');
    await page.waitForFunction(() => window.__lastCopied?.includes('#v1/'));
    const link = await page.evaluate(() => window.__lastCopied);
    assert.ok(link.startsWith(server.url) && link.includes('#v1/'), link);
    await page.click('#copy-md');
    await page.waitForFunction(() => window.__lastCopied?.startsWith('[Open in playground]('));
    assert.equal(await page.evaluate(() => window.__lastCopied), `[Open in playground](${link})`);
    const source = await editorText(page);
    const contract = await contractOf(page);
    const fresh = await newPage();
    await fresh.goto(link);
    await fresh.waitForFunction(() => document.body.dataset.ready === 'true');
    assert.equal(await editorText(fresh), source);
    assert.equal(await fresh.inputValue('#rack'), 'prod');
    assert.equal(await fresh.inputValue('#app-name'), 'shop');
    assert.equal(await fresh.inputValue('#env'), 'WEB_HOST=shop.example.com\nEXTRA=1');
    sameContract(await contractOf(fresh), contract);
    sameContract(contract, native(source, { rack: 'prod', app: 'shop', env: { WEB_HOST: 'shop.example.com', EXTRA: '1' } }));
    await fresh.context().close();
    await page.context().close();
  });

  await test('a share link frozen in the test suite still opens', async () => {
    const page = await newPage();
    await open(page, `#${FROZEN_LINK}`);
    assert.equal(await editorText(page), FROZEN.source);
    assert.equal(await page.inputValue('#rack'), FROZEN.rack);
    assert.equal(await page.inputValue('#app-name'), FROZEN.app);
    sameContract(await contractOf(page), native(FROZEN.source, FROZEN));
    await page.context().close();
  });

  await test('?example=<name> opens a built-in example', async () => {
    const page = await newPage();
    for (const name of ['timers', 'volumes']) {
      await open(page, `?example=${name}`);
      const src = readFileSync(join(ROOT, `www/examples/${name}.convox.yml`), 'utf8');
      assert.equal(await editorText(page), src);
      assert.equal(await page.inputValue('#example'), name);
      sameContract(await contractOf(page), native(src));
    }
    await page.context().close();
  });

  await test('the examples menu loads each example', async () => {
    const page = await newPage();
    await open(page);
    for (const name of ['web', 'worker-agent', 'resources', 'balancers', 'complete']) {
      await page.selectOption('#example', name);
      await settled(page);
      const src = readFileSync(join(ROOT, `www/examples/${name}.convox.yml`), 'utf8');
      assert.equal(await editorText(page), src);
    }
    await page.context().close();
  });

  await test('download holds every object as multi-document YAML, same as the native CLI', async () => {
    const page = await newPage();
    await open(page);
    const c = await contractOf(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    assert.equal(download.suggestedFilename(), `${c.rack}-${c.app}.yaml`);
    const text = readFileSync(await download.path(), 'utf8');
    const docs = text.split(/^---\n/m).slice(1);
    assert.equal(docs.length, c.resources.filter((r) => r.object).length);
    for (const r of c.resources.filter((x) => x.object)) assert.ok(text.includes(`name: ${r.name}`), r.name);
    assert.equal(text, native(complete, {}, 'yaml'));
    await page.context().close();
  });

  await test('keyboard alone: tab to a resource and select it with Enter', async () => {
    const page = await newPage();
    await open(page);
    const first = page.locator('#resources .res-head').first();
    if (await first.count()) {
      await first.focus();
      await page.keyboard.press('Enter');
      assert.ok(await page.locator('#resources .res').first().evaluate((e) => e.classList.contains('selected')));
    }
    await page.focus('.tabs [data-tab="resources"]');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getAttribute('.tabs [data-tab="reference"]', 'aria-selected'), 'true');
    assert.equal(await page.isVisible('#tab-reference'), true);
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.isVisible('#tab-troubleshooting'), true);
    await page.context().close();
  });

  await test('narrow screen: editor and output become tabs', async () => {
    const page = await newPage({ viewport: { width: 390, height: 844 } });
    await open(page);
    assert.equal(await page.isVisible('.pane-tabs'), true);
    assert.equal(await page.isVisible('#pane-output'), false);
    await page.click('#pane-tab-output');
    assert.equal(await page.isVisible('#pane-output'), true);
    assert.equal(await page.isVisible('#pane-editor'), false);
    await page.screenshot({ path: join(ARTIFACTS, 'narrow.png') });
    await page.context().close();
  });

  await test('dark theme follows the system setting', async () => {
    const page = await newPage({ colorScheme: 'dark' });
    await open(page);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(15, 18, 23)');
    await page.screenshot({ path: join(ARTIFACTS, 'seed-dark.png') });
    await page.context().close();
  });

  await test('zero requests leave the page origin (the page and its worker)', async () => {
    assert.ok(server.served.some((f) => f.path.endsWith('/worker.js')), 'the worker was loaded');
    assert.deepEqual(offOrigin, []);
  });

  await test('no CSP violation, console error or page error in any test', async () => {
    assert.deepEqual(consoleErrors, []);
  });

  await browser.close();
  await server.close();

  // ---- measurements ----
  const wasm = readdirSync(DIST).find((f) => f.endsWith('.wasm'));
  if (wasm) {
    const bytes = readFileSync(join(DIST, wasm));
    console.log(`wasm size: ${(bytes.length / 1024).toFixed(1)} KiB raw, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KiB gzip (${wasm})`);
  }
  if (metrics.firstLoad) {
    const gz = metrics.firstLoad.reduce((n, f) => n + f.gzip, 0);
    const raw = metrics.firstLoad.reduce((n, f) => n + f.raw, 0);
    console.log(`first load: ${metrics.firstLoad.length} requests, ${(raw / 1024).toFixed(1)} KiB raw, ${(gz / 1024).toFixed(1)} KiB gzip`);
    console.log(`navigation → first rendered result: ${metrics.firstResultMs.toFixed(0)} ms (seed example; map+render ${metrics.renderMs} ms)`);
    if (metrics.editMs != null) console.log(`edit → output updated (map + render, seed example): ${metrics.editMs.toFixed(1)} ms`);
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
