/* Live coverage (miftah/live): polls the coverage's small JSON and puts new updates on top, newest first, with a
   count of what arrived since the reader opened the page. The page works without this script: every update is
   already in its HTML. Stops when the coverage ends or the tab is hidden (resumes when shown again). */
(function () {
  "use strict";
  var section = document.getElementById("live");
  if (!section || !section.dataset.liveUrl) return;
  var INTERVAL = 3000;
  var list = section.querySelector(".live-updates");
  var status = section.querySelector(".live-status");
  var countNode = section.querySelector(".live-count");
  var latest = parseInt(section.dataset.latest, 10) || 0;
  var version = section.dataset.version;
  var arrived = 0;
  var timer = null;

  // The words come from data-text-* attributes the template translates; the four count forms are Arabic's
  // (1, 2, 3–10, 11 and more), which an English catalogue fills with its own singular and plural.
  var text = section.dataset;

  function arrivedText(n) {
    var form = n === 1 ? text.textOne : n === 2 ? text.textTwo : n <= 10 ? text.textFew : text.textMany;
    return form.replace("%(count)s", n);
  }

  function say(text, anchor, linkText) {
    status.textContent = text;
    if (anchor) {
      var link = document.createElement("a");
      link.href = "#" + anchor;
      link.textContent = linkText;
      status.appendChild(document.createTextNode(" — "));
      status.appendChild(link);
    }
  }

  function insert(update) {
    if (document.getElementById("update-" + update.id)) return;
    var holder = document.createElement("div");
    holder.innerHTML = update.html; // rendered and sanitised by the server (miftah/live/text.py)
    var node = holder.firstElementChild;
    node.classList.add("is-new");
    list.insertBefore(node, list.firstElementChild);
  }

  function apply(data) {
    if (data.updates.length) {
      data.updates.forEach(insert); // oldest first, each on top: the newest ends first
      arrived += data.updates.length;
      latest = data.latest;
      say(arrivedText(arrived), "update-" + data.latest, text.textLatest);
      if (countNode) countNode.textContent = data.count;
    } else if (data.version !== version && data.live) {
      say(text.textEdited, null);
      var reload = document.createElement("a");
      reload.href = window.location.pathname + "#live";
      reload.textContent = text.textReload;
      status.appendChild(document.createTextNode(" "));
      status.appendChild(reload);
    }
    version = data.version;
    if (!data.live) {
      stop();
      section.classList.remove("is-live");
      var badge = section.querySelector(".live-badge");
      if (badge) badge.remove();
      say(text.textEnded, null);
    }
  }

  function poll() {
    fetch(section.dataset.liveUrl + "?after=" + latest, { credentials: "omit", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) apply(data); })
      .catch(function () { /* offline for a moment: the next poll tries again */ });
  }

  function start() { if (!timer) timer = window.setInterval(poll, INTERVAL); }
  function stop() { if (timer) { window.clearInterval(timer); timer = null; } }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) { stop(); } else { poll(); start(); }
  });
  start();
})();
