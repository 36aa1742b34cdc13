// The Resources tab: the core's groups (`service web`, `resource database`, … in the
// manifest's order, each led by its main object; the "rack and app" group collapsed until
// opened), an outline to jump to each, and one card per resource (kind, name, pattern, source,
// its most used command, then labels, notes, the other commands and the YAML view). The filter
// (./filter.js, read by the core) decides what shows; at most `state.limit` cards at a time.
// Cards are keyed by the core's resource `key` and cached per resource object: the worker sends
// an unchanged resource as its key and the page reuses the object, so an edit renders again
// only the cards whose data changed — and patches those on screen part by part.
import { $, commandCode, esc, num, plural, standInPattern, state, page, PAGE } from './state.js';
import { fillYaml } from './yamlview.js';
import { afterPaint, nextTask } from './tasks.js';
import { ghostsFor, renderGhostCount } from './ghosts.js';
import { currentFilter, labelOn, renderTerms, whenFiltered } from './filter.js';
import { renderSummary } from './diagnostics.js';
import { markCards } from './compare.js';

/**
 * Where resource `r` comes from in the text now: `{from, line}` — its source as analysed, or,
 * for the last readable result shown while the manifest cannot be read, mapped through the
 * edits since (the editor's versions), so its line links still point at the same text.
 */
export function placeOf(r) {
  const s = r.source;
  const run = state.shown;
  if (run && run !== state.current && s?.from != null) {
    const from = page.editor.mapPos(s.from, run.mark);
    if (from != null) return { from, line: page.editor.lineAt(from) };
  }
  return { from: s?.from, line: s?.line };
}

const srcText = (s, at) => `${s.path} · line ${num(at.line)}`;

const commandItem = (k) => `<li><span class="desc">${esc(k.description)}</span><span class="cmd">${commandCode(k.command)}<button type="button" class="copy" data-copy="${esc(k.command)}" aria-label="Copy: ${esc(k.command)}">Copy</button></span></li>`;

/** What a card's fold holds, said in its summary. */
function foldSummary(labels, notes, more) {
  const parts = [];
  if (labels) parts.push(plural(labels, 'label'));
  if (notes) parts.push(plural(notes, 'note'));
  if (more) parts.push(plural(more, 'more command'));
  return parts.join(' · ') || 'details';
}

let cardSeq = 0;

/**
 * One card's parts, each the HTML of one of its elements ('' for none): its title (a heading
 * whose button selects it) and where it comes from; its most used commands, unfolded; then,
 * folded, its labels, notes, other commands and API version, and its YAML. `shell` is what
 * cannot change in place (the element's own attributes and whether it has a YAML view); an edit
 * compares the rest part by part (`patchCard`). `id` is the title button's (a patched card
 * keeps its own).
 */
function cardParts(r, lead, f, id) {
  const key = r.key;
  const labels = Object.entries(r.labels || {});
  const cmds = r.kubectl || [];
  const notes = r.notes || [];
  // Unfolded: the most used command (the core's first); a group's main object also its second
  // (a workload's pods, then its logs).
  const shown = lead ? 2 : 1;
  const at = r.source && placeOf(r);
  const src = r.source ? `<button type="button" class="src" data-from="${num(at.from)}" title="Show in convox.yml">${esc(srcText(r.source, at))}</button>` : '';
  return {
    id,
    shell: `${lead}\u0000${key}\u0000${r.kind}\u0000${r.name}\u0000${!!r.object}`,
    top: `<div class="res-top"><h3 class="res-title"><button type="button" class="res-head" id="${id}" aria-pressed="false" title="Select: highlight its convox.yml source"><span class="kind">${esc(r.kind)}</span> <span class="name">${esc(r.name)}</span></button>
      ${r.pattern ? `<code class="pattern" title="naming pattern">${esc(r.pattern)}</code>` : ''}</h3>${src}</div>`,
    main: cmds.length ? `<ul class="kubectl main">${cmds.slice(0, shown).map(commandItem).join('')}</ul>` : '',
    summary: foldSummary(labels.length, notes.length, Math.max(0, cmds.length - shown)),
    // In the fold, in this order (BODY_PARTS).
    body: [
      labels.length ? `<div class="chips">${labels.map(([k, v]) => `<button type="button" class="chip${labelOn(f, k, v) ? ' on' : ''}" aria-pressed="${labelOn(f, k, v)}" data-lk="${esc(k)}" data-lv="${esc(v)}" title="Filter by ${esc(k)}=${esc(v)} (with the other terms)">${esc(k)}=${esc(v)}</button>`).join('')}</div>` : '',
      notes.length ? `<ul class="notes">${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '',
      cmds.length > shown ? `<ul class="kubectl">${cmds.slice(shown).map(commandItem).join('')}</ul>` : '',
      r.apiVersion ? `<p class="api">apiVersion <code>${esc(r.apiVersion)}</code></p>` : '',
    ],
    yaml: r.object
      ? `<details class="yaml" data-key="${esc(key)}"><summary>YAML</summary><div class="yaml-body"></div></details>`
      : '<span class="runtime">Created by the cluster at run time (no manifest object).</span>',
  };
}

/** Where each of `cardParts`' `body` parts is in a card's fold. */
const BODY_PARTS = [':scope > div.chips', ':scope > ul.notes', ':scope > ul.kubectl', ':scope > p.api'];

/** A card's HTML from its parts. */
function cardHtml(p, r, lead) {
  return `<article class="res${lead ? ' lead' : ''}" data-key="${esc(r.key)}" data-kind="${esc(r.kind)}" data-name="${esc(r.name)}" aria-labelledby="${p.id}">
    ${p.top}
    ${p.main}
    <div class="res-foot"><details class="more"><summary>${esc(p.summary)}</summary>${p.body.join('')}</details>${p.yaml}</div>
  </article>`;
}

const cards = new Map(); // key -> {r, active, lead, el, parts, names, src?}
const template = document.createElement('template');
let renderSeq = 0;

/** The label terms of the filter a card's chips show pressed. */
const activeOf = (r, f) => Object.entries(r.labels || {}).filter(([k, v]) => labelOn(f, k, v)).map(([k, v]) => `${k}=${v}`).join(',');
const fresh = (r, lead, f) => {
  const c = cards.get(r.key);
  return c && c.r === r && c.lead === lead && c.active === activeOf(r, f) && c.names === standInPattern().key;
};

/**
 * Makes each `old` element (or its absence) `html` (or nothing): `place` puts a new one where it
 * belongs. The new elements of all `ops` come from one HTML parse (one parse per element cost
 * 0.1 ms each).
 * @param {{old: Element | null, html: string, place: (n: Element) => void}[]} ops
 */
function swapAll(ops) {
  const made = ops.filter((o) => o.html);
  if (made.length) template.innerHTML = made.map((o) => o.html).join('');
  const els = [...template.content.children];
  made.forEach((o, i) => (o.old ? o.old.replaceWith(els[i]) : o.place(els[i])));
  for (const o of ops) if (!o.html) o.old?.remove();
  template.innerHTML = '';
}

/**
 * Brings card `c` (on screen, its parts `c.parts`) to parts `p` in place, touching only the
 * elements whose HTML changed: a label typed changes one card's chips, not the whole card (at
 * 200 services, replacing each changed card cost 4-5 ms of HTML parsing and re-insertion per
 * keystroke). What the person opened stays open; an open YAML view is fetched again, a closed
 * one emptied (it is fetched when opened).
 */
function patchCard(c, p, r, ops) {
  const el = c.el;
  const was = c.parts;
  if (was.top !== p.top) ops.push({ old: el.querySelector(':scope > .res-top'), html: p.top, place: (n) => el.prepend(n) });
  if (was.main !== p.main) ops.push({ old: el.querySelector(':scope > ul.kubectl.main'), html: p.main, place: (n) => el.querySelector(':scope > .res-foot').before(n) });
  const more = el.querySelector(':scope > .res-foot > details.more');
  if (was.summary !== p.summary) more.querySelector(':scope > summary').textContent = p.summary;
  p.body.forEach((html, i) => {
    if (was.body[i] === html) return;
    // Placed after the ops before it ran: the parts after it that are there then.
    const place = (n) => {
      const after = BODY_PARTS.slice(i + 1).map((q) => more.querySelector(q)).find(Boolean);
      if (after) after.before(n);
      else more.append(n);
    };
    ops.push({ old: more.querySelector(BODY_PARTS[i]), html, place });
  });
  if (c.r.rev !== r.rev) {
    const d = /** @type {HTMLDetailsElement | null} */ (el.querySelector('details.yaml'));
    if (d?.open) fillYaml(d);
    else if (d) d.querySelector('.yaml-body').textContent = '';
  }
}

/**
 * Creates the cards of `rs` (`[resource, lead]` pairs) with one HTML parse; with `inPlace`, a
 * card on screen of the same shape is patched instead (`patchCard`).
 */
function buildCards(rs, f, inPlace = false) {
  const names = standInPattern().key;
  const build = [];
  const ops = [];
  for (const [r, lead] of rs) {
    const c = cards.get(r.key);
    if (inPlace && c?.el.isConnected) {
      const p = cardParts(r, lead, f, c.parts.id);
      if (p.shell === c.parts.shell) {
        patchCard(c, p, r, ops);
        cards.set(r.key, { r, active: activeOf(r, f), lead, el: c.el, parts: p, names });
        continue;
      }
    }
    build.push([r, lead, cardParts(r, lead, f, `res-${++cardSeq}`)]);
  }
  if (ops.length) {
    swapAll(ops);
    // A selected card's new title says so (commit() sees the card already marked).
    for (const el of document.querySelectorAll('#resources .res.selected')) el.querySelector('.res-head')?.setAttribute('aria-pressed', 'true');
  }
  if (!build.length) return;
  template.innerHTML = build.map(([r, lead, p]) => cardHtml(p, r, lead)).join('');
  const els = [...template.content.children];
  build.forEach(([r, lead, parts], i) => {
    const el = els[i];
    const old = cards.get(r.key)?.el;
    // A rebuilt card keeps what the user opened.
    if (old?.querySelector('details.yaml[open]')) {
      const d = /** @type {HTMLDetailsElement | null} */ (el.querySelector('details.yaml'));
      if (d) {
        d.open = true;
        fillYaml(d);
      }
    }
    const more = /** @type {HTMLDetailsElement | null} */ (old?.querySelector('details.more'));
    const now = /** @type {HTMLDetailsElement | null} */ (el.querySelector('details.more'));
    if (more && now) now.open = more.open;
    cards.set(r.key, { r, active: activeOf(r, f), lead, el, parts, names });
  });
  template.innerHTML = '';
}

/** Resources the page holds moved in convox.yml (an edit above them): their cards show the new position. */
export function patchSources(rs) {
  for (const r of rs) {
    const c = cards.get(r.key);
    const b = c && (c.src ??= c.el.querySelector('.src'));
    if (!b) continue;
    const at = placeOf(r);
    const from = String(num(at.from));
    if (b.dataset.from !== from) b.dataset.from = from;
    const text = srcText(r.source, at);
    if (b.textContent !== text) b.textContent = text;
  }
}

// The group sections on screen, keyed by the core's group id, so an edit touches only the
// groups whose cards changed: re-appending every card would restyle the whole list.
const sections = new Map(); // group id -> {el, head, toggle, count, body, domId}
let groupSeq = 0;

/** Whether group `g` shows collapsed: as the user chose, else the rack group while nothing is filtered. */
export function isCollapsed(g) {
  return state.collapsed.get(g.id) ?? (g.concept === 'rack' && !state.search.trim());
}

/** Makes `parent`'s children exactly `want` (in order), moving only what is out of place. */
function sync(parent, want) {
  const have = parent.children;
  if (have.length === want.length && want.every((c, i) => have[i] === c)) return;
  const keep = new Set(want);
  for (const c of [...have]) if (!keep.has(c)) c.remove();
  want.forEach((c, i) => {
    if (have[i] !== c) parent.insertBefore(c, have[i] ?? null);
  });
}

function sectionOf(g) {
  let sec = sections.get(g.id);
  if (!sec) {
    const el = document.createElement('section');
    el.className = 'group';
    const domId = `group-${++groupSeq}`;
    el.id = domId;
    el.dataset.group = g.id;
    el.innerHTML = `<h2 class="group-title"><button type="button" class="group-toggle" aria-expanded="true" aria-controls="${domId}-body">${esc(g.title)}</button> <small class="group-count"></small></h2><div class="group-body" id="${domId}-body"></div>`;
    sec = { el, toggle: el.querySelector('.group-toggle'), count: el.querySelector('.group-count'), body: el.querySelector('.group-body'), domId };
    sections.set(g.id, sec);
  }
  return sec;
}

/**
 * The groups with what each shows (`out`: `[{g, rs: [[resource, lead]], total, matching}]`, at
 * most `limit` cards), how many resources match, and — with a filter — their count per kind.
 */
function visibleGroups(run, f, limit) {
  const { byKey } = run;
  const groups = run.contract.groups ?? [{ id: 'all', title: 'resources', concept: 'app', keys: run.contract.resources.map((r) => r.key) }];
  const out = [];
  const counts = f ? {} : null;
  let cards = 0;
  let matching = 0;
  for (const g of groups) {
    const held = g.keys.map((k) => byKey.get(k)).filter(Boolean);
    const rs = f ? held.filter((r) => f.keys.has(r.key)) : held;
    if (!rs.length) continue;
    matching += rs.length;
    if (counts) for (const r of rs) counts[r.kind] = (counts[r.kind] || 0) + 1;
    if (cards >= limit) continue;
    const take = rs.slice(0, limit - cards);
    cards += take.length;
    out.push({ g, rs: take.map((r) => [r, r.key === g.lead]), total: held.length, matching: rs.length });
  }
  return { out, matching, cards, counts };
}

function commitGroups(root, shown) {
  const live = new Set(shown.map(({ g }) => g.id));
  for (const id of sections.keys()) if (!live.has(id)) sections.delete(id);
  const want = [];
  for (const { g, rs, total, matching } of shown) {
    const sec = sectionOf(g);
    const collapsed = isCollapsed(g);
    if (sec.toggle.getAttribute('aria-expanded') !== String(!collapsed)) sec.toggle.setAttribute('aria-expanded', String(!collapsed));
    if (sec.body.hidden !== collapsed) sec.body.hidden = collapsed;
    const count = matching < total ? `${num(matching)} of ${plural(total, 'resource')}` : plural(total, 'resource');
    if (sec.count.textContent !== count) sec.count.textContent = count;
    const ghosts = g.owner ? ghostsFor(state.shown?.contract.namespace, g.owner) : [];
    sync(sec.body, [...rs.map(([r]) => cards.get(r.key).el), ...ghosts]);
    want.push(sec.el);
  }
  sync(root, want);
}

const MAX_OUTLINE = 300;

/** The outline: one button per group shown (its title and count), which jumps to it. */
function renderOutline(shown) {
  const nav = $('#outline');
  const list = shown.slice(0, MAX_OUTLINE);
  // One tab stop (a toolbar: the arrows move between the groups).
  const html = list.length > 1
    ? `<h2 class="outline-title" id="outline-title">Jump to</h2><div class="jumps" role="toolbar" aria-labelledby="outline-title">${list.map(({ g, matching }, i) => `<button type="button" class="jump" data-jump="${esc(g.id)}"${i ? ' tabindex="-1"' : ''}>${esc(g.title)} <small>${num(matching)}</small></button>`).join('')}${shown.length > list.length ? `<span class="empty">+${num(shown.length - list.length)} more</span>` : ''}</div>`
    : '';
  if (nav.__html !== html) {
    nav.__html = html;
    nav.innerHTML = html;
  }
  nav.hidden = !html;
}

/** Jumps to group `id`: opens it, scrolls it into view and focuses its title. */
export function jumpTo(id) {
  const sec = sections.get(id);
  if (!sec) return;
  if (sec.body.hidden) {
    state.collapsed.set(id, false);
    sec.body.hidden = false;
    sec.toggle.setAttribute('aria-expanded', 'true');
  }
  sec.el.scrollIntoView({ block: 'start' });
  sec.toggle.focus({ preventScroll: true });
}

/** Collapses or opens group `id` (its title button). */
export function toggleGroup(id) {
  const sec = sections.get(id);
  if (!sec) return;
  const open = sec.body.hidden;
  state.collapsed.set(id, !open);
  sec.body.hidden = !open;
  sec.toggle.setAttribute('aria-expanded', String(open));
}

/** Callers waiting for the DOM of the next render. */
const renderWaiting = [];

/**
 * Shows the resources the filter lets through, in the core's groups, at most `state.limit`
 * cards. New cards are built in slices of about 8 ms (a new render abandons an older one); the
 * DOM changes in one go at the end, and only where cards changed. `done` runs once the DOM
 * shows this render.
 */
export function renderResources(done) {
  const seq = ++renderSeq;
  // Callers waiting for the DOM (a result's timing) are answered by whichever render commits.
  const waiting = renderWaiting;
  if (done) waiting.push(done);
  const finish = () => waiting.splice(0).forEach((fn) => fn());
  const run = state.shown;
  const f = currentFilter();
  if (f === undefined) {
    // The core is reading the query for this result: render once it has answered.
    whenFiltered().then(() => seq === renderSeq && renderResources(), () => {});
    return;
  }
  const { contract, byKey } = run;
  const { out: shown, matching, cards: count, counts } = visibleGroups(run, f, state.limit);
  renderTerms(matching, contract.total);
  renderSummary(contract, state.shown !== state.current, counts && { counts, total: matching });
  renderMore(contract, matching, count);
  renderOutline(shown);
  const el = $('#resources');
  for (const k of cards.keys()) if (!byKey.has(k)) cards.delete(k);
  if (!shown.length) {
    el.innerHTML = contract.resources.length
      ? '<p class="empty">No resource matches the filter.</p>'
      : '<p class="empty">No resources yet. Fix the diagnostics, or pick an example.</p>';
    sections.clear();
    finish();
    return;
  }
  const list = shown.flatMap((s) => s.rs);
  const todo = list.filter(([r, lead]) => !fresh(r, lead, f));
  // Puts the groups on screen, with the cards of `ready` (the others wait for theirs).
  const commit = (ready) => {
    const part = ready === list.length ? shown : shown.map((s) => ({ ...s, rs: s.rs.filter(([r, lead]) => fresh(r, lead, f)) })).filter((s) => s.rs.length);
    commitGroups(el, part);
    for (const [r] of list.slice(0, ready)) {
      const c = cards.get(r.key)?.el;
      if (!c) continue;
      const on = c.dataset.key === state.selected;
      if (c.classList.contains('selected') !== on) {
        c.classList.toggle('selected', on);
        c.querySelector('.res-head').setAttribute('aria-pressed', String(on));
      }
    }
  };
  // Cards are built ten at a time; past ~6 ms (20 ms for the first slice) the page yields to
  // input and paint, and shows what is built so far (a first render fills in over a few frames;
  // an edit is one slice). A list that starts empty shows its first ten (a screenful) at once
  // and builds the rest after that frame: with the editor's marks also after it (analysis.js),
  // the complete example's first result was on screen about 150 ms sooner than with its 53
  // cards and the marks laid out in one go.
  const BATCH = 10;
  const PATCH_MAX = 40;
  let start = performance.now();
  let i = 0;
  let yielded = false;
  const big = page.editor.length() > 200_000;
  // Only a list that starts empty fills in progressively: a changed list stays as it was until
  // its new cards are all built, so it never shrinks on screen.
  const progressive = !el.querySelector('.group');
  // A few changed cards of a list on screen (a keystroke's) are patched in place, in one go:
  // patched cards are on screen at once, so they are never left half done for a frame.
  const inPlace = !progressive && todo.length <= PATCH_MAX;
  const step = async () => {
    while (i < todo.length) {
      if (seq !== renderSeq) return; // a newer render took over
      const n = inPlace ? todo.length : BATCH;
      buildCards(todo.slice(i, i + n), f, inPlace);
      i += n;
      // The first slice may take longer: a small result (the complete example) then shows in one go.
      // Not a big manifest's: its result's task has spent the time reading the result already.
      const screenful = progressive && !yielded;
      if (i < todo.length && (screenful || performance.now() - start > (yielded || big ? 6 : 20))) {
        yielded = true;
        let ready = 0;
        while (ready < list.length && fresh(list[ready][0], list[ready][1], f)) ready++;
        if (progressive && ready > 0) commit(ready);
        await (screenful ? afterPaint() : nextTask());
        start = performance.now();
      }
    }
    if (seq !== renderSeq) return;
    commit(list.length);
    // A stale result's links follow the edits since; a current one's are its own.
    patchSources(list.map(([r]) => r));
    markCards();
    renderGhostCount();
    finish();
  };
  step();
}

function renderMore(contract, matching, showing) {
  const box = $('#more');
  const held = contract.resources.length;
  const parts = [];
  if (showing < matching) parts.push(`Showing ${num(showing)} of ${num(matching)} resources. <button type="button" id="show-more">Show ${num(Math.min(PAGE, matching - showing))} more</button>`);
  if (contract.total > held) parts.push(`This page lists ${num(held)} of ${num(contract.total)} resources, those of the first ${num(contract.groups.length)} groups; <b>Download YAML</b> holds every object.`);
  box.hidden = !parts.length;
  box.innerHTML = parts.join(' ');
}
