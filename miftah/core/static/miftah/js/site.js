/* Small progressive enhancements: dark-mode toggle, back-to-top visibility, reading progress. The site works without it. */
(function () {
  var root = document.documentElement;
  var toggle = document.querySelector(".theme-toggle");
  function currentTheme() {
    return root.dataset.theme || (window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
  }
  function syncToggle() {
    if (!toggle) return;
    var dark = currentTheme() === "dark";
    toggle.setAttribute("aria-pressed", dark ? "true" : "false");
    toggle.textContent = dark ? toggle.dataset.textLight : toggle.dataset.textDark;
  }
  if (toggle) {
    toggle.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.dataset.theme = next;
      try { localStorage.setItem("miftah-theme", next); } catch (e) {}
      syncToggle();
    });
    syncToggle();
  }
  var toTop = document.querySelector(".to-top");
  var progress = document.querySelector(".reading-progress");
  var article = document.querySelector(".article-body");
  function onScroll() {
    var y = window.scrollY || window.pageYOffset;
    if (toTop) toTop.classList.toggle("is-visible", y > 600);
    if (progress && article) {
      var rect = article.getBoundingClientRect();
      var total = rect.height - window.innerHeight;
      var ratio = total > 0 ? Math.min(1, Math.max(0, -rect.top / total)) : 1;
      progress.style.transform = "scaleX(" + ratio + ")";
    }
  }
  window.addEventListener("scroll", onScroll, { passive: true });
  onScroll();
})();
