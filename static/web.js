// kt review UI: small progressive enhancements. Every page works without this file;
// the server validates everything these helpers pre-fill or hide.
(function () {
  'use strict';

  function onReady(fn) {
    if (document.readyState !== 'loading') fn();
    else document.addEventListener('DOMContentLoaded', fn);
  }

  // Show the cause choice only while the category is "false positive".
  function wireCause(form) {
    var category = form.querySelector('#category');
    var cause = form.querySelector('#cause-field');
    if (!category || !cause) return;
    var update = function () {
      var needed = category.value === cause.getAttribute('data-for-category');
      cause.classList.toggle('is-hidden', !needed);
      cause.querySelectorAll('input').forEach(function (input) { input.disabled = !needed; });
    };
    category.addEventListener('change', update);
    update();
    return update;
  }

  // Quick approve / deny: pre-fill outcome and category in place, then take the reviewer to the note.
  function wireQuick(form, updateCause) {
    document.querySelectorAll('[data-quick]').forEach(function (link) {
      link.addEventListener('click', function (event) {
        event.preventDefault();
        var outcome = form.querySelector('input[name="outcome"][value="' + link.getAttribute('data-outcome') + '"]');
        if (outcome) outcome.checked = true;
        var category = form.querySelector('#category');
        if (category) category.value = link.getAttribute('data-category');
        if (updateCause) updateCause();
        document.querySelectorAll('[data-quick]').forEach(function (other) { other.classList.toggle('is-chosen', other === link); });
        var note = form.querySelector('#note');
        if (note) note.focus();
      });
    });
  }

  // A long-running form (an evidence export): say it is running, and keep a second click from starting another.
  function wireBusy(form) {
    form.addEventListener('submit', function (event) {
      // A button with its own formaction (a download) leaves the page as it is: nothing to wait for.
      var button = event.submitter || form.querySelector('button[type="submit"]');
      if (!button || button.hasAttribute('formaction')) return;
      button.disabled = true;
      button.textContent = form.getAttribute('data-busy-text');
    });
  }

  onReady(function () {
    document.querySelectorAll('form[data-busy-text]').forEach(wireBusy);
    var form = document.getElementById('resolve-form');
    if (form) wireQuick(form, wireCause(form));
    // A refusal is announced (role=alert); also move focus there so keyboard users start from it.
    var refusal = document.getElementById('refusal');
    if (refusal) refusal.focus();
  });
})();
