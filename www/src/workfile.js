// The work as a file, for when a link or the browser cannot hold it (a link too long to paste,
// work too large for this browser's storage): Download work saves the manifest as a convox.yml
// whose first line is a comment carrying the rest of the work as JSON — rack, app, rack profile,
// the stand-ins of the release variables (never their values) — so the file is still a valid
// convox.yml for the rack. Dropping a file on the page (or Open file…) opens it: a work file
// restores everything it carries; any other convox.yml replaces the text, as a paste would.
/** What starts a work file's first line; JSON follows on the same line. */
const MARK = '# convox-k8s playground: ';

/** The text of a work file for state `s` (`{source, rack, app, provider?, params?, standIns?, example?}`). */
export function workFile(s) {
  const meta = { rack: s.rack || '', app: s.app || '' };
  if (s.provider) meta.provider = s.provider;
  if (s.params && Object.keys(s.params).length) meta.params = s.params;
  if (s.standIns && Object.keys(s.standIns).length) meta.standIns = s.standIns;
  if (s.example) meta.example = s.example;
  return `${MARK}${JSON.stringify(meta)}\n${s.source}`;
}

/** Reads a file's text: `{source, rack, app, provider?, params?, standIns?, example?}` for a work file, `{source}` for any other. */
export function readWorkFile(text) {
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  if (first.startsWith(MARK)) {
    try {
      const m = JSON.parse(first.slice(MARK.length));
      if (m && typeof m === 'object' && !Array.isArray(m)) {
        const str = (v) => (typeof v === 'string' ? v : undefined);
        const map = (v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : undefined);
        return {
          work: true,
          source: nl < 0 ? '' : text.slice(nl + 1).replace(/\r\n/g, '\n'),
          rack: str(m.rack) ?? '',
          app: str(m.app) ?? '',
          provider: str(m.provider),
          params: map(m.params),
          standIns: map(m.standIns) ?? {},
          example: str(m.example),
        };
      }
    } catch {
      // not our comment after all: the file is a plain convox.yml
    }
  }
  return { work: false, source: text.replace(/\r\n/g, '\n') };
}

/** Downloads `text` as `name`. */
export function saveFile(name, text, type = 'application/yaml') {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

/**
 * Opens files dropped on the page or picked in `input`: `open(read)` with what readWorkFile
 * read from the first one. A drop anywhere (the editor included, which would insert the
 * file's text at the drop point) is the page's, but on an element marked `data-drop-zone`.
 */
export function initWorkFiles(input, open) {
  const take = async (file) => {
    if (!file) return;
    open(readWorkFile(await file.text()), file.name);
  };
  // Files dropped anywhere but a drop zone of its own (Compare with cluster's dump).
  const files = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files') && !e.target.closest?.('[data-drop-zone]');
  let depth = 0;
  window.addEventListener('dragenter', (e) => {
    if (!files(e)) return;
    depth++;
    document.body.dataset.dropping = 'true';
  }, true);
  window.addEventListener('dragleave', (e) => {
    if (!files(e)) return;
    if (--depth <= 0) {
      depth = 0;
      delete document.body.dataset.dropping;
    }
  }, true);
  window.addEventListener('dragover', (e) => {
    if (!files(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, true);
  window.addEventListener('drop', (e) => {
    if (!files(e)) return;
    e.preventDefault();
    e.stopPropagation();
    depth = 0;
    delete document.body.dataset.dropping;
    take(e.dataTransfer.files[0]);
  }, true);
  input.addEventListener('change', () => {
    take(input.files[0]);
    input.value = '';
  });
}

