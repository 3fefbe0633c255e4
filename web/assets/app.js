// @ts-check
// The web interface's only script (the CSP allows no inline scripts). Pages work without it; it adds:
// - keyboard shortcuts: an element with data-key="x" is activated by the key x (links followed,
//   buttons clicked, inputs focused), except while typing in a field; "?" lists the page's keys;
// - forms with data-confirm="question" ask before they are sent;
// - lists with data-rows (the queue, search results): j/k move the current row, Enter or o opens
//   it (its data-href), x ticks its checkbox; a data-select-all box ticks every row;
// - on a document, the line each field was read from, outlined on the page image while its row is
//   hovered or focused (boxes from the page's data-lines URL; "position unknown" when not found).
'use strict';

(function () {
  /** @param {EventTarget | null} target */
  function isTyping(target) {
    if (!(target instanceof HTMLElement)) return false;
    const tag = target.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
  }

  /** @param {HTMLElement} el */
  function activate(el) {
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) {
      el.focus();
      if (el instanceof HTMLInputElement) el.select();
    } else {
      el.click();
    }
  }

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Escape' && isTyping(event.target)) {
      /** @type {HTMLElement} */ (event.target).blur();
      return;
    }
    if (isTyping(event.target)) return;
    if (event.key === '?') {
      const help = document.getElementById('shortcut-help');
      if (help) help.hidden = !help.hidden;
      event.preventDefault();
      return;
    }
    if (rowKey(event)) return;
    const el = /** @type {HTMLElement | null} */ (document.querySelector(`[data-key="${CSS.escape(event.key)}"]`));
    if (!el || el.closest('[hidden]') || (el instanceof HTMLButtonElement && el.disabled)) return;
    event.preventDefault();
    activate(el);
  });

  /** @param {KeyboardEvent} event */
  function rowKey(event) {
    const list = document.querySelector('[data-rows]');
    if (!list || !['j', 'k', 'o', 'x', 'Enter'].includes(event.key)) return false;
    if (event.key === 'Enter' && event.target instanceof HTMLElement && event.target.closest('a, button, form')) return false;
    const rows = /** @type {HTMLElement[]} */ (Array.from(list.querySelectorAll('tr[data-href]')));
    if (rows.length === 0) return false;
    let index = rows.findIndex((r) => r.classList.contains('current'));
    if (index < 0) index = 0;
    if (event.key === 'j' || event.key === 'k') {
      rows[index]?.classList.remove('current');
      index = Math.max(0, Math.min(rows.length - 1, index + (event.key === 'j' ? 1 : -1)));
      rows[index]?.classList.add('current');
      rows[index]?.scrollIntoView({ block: 'nearest' });
    } else if (event.key === 'x') {
      const box = rows[index]?.querySelector('input[type="checkbox"]');
      if (!(box instanceof HTMLInputElement)) return false;
      box.checked = !box.checked;
    } else {
      const href = rows[index]?.dataset.href;
      if (!href) return false;
      window.location.assign(href);
    }
    event.preventDefault();
    return true;
  }

  document.addEventListener('change', (event) => {
    const all = event.target;
    if (!(all instanceof HTMLInputElement) || !all.hasAttribute('data-select-all')) return;
    const form = all.closest('form');
    form?.querySelectorAll('input[name="ids"]').forEach((box) => {
      if (box instanceof HTMLInputElement) box.checked = all.checked;
    });
  });

  /** Field name → its outline over a page image. */
  const outlines = new Map();
  /** @param {string} field @param {boolean} on */
  function outline(field, on) {
    const box = outlines.get(field);
    if (!box) return;
    box.classList.toggle('line-box-shown', on);
    // Scroll the page images (their own scrolling panel), never the window: the row stays under the pointer.
    const panel = box.closest('.original');
    const pageImage = box.parentElement;
    if (!on || !(panel instanceof HTMLElement) || !(pageImage instanceof HTMLElement)) return;
    const top = pageImage.offsetTop + box.offsetTop;
    if (top < panel.scrollTop || top + box.offsetHeight > panel.scrollTop + panel.clientHeight) panel.scrollTop = Math.max(0, top - panel.clientHeight / 3);
  }
  const pages = /** @type {HTMLElement[]} */ (Array.from(document.querySelectorAll('.page-image[data-lines]')));
  Promise.all(
    pages.map(async (page) => {
      try {
        const res = await fetch(/** @type {string} */ (page.dataset.lines), { credentials: 'same-origin', headers: { accept: 'application/json' } });
        if (!res.ok) return;
        /** @type {{ boxes: Record<string, { x: number, y: number, w: number, h: number }> }} */
        const data = await res.json();
        for (const [field, b] of Object.entries(data.boxes)) {
          const box = document.createElement('div');
          box.className = 'line-box';
          box.dataset.lineFor = field;
          // Fractions of the page, so the box follows the image at any size (CSSOM, not inline markup: the CSP allows it).
          box.style.left = `${b.x * 100}%`;
          box.style.top = `${b.y * 100}%`;
          box.style.width = `${b.w * 100}%`;
          box.style.height = `${b.h * 100}%`;
          page.appendChild(box);
          outlines.set(field, box);
        }
      } catch {
        // No boxes: the rows say the position is unknown.
      }
    }),
  ).then(() => {
    document.querySelectorAll('[data-position-for]').forEach((span) => {
      const field = /** @type {HTMLElement} */ (span).dataset.positionFor ?? '';
      if (outlines.has(field)) span.closest('tr')?.classList.add('has-line-box');
      else span.textContent = 'position unknown';
    });
  });
  document.querySelectorAll('tr[data-field]').forEach((row) => {
    const field = /** @type {HTMLElement} */ (row).dataset.field ?? '';
    row.addEventListener('mouseenter', () => outline(field, true));
    row.addEventListener('mouseleave', () => outline(field, row.contains(document.activeElement)));
    row.addEventListener('focusin', () => outline(field, true));
    row.addEventListener('focusout', () => outline(field, false));
  });

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
})();
