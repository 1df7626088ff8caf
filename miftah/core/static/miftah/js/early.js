/* Runs before the page paints (a blocking script in <head>): marks that JavaScript runs and applies the reader's saved
   theme, so the dark theme does not flash light. A file, not an inline script: reader pages carry no inline script
   under the Content-Security-Policy (docs/security/headers-and-csp.md). */
document.documentElement.classList.replace("no-js", "js");
try {
  var theme = localStorage.getItem("miftah-theme");
  if (theme) document.documentElement.dataset.theme = theme;
} catch (e) {}
