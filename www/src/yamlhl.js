// A tiny highlighter for the YAML the core emits (block style: keys, scalars, comments, `- `).
// Everything it returns is text content, but quotes are escaped too so the output is safe in
// an attribute as well. Only the (whitespace-only) indentation is emitted unescaped.
const esc = (s) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function scalar(v) {
  if (v === '') return '';
  if (/^(['"]).*\1$/.test(v)) return `<span class="y-str">${esc(v)}</span>`;
  if (/^-?\d+(\.\d+)?$/.test(v)) return `<span class="y-num">${esc(v)}</span>`;
  if (/^(true|false|null|~)$/.test(v)) return `<span class="y-bool">${esc(v)}</span>`;
  if (v === '|' || v === '|-' || v === '>' || v === '>-' || v === '{}' || v === '[]') return `<span class="y-punct">${esc(v)}</span>`;
  return `<span class="y-val">${esc(v)}</span>`;
}

export function highlightYaml(text) {
  let block = -1; // indentation of an open literal block scalar
  return text
    .split('\n')
    .map((line) => {
      const indent = line.length - line.trimStart().length;
      if (block >= 0) {
        if (line.trim() === '' || indent > block) return `<span class="y-str">${esc(line)}</span>`;
        block = -1;
      }
      if (/^\s*#/.test(line)) return `<span class="y-comment">${esc(line)}</span>`;
      if (line === '---') return `<span class="y-punct">---</span>`;
      const m = /^(\s*)(- )?([^\s'"][^:]*?|"[^"]*"|'[^']*'):(\s+(.*))?$/.exec(line);
      if (m) {
        const value = m[5] ?? '';
        if (/^[|>]-?$/.test(value)) block = indent + (m[2] ? 2 : 0);
        return `${m[1]}${m[2] ? '<span class="y-punct">- </span>' : ''}<span class="y-key">${esc(m[3])}</span><span class="y-punct">:</span>${m[4] ? ' ' + scalar(value) : ''}`;
      }
      const d = /^(\s*)- (.*)$/.exec(line);
      if (d) return `${d[1]}<span class="y-punct">- </span>${scalar(d[2])}`;
      return esc(line);
    })
    .join('\n');
}
