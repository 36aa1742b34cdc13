// Masks secret values in one object's YAML (as the core emits it: block style, two-space
// indent) before the page shows it; the Reveal toggle shows the real text. Masked:
//   - every value under a Secret's top-level `data:` / `stringData:` (the env Secret, registry
//     credentials' .dockerconfigjson, ...);
//   - the value of any upper-case key that names a secret (PASS, PASSWORD, SECRET, TOKEN,
//     API_KEY, PRIVATE, CREDENTIAL), e.g. a resource ConfigMap's PASS;
//   - the `value:` of an env entry whose `name:` names a secret (POSTGRES_PASSWORD);
//   - the password of a URL with credentials (`scheme://user:password@host`).

export const MASK = '••••••';

const SECRET_NAME = /^[A-Z0-9_.-]*(PASS|SECRET|TOKEN|API_?KEY|PRIVATE|CREDENTIAL)[A-Z0-9_.-]*$/;
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*:)([^\s@/'"]+)(@)/gi;
const KEY_VALUE = /^(\s*(?:- )?)("[^"]*"|'[^']*'|[^\s'"][^:]*?):( +)(.*)$/;
const unquote = (k) => k.replace(/^(["'])(.*)\1$/, '$2');
const BLOCK = /^[|>][-+]?\d*$/;

/** `{text, count}`: `doc` with its secret values replaced by MASK, and how many were. */
export function maskSecrets(doc) {
  if (!doc) return { text: doc ?? '', count: 0 };
  const secret = /^kind: Secret$/m.test(doc);
  const out = [];
  let count = 0;
  let inData = false; // inside a Secret's data/stringData
  let skipBlock = -1; // a masked block scalar's key indentation: drop its lines
  let envValue = -1; // after `- name: <secret name>`: the indentation its `value:` has
  for (const line of doc.split('\n')) {
    const indent = line.length - line.trimStart().length;
    if (skipBlock >= 0) {
      if (line.trim() === '' || indent > skipBlock) continue;
      skipBlock = -1;
    }
    if (indent === 0 && line.trim() !== '') inData = secret && /^(data|stringData):\s*$/.test(line);
    const m = KEY_VALUE.exec(line);
    if (m && m[4] !== '') {
      const key = unquote(m[2]);
      const keyIndent = m[1].length;
      const hide = (inData && indent > 0) || SECRET_NAME.test(key) || (envValue >= 0 && key === 'value' && keyIndent === envValue);
      envValue = -1;
      if (hide) {
        if (BLOCK.test(m[4])) skipBlock = keyIndent;
        out.push(`${m[1]}${m[2]}:${m[3]}${MASK}`);
        count++;
        continue;
      }
      if (/^- $/.test(m[1].slice(-2)) && key === 'name' && SECRET_NAME.test(unquote(m[4]))) envValue = keyIndent;
    } else if (m) {
      envValue = -1;
    }
    const masked = line.replace(URL_PASSWORD, (_, a, p, c) => {
      count++;
      return `${a}${MASK}${c}`;
    });
    out.push(masked);
  }
  return { text: out.join('\n'), count };
}
