// YAML highlighting and indentation for the convox.yml editor (and the highlighting of the
// cards' YAML views: `highlightYaml`), without a parser: a line
// tokenizer run over the visible lines only. It replaces @codemirror/lang-yaml (the Lezer YAML
// grammar and LR runtime, ~14 KB of the gzipped first load). The page only needs
// colours and sensible indentation on Enter, and the core reports every real YAML error as a
// diagnostic.
//
// Exports `yamlMode`, an extension. Classes: cm-yk key, cm-ys string/plain value, cm-yn number,
// bool or null, cm-yc comment, cm-yp punctuation and indicators, cm-ya anchor, alias or tag.
import { Decoration, EditorView, ViewPlugin } from '@codemirror/view';
import { EditorState, RangeSetBuilder } from '@codemirror/state';
import { indentService } from '@codemirror/language';
import { esc } from './state.js';

const marks = {};
for (const c of 'ksncpa') marks[c] = Decoration.mark({ class: `cm-y${c}` });

const ATOM = /^(?:true|false|yes|no|on|off|null|~|[-+]?(?:\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|\.inf|\.nan)|0x[\da-fA-F]+|0o[0-7]+)$/i;
// A mapping key: quoted, or plain up to a `:` that is followed by a space or the line's end.
const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"[\]{},&*!|>%@`](?:[^#:]|:(?!\s|$)|(?<!\s)#)*?)\s*:(?=\s|$)/;
const FLOW_KEY = /^([^\s#'"[\]{},][^,[\]{}:]*?)\s*:(?=[\s,[\]{}]|$)/;
const BLOCK = /^[|>][-+\d]*(?=\s*(?:#.*)?$)/;

/**
 * Tokenizes one line that is not block-scalar content: `add(from, to, class)` in order. Returns
 * the column a block scalar started on this line must be indented past, or -1.
 */
function line(text, add) {
  const n = text.length;
  let i = 0;
  let owner = -1; // column of the key or `-` owning the value
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
  };
  ws();
  owner = i;
  if ((text.startsWith('---') || text.startsWith('...')) && (n === 3 || /\s/.test(text[3]))) {
    add(0, 3, 'p');
    i = 3;
    ws();
  }
  while (text[i] === '-' && (i + 1 === n || text[i + 1] === ' ' || text[i + 1] === '\t')) {
    owner = i;
    add(i, i + 1, 'p');
    i++;
    ws();
  }
  if (text[i] === '?' && (i + 1 === n || text[i + 1] === ' ')) {
    add(i, i + 1, 'p');
    i++;
    ws();
  }
  const key = text[i] === '#' ? null : KEY.exec(text.slice(i));
  if (key) {
    owner = i;
    add(i, i + key[1].length, 'k');
    add(i + key[0].length - 1, i + key[0].length, 'p');
    i += key[0].length;
    ws();
  }
  const block = BLOCK.exec(text.slice(i));
  if (block) {
    add(i, i + block[0].length, 'p');
    i += block[0].length;
    ws();
    if (i < n) add(i, n, 'c');
    return owner;
  }
  value(text, i, add);
  return -1;
}

/** The rest of a line from `i`: scalars, flow collections, anchors, tags and a comment. */
function value(text, i, add) {
  const n = text.length;
  let depth = 0; // flow collection nesting
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t')) {
      add(i, n, 'c');
      return;
    } else if (c === '"' || c === "'") {
      // To the closing quote (`\x` escapes in double quotes, `''` in single), or the line's end.
      let j = i + 1;
      while (j < n) {
        if (c === '"' && text[j] === '\\') j += 2;
        else if (text[j] === c && !(c === "'" && text[j + 1] === "'")) break;
        else j += text[j] === c ? 2 : 1;
      }
      j = Math.min(j + 1, n);
      add(i, j, 's');
      i = j;
    } else if ('[]{},'.includes(c)) {
      depth = Math.max(0, depth + (c === '[' || c === '{' ? 1 : c === ',' ? 0 : -1));
      add(i, i + 1, 'p');
      i++;
    } else if (c === '&' || c === '*' || c === '!') {
      let j = i + 1;
      while (j < n && !/[\s,[\]{}]/.test(text[j])) j++;
      add(i, j, 'a');
      i = j;
    } else {
      const key = depth ? FLOW_KEY.exec(text.slice(i)) : null;
      if (key) {
        add(i, i + key[1].length, 'k');
        add(i + key[0].length - 1, i + key[0].length, 'p');
        i += key[0].length;
        continue;
      }
      // A plain scalar: to a ` #` comment, or in a flow collection to its next indicator.
      let j = i;
      while (j < n && !(text[j] === '#' && /[ \t]/.test(text[j - 1])) && !(depth && '[]{},'.includes(text[j]))) j++;
      let end = j;
      while (end > i && /[ \t]/.test(text[end - 1])) end--;
      add(i, end, ATOM.test(text.slice(i, end)) ? 'n' : 's');
      i = j;
    }
  }
}

const indentOf = (text) => text.search(/\S/);
const noop = () => {};
/** How far back to look for the header of a block scalar the first visible line may be in. */
const LOOKBACK = 2000;

/** The column block-scalar content at line `n` must pass, if line `n` is inside one, else -1. */
function blockAt(doc, n) {
  const own = indentOf(doc.line(n).text);
  let min = own < 0 ? Infinity : own;
  for (let p = n - 1; p >= 1 && p >= n - LOOKBACK; p--) {
    const text = doc.line(p).text;
    const indent = indentOf(text);
    if (indent < 0 || indent >= min) continue;
    const owner = line(text, noop);
    if (owner >= 0) return owner < min ? owner : -1;
    if (indent === 0) return -1;
    min = indent;
  }
  return -1;
}

function decorate(view) {
  /** @type {RangeSetBuilder<Decoration>} */
  const builder = new RangeSetBuilder();
  const doc = view.state.doc;
  let done = 0; // last line decorated: two visible ranges can share a (long) line
  for (const { from, to } of view.visibleRanges) {
    let l = doc.lineAt(from);
    if (l.number <= done) {
      if (l.number === doc.lines) break;
      l = doc.line(done + 1);
      if (l.from > to) continue;
    }
    let block = blockAt(doc, l.number);
    for (;;) {
      const indent = indentOf(l.text);
      const start = l.from;
      if (block >= 0 && (indent < 0 || indent > block)) {
        if (indent >= 0) builder.add(start + indent, l.to, marks.s);
      } else {
        block = line(l.text, (a, b, c) => {
          if (b > a) builder.add(start + a, start + b, marks[c]);
        });
      }
      done = l.number;
      if (l.to >= to || l.number === doc.lines) break;
      l = doc.line(l.number + 1);
    }
  }
  return builder.finish();
}

const highlighter = ViewPlugin.fromClass(
  class {
    constructor(view) {
      this.decorations = decorate(view);
    }

    update(u) {
      if (u.docChanged || u.viewportChanged) this.decorations = decorate(u.view);
    }
  },
  { decorations: (v) => v.decorations },
);

// Enter keeps the line's indentation, one level deeper after `key:`, `- key:` (the item's
// mapping) or a block scalar header.
const indentation = indentService.of((cx, pos) => {
  const l = cx.state.doc.lineAt(pos);
  const before = l.text.slice(0, pos - l.from);
  const indent = Math.max(0, indentOf(before));
  const code = before.replace(/\s+#.*$/, '').trimEnd();
  const item = /^\s*- +/.exec(before);
  if (/(?:^|:)$|(?:^|[\s:-])[|>][-+\d]*$/.test(code) && code) return (item ? item[0].length : indent) + 2;
  if (item && KEY.test(before.slice(item[0].length))) return item[0].length;
  return indentOf(before) < 0 ? null : indent;
});

const theme = EditorView.theme({
  '.cm-yk': { color: 'var(--hl-key)' },
  '.cm-ys': { color: 'var(--hl-str)' },
  '.cm-yn': { color: 'var(--hl-num)' },
  '.cm-yc': { color: 'var(--hl-comment)', fontStyle: 'italic' },
  '.cm-yp': { color: 'var(--hl-punct)' },
  '.cm-ya': { color: 'var(--hl-kw)' },
});

// `#` line comments for toggleComment (Mod-/).
const comments = EditorState.languageData.of(() => [{ commentTokens: { line: '#' } }]);

export const yamlMode = [highlighter, indentation, comments, theme];
export { line as tokenizeLine };

/** The classes of the YAML views (style.css `.y-*`) for the tokenizer's kinds. */
const VIEW = { k: 'y-key', c: 'y-comment', p: 'y-punct', a: 'y-punct' };

/**
 * The YAML the core emits, as highlighted HTML for the cards' YAML views, line by line: the
 * editor's own tokenizer, so the page has one YAML highlighter. Every piece of text is escaped
 * (quotes too, so the result is safe in an attribute as well).
 */
export function highlightYaml(text) {
  let block = -1; // the column a block scalar's lines must pass, while in one
  return text
    .split('\n')
    .map((t) => {
      const indent = indentOf(t);
      if (block >= 0 && (indent < 0 || indent > block)) return t ? `<span class="y-str">${esc(t)}</span>` : '';
      let out = '';
      let at = 0;
      block = line(t, (a, b, c) => {
        if (b <= a) return;
        const s = t.slice(a, b);
        const cls = c === 's' ? (s[0] === '"' || s[0] === "'" ? 'y-str' : 'y-val')
          : c === 'n' ? (/^(?:true|false|yes|no|on|off|null|~)$/i.test(s) ? 'y-bool' : 'y-num')
          : VIEW[c];
        out += `${esc(t.slice(at, a))}<span class="${cls}">${esc(s)}</span>`;
        at = b;
      });
      return out + esc(t.slice(at));
    })
    .join('\n');
}
