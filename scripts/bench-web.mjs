// The browser benchmark: serves the release build (dist/) on 127.0.0.1, drives Debian's
// /usr/bin/chromium with playwright-core and measures what a person feels:
//   (a) navigation → first rendered result, (b) keystroke → updated output DOM, (c) the wasm `map`
//   call alone, (d) the first load's bytes (raw and gzip -9) by kind, (e) main-thread long tasks
//   while a 5 MB manifest is pasted and typed into.
// Absolute times vary ~1.5× between machines of the same kind (and with the load of a shared one),
// so each time also gets a floor measured on the same run, and the targets are ratios to it:
//   (a) the time to a painted page without the core (the wasm request never answers: the page,
//       its editor and the example's text painted), (b) the same keystrokes with mapping switched
//       off (`window.__playground.core.map` answers null at once: the editor's own work and the
//       browser's frame, keystroke → the frame showing the key in the editor).
// Everything is observed from outside the page's implementation (keyboard input, a synthetic paste
// event, MutationObserver/PerformanceObserver installed before the page's scripts run), so the
// numbers stay comparable when mapping moves to a Web Worker or the rendering changes.
//
//   node scripts/bench-web.mjs [--no-build] [--build] [--json] [--check] [--dist DIR]
//                              [--loads N] [--edits N] [--calls N] [--paste-mb N] [--paste-timeout S] [--no-paste]
//                              [--only abcde]   (a subset of the parts above, e.g. --only be)
//   npm run bench:web -- --no-build
//
// Prints a short table (stdout; stderr with --json, where stdout is the JSON summary), always
// writes target/bench-web.json, and, when every part ran, replaces the browser section of
// benches/RESULTS.md (date, machine, results, targets; `cargo bench --bench map` keeps the native
// one). Report-only unless --check: then exits 1 when a target is missed.
import { chromium } from 'playwright-core';
import { spawnSync, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { homedir, cpus, loadavg, release, type } from 'node:os';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// ---- arguments -------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
function num(name, dflt) {
  const i = argv.indexOf(name);
  if (i < 0) return dflt;
  const v = Number(argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} needs a positive number`);
  return v;
}
const VALUED = ['--dist', '--loads', '--edits', '--calls', '--paste-mb', '--paste-timeout', '--only'];
const known = new Set(['--no-build', '--build', '--json', '--check', '--no-paste', ...VALUED]);
for (let i = 0; i < argv.length; i++) {
  if (!known.has(argv[i])) throw new Error(`unknown argument ${argv[i]} (see the header of scripts/bench-web.mjs)`);
  if (VALUED.includes(argv[i])) i++;
}
const JSON_OUT = flag('--json');
const CHECK = flag('--check');
const DIST = resolve(ROOT, argv.includes('--dist') ? argv[argv.indexOf('--dist') + 1] : 'dist');
const LOADS = Math.max(5, num('--loads', 7));
const EDITS = Math.max(50, num('--edits', 60));
const CALLS = Math.max(50, num('--calls', 60));
const PASTE_MB = num('--paste-mb', 5);
const PASTE_TIMEOUT = num('--paste-timeout', 180);
const WARMUP = 5;
// Which parts to run: a (first result), b (edits), c (map calls), d (bytes), e (paste); all by default.
const ONLY = new Set((argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : 'abcde').replace(/[^a-e]/g, ''));
if (flag('--no-paste')) ONLY.delete('e');

// Progress goes to stderr so `--json` keeps stdout machine-readable.
const log = (...a) => console.error(...a);
const table = (s) => (JSON_OUT ? console.error(s) : console.log(s));

// Targets. `value` is filled in at the end. Times are ratios to the floor measured on the same
// run (unit 'x'); the absolute times are reported beside them.
const TARGETS = [
  { id: 'edit-dom-p95-seed', what: 'keystroke → output DOM p95 / floor p95, seed example', limit: 1.3, unit: 'x' },
  { id: 'edit-dom-p95-200', what: 'keystroke → output DOM p95 / floor p95, 200 services', limit: 2, unit: 'x' },
  { id: 'first-load-gzip', what: 'first load, gzip -9, all files', limit: 400 * 1024, unit: 'B' },
  { id: 'wasm-gzip', what: 'wasm, gzip -9', limit: 250 * 1024, unit: 'B' },
  { id: 'first-result', what: 'first result median / painted page without the core', limit: 1.5, unit: 'x' },
  { id: 'paste-longest-task', what: `longest main-thread task, ${PASTE_MB} MB paste + typing`, limit: 50, unit: 'ms' },
  { id: 'paste-result', what: `${PASTE_MB} MB paste → result on screen`, limit: 10_000, unit: 'ms' },
];

// ---- inputs ----------------------------------------------------------------------------------
// Keep in sync with `generated` and `letters` in benches/common/mod.rs (the native `cargo bench`
// inputs): the same text byte for byte, so both benchmarks measure the same 200-service manifest.
function letters(i) {
  let out = '';
  do {
    out = String.fromCharCode(97 + (i % 26)) + out;
    i = Math.floor(i / 26);
  } while (i !== 0);
  return out;
}
function generated(n) {
  let s = 'environment:\n  - RAILS_ENV=production\nresources:\n';
  for (let r = 0; r < Math.ceil(n / 10); r++) s += `  db-${letters(r)}:\n    type: postgres\n`;
  s += 'services:\n';
  const parts = [];
  for (let i = 0; i < n; i++) {
    parts.push(`  svc-${letters(i)}:\n    build: .\n    port: 3000\n    command: bin/run ${i}\n    health: /health\n    `
      + `environment:\n      - QUEUE=q${i}\n    labels:\n      convox.com/team: team-${i % 7}\n    `
      + `scale:\n      count: 1-${2 + (i % 5)}\n      cpu: 250\n      memory: 512\n    resources:\n      - db-${letters(Math.floor(i / 10))}\n`);
  }
  s += parts.join('');
  s += 'timers:\n';
  for (let i = 0; i < n; i += 10) {
    s += `  tick-${letters(i)}:\n    command: bin/tick\n    schedule: "*/5 * * * *"\n    service: svc-${letters(i)}\n`;
  }
  return s;
}

// Each edit replaces the last letter of one label value (a keystroke over a one-letter
// selection); the value is this prefix plus that letter, a token no other text on the page has.
const TOKEN = 'benchtok';
const SEED = readFileSync(join(ROOT, 'www/examples/complete.convox.yml'), 'utf8');
const INPUTS = {
  seed: { title: 'complete example', text: swapLabel(SEED, 'convox.com/team: platform') },
  services200: { title: '200 services', text: swapLabel(generated(200), 'convox.com/team: team-0') },
};
function swapLabel(text, line) {
  if (!text.includes(line)) throw new Error(`input has no line "${line}": update bench-web.mjs`);
  return text.replace(line, `convox.com/team: ${TOKEN}a`); // the first occurrence only
}
// A resource name the core generates for the complete example (the input only says `database`): its
// appearance outside the editor means the mapped result is on screen.
const FIRST_RESULT_TOKEN = 'resource-database';

/**
 * A valid manifest of about `mb` MB: `generated(n)` with its services first, led by one more
 * service whose label line is the text's sixth line: the keys typed after the paste go there.
 * That service's Ingress comes third in the rack's apply order (after the two Namespaces), so
 * the label shows near the top of the output even if the page shows only a prefix of a huge one.
 */
const PASTE_TOKEN = 'bigpaste';
const PASTE_LINE = 6;
function bigManifest(mb) {
  const per = generated(1000).length / 1000;
  const n = Math.max(10, Math.round((mb * 1e6) / per));
  const g = generated(n);
  const services = g.indexOf('services:\n');
  const text = `services:\n  svc-first:\n    build: .\n    port: 3000\n    labels:\n      convox.com/team: ${PASTE_TOKEN}\n`
    + `${g.slice(services + 'services:\n'.length)}${g.slice(0, services)}`;
  return { services: n + 1, text };
}

// ---- build and serve -------------------------------------------------------------------------
function build() {
  const PATH = [join(ROOT, 'node_modules/.bin'), join(process.env.CARGO_HOME || join(homedir(), '.cargo'), 'bin'), process.env.PATH].join(':');
  log(`building ${relative(ROOT, DIST) || DIST}: trunk build --release --offline`);
  const args = ['build', '--release', '--offline'];
  if (relative(ROOT, DIST) !== 'dist') args.push('--dist', DIST);
  const r = spawnSync('trunk', args, { cwd: ROOT, stdio: ['ignore', 2, 2], env: { ...process.env, PATH } });
  if (r.status !== 0) throw new Error(`trunk build failed (${r.status ?? r.error})`);
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json',
  '.yml': 'text/yaml; charset=utf-8', '.yaml': 'text/yaml; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
};

// Our own static server rather than tests/e2e/server.mjs: that one gzips every response when it
// is requested (~35 ms for the wasm on this machine), which would land in the first-result time.
// Here every file is read and gzip -9'd once at start, like a host serving precompressed files.
async function serveDist(root) {
  const files = new Map();
  for (const f of walk(root)) {
    const body = readFileSync(f);
    files.set('/' + relative(root, f).split(sep).join('/'), { body, gzip: gzipSync(body, { level: 9 }), type: TYPES[extname(f)] || 'application/octet-stream' });
  }
  const log = []; // every request: {path, t, raw, gzip, status}
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const f = files.get(path.endsWith('/') ? `${path}index.html` : path);
    if (!f) {
      log.push({ path, t: Date.now(), status: 404 });
      res.writeHead(404).end('not found');
      return;
    }
    log.push({ path, t: Date.now(), status: 200, raw: f.body.length, gzip: f.gzip.length, type: f.type });
    const gz = /\bgzip\b/.test(req.headers['accept-encoding'] || '');
    res.writeHead(200, { 'content-type': f.type, 'cache-control': 'no-store', ...(gz ? { 'content-encoding': 'gzip' } : {}) });
    res.end(gz ? f.gzip : f.body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/`;
  return { url, files, log, close: () => new Promise((r) => server.close(r)) };
}

// ---- in-page instrumentation -----------------------------------------------------------------
// Installed before any page script runs (addInitScript). Owns window.__bench only.
function instrument({ firstToken }) {
  const B = (window.__bench = { longtasks: [], lastOutsideMutation: 0, inFrame: false });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    B.longtaskSupported = true;
  } catch {
    B.longtaskSupported = false;
  }
  // "After this frame is rendered": a task posted while a frame is being produced runs after its
  // style, layout and paint. B.inFrame is true from the first rAF callback of a frame until then.
  const post = (fn) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = fn;
    ch.port2.postMessage(0);
  };
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) => raf((ts) => {
    if (!B.inFrame) {
      B.inFrame = true;
      post(() => (B.inFrame = false));
    }
    cb(ts);
  });
  /** Calls `fn(time)` once the frame holding the current DOM state has been rendered. */
  B.afterFrame = (fn) => (B.inFrame ? post(() => fn(performance.now())) : raf(() => post(() => fn(performance.now()))));

  // Text of a DOM node outside the editor (and outside the example picker and inputs), i.e. text
  // the output shows.
  const SKIP = '.cm-editor, script, style, noscript, textarea, select, template';
  const outside = (n) => {
    const el = n.nodeType === 1 ? n : n.parentElement;
    return !!el && !el.closest(SKIP);
  };
  function textOf(n) {
    if (n.nodeType === 3) return n.data;
    if (n.nodeType !== 1) return '';
    if (!n.querySelector(SKIP)) return n.textContent;
    let s = '';
    const w = document.createTreeWalker(n, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: (x) => (x.nodeType === 1 && x.matches(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    for (let x = w.nextNode(); x; x = w.nextNode()) if (x.nodeType === 3) s += x.data;
    return s;
  }
  const watchers = new Set(); // {token, resolve}
  const editorWatchers = new Set(); // {token, resolve}: text shown in the editor
  const observer = new MutationObserver((records) => {
    const now = performance.now();
    let any = false;
    for (const r of records) {
      if (!outside(r.target)) continue;
      any = true;
      if (!watchers.size) continue;
      const texts = r.type === 'characterData' ? [r.target.data] : [...r.addedNodes].filter(outside).map(textOf);
      for (const w of [...watchers]) {
        if (texts.some((t) => t.includes(w.token))) {
          watchers.delete(w);
          w.resolve(now);
        }
      }
    }
    if (any) B.lastOutsideMutation = now;
    if (editorWatchers.size && records.some((r) => !outside(r.target))) {
      const text = B.editor()?.textContent ?? '';
      for (const w of [...editorWatchers]) {
        if (text.includes(w.token)) {
          editorWatchers.delete(w);
          w.resolve(now);
        }
      }
    }
  });
  const OPTS = { childList: true, subtree: true, characterData: true };
  observer.observe(document, OPTS);
  // The page may mount its editor in a shadow root (its mutations do not reach the document's
  // observer): observe every shadow root too.
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    observer.observe(root, OPTS);
    return root;
  };
  /** Whether text outside the editor shows `token` now. */
  B.shown = (token) => textOf(document.body).includes(token);
  /** Resolves with the time `token` first appears in text added outside the editor. */
  B.watch = (token) => new Promise((resolve) => watchers.add({ token, resolve }));
  /** Resolves with the time the editor first shows `token`. */
  B.watchEditor = (token) => new Promise((resolve) => {
    if ((B.editor()?.textContent ?? '').includes(token)) resolve(performance.now());
    else editorWatchers.add({ token, resolve });
  });
  /** The painted page without the core: the editor shows the example's first line (→ that frame). */
  B.painted = (token) => B.watchEditor(token).then((dom) => new Promise((res) => B.afterFrame((frame) => res({ dom, frame }))));

  // The first rendered result: time from navigation start (performance.now()'s origin).
  B.first = B.watch(firstToken).then((dom) => new Promise((res) => B.afterFrame((frame) => res({ dom, frame }))));

  // Keystrokes: the capture listener on window runs before the editor's own handlers.
  addEventListener('keydown', (e) => {
    const now = performance.now();
    if (B.armed && B.armed.t0 == null) B.armed.t0 = now;
  }, true);

  /**
   * Arms the next keystroke's measurement: keydown → `token` in the output DOM (→ that frame);
   * with `inEditor`, keydown → `token` in the editor (the floor, mapping off).
   */
  B.arm = (token, timeoutMs, inEditor = false) => {
    const armed = (B.armed = { t0: null });
    const seen = (inEditor ? B.watchEditor(token) : B.watch(token)).then((dom) => new Promise((res) => B.afterFrame((frame) => res({ dom, frame }))));
    B.pending = Promise.race([seen, new Promise((res) => setTimeout(() => res(null), timeoutMs))]).then((r) => {
      if (B.armed === armed) B.armed = null;
      if (!r || armed.t0 == null) return { timeout: true };
      return { dom: r.dom - armed.t0, frame: r.frame - armed.t0 };
    });
  };

  /** The editor's content element (the page may mount the editor in an open shadow root). */
  B.editor = () => {
    const find = (root) => {
      const hit = root.querySelector('.cm-content');
      if (hit) return hit;
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) {
        const inner = find(el.shadowRoot);
        if (inner) return inner;
      }
      return null;
    };
    return find(document);
  };
  /** The editor's rendered text (CodeMirror renders the lines around the viewport only). */
  B.editorText = () => B.editor()?.textContent ?? '';
  /** Pastes `text` into the editor as the browser would: one `paste` event with clipboard data. */
  B.paste = (text) => {
    const el = B.editor();
    if (!el) throw new Error('no .cm-content editor on the page');
    el.focus();
    const dt = new DataTransfer();
    dt.setData('text/plain', text);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true, composed: true }));
  };
}

// ---- helpers ---------------------------------------------------------------------------------
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => (s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] : null);
  const r1 = (x) => (x == null ? null : Math.round(x * 10) / 10);
  return { n: s.length, p50: r1(q(0.5)), p95: r1(q(0.95)), min: r1(s[0]), max: r1(s.at(-1)), mean: r1(s.reduce((a, b) => a + b, 0) / (s.length || 1)) };
}
const median = (xs) => stats(xs).p50;
const ratio = (a, b) => (a == null || !b ? null : Math.round((a / b) * 100) / 100);
const kb = (b) => (b == null ? '—' : `${(b / 1024).toFixed(1)} KB`);
const ms = (x) => (x == null ? '—' : `${x} ms`);

let browser;
let server;
async function newPage() {
  // A new context per page: empty HTTP cache, storage and code cache — a first visit.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(instrument, { firstToken: FIRST_RESULT_TOKEN });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('crash', () => page.errors.push('page crashed'));
  return page;
}
async function openSeed(page) {
  await page.goto(`${server.url}?example=complete`);
  const first = await page.evaluate((ms) => Promise.race([window.__bench.first, new Promise((r) => setTimeout(() => r(null), ms))]), 30000);
  if (!first) throw new Error(`the complete example's output (${FIRST_RESULT_TOKEN}) never showed: update bench-web.mjs`);
  return first;
}

/** Replaces the whole editor text with `text` via select-all and one paste event. */
async function pasteAll(page, text) {
  await page.click('.cm-content');
  await page.keyboard.press('Control+A');
  await page.evaluate((t) => window.__bench.paste(t), text);
  // The view is at the end of the pasted text now: its last line must be on screen.
  const lastLine = text.trimEnd().split('\n').at(-1).trim();
  await page.waitForFunction((l) => window.__bench.editorText().includes(l), lastLine, { timeout: 30000 });
}

/** Puts the cursor at the end of the first editor line containing `needle`. */
async function cursorAtEndOf(page, needle) {
  await page.keyboard.press('Control+Home');
  const line = page.locator('.cm-content .cm-line', { hasText: needle }).first();
  await line.waitFor({ timeout: 5000 });
  await line.click();
  await page.keyboard.press('End');
}

// ---- (a) navigation → first result -----------------------------------------------------------
// The floor: the same navigation with the wasm request left unanswered, to the frame that shows
// the seed's first line in the editor (the page painted, without the core).
const SEED_FIRST_LINE = SEED.split('\n').find((l) => l.trim());
async function paintedWithoutCore() {
  const runs = [];
  for (let i = 0; i < LOADS; i++) {
    const page = await newPage();
    await page.route(/\.wasm$/, () => {}); // never answered
    await page.goto(`${server.url}?example=complete`);
    const r = await page.evaluate(([t, ms]) => Promise.race([window.__bench.painted(t), new Promise((res) => setTimeout(() => res(null), ms))]), [SEED_FIRST_LINE, 30000]);
    if (!r) throw new Error(`the editor never showed "${SEED_FIRST_LINE}": update bench-web.mjs`);
    runs.push(r);
    log(`  load ${i + 1}/${LOADS} without the core: painted ${r.dom.toFixed(1)} ms (frame ${r.frame.toFixed(1)} ms)`);
    await page.context().close();
  }
  return { dom: stats(runs.map((r) => r.dom)), frame: stats(runs.map((r) => r.frame)) };
}

async function firstResult() {
  const floor = await paintedWithoutCore();
  const runs = [];
  for (let i = 0; i < LOADS; i++) {
    const page = await newPage();
    const r = await openSeed(page);
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0];
      return { domContentLoaded: n?.domContentLoadedEventEnd, load: n?.loadEventEnd };
    });
    runs.push({ dom: r.dom, frame: r.frame, ...nav });
    log(`  load ${i + 1}/${LOADS}: first result ${r.dom.toFixed(1)} ms (frame ${r.frame.toFixed(1)} ms)`);
    await page.context().close();
  }
  return {
    runs: runs.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v == null ? null : Math.round(v * 10) / 10]))),
    dom: stats(runs.map((r) => r.dom)),
    frame: stats(runs.map((r) => r.frame)),
    domContentLoaded: median(runs.map((r) => r.domContentLoaded)),
    load: median(runs.map((r) => r.load)),
    floor,
    // First result (→ its frame) over the painted page without the core (→ its frame), medians.
    ratio: ratio(stats(runs.map((r) => r.frame)).p50, floor.frame.p50),
  };
}

// ---- (b) keystroke → output DOM --------------------------------------------------------------
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
/**
 * Keystroke → DOM for input `name`. With `floor`, mapping is switched off once the input is
 * loaded (the page's worker client answers null at once), and each keystroke is timed to the
 * editor showing it: the editor's own work and the browser's frame.
 */
async function edits(name, { floor = false } = {}) {
  const { text } = INPUTS[name];
  const page = await newPage();
  await openSeed(page);
  const loaded = page.evaluate((t) => window.__bench.watch(t), `${TOKEN}a`);
  await pasteAll(page, text);
  await Promise.race([loaded, sleep(30000).then(() => { throw new Error(`${name}: the pasted input never rendered ${TOKEN}a`); })]);
  await cursorAtEndOf(page, `convox.com/team: ${TOKEN}a`);
  if (floor) {
    await page.evaluate(() => {
      const core = window.__playground?.core;
      if (!core) throw new Error('no window.__playground.core to switch mapping off');
      core.map = async () => null;
    });
  }
  const dom = [];
  const frame = [];
  let timeouts = 0;
  let last = 'a';
  for (let i = 0; i < WARMUP + EDITS; i++) {
    const next = ALPHABET[(ALPHABET.indexOf(last) + 1) % ALPHABET.length];
    await page.keyboard.press('Shift+ArrowLeft');
    await page.evaluate(([t, inEditor]) => window.__bench.arm(t, 10000, inEditor), [TOKEN + next, floor]);
    await page.keyboard.press(next);
    const r = await page.evaluate(() => window.__bench.pending);
    last = next;
    if (i < WARMUP) continue;
    if (r.timeout) timeouts++;
    else {
      dom.push(r.dom);
      frame.push(r.frame);
    }
    // A random pause, so keystrokes land at every phase of the display's frame clock.
    await sleep(20 + Math.random() * 17);
  }
  // Every keystroke replaced exactly one letter: the editor holds the last token, nothing more.
  const check = await page.evaluate((l) => [...window.__bench.editor().querySelectorAll('.cm-line')].some((x) => x.textContent.trim() === l), `convox.com/team: ${TOKEN}${last}`);
  if (!check) throw new Error(`${name}: the editor does not hold the label as typed (${TOKEN}${last})`);
  const errors = page.errors;
  await page.context().close();
  const out = { input: INPUTS[name].title, floor, bytes: Buffer.byteLength(text), edits: EDITS, timeouts, dom: stats(dom), frame: stats(frame), pageErrors: errors };
  log(`  ${name}${floor ? ' (floor: mapping off, → editor)' : ''}: keystroke → DOM p50 ${out.dom.p50} ms, p95 ${out.dom.p95} ms (→ frame p95 ${out.frame.p95} ms), ${timeouts} timeouts`);
  return out;
}

/** Keystroke → output DOM, and its floor on the same run; the ratios of their p95s. */
async function editsWithFloor(name) {
  const floor = await edits(name, { floor: true });
  const out = await edits(name);
  out.floorRun = floor;
  // Output DOM updated / the frame showing the key in the editor (mapping off); frame / frame.
  out.ratio = { dom: ratio(out.dom.p95, floor.frame.p95), frame: ratio(out.frame.p95, floor.frame.p95) };
  return out;
}

// ---- (c) the wasm map call alone -------------------------------------------------------------
/** The wasm-bindgen glue in dist/ that exports `map` (for when the page keeps no global). */
function findGlue() {
  for (const f of walk(DIST).filter((p) => p.endsWith('.js'))) {
    const src = readFileSync(f, 'utf8');
    // As wasm-bindgen writes it, or minified (www/minify.mjs): `export{… as default,… as map,…}`.
    const exportsMap = /export function map\(/.test(src) || /export\s*\{[^}]*\bas map\b/.test(src);
    const exportsInit = /export default __wbg_init|__wbg_init as default|export\s*\{[^}]*\bas default\b/.test(src);
    if (exportsMap && exportsInit) {
      const wasm = f.replace(/\.js$/, '_bg.wasm');
      return { js: relative(DIST, f).split(sep).join('/'), wasm: existsSync(wasm) ? relative(DIST, wasm).split(sep).join('/') : null };
    }
  }
  return null;
}

async function mapCalls() {
  const page = await newPage();
  await openSeed(page);
  const glue = findGlue();
  const out = {};
  for (const name of Object.keys(INPUTS)) {
    const r = await page.evaluate(async ({ source, calls, warmup, glue }) => {
      let map = window.wasmBindings && window.wasmBindings.map;
      let via = 'window.wasmBindings.map';
      if (typeof map !== 'function') {
        if (!glue) throw new Error('no window.wasmBindings and no wasm-bindgen glue found in dist/');
        const m = await import(new URL(glue.js, location.href).href);
        await m.default(glue.wasm ? { module_or_path: new URL(glue.wasm, location.href).href } : undefined);
        map = m.map;
        via = `import('${glue.js}').map`;
      }
      const options = { env: {} };
      let resources = 0;
      for (let i = 0; i < warmup; i++) resources = map(source, options).resources.length;
      const times = [];
      for (let i = 0; i < calls; i++) {
        const t0 = performance.now();
        map(source, options);
        times.push(performance.now() - t0);
      }
      return { times, via, resources };
    }, { source: INPUTS[name].text, calls: CALLS, warmup: WARMUP, glue });
    out[name] = { input: INPUTS[name].title, via: r.via, resources: r.resources, calls: CALLS, ms: stats(r.times) };
    log(`  ${name}: map p50 ${out[name].ms.p50} ms, p95 ${out[name].ms.p95} ms (${r.resources} resources, via ${r.via})`);
  }
  await page.context().close();
  return out;
}

// ---- (d) first-load bytes --------------------------------------------------------------------
function kindOf(path, type = '') {
  if (type.includes('wasm') || path.endsWith('.wasm')) return 'wasm';
  if (type.includes('javascript') || /\.m?js$/.test(path)) return 'js';
  if (type.includes('css') || path.endsWith('.css')) return 'css';
  if (type.includes('html') || path.endsWith('.html') || path.endsWith('/')) return 'html';
  return 'other';
}
async function firstLoad() {
  const page = await newPage();
  const responses = [];
  page.on('response', (r) => responses.push(r));
  const from = server.log.length;
  await openSeed(page);
  // The first result's time on this machine's clock (the server logs Date.now()); the page marks
  // it once the result is drawn.
  await page.waitForFunction(() => performance.getEntriesByName('convox-first-result').length > 0);
  const firstAt = await page.evaluate(() => performance.timeOrigin + performance.getEntriesByName('convox-first-result')[0].startTime);
  await page.waitForLoadState('networkidle');
  await sleep(500);
  // What the server sent (covers workers and fetches too) and what the page saw, by path. The
  // first load is what was asked for before the first result was on screen; what came after
  // (the second wasm build, fetched once the first result is out) is listed apart.
  const served = server.log.slice(from).filter((e) => e.status === 200);
  const seenByPage = new Set(responses.map((r) => new URL(r.url()).pathname));
  const all = served.map((e) => ({ path: e.path, kind: kindOf(e.path, e.type), raw: e.raw, gzip: e.gzip, seenByPage: seenByPage.has(e.path), afterFirstResult: e.t > firstAt }));
  const files = all.filter((f) => !f.afterFirstResult);
  const later = all.filter((f) => f.afterFirstResult);
  // Anything the page got that this server did not send (data:, blob:, another origin) is listed.
  const foreign = responses.map((r) => r.url()).filter((u) => !u.startsWith(server.url));
  await page.context().close();
  const byKind = {};
  for (const k of ['wasm', 'js', 'css', 'html', 'other']) {
    const fs = files.filter((f) => f.kind === k);
    byKind[k] = { files: fs.length, raw: fs.reduce((a, f) => a + f.raw, 0), gzip: fs.reduce((a, f) => a + f.gzip, 0) };
  }
  const total = { files: files.length, raw: files.reduce((a, f) => a + f.raw, 0), gzip: files.reduce((a, f) => a + f.gzip, 0) };
  const after = { files: later.length, raw: later.reduce((a, f) => a + f.raw, 0), gzip: later.reduce((a, f) => a + f.gzip, 0), paths: later.map((f) => f.path) };
  log(`  first load: ${files.length} files, ${kb(total.raw)} raw, ${kb(total.gzip)} gzip; after the first result ${after.files} files, ${kb(after.gzip)} gzip`);
  return { files, byKind, total, after, foreign };
}

// ---- (e) long tasks during a big paste -------------------------------------------------------
// Bounded in time: the page is given PASTE_TIMEOUT seconds to show the latest edit's result and
// go quiet. A main thread still blocked then has reported no long-task entry (one is reported
// when the task ends), so the blocked time seen from outside (no answer to page.evaluate since)
// counts as a task of at least that length. A responsive page that has not shown the result
// yet (a worker still mapping) is measured over the observed window only.
async function paste() {
  const big = bigManifest(PASTE_MB);
  const page = await newPage();
  await openSeed(page);
  await page.click('.cm-content');
  await page.keyboard.press('Control+A');
  // Hand the text over first (that transfer is the benchmark's, not the page's), then start the clock.
  await page.evaluate((t) => { window.__benchText = t; }, big.text);
  await sleep(300);
  const t0 = await page.evaluate(() => performance.now());
  const wall0 = Date.now();
  const typed = 'abcdefghij';
  await page.evaluate(() => { window.__bench.paste(window.__benchText); window.__benchText = null; });
  // Then go to the first service's label (Ctrl+Home, down, End) and type at the end of its value:
  // a key every 200 ms for about 2 s. A key the page does not take in that window ends the typing.
  let delivered = 0;
  const typingEnd = wall0 + 200 * typed.length + 1000;
  const keys = ['Control+Home', ...Array(PASTE_LINE - 1).fill('ArrowDown'), 'End', ...typed];
  let slowestKeyMs = 0; // the longest a key press took to be taken by the page (sent → acknowledged)
  for (const key of keys) {
    if (key.length === 1) await sleep(200);
    const sent = Date.now();
    const ok = await Promise.race([page.keyboard.press(key).then(() => true), sleep(Math.max(0, typingEnd - Date.now())).then(() => false)]);
    slowestKeyMs = Math.max(slowestKeyMs, Date.now() - sent);
    if (!ok) break;
    if (key.length === 1) delivered++;
  }
  const typingMs = Date.now() - wall0;
  const finalToken = PASTE_TOKEN + typed.slice(0, delivered);
  // The latest edit's result is on screen once its label shows outside the editor (checked from
  // the first poll on, over the whole output, since it may have been rendered already).
  const poll = ({ t0, finalToken, lastLine }) => {
    const B = window.__bench;
    const now = performance.now();
    if (!B.final) {
      B.final = { at: null };
      if (B.shown(finalToken)) B.final.at = now;
      else B.watch(finalToken).then((t) => (B.final.at = t));
    }
    const tasks = B.longtasks.filter((e) => e.start >= t0 - 1);
    const lastLong = tasks.reduce((a, e) => Math.max(a, e.start + e.duration), 0);
    return {
      shownAt: B.final.at == null ? null : B.final.at - t0,
      // At the top after the typing's Ctrl+Home, or still at the end of the paste.
      pasted: B.editorText().includes('svc-first') || B.editorText().includes(lastLine),
      quiet: now - Math.max(B.lastOutsideMutation, lastLong, B.final.at ?? 0),
      supported: B.longtaskSupported,
      tasks: tasks.map((e) => ({ at: Math.round(e.start - t0), ms: Math.round(e.duration) })),
    };
  };
  let last = null; // the latest answer
  let lastAnswer = Date.now();
  let settled = false;
  let inflight = null;
  const deadline = wall0 + PASTE_TIMEOUT * 1000;
  while (Date.now() < deadline && !page.errors.includes('page crashed')) {
    inflight ??= page.evaluate(poll, { t0, finalToken, lastLine: big.text.trimEnd().split('\n').at(-1).trim() }).catch(() => null);
    const r = await Promise.race([inflight, sleep(500).then(() => 'busy')]);
    if (r === 'busy') continue;
    inflight = null;
    if (r) {
      last = r;
      lastAnswer = Date.now();
      // Settled: the latest result is shown, then 2 s without output mutations or long tasks.
      if (r.shownAt != null && r.quiet > 2000) { settled = true; break; }
    }
    await sleep(250);
  }
  // Unanswered polls for over 1.5 s at the end: the main thread is inside one long task.
  const silentMs = Date.now() - lastAnswer;
  const stillBlockedMs = !settled && silentMs > 1500 ? silentMs : 0;
  if (last && !last.pasted) throw new Error('the big paste never reached the editor: update bench-web.mjs');
  const observedMs = Date.now() - wall0;
  const errors = page.errors;
  await page.context().close();
  const tasks = last ? last.tasks : [];
  const reported = Math.max(0, ...tasks.map((t) => t.ms));
  const out = {
    bytes: Buffer.byteLength(big.text), services: big.services, typed: delivered, typingMs, timeoutS: PASTE_TIMEOUT, settled,
    // Paste → the output shows the label as typed last (the latest edit's result is on screen).
    resultShownMs: last?.shownAt == null ? null : Math.round(last.shownAt),
    longtaskApi: last?.supported ?? null,
    // Not settled and unresponsive: the task still running when the bench gave up counts with
    // what it had lasted so far.
    longestTaskMs: Math.max(reported, stillBlockedMs),
    longestTaskIsLowerBound: stillBlockedMs > 0,
    // Without `settled`, the figures cover only the observed window (the page may still be busy).
    observedMs,
    tasksOver50ms: tasks.length + (stillBlockedMs > 50 ? 1 : 0),
    totalBlockingMs: tasks.reduce((a, t) => a + Math.max(0, t.ms - 50), 0) + Math.max(0, stillBlockedMs - 50),
    slowestKeyMs,
    // Every long task: start (ms after the paste) and duration.
    tasks,
    pageErrors: errors,
  };
  log(`  paste ${(out.bytes / 1e6).toFixed(1)} MB (${out.services} services): longest task ${out.longestTaskIsLowerBound ? '≥ ' : ''}${out.longestTaskMs} ms, `
    + `${out.tasksOver50ms} tasks > 50 ms, ${delivered} keys typed, result ${out.resultShownMs == null ? 'not shown' : `shown after ${(out.resultShownMs / 1000).toFixed(1)} s`}`);
  return out;
}

// ---- main ------------------------------------------------------------------------------------
function gitInfo() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'www', 'src', 'index.html', 'Cargo.toml', 'Trunk.toml'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return null;
  }
}

async function main() {
  if (flag('--build') || (!flag('--no-build') && !existsSync(join(DIST, 'index.html')))) build();
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`${DIST}/index.html missing: build it (trunk build --release --offline) or drop --no-build`);
  server = await serveDist(DIST);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const summary = {
    benchmark: 'bench-web', date: new Date().toISOString(), git: gitInfo(), browser: `chromium ${browser.version()}`, cpus: cpus().length,
    // The newest file in dist/: when the build measured here was made.
    dist: relative(ROOT, DIST) || DIST, distBuilt: new Date(Math.max(...walk(DIST).map((f) => statSync(f).mtimeMs))).toISOString(),
    settings: { loads: LOADS, edits: EDITS, warmup: WARMUP, calls: CALLS, pasteMb: PASTE_MB, pasteTimeoutS: PASTE_TIMEOUT, parts: [...ONLY].sort().join('') },
    // The machine is shared: a high load average inflates every time below.
    loadavgBefore: loadavg().map((x) => Math.round(x * 100) / 100),
  };
  const parts = [
    ['d', 'first-load bytes', async () => (summary.firstLoad = await firstLoad())],
    ['a', `navigation → first result, ${LOADS} fresh loads`, async () => (summary.firstResult = await firstResult())],
    ['c', `wasm map call alone, ${CALLS} calls each`, async () => (summary.map = await mapCalls())],
    ['b', `keystroke → output DOM, ${EDITS} edits each, and the floor (mapping off)`, async () => (summary.edit = { seed: await editsWithFloor('seed'), services200: await editsWithFloor('services200') })],
    ['e', `long tasks while pasting ${PASTE_MB} MB and typing`, async () => (summary.paste = await paste())],
  ];
  try {
    for (const [id, title, run] of parts) {
      if (!ONLY.has(id)) continue;
      log(`(${id}) ${title}`);
      await run();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  summary.loadavgAfter = loadavg().map((x) => Math.round(x * 100) / 100);

  const editRatio = (e) => (e && !e.timeouts && !e.floorRun.timeouts ? e.ratio.dom : null);
  const values = {
    'edit-dom-p95-seed': summary.edit && editRatio(summary.edit.seed),
    'edit-dom-p95-200': summary.edit && editRatio(summary.edit.services200),
    'first-load-gzip': summary.firstLoad?.total.gzip,
    'wasm-gzip': summary.firstLoad?.byKind.wasm.gzip,
    'first-result': summary.firstResult?.ratio,
    'paste-longest-task': summary.paste?.longestTaskMs,
    'paste-result': summary.paste?.resultShownMs,
  };
  const ran = { 'edit-dom-p95-seed': 'b', 'edit-dom-p95-200': 'b', 'first-load-gzip': 'd', 'wasm-gzip': 'd', 'first-result': 'a', 'paste-longest-task': 'e', 'paste-result': 'e' };
  // A target whose part ran but produced no number (timeouts, never settled) is a miss.
  summary.targets = TARGETS.filter((t) => ONLY.has(ran[t.id])).map((t) => ({
    ...t, value: values[t.id] ?? null, pass: values[t.id] != null && values[t.id] <= t.limit,
  }));
  summary.pass = summary.targets.every((t) => t.pass);

  mkdirSync(join(ROOT, 'target'), { recursive: true });
  writeFileSync(join(ROOT, 'target/bench-web.json'), `${JSON.stringify(summary, null, 2)}\n`);
  if (JSON_OUT) console.log(JSON.stringify(summary, null, 2));
  report(summary);
  writeResults(summary);
  // Exit now: a few timers of abandoned races may still be pending.
  process.exit(CHECK && !summary.pass ? 1 : 0);
}

/** The measurements as [what, result] rows, for the table and benches/RESULTS.md. */
function rowsOf(s) {
  const rows = [];
  if (s.firstResult) {
    const f = s.firstResult;
    rows.push(['navigation → first result (median)', `${ms(f.dom.p50)} (→ frame ${ms(f.frame.p50)}; ${f.dom.n} loads)`]);
    rows.push(['  floor: painted page without the core', `${ms(f.floor.dom.p50)} (→ frame ${ms(f.floor.frame.p50)}); first result / floor ${f.ratio}×`]);
  }
  for (const e of s.edit ? [s.edit.seed, s.edit.services200] : []) {
    const f = e.floorRun;
    rows.push([`keystroke → DOM, ${e.input}`, `p50 ${ms(e.dom.p50)}, p95 ${ms(e.dom.p95)} (→ frame p50 ${ms(e.frame.p50)}, p95 ${ms(e.frame.p95)}; ${e.dom.n} edits${e.timeouts ? `, ${e.timeouts} timeouts` : ''})`]);
    rows.push(['  floor: mapping off, → editor', `p50 ${ms(f.dom.p50)}, p95 ${ms(f.dom.p95)} (→ frame p50 ${ms(f.frame.p50)}, p95 ${ms(f.frame.p95)}); DOM p95 / floor frame p95 ${e.ratio.dom}×, frame / frame ${e.ratio.frame}×`]);
  }
  for (const m of s.map ? [s.map.seed, s.map.services200] : []) rows.push([`wasm map() alone, ${m.input}`, `p50 ${ms(m.ms.p50)}, p95 ${ms(m.ms.p95)} (${m.calls} calls)`]);
  if (s.firstLoad) {
    const fl = s.firstLoad;
    for (const k of ['wasm', 'js', 'css', 'html', 'other']) rows.push([`first load: ${k}`, `${kb(fl.byKind[k].gzip)} gzip, ${kb(fl.byKind[k].raw)} raw (${fl.byKind[k].files} files)`]);
    rows.push(['first load: total', `${kb(fl.total.gzip)} gzip, ${kb(fl.total.raw)} raw (${fl.total.files} files)`]);
    if (fl.after) rows.push(['after the first result', `${kb(fl.after.gzip)} gzip, ${kb(fl.after.raw)} raw (${fl.after.files} files: ${fl.after.paths.map((p) => p.split('/').pop()).join(', ')})`]);
  }
  if (s.paste) {
    const p = s.paste;
    rows.push([`${(p.bytes / 1e6).toFixed(1)} MB paste + typing`,
      `longest task ${p.longestTaskIsLowerBound ? '≥ ' : ''}${ms(p.longestTaskMs)}, ${p.tasksOver50ms} tasks > 50 ms, blocking ${ms(p.totalBlockingMs)}, `
      + `${p.typed} keys typed, slowest key ${ms(p.slowestKeyMs)}, result ${p.resultShownMs == null ? `not shown in ${p.timeoutS} s` : `shown after ${(p.resultShownMs / 1000).toFixed(1)} s`}`]);
  }
  return rows;
}

function report(s) {
  const rows = rowsOf(s);
  const w = Math.max(...rows.map((r) => r[0].length), ...s.targets.map((t) => t.what.length));
  const fmt = (t) => (t.unit === 'B' ? kb(t.value) : t.unit === 'x' ? (t.value == null ? '—' : `${t.value}×`) : ms(t.value));
  const limit = (t) => (t.unit === 'B' ? kb(t.limit) : t.unit === 'x' ? `${t.limit}×` : `${t.limit} ms`);
  table(`\nbench-web (${s.browser}, ${s.git ? `${s.git.commit}${s.git.dirty ? '+dirty' : ''}` : 'no git'}, dist built ${s.distBuilt}, load avg ${s.loadavgBefore[0]})`);
  table(rows.map(([a, b]) => `  ${a.padEnd(w)}  ${b}`).join('\n'));
  table('\ntargets');
  table(s.targets.map((t) => `  ${t.what.padEnd(w)}  ${fmt(t).padStart(10)}  ≤ ${limit(t).padEnd(9)} ${t.pass ? 'pass' : 'MISS'}`).join('\n'));
  table(`\nsummary: target/bench-web.json${CHECK ? '' : ' (report only; --check fails on a missed target)'}`);
}

// ---- benches/RESULTS.md ----------------------------------------------------------------------
const RESULTS = join(ROOT, 'benches/RESULTS.md');
const RESULTS_HEADER = `# Benchmark results

The latest run of each benchmark, written by the benchmark itself: \`cargo bench --bench map\`
replaces the native section, \`npm run bench:web -- --build\` the browser section. Times depend on
the machine and on what else runs on it (see each section's machine note); the ratios and the
pass/miss of each target are what to compare between runs.
`;

/** Replaces the section between `<!-- name -->` and `<!-- /name -->` (as benches/map.rs does). */
function replaceSection(text, name, body) {
  const open = `<!-- ${name} -->`;
  const close = `<!-- /${name} -->`;
  const section = `${open}\n${body.trimEnd()}\n${close}`;
  const base = text.trim() ? text : RESULTS_HEADER;
  const start = base.indexOf(open);
  const end = base.indexOf(close);
  if (start >= 0 && end > start) return base.slice(0, start) + section + base.slice(end + close.length);
  return `${base.trimEnd()}\n\n${section}\n`;
}

/** The browser section of benches/RESULTS.md, from a run of every part. */
function writeResults(s) {
  if ([...'abcde'].some((p) => !ONLY.has(p))) {
    log('a partial run (--only/--no-paste): benches/RESULTS.md left as it is');
    return;
  }
  const d = new Date(s.date);
  const when = `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
  const git = s.git ? `commit ${s.git.commit}${s.git.dirty ? ' + local changes' : ''}` : 'no git';
  const machine = `${cpus()[0]?.model?.trim() || process.arch}, ${s.cpus} cores, load average ${s.loadavgBefore.join(' ')} at the start; `
    + `${type()} ${release()}; ${s.browser} (headless); node ${process.version}; ${git}`;
  const fmt = (t) => (t.unit === 'B' ? kb(t.value) : t.unit === 'x' ? (t.value == null ? '—' : `${t.value}×`) : ms(t.value));
  const limit = (t) => (t.unit === 'B' ? kb(t.limit) : t.unit === 'x' ? `${t.limit}×` : `${t.limit} ms`);
  const md = [
    '## Browser: `npm run bench:web`',
    '',
    `${when} — ${machine}. The release build (\`trunk build --release --offline\`, dist built ${s.distBuilt}), `
      + `served from 127.0.0.1; ${s.settings.loads} fresh loads, ${s.settings.edits} edits and ${s.settings.calls} map calls per input.`,
    '',
    '| measurement | result |',
    '|---|---|',
    ...rowsOf(s).map(([a, b]) => `| ${a} | ${b} |`),
    '',
    '| target | value | limit | |',
    '|---|--:|--:|---|',
    ...s.targets.map((t) => `| ${t.what} | ${fmt(t)} | ≤ ${limit(t)} | ${t.pass ? 'pass' : 'MISS'} |`),
  ].join('\n');
  const old = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
  writeFileSync(RESULTS, replaceSection(old, 'web', md));
  log('wrote the browser section of benches/RESULTS.md');
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(2);
});
