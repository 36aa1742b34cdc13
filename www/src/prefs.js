// The page's own settings, kept in this browser: the theme (System follows the system setting;
// Light and Dark override it: the stylesheet's colours are `light-dark()` pairs, picked by the
// root's `color-scheme`), the editor's width on wide screens (the splitter between the panes;
// mouse, touch or arrow keys), and the Menu button that folds the header on narrow screens.
import { $, store } from './state.js';

const THEME = 'convox-k8s:theme';
const SPLIT = 'convox-k8s:split';
const MIN = 20;
const MAX = 80;

function applyTheme(theme) {
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}

function setSplit(pct, keep = true) {
  const p = Math.round(Math.max(MIN, Math.min(MAX, pct)));
  $('#panes').style.setProperty('--split', `${p}%`); // CSSOM: the CSP allows it
  $('#splitter').setAttribute('aria-valuenow', String(p));
  if (keep) store.set(SPLIT, String(p));
}

export function initPrefs() {
  const theme = store.get(THEME) || '';
  applyTheme(theme);
  const select = $('#theme');
  select.value = ['light', 'dark'].includes(theme) ? theme : '';
  select.addEventListener('change', () => {
    applyTheme(select.value);
    if (select.value) store.set(THEME, select.value);
    else store.remove(THEME);
  });

  const kept = Number(store.get(SPLIT));
  if (kept >= MIN && kept <= MAX) setSplit(kept, false);
  const bar = $('#splitter');
  const panes = $('#panes');
  bar.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    bar.setPointerCapture(e.pointerId);
    const move = (ev) => {
      const box = panes.getBoundingClientRect();
      setSplit(((ev.clientX - box.left) / box.width) * 100, false);
    };
    const up = () => {
      bar.removeEventListener('pointermove', move);
      bar.removeEventListener('pointerup', up);
      bar.removeEventListener('pointercancel', up);
      setSplit(Number(bar.getAttribute('aria-valuenow')));
    };
    bar.addEventListener('pointermove', move);
    bar.addEventListener('pointerup', up);
    bar.addEventListener('pointercancel', up);
  });
  bar.addEventListener('keydown', (e) => {
    const now = Number(bar.getAttribute('aria-valuenow'));
    const to = { ArrowLeft: now - 2, ArrowRight: now + 2, Home: MIN, End: MAX }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    setSplit(to);
  });

  const toggle = $('#menu-toggle');
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    $('#controls').classList.toggle('open', open);
  });
}
