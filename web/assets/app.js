// @ts-check
// The web interface's only script (the CSP allows no inline scripts). Pages work without it; it adds:
// - keyboard shortcuts: an element with data-key="x" is activated by the key x (links followed,
//   buttons clicked, inputs focused), except while typing in a field; "?" lists the page's keys;
// - forms with data-confirm="question" ask before they are sent.
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
    const el = /** @type {HTMLElement | null} */ (document.querySelector(`[data-key="${CSS.escape(event.key)}"]`));
    if (!el || el.closest('[hidden]') || (el instanceof HTMLButtonElement && el.disabled)) return;
    event.preventDefault();
    activate(el);
  });

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
})();
