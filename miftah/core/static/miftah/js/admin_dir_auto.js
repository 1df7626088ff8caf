/* Admin (Wagtail): every text field takes the direction of what is typed in it (dir="auto"), so a Latin name in an
   Arabic form, or an Arabic name in an English one, is written and read the right way round. Fields added later
   (inline panels, StreamField blocks, modals) get it too. Added by miftah/core/wagtail_hooks.py (docs/i18n.md). */
(function () {
  "use strict";
  var FIELDS = 'input[type="text"], input[type="search"], input[type="email"], input[type="url"], input:not([type]), textarea';

  function mark(root) {
    if (!root.querySelectorAll) return;
    if (root.matches && root.matches(FIELDS) && !root.hasAttribute("dir")) root.setAttribute("dir", "auto");
    root.querySelectorAll(FIELDS).forEach(function (field) {
      if (!field.hasAttribute("dir")) field.setAttribute("dir", "auto");
    });
  }

  function start() {
    mark(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) { change.addedNodes.forEach(mark); });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
