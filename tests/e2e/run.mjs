// End-to-end tests of the playground: playwright-core drives Debian's /usr/bin/chromium against
// the `trunk build --release --offline` output (dist/) served on localhost under a sub-path.
// Expected results come from the native CLI (`convox-k8s map`) at test time, so the page is
// checked against the same core, whatever it maps today.
//
//   node tests/e2e/run.mjs            (after `trunk build --release --offline`)
//   DIST=dist CHROMIUM=/usr/bin/chromium CONVOX_K8S=target/debug/convox-k8s node tests/e2e/run.mjs
import { chromium } from 'playwright-core';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { gzipSync, deflateRawSync, inflateRawSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { serve } from './server.mjs';
import { refuseTests } from './refuse.mjs';
import { authoringTests } from './authoring.mjs';
import { whynotTests } from './whynot.mjs';
import { pageTests } from './page.mjs';
import { compareTests } from './compare.mjs';
import { driftTests } from './drift.mjs';
import { versionTests } from './versions.mjs';
import { topologyTests } from './topology.mjs';
import { leanTests } from './lean.mjs';
import { provenanceTests } from './provenance.mjs';
import { wysiwygTests, cspSweep } from './wysiwyg.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = join(ROOT, process.env.DIST || 'dist');
const ARTIFACTS = join(ROOT, 'tests/artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// The golden fixture of the complete example: the page's built-in copy must stay identical.
const COMPLETE_FIXTURE = join(ROOT, 'tests/fixtures/seed-example/convox.yml');

// A share link made with format v1. It must keep opening: never regenerate it.
const FROZEN_LINK = 'v1/XZBvS8MwEMa_yhEF37S1TqYQ8MWEgYIoONE3hZGm5xps7kr-bOrYd5cuWwfmTfJ7nrvcw22F5-g0CinOYAbe0KpD2GANHt3aaIQaW0MNhBbBKf114cFxDOgy2JjQggIdfWALDVtlCBQ1oGJgr1VnaFVUhLQ2jskiBVkRQA6vs8enxXL-_H7XO26iDoaposNAvy_aYL2_AepoukZCkahnFyRcl2WZOE2VcL79mN8vH14Wb7tktKi60Eq4TI8k_o8ynByOnUkZguPoao4UJEzym1Hpo4TJdGSLlt2PhOnV5CgF5VYY_PjJoem2rEhkYtiikOLT8S9SvqdMqL4_aQNkAmkt5FYc0412gd_K9h0Wmq3Y7f4A';
const FROZEN = { rack: 'frozen-rack', app: 'frozen-app', env: { WEB_HOST: 'frozen.example.com' }, source: readFileSync(join(ROOT, 'www/examples/web.convox.yml'), 'utf8') };
// The rack profile the built-in examples open with (www/src/examples.js): awsEfs volumes need
// the EFS CSI driver.
const EFS = { params: { efs_csi_driver_enable: 'true' } };
const PROFILES = { complete: EFS, volumes: EFS };
const EXAMPLE_ENV = { web: { WEB_HOST: 'www.example.com' } };

// ---- the native core -------------------------------------------------------------------------
function cliPath() {
  if (process.env.CONVOX_K8S) return process.env.CONVOX_K8S;
  execFileSync('cargo', ['build', '-q', '--bin', 'convox-k8s'], { cwd: ROOT, stdio: 'inherit' });
  return join(ROOT, 'target/debug/convox-k8s');
}
const CLI = cliPath();
function native(source, { rack, app, env = {}, provider, params = {}, rackVersion } = {}, format = 'json') {
  const args = ['map', '-', '--format', format];
  if (rackVersion) args.push('--rack-version', rackVersion);
  if (rack) args.push('--rack', rack);
  if (app) args.push('--app', app);
  for (const [k, v] of Object.entries(env)) args.push('--env', `${k}=${v}`);
  if (provider) args.push('--provider', provider);
  for (const [k, v] of Object.entries(params)) args.push('--rack-param', `${k}=${v}`);
  let out;
  try {
    out = execFileSync(CLI, args, { input: source, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
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
const requested = []; // every URL any page (or its worker) requested
const consoleErrors = []; // console errors, page errors and CSP violations, with the test's name
let browser, server, current = '';

// E2E_ONLY=<text>[|<text>...]: run only the tests whose name contains one of them.
// Every test fails on a CSP violation or a page error of its own (each page listens: newPage).
async function test(name, fn) {
  if (process.env.E2E_ONLY && !process.env.E2E_ONLY.split('|').some((t) => name.includes(t))) return;
  const t0 = Date.now();
  current = name;
  const before = consoleErrors.length;
  try {
    await fn();
    const own = consoleErrors.slice(before).filter((e) => /CSP violation|page error/.test(e));
    assert.deepEqual(own, [], 'no CSP violation or page error');
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}\n     ${String(e.stack || e).split('\n').slice(0, Number(process.env.E2E_LINES || 8)).join('\n     ')}`);
  }
}

async function newPage(opts = {}) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1440, height: 900 }, ...opts });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  // Every CSP violation is reported as a console error, which the harness collects below.
  await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
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
    requested.push(u);
    if (!u.startsWith(server.origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:')) offOrigin.push(u);
  });
  page.on('pageerror', (e) => {
    console.log(`     page error: ${e.message}`);
    consoleErrors.push(`${current}: page error: ${e.message}`);
  });
  return page;
}

/** Opens the page and waits for its first result, and for what loads after it (completion, search). */
async function open(page, suffix = '') {
  await page.goto(server.url + suffix);
  // (A page that loads everything at first has no loadRest: the same tests run against older builds.)
  await page.waitForFunction(() => document.body.dataset.ready === 'true' && (document.body.dataset.loaded === 'true' || !window.__playground.editor.loadRest), null, { timeout: 20000 });
}

// The full JSON contract of the page's latest result (the worker holds it; the page keeps it
// without the objects).
const contractOf = (page) => page.evaluate(() => window.__playground.contract());
const editorText = (page) => page.evaluate(() => window.__playground.editor.text());
const resourceKeys = (page) => page.$$eval('#resources .res', (els) => els.map((e) => e.dataset.key));
// Resource keys are the core's.
const keyOf = (r) => r.key;

/** Opens the Share popover (links, downloads, opening a file), unless it is open. */
async function shareMenu(page) {
  if ((await page.getAttribute('#share-menu', 'open')) === null) await page.click('#share-menu > summary');
}

/** Waits until the page has analysed the editor's text and options, and the DOM shows the result. */
async function settled(page) {
  await page.waitForFunction(() => {
    const p = window.__playground;
    return p && p.state.current && p.state.current.source === p.editor.text() && p.state.rendered === p.state.current.id
      && JSON.stringify(p.state.current.options) === JSON.stringify(p.options());
  });
}

/** Cells of a Markdown table row, `|` escapes undone inside. */
const mdCells = (line) => line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
/** The text of inline code (`x`, `` x ``), pipes unescaped; null when `cell` is not code. */
function mdCode(cell) {
  const m = /^(`+) ?(.*?) ?\1$/.exec(cell.trim());
  return m ? m[2].replace(/\\\|/g, '|') : null;
}
/** `convox-k8s map --format reference` Markdown → {quick, finding, issues}, as the page shows them. */
function parseReference(md) {
  const section = (title) => md.split(/^## /m).find((p) => p.startsWith(`${title}\n`)) ?? '';
  const rows = (text) => text.split('\n').filter((l) => l.startsWith('| ')).slice(1).map(mdCells);
  const quick = rows(section('Quick reference')).map(([concept, kind, namespaces, names, pattern, command]) => ({
    concept, kind, namespaces, names: [...names.matchAll(/`([^`]*)`/g)].map((m) => m[1]), pattern: mdCode(pattern), command: mdCode(command) ?? '',
  }));
  const finding = rows(section('Finding things')).map(([task, command]) => ({ task, command: mdCode(command) }));
  const issues = section('Troubleshooting').split(/^### /m).slice(1).map((part) => {
    const [symptom, ...rest] = part.split('\n');
    const commands = rest.filter((l) => l.startsWith('- ')).map((l) => {
      const m = /^- (.*): (`+ ?.*? ?`+)$/.exec(l);
      return { description: m[1], command: mdCode(m[2]) };
    });
    return { symptom, cause: rest.find((l) => l && !l.startsWith('- ')), commands };
  });
  return { quick, finding, issues };
}

async function moveCursor(page, line, column) {
  await page.evaluate(([l, c]) => window.__playground.editor.goTo(l, c), [line, column]);
}

function lineOf(text, needle) {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `no line contains ${needle}`);
  return i + 1;
}

// ---- hostile and large inputs ----------------------------------------------------------------
const XSS = ['<img src=x onerror=window.__pwned=1>', '"><svg onload=window.__pwned=1>', '</script><script>window.__pwned=1</script>'];
// Payloads wherever a manifest holds free text: names (invalid ones come back in diagnostics),
// labels, annotations, environment, commands, images, options, domains, timers.
const XSS_MANIFEST = `environment:
  - XSS_ENV
  - XSS_Q
  - 'INLINE=${XSS[0]}'
resources:
  db:
    type: postgres
    options:
      version: '${XSS[1]}'
services:
  web:
    build: .
    port: 3000
    domain: x.example.com
    command: '${XSS[2]}'
    labels:
      convox.com/team: '${XSS[0]}'
    annotations:
      - 'example.com/a=${XSS[1]}'
      - 'example.com/b=${XSS[2]}'
    ingressAnnotations:
      - "example.com/c='><img src=x onerror=window.__pwned=1>"
    environment:
      - 'A=${XSS[0]}'
      - 'B=${XSS[1]}'
    resources:
      - db
  '${XSS[1]}':
    build: .
  "x'${XSS[0]}":
    image: 'nginx${XSS[1]}'
timers:
  '${XSS[2]}':
    command: '${XSS[0]}'
    schedule: '0 * * * *'
    service: web
`;

const SECRET_MANIFEST = `environment:
  - DB_PASSWORD
services:
  web:
    build: .
    port: 3000
`;

/** No payload ran, no element came from one, and the CSP never had to block anything. */
async function assertNotPwned(page) {
  const found = await page.evaluate(() => {
    const roots = [document, ...[...document.querySelectorAll('*')].filter((e) => e.shadowRoot).map((e) => e.shadowRoot)];
    const all = roots.flatMap((r) => [...r.querySelectorAll('*')]);
    return {
      pwned: window.__pwned,
      // CodeMirror puts a src-less img.cm-widgetBuffer beside each inline widget (the hints).
      img: all.filter((e) => e.matches('img[src="x"], img') && !(e.matches('img.cm-widgetBuffer') && !e.hasAttribute('src'))).length,
      svg: all.filter((e) => e.localName === 'svg' && e.hasAttribute('onload')).length,
      handlers: all.filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).map((e) => e.outerHTML.slice(0, 80)),
      scripts: [...document.scripts].map((s) => s.src || `inline: ${s.textContent.slice(0, 40)}`),
      csp: window.__cspViolations ?? [],
    };
  });
  assert.equal(found.pwned, undefined, 'window.__pwned was set');
  assert.equal(found.img, 0, 'an <img> was injected');
  assert.equal(found.svg, 0, 'an <svg onload> was injected');
  assert.deepEqual(found.handlers, [], 'an element carries an inline event handler');
  assert.deepEqual(found.scripts.map((src) => src.replace(/^.*\/some\/sub\/path\//, '')), ['boot.js', 'gen/main.js'], 'only the page\'s own scripts');
  assert.deepEqual(found.csp, [], 'CSP violations');
}

// The generator of benches/map.rs: n services with the common keys, a resource and a timer per
// ten services.
const letters = (i) => {
  let out = '';
  do {
    out = String.fromCharCode(97 + (i % 26)) + out;
    i = Math.floor(i / 26);
  } while (i > 0);
  return out;
};
function generated(n) {
  const parts = ['environment:\n  - RAILS_ENV=production\nresources:\n'];
  for (let r = 0; r < Math.ceil(n / 10); r++) parts.push(`  db-${letters(r)}:\n    type: postgres\n`);
  parts.push('services:\n');
  for (let i = 0; i < n; i++) {
    parts.push(`  svc-${letters(i)}:\n    build: .\n    port: 3000\n    command: bin/run ${i}\n    health: /health\n    environment:\n      - QUEUE=q${i}\n    labels:\n      convox.com/team: team-${i % 7}\n    scale:\n      count: 1-${2 + (i % 5)}\n      cpu: 250\n      memory: 512\n    resources:\n      - db-${letters(Math.floor(i / 10))}\n`);
  }
  parts.push('timers:\n');
  for (let i = 0; i < n; i += 10) parts.push(`  tick-${letters(i)}:\n    command: bin/tick\n    schedule: "*/5 * * * *"\n    service: svc-${letters(i)}\n`);
  return parts.join('');
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

  await test('the built-in complete example is the golden fixture, byte for byte', async () => {
    assert.equal(complete, readFileSync(COMPLETE_FIXTURE, 'utf8'));
  });

  await test('seed example renders every resource the native core maps, with the same contract', async () => {
    const page = await newPage();
    const t0 = Date.now();
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 20000 });
    metrics.firstResultMs = await page.evaluate(() => performance.getEntriesByName('convox-first-result')[0].startTime);
    metrics.wallMs = Date.now() - t0;
    // What was asked for before the first result was on screen (the second wasm build comes after).
    const firstAt = await page.evaluate(() => performance.timeOrigin + performance.getEntriesByName('convox-first-result')[0].startTime);
    metrics.firstLoad = server.served.filter((f) => f.t <= firstAt);
    metrics.renderMs = Number(await page.getAttribute('#summary', 'data-ms'));
    const expected = native(complete, EFS);
    sameContract(await contractOf(page), expected, 'page contract = native contract');
    assert.deepEqual((await resourceKeys(page)).sort(), expected.resources.map(keyOf).sort());
    assert.equal(await page.textContent('#resource-count'), String(expected.resources.length));
    assert.equal(await page.locator('#diagnostics li').count(), Math.max(1, expected.diagnostics.length));
    // Let the fonts settle, then keep a picture of it.
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(ARTIFACTS, 'seed.png') });
    // a YAML view opens with the object's YAML
    // (The rack-and-app group opens collapsed: an object of an open one.)
    const withObject = expected.resources.find((r) => r.object && r.concept !== 'rack' && r.concept !== 'app');
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

  await test('the page scripts/run.sh serves loads the complete example: no console error, no CSP violation', async () => {
    // scripts/run.sh = set up + scripts/serve.sh: the release build's dist/, served at / by
    // tests/e2e/server.mjs. The same command here, on a free port, without the build (done).
    const child = spawn('bash', [join(ROOT, 'scripts/serve.sh'), '--no-build', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await new Promise((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`scripts/serve.sh printed no URL in 30 s: ${out}`)), 30000);
        child.stdout.on('data', (d) => {
          out += d;
          const m = out.match(/ at (http:\/\/127\.0\.0\.1:\d+\/)/);
          if (m) { clearTimeout(timer); resolve(m[1]); }
        });
        child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`scripts/serve.sh exited (${code}): ${out}`)); });
      });
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
        });
      });
      const page = await context.newPage();
      const problems = [];
      const origin = new URL(url).origin;
      page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
      page.on('request', (r) => {
        const u = r.url();
        if (!u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.push(`off-origin request: ${u}`);
      });
      await page.goto(url);
      await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 20000 });
      assert.equal(await page.locator('meta[http-equiv="Content-Security-Policy"]').count(), 1, 'the CSP is in the page');
      assert.ok((await editorText(page)) === complete, 'the editor holds the complete example');
      assert.equal(await page.textContent('#resource-count'), String(native(complete).resources.length));
      await page.waitForTimeout(500); // anything late (the worker's messages, fonts)
      assert.deepEqual(problems, []);
      await context.close();
    } finally {
      child.kill();
    }
  });

  await test('a main bundle slower than the worker still starts the page (worker ready first)', async () => {
    const page = await newPage();
    // Hold gen/main.js back until the boot worker has surely loaded the wasm: its 'ready' is
    // then replayed into a main.js that is still evaluating.
    await page.route('**/gen/main.js', async (route) => {
      await new Promise((r) => setTimeout(r, 2500));
      await route.continue();
    });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await open(page);
    assert.deepStrictEqual(errors, []);
    assert.match(await page.textContent('#version'), /^convox-k8s \d/);
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
    metrics.editSeed = [];
    for (let i = 0; i < 20; i++) {
      await moveCursor(page, lineOf(complete, 'command: bin/worker'), 100);
      await page.keyboard.type(String(i % 10));
      await settled(page);
      metrics.editSeed.push(await page.evaluate(() => window.__playground.state.lastMs));
    }
    let text = await editorText(page);
    assert.ok(text.includes('  worker2:'));
    sameContract(await contractOf(page), native(text, EFS), 'after rename');
    const renamed = native(text, EFS).resources.filter((r) => r.name.includes('worker2'));
    for (const r of renamed) assert.ok((await resourceKeys(page)).includes(keyOf(r)), `${keyOf(r)} shown`);
    // add a timer at the end of the timers block
    const timersEnd = lineOf(text, '      - monitoring.example.com/alert=true');
    await moveCursor(page, timersEnd, 100);
    await page.keyboard.press('End');
    await page.keyboard.insertText('\n  nightly:\n    command: bin/nightly\n    schedule: "0 1 * * *"\n    service: jobs');
    await settled(page);
    text = await editorText(page);
    assert.ok(text.includes('  nightly:\n    command: bin/nightly'), 'timer typed');
    const expected = native(text, EFS);
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
    const expected = native(text, EFS);
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

  await test('provenance: a selected resource highlights exactly its source range; the cursor marks the innermost range\'s resources', async () => {
    const page = await newPage();
    await open(page);
    const c = await contractOf(page);
    const view = await page.evaluate(() => window.__playground.state.shown.contract.resources.map((r) => ({ key: r.key, source: r.source })));
    const withRange = view.filter((r) => r.source);
    assert.ok(withRange.length > 0 && withRange.every((r) => Number.isInteger(r.source.from) && r.source.to > r.source.from), 'the core gives every source a range');
    // A resource the core names no keys for (selecting it highlights its whole range) whose
    // range is not the first one in the text (the highlight must follow the core's offsets).
    const r = withRange.find((x) => !x.source.keys && x.source.from !== withRange[0].source.from) || withRange[0];
    await page.click(`.res[data-key="${r.key}"] .res-head`);
    assert.ok(await page.$eval(`.res[data-key="${r.key}"]`, (e) => e.classList.contains('selected')));
    await page.waitForSelector('.cm-provenance');
    const marked = await page.evaluate(() => {
      const v = window.__playground.editor.view;
      // Every highlighted piece on screen, as [from, to) in the document.
      const parts = [...v.dom.querySelectorAll('.cm-provenance')].map((el) => [v.posAtDOM(el, 0), v.posAtDOM(el, el.childNodes.length)]);
      return { parts, doc: v.state.doc.toString() };
    });
    const { from, to } = r.source;
    const covered = new Set();
    for (const [a, b] of marked.parts) for (let i = a; i < b; i++) covered.add(i);
    const lo = Math.min(...covered);
    const hi = Math.max(...covered) + 1;
    assert.deepEqual([lo, hi], [from, to], `highlight ${lo}..${hi} = source range ${from}..${to}`);
    // Inside the range, only line breaks (which have no element) are left out.
    for (let i = from; i < to; i++) if (!covered.has(i)) assert.equal(marked.doc[i], '\n', `offset ${i} highlighted`);
    // The range starts at its key (the core's line and column).
    const lineStart = marked.doc.split('\n').slice(0, r.source.line - 1).join('\n').length + (r.source.line > 1 ? 1 : 0);
    assert.equal(from, lineStart + r.source.column - 1);
    // cursor → resources: inside another resource's range
    const other = withRange.find((x) => x.source.from !== from) || r;
    await page.evaluate((p) => window.__playground.editor.goToOffset(p), other.source.from + 1);
    await page.waitForSelector('.res.from-cursor');
    const cursorMarked = await page.$$eval('.res.from-cursor', (els) => els.map((e) => e.dataset.key));
    assert.ok(cursorMarked.includes(other.key), `${other.key} marked`);
    // For cursor offsets across the whole text, the marked range is the innermost (shortest)
    // range holding the cursor, a key's that shaped a resource or a resource's whole source
    // (brute force over every resource's ranges); each marked card has that range.
    const wrong = await page.evaluate(() => {
      const p = window.__playground;
      const rangesOf = (s) => (s ? [...(s.keys ?? []), s] : []);
      const ranges = p.state.shown.contract.resources.flatMap((x) => rangesOf(x.source));
      const n = p.editor.length();
      const out = [];
      for (let at = 0; at <= n; at += 7) {
        let best = null;
        for (const g of ranges) if (g.from <= at && at <= g.to && (!best || g.to - g.from < best.to - best.from)) best = g;
        p.editor.goToOffset(at);
        const shown = document.querySelector('#resources').dataset.cursorRange;
        const want = best ? `${best.from}-${best.to}` : '';
        if (shown !== want) out.push({ at, want, shown });
        const cards = [...document.querySelectorAll('#resources .res.from-cursor')].map((e) => p.state.shown.byKey.get(e.dataset.key).source);
        if (cards.some((s) => !rangesOf(s).some((g) => `${g.from}-${g.to}` === want))) out.push({ at, want, cards: cards.length });
      }
      return out;
    });
    assert.deepEqual(wrong, []);
    assert.ok(c.resources.length > 0);
    await page.context().close();
  });

  await test('a label chip filters to every resource carrying it and shows the core\'s kubectl command', async () => {
    const page = await newPage();
    await open(page);
    const c = await contractOf(page);
    const r = c.resources.find((x) => x.kind === 'Deployment' && x.labels?.service);
    assert.ok(r, 'a Deployment has a service label');
    const [k, v] = ['service', r.labels.service];
    // A card's labels are in its fold.
    await page.locator(`.res[data-key="${keyOf(r)}"] details.more > summary`).click();
    await page.locator(`.res[data-key="${keyOf(r)}"] .chip[data-lk="${k}"]`).click();
    await page.waitForFunction((q) => document.querySelector('#filter-terms').dataset.query === q, `${k}=${v}`);
    const expected = c.resources.filter((x) => x.labels?.[k] === v).map(keyOf).sort();
    await page.waitForFunction((n) => document.querySelectorAll('#resources .res').length === n, expected.length);
    assert.deepEqual((await resourceKeys(page)).sort(), expected);
    // The command lists the kinds shown, in the app's namespace, by that label.
    const shownCmds = await page.$$eval('#filter-terms .cmd code', (els) => els.map((e) => e.textContent));
    assert.equal(shownCmds.length, 1);
    assert.match(shownCmds[0], new RegExp(`^kubectl get [a-z,]+ -n ${c.namespace} -l ${k}=${v}$`));
    // An edit keeps the filter and its commands, for the new result.
    await moveCursor(page, 1, 1);
    await page.keyboard.insertText('# edited\n');
    await settled(page);
    await page.waitForFunction(() => document.querySelector('#filter-terms').dataset.run === String(window.__playground.state.shown.id));
    assert.deepEqual(await page.$$eval('#filter-terms .cmd code', (els) => els.map((e) => e.textContent)), shownCmds);
    await page.click('#clear-filter');
    await page.waitForFunction((n) => document.querySelectorAll('#resources .res').length === n, c.resources.length);
    // the search box filters by label
    await page.fill('#search', `${k}=${v}`);
    await page.waitForFunction((n) => document.querySelectorAll('#resources .res').length === n, expected.length);
    assert.deepEqual((await resourceKeys(page)).sort(), expected);
    await page.context().close();
  });

  await test('a share link round-trips into a fresh page; Copy Markdown wraps it', async () => {
    const page = await newPage();
    await open(page);
    await page.fill('#rack', 'prod');
    await page.fill('#app-name', 'shop');
    await page.click('#env-box > summary'); // folded while empty
    await page.fill('#env', 'WEB_HOST=shop.example.com\nEXTRA=1');
    await moveCursor(page, 1, 1);
    await page.keyboard.insertText('# shared\n');
    await settled(page);
    // The values go into a link only when asked (page.mjs tests the link without them).
    await shareMenu(page);
    await page.check('#share-values');
    await page.click('#copy-link');
    await page.waitForFunction(() => window.__lastCopied?.includes('#v1/'));
    const link = await page.evaluate(() => window.__lastCopied);
    assert.ok(link.startsWith(server.url) && link.includes('#v1/'), link);
    await shareMenu(page);
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
    // The core's reading of the env box: the same variables, in name order.
    assert.equal(await fresh.inputValue('#env'), 'EXTRA=1\nWEB_HOST=shop.example.com');
    sameContract(await contractOf(fresh), contract);
    sameContract(contract, native(source, { rack: 'prod', app: 'shop', env: { WEB_HOST: 'shop.example.com', EXTRA: '1' }, ...EFS }));
    await fresh.context().close();
    await page.context().close();
  });

  await test('a share link frozen in the test suite still opens (made before rack profiles and versions: the default rack, the newest version)', async () => {
    const page = await newPage();
    await open(page, `#${FROZEN_LINK}`);
    assert.equal(await editorText(page), FROZEN.source);
    assert.equal(await page.inputValue('#rack'), FROZEN.rack);
    assert.equal(await page.inputValue('#app-name'), FROZEN.app);
    sameContract(await contractOf(page), native(FROZEN.source, FROZEN));
    const opts = await page.evaluate(() => window.__playground.state.current.options);
    assert.equal(opts.provider, undefined);
    assert.equal(opts.params, undefined);
    assert.equal(opts.rackVersion, undefined);
    assert.equal((await contractOf(page)).profile.rackVersion, '3.24.9');
    await page.click('#rack-panel summary');
    assert.equal(await page.inputValue('#provider'), 'aws');
    assert.equal(await page.inputValue('#rack-version'), '3.24.9');
    assert.equal(await page.inputValue('#rp-router_type'), 'nginx');
    assert.equal(await page.isChecked('#rp-efs_csi_driver_enable'), false);
    await page.context().close();
  });

  await test('a share link with a rack profile round-trips: provider, router and params (only non-default values)', async () => {
    const page = await newPage();
    await open(page);
    await page.click('#rack-panel summary');
    await page.selectOption('#rp-router_type', 'contour');
    await page.check('#rp-keda_enable');
    await page.fill('#rp-pdb_default_min_available_percentage', '75');
    await page.check('#rp-vpa_enable');
    await page.uncheck('#rp-vpa_enable'); // back to its default: not sent
    await settled(page);
    const params = { efs_csi_driver_enable: 'true', router_type: 'contour', keda_enable: 'true', pdb_default_min_available_percentage: '75' };
    const opts = await page.evaluate(() => window.__playground.state.current.options);
    assert.deepEqual(opts.params, params, 'the options carry the non-default params only');
    const source = await editorText(page);
    const contract = await contractOf(page);
    sameContract(contract, native(source, { params }));
    await page.click('#copy-link');
    await page.waitForFunction(() => window.__lastCopied?.includes('#v1/'));
    const link = await page.evaluate(() => window.__lastCopied);
    // The link's JSON: the v1 fields plus `params` (the default provider is left out) and the
    // example the work started from.
    const json = JSON.parse(inflateRawSync(Buffer.from(link.split('#v1/')[1], 'base64url')).toString('utf8'));
    assert.deepEqual(Object.keys(json).sort(), ['app', 'env', 'example', 'params', 'rack', 'source']);
    assert.equal(json.example, 'complete');
    assert.deepEqual(json.params, params);
    const fresh = await newPage();
    await fresh.goto(link);
    await fresh.waitForFunction(() => document.body.dataset.ready === 'true');
    assert.equal(await editorText(fresh), source);
    // The panel's fields are built when it opens.
    assert.match(await fresh.textContent('#rack-summary'), /contour · 3 params set/);
    await fresh.click('#rack-panel summary');
    assert.equal(await fresh.inputValue('#rp-router_type'), 'contour');
    assert.equal(await fresh.isChecked('#rp-keda_enable'), true);
    assert.equal(await fresh.isChecked('#rp-vpa_enable'), false);
    assert.equal(await fresh.inputValue('#rp-pdb_default_min_available_percentage'), '75');
    sameContract(await contractOf(fresh), contract);
    // Another provider goes in the link too.
    await fresh.selectOption('#provider', 'azure');
    await settled(fresh);
    await fresh.click('#copy-link');
    await fresh.waitForFunction(() => window.__lastCopied?.includes('#v1/'));
    const azure = await fresh.evaluate(() => window.__lastCopied);
    const third = await newPage();
    await third.goto(azure);
    await third.waitForFunction(() => document.body.dataset.ready === 'true');
    assert.match(await third.textContent('#rack-summary'), /^azure\b/);
    await third.click('#rack-panel summary');
    assert.equal(await third.inputValue('#provider'), 'azure');
    // Parameters azure racks do not have were dropped with the switch; the PDB default is theirs too.
    sameContract(await contractOf(third), native(source, { provider: 'azure', params: { pdb_default_min_available_percentage: '75' } }));
    await third.context().close();
    await fresh.context().close();
    await page.context().close();
  });

  await test('each built-in example opens without errors, with the rack profile it carries', async () => {
    const page = await newPage();
    for (const name of ['complete', 'web', 'worker-agent', 'timers', 'resources', 'balancers', 'volumes']) {
      await open(page, `?example=${name}`);
      const src = readFileSync(join(ROOT, `www/examples/${name}.convox.yml`), 'utf8');
      const c = await contractOf(page);
      assert.deepEqual(c.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), [], `${name} opens without errors`);
      sameContract(c, native(src, { env: EXAMPLE_ENV[name], ...PROFILES[name] }), name);
      assert.equal(await page.locator('#diagnostics .sev-error').count(), 0);
    }
    await page.context().close();
  });

  await test('the Quick reference and Troubleshooting tabs show the rows of convox-k8s map --format reference', async () => {
    const page = await newPage();
    await open(page);
    const md = native(complete, EFS, 'reference');
    const want = parseReference(md);
    assert.ok(want.quick.length > 10 && want.finding.length > 5 && want.issues.length > 10, 'the CLI has rows in every part');
    await page.click('.tabs [data-tab="reference"]');
    await page.waitForSelector('#tab-reference[data-run] table.quick');
    const shown = await page.evaluate(() => {
      const cells = (tr) => [...tr.children];
      const code = (td) => td.querySelector('code')?.textContent ?? '';
      return {
        quick: [...document.querySelectorAll('#tab-reference table.quick tbody tr')].map((tr) => {
          const [concept, kind, namespaces, names, pattern, command] = cells(tr);
          return { concept: concept.textContent, kind: kind.textContent, namespaces: namespaces.textContent, names: [...names.querySelectorAll('code')].map((c) => c.textContent), pattern: code(pattern), command: code(command) };
        }),
        finding: [...document.querySelectorAll('#tab-reference table.finding tbody tr')].map((tr) => ({ task: tr.children[0].textContent, command: code(tr.children[1]) })),
      };
    });
    assert.deepEqual(shown.quick, want.quick, 'quick reference rows');
    assert.deepEqual(shown.finding, want.finding, 'finding rows');
    await page.click('.tabs [data-tab="troubleshooting"]');
    await page.waitForSelector('#tab-troubleshooting[data-run] tr.issue');
    const issues = await page.$$eval('#tab-troubleshooting tr.issue', (trs) => trs.map((tr) => ({
      symptom: tr.querySelector('.symptom').textContent,
      cause: tr.children[1].textContent,
      commands: [...tr.querySelectorAll('li')].map((li) => ({ description: li.querySelector('.desc').textContent, command: li.querySelector('code').textContent })),
    })));
    assert.deepEqual(issues, want.issues, 'troubleshooting rows');
    // Copy as Markdown copies the CLI's Markdown, byte for byte.
    await page.click('#tab-troubleshooting [data-copy-reference]');
    await page.waitForFunction(() => window.__lastCopied?.startsWith('# Kubernetes reference'));
    assert.equal(await page.evaluate(() => window.__lastCopied), md);
    // An edit updates the open tab (renaming a timer keeps the manifest valid).
    await moveCursor(page, lineOf(complete, '  cleanup:'), '  cleanup'.length + 1);
    await page.keyboard.type('2');
    await settled(page);
    await page.waitForFunction(() => document.querySelector('#tab-troubleshooting').dataset.run === String(window.__playground.state.shown.id));
    const after = parseReference(native(await editorText(page), EFS, 'reference'));
    assert.deepEqual(await page.$$eval('#tab-troubleshooting .symptom', (els) => els.map((e) => e.textContent)), after.issues.map((i) => i.symptom));
    assert.ok(after.issues.some((i) => i.symptom.includes('cleanup2')), 'the renamed timer has its rows');
    await page.context().close();
  });

  await test('a lint marker after a non-BMP character (an emoji) sits on the right character', async () => {
    const page = await newPage();
    await open(page);
    const text = 'services:\n  web: {image: "😀", bogus: 1}\n';
    await page.evaluate((t) => window.__playground.editor.setText(t), text);
    await settled(page);
    const c = await contractOf(page);
    const d = c.diagnostics.find((x) => x.message.includes('bogus'));
    assert.ok(d, 'the core warns about the unknown key');
    assert.equal(`${d.line}:${d.column}`, '2:21', 'line:column in characters');
    assert.ok((await page.textContent('#diagnostics')).includes('2:21'));
    await page.waitForSelector('.cm-lintRange-warning');
    const marks = await page.evaluate(() => {
      const v = window.__playground.editor.view;
      return [...v.dom.querySelectorAll('.cm-lintRange')].map((el) => ({ from: v.posAtDOM(el, 0), text: el.textContent }));
    });
    // JS strings count UTF-16 units, as the editor does.
    const at = text.indexOf('bogus');
    assert.equal(marks.length, 1);
    assert.equal(marks[0].from, at, `the marker starts on "bogus" (offset ${at}), got ${marks[0].from}`);
    assert.ok(marks[0].text.startsWith('bogus'), `the marker covers "${marks[0].text}"`);
    // Clicking the diagnostic puts the cursor on it.
    await moveCursor(page, 1, 1);
    await page.click('#diagnostics button.diag');
    assert.equal(await page.evaluate(() => window.__playground.editor.view.state.selection.main.head), at);
    await page.context().close();
  });

  await test('rack panel: built from rackParams() for the provider, defaults and docs shown, option errors at their field', async () => {
    const page = await newPage();
    await open(page);
    await page.click('#rack-panel summary');
    const fields = async () => page.$$eval('#rack-body [data-param]', (els) => els.map((e) => e.dataset.param).sort());
    let c = await contractOf(page);
    assert.equal(c.profile.provider, 'aws');
    assert.deepEqual(await fields(), Object.keys(c.profile.params).sort(), 'one field per parameter of the provider');
    // Defaults shown, each with its doc.
    assert.equal(await page.isChecked('#rp-efs_csi_driver_enable'), true, 'the complete example needs EFS');
    assert.equal(await page.isChecked('#rp-keda_enable'), false);
    assert.equal(await page.inputValue('#rp-router_type'), 'nginx');
    assert.equal(await page.getAttribute('#rp-whitelist', 'placeholder'), '0.0.0.0/0');
    assert.ok((await page.textContent('[data-field="params.keda_enable"] .rp-doc')).includes('ScaledObject'));
    // A bad value: an option error at its field, not a manifest diagnostic.
    const before = await page.textContent('#diagnostics');
    await page.fill('#rp-pdb_default_min_available_percentage', '120');
    await settled(page);
    const err = page.locator('[data-error-for="params.pdb_default_min_available_percentage"]');
    await err.waitFor();
    assert.match(await err.textContent(), /not valid: expected a whole number from 0 to 100/);
    assert.equal(await page.textContent('#diagnostics'), before, 'the diagnostics list is unchanged');
    assert.match(await page.textContent('#rack-summary'), /1 error/);
    await page.fill('#rp-pdb_default_min_available_percentage', '');
    await settled(page);
    assert.equal(await err.isHidden(), true);
    // Another provider: its parameters only.
    await page.selectOption('#provider', 'azure');
    await settled(page);
    c = await contractOf(page);
    assert.equal(c.profile.provider, 'azure');
    assert.deepEqual(await fields(), Object.keys(c.profile.params).sort());
    assert.ok((await fields()).includes('azure_files_enable') && !(await fields()).includes('keda_enable'));
    assert.equal(await page.locator('#rp-router_type').count(), 0, 'azure racks have no router_type');
    sameContract(c, native(complete, { provider: 'azure' }));
    await page.context().close();
    // A parameter the panel has no field for (a hand-made link): the core's error is listed in
    // the panel, which opens.
    const other = await newPage();
    const json = JSON.stringify({ source: FROZEN.source, rack: '', app: '', env: FROZEN.env, provider: 'aws', params: { keda_enabled: 'true', [XSS[0]]: XSS[1], router_type: XSS[2] } });
    await open(other, `#v1/${deflateRawSync(json).toString('base64url')}`);
    await other.waitForSelector('#rack-errors li');
    const listed = await other.textContent('#rack-errors');
    assert.match(listed, /params\.keda_enabled: unknown rack parameter keda_enabled \(did you mean keda_enable\?\)/);
    assert.ok(listed.includes(XSS[0]), 'a hostile parameter name is listed, as text');
    assert.match(await other.textContent('[data-error-for="params.router_type"]'), /expected one of nginx, contour/);
    assert.equal(await other.getAttribute('#rack-panel', 'open'), '');
    await assertNotPwned(other);
    await other.context().close();
  });

  await test('rack profile: keda_enable on a service with scale.autoscale renders a ScaledObject', async () => {
    const page = await newPage();
    await open(page);
    const text = 'services:\n  web:\n    port: 3000\n    scale:\n      count: 1-5\n      autoscale:\n        cpu:\n          threshold: 70\n';
    await page.evaluate((t) => window.__playground.editor.setText(t), text);
    await settled(page);
    assert.equal(await page.locator('#resources .res[data-kind="ScaledObject"]').count(), 0, 'no ScaledObject without KEDA');
    await page.click('#rack-panel summary');
    await page.check('#rp-keda_enable');
    await settled(page);
    const c = await contractOf(page);
    sameContract(c, native(text, { params: { efs_csi_driver_enable: 'true', keda_enable: 'true' } }));
    assert.ok(c.resources.some((r) => r.kind === 'ScaledObject'), 'the core renders a ScaledObject with keda_enable=true');
    await page.waitForSelector('#resources .res[data-kind="ScaledObject"]');
    await page.context().close();
  });

  await test('rack profile: router_type=contour replaces the Ingress with HTTPProxy objects', async () => {
    const page = await newPage();
    await open(page, '?example=web');
    await settled(page);
    assert.ok(await page.locator('#resources .res[data-kind="Ingress"]').count() > 0, 'nginx: an Ingress');
    await page.click('#rack-panel summary');
    await page.selectOption('#rp-router_type', 'contour');
    await settled(page);
    const c = await contractOf(page);
    sameContract(c, native(readFileSync(join(ROOT, 'www/examples/web.convox.yml'), 'utf8'), { env: EXAMPLE_ENV.web, params: { router_type: 'contour' } }));
    assert.ok(c.resources.some((r) => r.kind === 'HTTPProxy'), 'the core renders HTTPProxy objects with router_type=contour');
    assert.ok(!c.resources.some((r) => r.kind === 'Ingress'), 'and no Ingress');
    await page.waitForSelector('#resources .res[data-kind="HTTPProxy"]');
    assert.equal(await page.locator('#resources .res[data-kind="Ingress"]').count(), 0);
    await page.context().close();
  });

  await test('?example=<name> opens a built-in example', async () => {
    const page = await newPage();
    for (const name of ['timers', 'volumes']) {
      await open(page, `?example=${name}`);
      const src = readFileSync(join(ROOT, `www/examples/${name}.convox.yml`), 'utf8');
      assert.equal(await editorText(page), src);
      assert.equal(await page.inputValue('#example'), name);
      sameContract(await contractOf(page), native(src, PROFILES[name]));
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
    await shareMenu(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    assert.equal(download.suggestedFilename(), `${c.rack}-${c.app}.yaml`);
    const text = readFileSync(await download.path(), 'utf8');
    const docs = text.split(/^---\n/m).slice(1);
    assert.equal(docs.length, c.resources.filter((r) => r.object).length);
    for (const r of c.resources.filter((x) => x.object)) assert.ok(text.includes(`name: ${r.name}`), r.name);
    assert.equal(text, native(complete, EFS, 'yaml'));
    await page.context().close();
  });

  await test('keyboard alone: tab to a resource and select it with Enter', async () => {
    const page = await newPage();
    await open(page);
    // The first card on screen (the rack-and-app group is collapsed).
    const first = page.locator('#resources .group-body:not([hidden]) .res-head').first();
    if (await first.count()) {
      await first.focus();
      await page.keyboard.press('Enter');
      assert.ok(await page.locator('#resources .group-body:not([hidden]) .res').first().evaluate((e) => e.classList.contains('selected')));
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

  await test('hostile manifest text (XSS payloads) is shown as text in every panel, never run', async () => {
    const page = await newPage();
    await open(page);
    await page.evaluate(() => window.__playground.editor.setText(''));
    await page.click('#env-box > summary'); // folded while empty
    await page.fill('#env', `XSS_ENV=${XSS[0]}\nXSS_Q=${XSS[1]}`);
    await page.fill('#app-name', 'app');
    await page.evaluate((t) => window.__playground.editor.setText(t), XSS_MANIFEST);
    await settled(page);
    const expected = native(XSS_MANIFEST, { app: 'app', env: { XSS_ENV: XSS[0], XSS_Q: XSS[1] }, ...EFS });
    sameContract(await contractOf(page), expected, 'page contract = native contract');
    assert.ok(expected.resources.length > 0 && expected.diagnostics.length > 0, 'the manifest maps, with diagnostics');
    // the payloads are on screen, as text: in diagnostics, card names, labels and commands
    const diagText = await page.textContent('#diagnostics');
    for (const p of XSS) assert.ok(diagText.includes(p.slice(0, 20)), `diagnostics show ${p} as text`);
    assert.ok((await page.textContent('#resources')).includes(XSS[0]), 'cards show the payload as text');
    // every YAML view, revealed
    for (const d of await page.$$('details.yaml')) {
      await d.evaluate((el) => { el.open = true; });
    }
    await page.waitForFunction(() => [...document.querySelectorAll('details.yaml .yaml-body')].every((b) => b.querySelector('pre')));
    for (const b of await page.$$('details.yaml [data-reveal]')) await b.click();
    await page.waitForFunction(() => [...document.querySelectorAll('details.yaml [data-reveal]')].every((b) => b.getAttribute('aria-pressed') === 'true'));
    const yamlText = await page.$$eval('details.yaml pre', (els) => els.map((e) => e.textContent).join('\n'));
    assert.ok(yamlText.includes(XSS[2].slice(0, 20)), 'YAML shows the payload as text');
    // a label chip carrying a payload (in the cards' folds), the filter, the search box
    await page.$$eval('details.more', (els) => els.forEach((el) => { el.open = true; }));
    const chip = page.locator('.chip[data-lv*="onerror"]').first();
    assert.ok(await chip.count(), 'a chip carries a payload label value');
    await chip.click();
    await page.waitForSelector('#filter-terms .term');
    assert.ok((await page.textContent('#filter-terms')).includes('onerror'));
    await page.click('#clear-filter');
    await page.fill('#search', '<img');
    await page.fill('#search', '');
    // quick reference and troubleshooting
    for (const tab of ['reference', 'troubleshooting', 'resources']) {
      await page.click(`.tabs [data-tab="${tab}"]`);
      assert.equal(await page.isVisible(`#tab-${tab}`), true);
    }
    await page.click('.tabs [data-tab="reference"]');
    assert.ok((await page.textContent('#tab-reference')).includes(XSS[2]), 'quick reference shows the payload as text');
    await page.click('.tabs [data-tab="resources"]');
    // diagnostics buttons, copy buttons, share link and Markdown
    await page.locator('#diagnostics button.diag:not([disabled])').first().click();
    await page.locator('#resources .group-body:not([hidden]) [data-copy]').first().click();
    await page.click('#copy-link');
    await page.waitForFunction(() => window.__lastCopied?.includes('#v1/'));
    const link = await page.evaluate(() => window.__lastCopied);
    await shareMenu(page);
    await page.click('#copy-md');
    await page.waitForFunction(() => window.__lastCopied?.startsWith('[Open in playground]('));
    await assertNotPwned(page);
    // the share link opens the same text in a fresh page, as harmlessly
    const fresh = await newPage();
    await fresh.goto(link);
    await fresh.waitForFunction(() => document.body.dataset.ready === 'true');
    assert.equal(await editorText(fresh), XSS_MANIFEST);
    await assertNotPwned(fresh);
    await fresh.context().close();
    await page.context().close();
  });

  await test('secret values stay masked until Reveal; Copy YAML copies what is shown, Download the real file', async () => {
    const page = await newPage();
    await open(page);
    const secret = 'hunter2-plain-secret-value';
    const b64 = Buffer.from(secret).toString('base64');
    await page.click('#env-box > summary'); // folded while empty
    await page.fill('#env', `DB_PASSWORD=${secret}`);
    await page.evaluate((t) => window.__playground.editor.setText(t), SECRET_MANIFEST);
    await settled(page);
    const c = await contractOf(page);
    const envSecret = c.resources.find((r) => r.kind === 'Secret' && r.name === 'env-web');
    assert.ok(envSecret, 'the env Secret is mapped');
    assert.ok(JSON.stringify(envSecret.object).includes(b64), 'the Secret holds the value');
    const details = page.locator(`details.yaml[data-key="${keyOf(envSecret)}"]`);
    await details.locator('summary').click();
    await details.locator('pre').waitFor();
    // open every other YAML view too: no object shows the value
    for (const d of await page.$$('details.yaml:not([open])')) await d.evaluate((el) => { el.open = true; });
    await page.waitForFunction(() => [...document.querySelectorAll('details.yaml .yaml-body')].every((b) => b.querySelector('pre')));
    let text = await page.evaluate(() => document.body.innerText);
    assert.ok(!text.includes(b64) && !text.includes(secret), 'masked before Reveal');
    assert.ok((await details.locator('pre').textContent()).includes('DB_PASSWORD: ••••••'));
    await details.locator('[data-copy-yaml]').click();
    await page.waitForFunction(() => window.__lastCopied?.includes('kind: Secret'));
    let copied = await page.evaluate(() => window.__lastCopied);
    assert.ok(!copied.includes(b64) && copied.includes('••••••'), 'Copy YAML copies the masked view');
    // Reveal: the core's decoded YAML (a Secret's data as readable stringData)
    await details.locator('[data-reveal]').click();
    await page.waitForFunction((v) => document.body.innerText.includes(v), secret);
    let pre = await details.locator('pre').textContent();
    assert.ok(/^stringData:\n( {2}.*\n)*? {2}DB_PASSWORD: hunter2-plain-secret-value$/m.test(pre) && !/^data:/m.test(pre), `decoded after Reveal:\n${pre}`);
    assert.ok(!pre.includes(b64));
    await page.evaluate(() => { window.__lastCopied = ''; });
    await details.locator('[data-copy-yaml]').click();
    await page.waitForFunction(() => window.__lastCopied?.includes('kind: Secret'));
    copied = await page.evaluate(() => window.__lastCopied);
    assert.ok(copied.includes(`DB_PASSWORD: ${secret}`), 'Copy YAML copies the revealed values');
    // Show as applied: the exact object, base64 data
    await details.locator('[data-raw]').click();
    await page.waitForFunction((v) => document.body.innerText.includes(v), b64);
    pre = await details.locator('pre').textContent();
    assert.ok(/^data:$/m.test(pre) && pre.includes(`  DB_PASSWORD: ${b64}`), 'shown as applied');
    assert.equal(`${pre}\n`, native(SECRET_MANIFEST, { env: { DB_PASSWORD: secret }, ...EFS }, 'yaml').split(/^---\n/m).find((d) => /^kind: Secret$/m.test(d) && d.includes('name: env-web')));
    await page.evaluate(() => { window.__lastCopied = ''; });
    await details.locator('[data-copy-yaml]').click();
    await page.waitForFunction(() => window.__lastCopied?.includes('kind: Secret'));
    copied = await page.evaluate(() => window.__lastCopied);
    assert.ok(copied.includes(b64), 'Copy YAML copies the values as shown');
    // Hide again: masked
    await details.locator('[data-reveal]').click();
    await page.waitForFunction(([a, b]) => !document.body.innerText.includes(a) && !document.body.innerText.includes(b), [b64, secret]);
    await shareMenu(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const file = readFileSync(await download.path(), 'utf8');
    assert.ok(file.includes(b64), 'the downloaded file holds the real values');
    assert.equal(file, native(SECRET_MANIFEST, { env: { DB_PASSWORD: secret }, ...EFS }, 'yaml'));
    await page.waitForFunction(() => /real values/.test(document.querySelector('#toast').textContent));
    await page.context().close();
  });

  await test('200 services: an edit patches only the changed cards, in place (every card stays the same element)', async () => {
    const page = await newPage();
    await open(page);
    const big = generated(200);
    await page.evaluate((t) => window.__playground.editor.setText(t), big);
    await settled(page);
    const expected = native(big, EFS);
    assert.equal(await page.textContent('#resource-count'), String(expected.resources.length));
    const shown = await page.locator('#resources .res').count();
    assert.ok(shown > 0 && shown < expected.resources.length, `a page of cards (${shown}), not all ${expected.resources.length}`);
    assert.ok((await page.textContent('#more')).includes(`of ${expected.resources.length}`));
    // tag every card element, edit one service's command, and see which elements were replaced
    await page.evaluate(() => document.querySelectorAll('#resources .res').forEach((e) => { e.__before = true; }));
    // a service with a card on screen (its Ingress): edit its team label
    const service = await page.$eval('#resources .res[data-kind="Ingress"]', (e) => e.dataset.name);
    const line = lineOf(big, `  ${service}:`) + 8;
    assert.match(big.split('\n')[line - 1], /convox.com\/team: team-/);
    const times = [];
    for (let i = 0; i < 12; i++) {
      await moveCursor(page, line, 100);
      await page.keyboard.type(String(i % 10));
      await settled(page);
      times.push(await page.evaluate(() => window.__playground.state.lastMs));
    }
    const text = await editorText(page);
    sameContract(await contractOf(page), native(text, EFS), 'after the edits');
    // The edited service's cards were patched in place: no card element was replaced, and its
    // cards show the label as typed.
    const replaced = await page.$$eval('#resources .res', (els) => els.filter((e) => !e.__before).map((e) => e.dataset.key));
    assert.deepEqual(replaced, [], 'no card element was replaced');
    const typedLabel = `convox.com/team=${text.split('\n')[line - 1].split(': ')[1]}`;
    const chips = await page.$$eval(`#resources .res[data-name="${service}"] .chip[data-lk="convox.com/team"]`, (els) => els.map((e) => e.textContent));
    assert.ok(chips.length >= 3 && chips.every((c) => c === typedLabel), `the edited service's cards show ${typedLabel}: ${chips}`);
    const timings = await page.evaluate(() => window.__playground.state.timings);
    // Unchanged resources come back as keys; those below the edit (a character later in the
    // text) as their key and new source position.
    assert.ok(timings.reused + timings.moved > expected.resources.length * 0.9, `unchanged resources came back as keys (${timings.reused} + ${timings.moved} moved)`);
    assert.ok(timings.moved > 0, 'resources below the edit moved');
    const positions = await page.evaluate(() => window.__playground.state.current.contract.resources.map((r) => [r.key, r.source?.from ?? null, r.source?.to ?? null]));
    const fresh = native(text, EFS);
    const lines = Object.fromEntries(fresh.resources.map((r) => [r.key, r.source?.line ?? null]));
    const shownLines = await page.evaluate(() => Object.fromEntries(window.__playground.state.current.contract.resources.map((r) => [r.key, r.source?.line ?? null])));
    assert.deepEqual(shownLines, lines, 'the page holds every resource\'s current source line');
    // Offsets: each range starts at its key's line and column in the edited text.
    const starts = text.split('\n').reduce((a, l) => (a.push(a.at(-1) + l.length + 1), a), [0]);
    for (const [key, from] of positions) {
      const r = fresh.resources.find((x) => x.key === key);
      if (r.source) assert.equal(from, starts[r.source.line - 1] + r.source.column - 1, `${key} range start`);
    }
    // The kept cards point at the new positions.
    const stale = await page.$$eval('#resources .res', (els) => els.filter((e) => {
      const r = window.__playground.state.current.byKey.get(e.dataset.key);
      const b = e.querySelector('.src');
      return b && Number(b.dataset.from) !== r.source.from;
    }).map((e) => e.dataset.key));
    assert.deepEqual(stale, []);
    // The worker follows every analysis, also one the page never holds (here one asked of the
    // core directly): the core then gives a resource as the same as in that one, which the page
    // never had, and the worker asks the core for it whole. The page holds every resource whole
    // and current.
    const other = await page.$$eval('#resources .res[data-kind="Ingress"]', (els) => els.map((e) => e.dataset.name).find((n) => n !== els[0].dataset.name));
    const otherLine = lineOf(big, `  ${other}:`) + 8;
    const withA = (await editorText(page)).split('\n');
    withA[line - 1] += 'zz';
    await page.evaluate(async (t) => { await window.__playground.core.map(t, window.__playground.options()); }, withA.join('\n'));
    withA[otherLine - 1] += 'yy';
    await page.evaluate((t) => window.__playground.editor.setText(t), withA.join('\n'));
    await settled(page);
    const typed = native(withA.join('\n'), EFS);
    const held = await page.evaluate(() => window.__playground.state.current.contract.resources
      .map((r) => ({ key: r.key, same: 'same' in r, what: [r.name, r.kind, r.labels, r.kubectl, r.notes] })));
    assert.equal(held.length, typed.resources.length);
    for (const [i, h] of held.entries()) {
      const r = typed.resources[i];
      assert.equal(h.key, r.key);
      assert.ok(!h.same, `${h.key} is held whole`);
      assert.deepEqual(h.what, [r.name, r.kind, r.labels, r.kubectl, r.notes], `${h.key} is current`);
    }
    metrics.edit200 = times;
    // "Show more" appends the next page. Pressed from the keyboard: a pointer click at the
    // button's coordinates could miss it on a loaded machine, when cards scrolled into view
    // settle from their estimated height (content-visibility) between the aim and the click.
    await page.focus('#show-more');
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('#resources .res').length > n, shown);
    await page.context().close();
  });

  await test('a big paste goes in by slices: the exact text, one undo, typing meanwhile kept, one analysis', async () => {
    const page = await newPage();
    await open(page);
    const seed = await editorText(page);
    let n = 2000;
    while (generated(n).length < 1.5 * 1024 * 1024) n += 200;
    // CRLF line ends: a slice that cut a "\r\n" in two would add an empty line.
    const big = generated(n).replace(/\n/g, '\r\n');
    const expected = big.replace(/\r\n/g, '\n');
    const paste = (typed) => page.evaluate(([t, typed]) => {
      window.__analyses = 0;
      const p = window.__playground;
      const analyze = p.core.map;
      p.core.map = (...a) => { window.__analyses++; return analyze(...a); };
      const v = p.editor.view;
      v.focus();
      v.dispatch({ selection: { anchor: 0, head: v.state.doc.length } });
      const dt = new DataTransfer();
      dt.setData('text/plain', t);
      v.contentDOM.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      const first = v.state.doc.length;
      // Typed between the first slice and the rest: at the top, before the pasted text.
      if (typed) v.dispatch({ changes: { from: 0, insert: typed }, userEvent: 'input.type' });
      return first;
    }, [big, typed]);
    const done = (length) => page.waitForFunction((n) => window.__playground.editor.length() === n, length);

    const first = await paste('');
    assert.ok(first < expected.length / 2, `the first slice (${first} of ${expected.length} characters) is only a part`);
    await done(expected.length);
    assert.ok((await editorText(page)) === expected, 'the editor holds the pasted text, line ends normalised');
    await settled(page);
    assert.equal(await page.evaluate(() => window.__analyses), 1, 'one analysis for the whole paste');
    assert.equal(await page.evaluate(() => window.__playground.state.current.source.length), expected.length);
    await page.keyboard.press('Control+z');
    assert.ok((await editorText(page)) === seed, 'one undo takes the whole paste back');

    await paste('# typed meanwhile\n');
    await done(expected.length + 18);
    assert.ok((await editorText(page)) === `# typed meanwhile\n${expected}`, 'the rest of the paste went after what was typed');
    await page.context().close();
  });

  await test('pasting a 5 MB manifest keeps the editor responsive; only the latest edit renders', async () => {
    const page = await newPage();
    await open(page);
    let n = 18000;
    while (generated(n).length < 5 * 1024 * 1024) n += 500;
    const huge = generated(n);
    await page.evaluate((t) => { window.__huge = t; }, huge);
    await page.evaluate(() => { window.__longTasks = []; });
    // The same probe on the idle page: the floor this machine gives right now (CI runners are shared).
    const lag = () => page.evaluate(() => new Promise((res) => { const s = performance.now(); setTimeout(() => res(performance.now() - s), 0); }));
    const idle = [];
    for (let i = 0; i < 8; i++) { idle.push(await lag()); await page.waitForTimeout(50); }
    await page.evaluate(() => {
      const v = window.__playground.editor.view;
      v.focus();
      v.dispatch({ selection: { anchor: 0, head: v.state.doc.length } });
      const dt = new DataTransfer();
      dt.setData('text/plain', window.__huge);
      v.contentDOM.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    // The editor takes a big paste a slice per task (www/src/editor.js).
    await page.waitForFunction((n) => window.__playground.editor.length() === n, huge.length);
    // While the worker maps, the page answers at once, and typing lands in the editor.
    const lags = [];
    for (let i = 0; i < 8; i++) {
      lags.push(await lag());
      await page.waitForTimeout(150);
    }
    await page.waitForSelector('#busy:not([hidden])');
    const workers = () => server.served.filter((f) => f.path.endsWith('/worker.js')).length;
    const workersBefore = workers();
    await moveCursor(page, 1, 1);
    const t0 = Date.now();
    await page.keyboard.insertText('# edited while mapping\n');
    const typed = Date.now() - t0;
    assert.ok((await editorText(page)).startsWith('# edited while mapping\nenvironment:'), 'the keystrokes are in the editor');
    await page.waitForFunction(() => {
      const p = window.__playground;
      return p.state.current && p.state.current.source.length > 4e6 && p.state.rendered === p.state.current.id;
    }, null, { timeout: 600000, polling: 500 });
    const p = await page.evaluate(() => ({ source: window.__playground.state.current.source.slice(0, 40), total: window.__playground.state.current.contract.total, held: window.__playground.state.current.contract.resources.length }));
    assert.ok(p.source.startsWith('# edited while mapping'), 'the result shown is the latest edit\'s');
    assert.equal(workers(), workersBefore + 1, 'the superseded 5 MB request was abandoned: one new worker');
    assert.ok(p.total > 100000 && p.held < p.total, `${p.total} resources, ${p.held} held by the page`);
    assert.ok(await page.locator('#resources .res').count() <= 200, 'the DOM holds a page of cards');
    assert.ok((await page.textContent('#more')).includes(`of ${p.total} resources`));
    // A capped result holds the first groups whole, not a slice of every group.
    const groups = await page.evaluate(() => {
      const c = window.__playground.state.current.contract;
      const held = new Set(c.resources.map((r) => r.key));
      return { count: c.groups.length, whole: c.groups.every((g) => g.keys.every((k) => held.has(k))) };
    });
    assert.ok(groups.whole && groups.count > 0 && groups.count < 2000, `the first groups, whole: ${JSON.stringify(groups)}`);
    metrics.paste = { idle, lags, typed, longTasks: await page.evaluate(() => window.__longTasks) };
    // Mapping 5 MB on the main thread would block it for seconds on every sample; a busy machine
    // gives the odd slow sample, so: most samples are quick, and none is far above the idle floor.
    const quick = lags.filter((l) => l < 100).length;
    const bound = Math.max(200, 4 * Math.max(...idle));
    assert.ok(quick >= 6 && Math.max(...lags) < bound,
      `the event loop answered while mapping: ${quick}/8 samples under 100 ms, max under ${Math.round(bound)} ms (${lags.map(Math.round)}; idle ${idle.map(Math.round)})`);
    await page.context().close();
  });

  await refuseTests({ test, newPage, open, settled, contractOf, native, EFS, complete, shareMenu });
  await authoringTests({ test, newPage, open, settled, editorText, assert, server, cli: CLI });
  await whynotTests({ test, newPage, open, settled, native, editorText });
  await compareTests({ test, newPage, open, settled, cli: CLI });
  await driftTests({ test, newPage, open, settled, cli: CLI, server, ROOT });
  await versionTests({ test, newPage, open, settled, native, contractOf, cli: CLI });
  await topologyTests({ test, newPage, open, settled });
  await leanTests({ test, newPage, settled, server, metrics });
  await provenanceTests({ test, newPage, open, settled, ARTIFACTS });
  await pageTests({ test, newPage, open, settled, native, moveCursor, lineOf, editorText, contractOf, resourceKeys, server, ARTIFACTS, ROOT, complete, EFS, metrics, shareMenu });
  await wysiwygTests({ test, newPage, open, settled, native, editorText, contractOf, generated, moveCursor, cli: CLI, server, complete, EFS });
  await cspSweep({ test, newPage, open, settled, moveCursor });

  await test('zero requests leave the page origin (the page and its worker)', async () => {
    assert.ok(server.served.some((f) => f.path.endsWith('/worker.js')), 'the worker was loaded');
    // The wasm is fetched by the worker only: seeing it proves the worker's requests are checked.
    assert.ok(requested.some((u) => u.endsWith('_bg.wasm')), 'the worker\'s requests are observed');
    assert.deepEqual(offOrigin, []);
  });

  await test('no CSP violation, console error or page error in any test', async () => {
    assert.deepEqual(consoleErrors, []);
  });

  await browser.close();
  await server.close();

  // ---- measurements ----
  // The first build (convox-k8s-web, the first result's) and the second (convox-k8s-extras).
  for (const wasm of readdirSync(DIST).filter((f) => f.endsWith('.wasm')).sort().reverse()) {
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
  const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)].toFixed(1);
  if (metrics.slowFirstResultMs != null) console.log(`navigation → first result on a slow network (1.6 Mbit/s, 150 ms; second wasm held back): ${metrics.slowFirstResultMs.toFixed(0)} ms`);
  if (metrics.editSeed) console.log(`edit → DOM, seed example (${metrics.editSeed.length} edits): p50 ${pct(metrics.editSeed, 0.5)} ms, p95 ${pct(metrics.editSeed, 0.95)} ms`);
  if (metrics.edit200) console.log(`edit → DOM, 200 services (${metrics.edit200.length} edits): p50 ${pct(metrics.edit200, 0.5)} ms, p95 ${pct(metrics.edit200, 0.95)} ms`);
  if (metrics.paste) {
    const lt = metrics.paste.longTasks;
    console.log(`5 MB paste: keystroke while mapping ${metrics.paste.typed} ms; setTimeout(0) lag max ${Math.max(...metrics.paste.lags).toFixed(0)} ms; long tasks ${lt.length}, longest ${Math.max(0, ...lt)} ms (${lt.join(", ")})`);
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
