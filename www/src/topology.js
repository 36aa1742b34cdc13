// The Topology tab: the core's graph of the shown result (`Workspace.topology`: Ingress or
// HTTPProxy → Service → the workloads whose pods it selects → ReplicaSets/Jobs → Pods, balancers,
// autoscalers and PDBs → their targets, and every Secret, ConfigMap, PVC and ServiceAccount a
// pod template uses) drawn as SVG. Every edge is the core's; a reference to nothing is drawn
// dashed to a "missing" box. The page only places the boxes: a layered layout (each object one
// column right of the furthest object that refers to it, rows ordered by the rows of what
// refers to them). Written here rather than taken from a layout library: the graphs are small
// DAGs, and this is about 3 KB of JS where dagre is 280 KB (minified) and elkjs 1.4 MB.
// Clicking a node (or Enter on it) selects its resource, as a card's title does; the arrows
// move between nodes. A table of the edges follows, for screen readers and for copying.
import { $, ask, esc, num, plural, state } from './state.js';

const W = 190; // node width
const H = 36; // node height
const GAP_X = 80;
const GAP_Y = 12;
const PAD = 8;

const graphs = new WeakMap(); // run -> Promise of its topology
let seq = 0;

function topologyOf(run) {
  if (!graphs.has(run)) graphs.set(run, ask(run, { type: 'topology' }).then((m) => m.topology));
  return graphs.get(run);
}

/** Columns and positions for `nodes` and `edges` (a broken edge gets a `missing` node). */
export function place(nodes, edges) {
  const all = nodes.map((n) => ({ ...n }));
  const byKey = new Map(all.map((n) => [n.key, n]));
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
  const cols = [];
  for (const n of all) (cols[rank.get(n.key)] ??= []).push(n);
  const row = new Map();
  cols.forEach((col, c) => {
    if (c > 0) {
      // Ordered by the mean row of what refers to them: fewer crossings.
      const mean = (n) => {
        const rows = links.filter((l) => l.to === n.key && row.has(l.from)).map((l) => row.get(l.from));
        return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : Infinity;
      };
      const m = new Map(col.map((n) => [n.key, mean(n)]));
      col.sort((a, b) => m.get(a.key) - m.get(b.key));
    }
    col.forEach((n, r) => row.set(n.key, r));
  });
  const pos = new Map();
  cols.forEach((col, c) => col.forEach((n, r) => pos.set(n.key, { x: PAD + c * (W + GAP_X), y: PAD + r * (H + GAP_Y) })));
  const width = PAD * 2 + cols.length * W + Math.max(0, cols.length - 1) * GAP_X;
  const height = PAD * 2 + Math.max(0, ...cols.map((c) => c.length)) * (H + GAP_Y) - GAP_Y;
  return { nodes: all, links, pos, width, height, order: cols.flat() };
}

const cut = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function svg(g) {
  const edge = (l) => {
    const a = g.pos.get(l.from);
    const b = g.pos.get(l.to);
    const x1 = a.x + W;
    const y1 = a.y + H / 2;
    const x2 = b.x;
    const y2 = b.y + H / 2;
    const mx = (x1 + x2) / 2;
    return `<g class="edge${l.broken ? ' broken' : ''}" data-from="${esc(l.from)}" data-to="${esc(l.to)}" data-via="${esc(l.via)}"><path d="M${x1} ${y1} C${mx} ${y1} ${mx} ${y2} ${x2} ${y2}" marker-end="url(#arrow)"/><title>${esc(`${l.via} ${l.target}${l.broken ? ' (no such object in this release)' : ''}`)}</title></g>`;
  };
  const node = (n, i) => {
    const p = g.pos.get(n.key);
    const label = n.missing ? `missing: ${n.name}` : `${n.kind} ${n.name}`;
    const attrs = n.missing
      ? 'class="node missing"'
      : `class="node${n.key === state.selected ? ' selected' : ''}" data-node="${esc(n.key)}" role="button" tabindex="${i === 0 ? 0 : -1}" aria-label="${esc(label)}"`;
    return `<g ${attrs} transform="translate(${p.x} ${p.y})"><rect width="${W}" height="${H}" rx="6"/><text x="8" y="14" class="node-kind">${esc(n.missing ? 'missing' : n.kind)}</text><text x="8" y="29" class="node-name">${esc(cut(n.name, 27))}</text><title>${esc(label)}</title></g>`;
  };
  const focusable = g.order.filter((n) => !n.missing);
  return `<svg class="topology" width="${g.width}" height="${g.height}" viewBox="0 0 ${g.width} ${g.height}" role="group" aria-label="Topology: ${esc(plural(focusable.length, 'object'))}">
    <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z"/></marker></defs>
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

/** Fills the Topology tab for the shown result. */
export async function renderTopology() {
  const el = $('#tab-topology');
  const run = state.shown;
  if (!run || el.dataset.run === String(run.id)) return;
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
    const g = place(t.nodes, t.edges);
    const broken = t.edges.filter((e) => e.broken).length;
    const byKey = new Map(t.nodes.map((n) => [n.key, n]));
    el.innerHTML = `<p class="intro">How the objects refer to each other, as the core reads them from the objects themselves: routes, the pods each Service and PDB selects, autoscaler targets, what each pod template uses, what owns the run-time objects. ${broken ? `<b class="sev-error">${plural(broken, 'reference')} to nothing in this release</b> (dashed). ` : ''}Select an object to see its convox.yml lines.${t.nodesTotal > t.nodes.length ? ` Showing ${num(t.nodes.length)} of ${num(t.nodesTotal)} objects.` : ''}</p>
      <div class="topology-wrap">${svg(g)}</div>${edgesTable(t, byKey)}`;
  }
  el.dataset.run = String(run.id);
}

/** Marks the selected resource's node. */
export function markTopology() {
  for (const n of document.querySelectorAll('#tab-topology .node[data-node]')) n.classList.toggle('selected', n.dataset.node === state.selected);
}

/** Arrow keys between the nodes (one tab stop for the graph). */
export function topologyKey(e) {
  const node = e.target.closest?.('#tab-topology .node[data-node]');
  if (!node) return false;
  const nodes = [...document.querySelectorAll('#tab-topology .node[data-node]')];
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
