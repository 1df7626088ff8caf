/* Counts this page view for Miftah's own analytics (miftah.analytics.beacon): one sendBeacon with the page's id,
   the referrer (reduced to a kind of source on the server) and a newsletter link's utm parameters. No cookie, no
   storage, no third party. A page opened in the background or prerendered counts when the reader first sees it. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !navigator.sendBeacon || typeof URLSearchParams === "undefined") return;
  var page = script.getAttribute("data-page");
  var endpoint = script.getAttribute("data-endpoint");
  if (!page || !endpoint) return;

  function send() {
    var data = new URLSearchParams();
    data.set("p", page);
    data.set("r", document.referrer || "");
    var query = new URLSearchParams(location.search);
    ["utm_source", "utm_medium", "utm_campaign"].forEach(function (name) {
      var value = query.get(name);
      if (value) data.set(name, value.slice(0, 100));
    });
    navigator.sendBeacon(endpoint, data);
  }

  function whenSeen() {
    if (document.visibilityState !== "hidden") { send(); return; }
    document.addEventListener("visibilitychange", function shown() {
      if (document.visibilityState === "hidden") return;
      document.removeEventListener("visibilitychange", shown);
      send();
    });
  }

  if (document.prerendering) document.addEventListener("prerenderingchange", whenSeen, { once: true });
  else whenSeen();
  // Back or forward from the browser's page cache is a view too (the script does not run again by itself).
  window.addEventListener("pageshow", function (event) { if (event.persisted) send(); });
})();
