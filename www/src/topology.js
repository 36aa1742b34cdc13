// The Topology tab: the core's graph of the shown result (`Workspace.topology`: Ingress or
// HTTPProxy → Service → the workloads whose pods it selects → ReplicaSets/Jobs → Pods, balancers,
// autoscalers and PDBs → their targets, and every Secret, ConfigMap, PVC and ServiceAccount a
// pod template uses) drawn as SVG. Every edge is the core's, labelled with what it is (`routes
// to`, `selects`, `uses`…); a reference to nothing is drawn dashed to a "missing" box. The page
// only places the boxes: a layered layout (each object one column right of the furthest object
// that refers to it), in bands by owner — the core's groups (`service web`, `resource
// database`, `rack and app`) — so each service's objects sit together, rows ordered by the rows
// of what refers to them. Written here rather than taken from a layout library: the graphs are
// small DAGs, and this is a few KB of JS where dagre is 280 KB (minified) and elkjs 1.4 MB.
//
// The graph opens zoomed to fit the box's width; −, + and Fit (or Ctrl + wheel, or + and −
// with the graph focused) zoom, and dragging the background pans. Clicking a node (or Enter on
// it) selects its resource, as a card's title does; the arrows move between nodes. A table of
// the edges follows, for screen readers and for copying.
import { $, all, ask, esc, num, plural, state } from './state.js';

const H = 38; // node height
const GAP_X = 76; // room for the edge labels
const GAP_Y = 10;
const PAD = 10;
const BAND_HEAD = 22; // the owner's name above its band
const BAND_GAP = 8;
/** Below this zoom the graph opens wider than its box (pan, or Fit): smaller text is not read. */
const READABLE = 0.6;

const graphs = new WeakMap(); // run -> Promise of its topology
let seq = 0;
let zoom = null; // null: as it opens (fitted, unless too small to read); 'fit': the box's width; else a factor

function topologyOf(run) {
  if (!graphs.has(run)) graphs.set(run, ask(run, { type: 'topology' }).then((m) => m.topology));
  return graphs.get(run);
}

let measure = null;
/** The width of `text` in `font` (the page's own fonts, as the SVG draws them). */
function textWidth(text, font) {
  measure ??= document.createElement('canvas').getContext('2d');
  measure.font = font;
  return measure.measureText(text).width;
}

/** A node's box width: its kind and its whole name fit (no name is cut: what shows is its name). */
function widthOf(n) {
  const css = getComputedStyle(document.documentElement);
  const mono = css.getPropertyValue('--mono') || 'monospace';
  const sans = css.getPropertyValue('--sans') || 'sans-serif';
  return Math.ceil(Math.max(72, textWidth(n.name, `12px ${mono}`), textWidth(n.missing ? 'missing' : n.kind, `700 11px ${sans}`)) + 20);
}

/**
 * Columns and positions for `nodes` and `edges` (a broken edge gets a `missing` node), in
 * bands by owner: `groups` (`[{title, keys}]`, the core's order) say whose each node is.
 */
export function place(nodes, edges, groups = []) {
  const all = nodes.map((n) => ({ ...n }));
  const byKey = new Map(all.map((n) => [n.key, n]));
  const bandOf = new Map();
  groups.forEach((g, i) => g.keys.forEach((k) => bandOf.set(k, i)));
  const links = [];
  for (const e of edges) {
    let to = e.to;
    if (to === null) {
      if (!e.broken) continue; // optional and absent: nothing to draw
      to = `missing:${e.target}`;
      if (!byKey.has(to)) {
        const m = { key: to, kind: 'missing', name: e.target, missing: true };
        all.push(m);
        byKey.set(to, m);
        if (bandOf.has(e.from)) bandOf.set(to, bandOf.get(e.from));
      }
    }
    if (byKey.has(e.from) && byKey.has(to)) links.push({ ...e, to });
  }
  // Longest path from the objects nothing refers to; the loop is bounded should a cycle appear.
  const rank = new Map(all.map((n) => [n.key, 0]));
  for (let i = 0, moved = true; moved && i < all.length; i++) {
    moved = false;
    for (const l of links) {
      if (rank.get(l.to) < rank.get(l.from) + 1) {
        rank.set(l.to, rank.get(l.from) + 1);
        moved = true;
      }
    }
  }
  const columns = Math.max(0, ...all.map((n) => rank.get(n.key) + 1));
  // One width per column, the widest of its boxes.
  const colWidth = Array(columns).fill(0);
  for (const n of all) colWidth[rank.get(n.key)] = Math.max(colWidth[rank.get(n.key)], widthOf(n));
  const colX = [];
  colWidth.reduce((x, w, c) => {
    colX[c] = x;
    return x + w + GAP_X;
  }, PAD);
  // Bands: the core's groups in their order, then what no group holds.
  const titles = [...groups.map((g) => g.title), 'other'];
  const members = titles.map(() => []);
  for (const n of all) members[bandOf.get(n.key) ?? titles.length - 1].push(n);
  const pos = new Map();
  const bands = [];
  const order = [];
  const y = new Map(); // key -> row centre, for ordering the next column
  let top = PAD;
  members.forEach((ns, b) => {
    if (!ns.length) return;
    const cols = [];
    for (const n of ns) (cols[rank.get(n.key)] ??= []).push(n);
    let rows = 0;
    cols.forEach((col, c) => {
      if (!col) return;
      // Ordered by the mean row of what refers to them: fewer crossings.
      const mean = (n) => {
        const ys = links.filter((l) => l.to === n.key && y.has(l.from)).map((l) => y.get(l.from));
        return ys.length ? ys.reduce((a, v) => a + v, 0) / ys.length : Infinity;
      };
      const m = new Map(col.map((n) => [n.key, mean(n)]));
      col.sort((a, z) => m.get(a.key) - m.get(z.key));
      col.forEach((n, r) => {
        const p = { x: colX[c], y: top + BAND_HEAD + r * (H + GAP_Y), w: colWidth[c] };
        pos.set(n.key, p);
        y.set(n.key, p.y);
      });
      rows = Math.max(rows, col.length);
    });
    const height = BAND_HEAD + rows * (H + GAP_Y) - GAP_Y + 8;
    bands.push({ title: titles[b], y: top, height });
    // Focus order: band by band, column by column.
    cols.forEach((col) => col && order.push(...col));
    top += height + BAND_GAP;
  });
  const width = PAD + colWidth.reduce((a, w) => a + w, 0) + Math.max(0, columns - 1) * GAP_X + PAD;
  const height = Math.max(top - BAND_GAP + PAD, PAD * 2);
  return { nodes: all, links, pos, width, height, order, bands };
}

function svg(g) {
  const edge = (l) => {
    const a = g.pos.get(l.from);
    const b = g.pos.get(l.to);
    const x1 = a.x + a.w;
    const y1 = a.y + H / 2;
    const x2 = b.x;
    const y2 = b.y + H / 2;
    const mx = (x1 + x2) / 2;
    // The label sits on the curve's middle, where it crosses the gap between two columns.
    const label = `<text class="edge-label" x="${mx}" y="${(y1 + y2) / 2 - 3}" text-anchor="middle">${esc(l.via)}</text>`;
    return `<g class="edge${l.broken ? ' broken' : ''}" data-from="${esc(l.from)}" data-to="${esc(l.to)}" data-via="${esc(l.via)}"><path d="M${x1} ${y1} C${mx} ${y1} ${mx} ${y2} ${x2} ${y2}" marker-end="url(#arrow)"/>${label}</g>`;
  };
  const node = (n, i) => {
    const p = g.pos.get(n.key);
    const kind = n.missing ? 'missing' : n.kind;
    // One text, kind then name: its words are what a screen reader says (the label is the same).
    const text = `<text class="node-text"><tspan x="9" y="15" class="node-kind">${esc(kind)}</tspan> <tspan x="9" y="31" class="node-name">${esc(n.name)}</tspan></text>`;
    const attrs = n.missing
      ? 'class="node missing"'
      : `class="node${n.key === state.selected ? ' selected' : ''}" data-node="${esc(n.key)}" role="button" tabindex="${i === 0 ? 0 : -1}" aria-label="${esc(`${kind} ${n.name}`)}"`;
    return `<g ${attrs} transform="translate(${p.x} ${p.y})"><rect width="${p.w}" height="${H}" rx="6"/>${text}</g>`;
  };
  const band = (b, i) => `<g class="band${i % 2 ? ' odd' : ''}"><rect x="0" y="${b.y}" width="${g.width}" height="${b.height}" rx="8"/><text class="band-title" x="${PAD}" y="${b.y + 15}">${esc(b.title)}</text></g>`;
  const focusable = g.order.filter((n) => !n.missing);
  return `<svg class="topology" viewBox="0 0 ${g.width} ${g.height}" data-width="${g.width}" data-height="${g.height}" role="group" aria-label="Topology: ${esc(plural(focusable.length, 'object'))}">
    <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z"/></marker></defs>
    ${g.bands.map(band).join('')}
    ${g.links.map(edge).join('')}
    ${g.order.map((n) => node(n, focusable.indexOf(n))).join('')}
  </svg>`;
}

function edgesTable(t, byKey) {
  const label = (key) => {
    const n = byKey.get(key);
    return n ? `${n.kind} ${n.name}` : key;
  };
  return `<details class="edges"><summary>${plural(t.edges.length, 'reference')} as a table</summary><div class="table-wrap"><table class="ref"><thead><tr><th>From</th><th>Reference</th><th>To</th></tr></thead><tbody>
    ${t.edges.map((e) => `<tr${e.broken ? ' class="broken"' : ''}><td data-label="From">${esc(label(e.from))}</td><td data-label="Reference">${esc(e.via)}</td><td data-label="To">${e.to === null ? `${esc(e.target)} <b>${e.broken ? '(no such object in this release)' : '(optional, absent)'}</b>` : esc(label(e.to))}</td></tr>`).join('')}
  </tbody></table></div></details>`;
}

/** The zoom that fits the graph's width in its box (never above 1). */
function fitZoom(wrap, svgEl) {
  const w = Number(svgEl.dataset.width);
  return Math.min(1, Math.max(0.1, (wrap.clientWidth - 2) / w));
}

/** The zoom a graph opens with: fitted to the box, unless its text would be too small to read. */
const openZoom = (wrap, svgEl) => Math.max(fitZoom(wrap, svgEl), Math.min(1, READABLE));

/** Sizes the drawing for the zoom (`null`: fit the box), keeping the point at `about` ({x, y} in the box) in place. */
function applyZoom(about = null) {
  const wrap = $('#tab-topology .topology-wrap');
  const svgEl = wrap?.querySelector('svg.topology');
  if (!svgEl || !wrap.clientWidth) return; // hidden: fitted when shown
  const before = svgEl.getBoundingClientRect().width / Number(svgEl.dataset.width) || 1;
  const z = zoom === 'fit' ? fitZoom(wrap, svgEl) : zoom ?? openZoom(wrap, svgEl);
  // Attributes, not a style attribute (the CSP allows no inline style).
  svgEl.setAttribute('width', String(Math.round(Number(svgEl.dataset.width) * z)));
  svgEl.setAttribute('height', String(Math.round(Number(svgEl.dataset.height) * z)));
  if (about) {
    const k = z / before;
    wrap.scrollLeft = (wrap.scrollLeft + about.x) * k - about.x;
    wrap.scrollTop = (wrap.scrollTop + about.y) * k - about.y;
  }
  const pct = $('#topology-zoom');
  if (pct) pct.textContent = `${Math.round(z * 100)}%`;
}

/** Zooms in (`step` > 1) or out from the zoom shown. */
function zoomBy(step, about) {
  const wrap = $('#tab-topology .topology-wrap');
  const svgEl = wrap?.querySelector('svg.topology');
  if (!svgEl) return;
  const now = zoom === 'fit' ? fitZoom(wrap, svgEl) : zoom ?? openZoom(wrap, svgEl);
  zoom = Math.min(2.5, Math.max(0.1, now * step));
  applyZoom(about);
}

let wired = false;

/** Zoom buttons, Ctrl + wheel, + and − keys, and dragging the background to pan. */
function wire() {
  if (wired) return;
  wired = true;
  const tab = $('#tab-topology');
  tab.addEventListener('click', (e) => {
    const b = e.target.closest('[data-zoom]');
    if (!b) return;
    if (b.dataset.zoom === 'fit') {
      zoom = 'fit';
      applyZoom();
    } else zoomBy(b.dataset.zoom === 'in' ? 1.25 : 0.8);
  });
  tab.addEventListener('wheel', (e) => {
    const wrap = e.target.closest?.('.topology-wrap');
    if (!wrap || !(e.ctrlKey || e.metaKey)) return;
    e.preventDefault();
    const box = wrap.getBoundingClientRect();
    zoomBy(e.deltaY < 0 ? 1.1 : 1 / 1.1, { x: e.clientX - box.left, y: e.clientY - box.top });
  }, { passive: false });
  tab.addEventListener('keydown', (e) => {
    if (!e.target.closest?.('.topology-wrap')) return;
    if (e.key === '+' || e.key === '=') zoomBy(1.25);
    else if (e.key === '-') zoomBy(0.8);
    else if (e.key === '0') {
      zoom = 'fit';
      applyZoom();
    } else return;
    e.preventDefault();
  });
  let drag = null;
  tab.addEventListener('pointerdown', (e) => {
    const wrap = e.target.closest?.('.topology-wrap');
    if (!wrap || e.button !== 0 || e.target.closest('.node[data-node]')) return;
    drag = { wrap, x: e.clientX, y: e.clientY, left: wrap.scrollLeft, top: wrap.scrollTop, id: e.pointerId };
    wrap.setPointerCapture(e.pointerId);
    wrap.classList.add('panning');
  });
  tab.addEventListener('pointermove', (e) => {
    if (!drag || e.pointerId !== drag.id) return;
    drag.wrap.scrollLeft = drag.left - (e.clientX - drag.x);
    drag.wrap.scrollTop = drag.top - (e.clientY - drag.y);
  });
  const end = (e) => {
    if (!drag || e.pointerId !== drag.id) return;
    drag.wrap.classList.remove('panning');
    drag = null;
  };
  tab.addEventListener('pointerup', end);
  tab.addEventListener('pointercancel', end);
  // A fitted graph follows the box's width (the splitter, a resize).
  new ResizeObserver(() => {
    if (zoom === null || zoom === 'fit') applyZoom();
  }).observe(tab);
}

/** Fills the Topology tab for the shown result. */
export async function renderTopology() {
  const el = $('#tab-topology');
  const run = state.shown;
  if (!run || el.dataset.run === String(run.id)) return;
  wire();
  const mine = ++seq;
  if (!el.firstChild) el.innerHTML = '<p class="empty">Loading…</p>';
  let t;
  try {
    t = await topologyOf(run);
  } catch (e) {
    if (mine === seq) el.textContent = `Could not draw the topology: ${e.message}`;
    return;
  }
  if (mine !== seq || state.shown !== run) return;
  if (!t.nodes.length) {
    el.innerHTML = '<p class="empty">No objects.</p>';
  } else {
    const g = place(t.nodes, t.edges, run.contract.groups ?? []);
    const broken = t.edges.filter((e) => e.broken).length;
    const byKey = new Map(t.nodes.map((n) => [n.key, n]));
    el.innerHTML = `<p class="intro">How the objects refer to each other, read from the objects themselves (routes, selectors, autoscaler targets, what pod templates use, run-time owners), in bands by what in convox.yml they come from. ${broken ? `<b class="sev-error">${plural(broken, 'reference')} to nothing in this release</b> (dashed). ` : ''}Select an object to see its convox.yml lines.${t.nodesTotal > t.nodes.length ? ` Showing ${num(t.nodes.length)} of ${num(t.nodesTotal)} objects.` : ''}</p>
      <div class="topology-tools" role="toolbar" aria-label="Zoom"><button type="button" class="copy" data-zoom="out" aria-label="Zoom out" title="Zoom out (−, or Ctrl + wheel)">−</button><span id="topology-zoom" class="topology-zoom" aria-live="polite"></span><button type="button" class="copy" data-zoom="in" aria-label="Zoom in" title="Zoom in (+, or Ctrl + wheel)">+</button><button type="button" class="copy" data-zoom="fit" title="Fit the width of the box (0)">Fit</button><span class="intro">Drag to pan; Ctrl + wheel zooms.</span></div>
      <div class="topology-wrap" tabindex="-1">${svg(g)}</div>${edgesTable(t, byKey)}`;
    applyZoom();
  }
  el.dataset.run = String(run.id);
}

/** Marks the selected resource's node. */
export function markTopology() {
  for (const n of all('#tab-topology .node[data-node]')) n.classList.toggle('selected', n.dataset.node === state.selected);
}

/** Arrow keys between the nodes (one tab stop for the graph). */
export function topologyKey(e) {
  const node = /** @type {HTMLElement} */ (e.target).closest?.('#tab-topology .node[data-node]');
  if (!node) return false;
  const nodes = [...all('#tab-topology .node[data-node]')];
  const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[e.key];
  if (step !== undefined) {
    const next = nodes[(nodes.indexOf(node) + step + nodes.length) % nodes.length];
    for (const n of nodes) n.setAttribute('tabindex', n === next ? '0' : '-1');
    next.focus();
    e.preventDefault();
    return true;
  }
  if (e.key === 'Enter' || e.key === ' ') {
    node.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    e.preventDefault();
    return true;
  }
  return false;
}
