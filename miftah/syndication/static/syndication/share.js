/* Share buttons: the Web Share API where the browser has it, and copying the short link. No tracking. */
(function () {
  "use strict";
  document.querySelectorAll(".share[data-share-url]").forEach(function (box) {
    var url = box.dataset.shareUrl, title = box.dataset.shareTitle;
    var status = box.querySelector(".share-status");
    var say = function (text) { if (status) { status.textContent = text; } };
    var nativeButton = box.querySelector("[data-share-native]");
    if (nativeButton && navigator.share) {
      nativeButton.parentElement.hidden = false;
      nativeButton.addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function () {});
      });
    }
    var copyButton = box.querySelector("[data-share-copy]");
    if (copyButton) {
      copyButton.addEventListener("click", function () {
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(url).then(function () { say(box.dataset.textCopied); }, function () { say(url); });
        } else {
          window.prompt(box.dataset.textCopyPrompt, url);
        }
      });
    }
  });
})();
