// @ts-check
// The web interface's only script (the CSP allows no inline scripts). Pages work without it; it adds:
// - keyboard shortcuts: an element with data-key="x" is activated by the key x (links followed,
//   buttons clicked, inputs focused), except while typing in a field; "?" lists the page's keys;
// - forms with data-confirm="question" ask before they are sent;
// - lists with data-rows (the queue, search results): j/k move the current row, Enter or o opens
//   it (its data-href), x ticks its checkbox; a data-select-all box ticks every row.
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

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
})();
