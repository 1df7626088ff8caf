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

  function arrivedText(n) {
    if (n === 1) return "تحديث جديد واحد منذ وصولك";
    if (n === 2) return "تحديثان جديدان منذ وصولك";
    if (n <= 10) return n + " تحديثات جديدة منذ وصولك";
    return n + " تحديثاً جديداً منذ وصولك";
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
      say(arrivedText(arrived), "update-" + data.latest, "أحدثها");
      if (countNode) countNode.textContent = data.count;
    } else if (data.version !== version && data.live) {
      say("عُدِّل أحد التحديثات السابقة.", null);
      var reload = document.createElement("a");
      reload.href = window.location.pathname + "#live";
      reload.textContent = "أعد تحميل الصفحة لرؤيته";
      status.appendChild(document.createTextNode(" "));
      status.appendChild(reload);
    }
    version = data.version;
    if (!data.live) {
      stop();
      section.classList.remove("is-live");
      var badge = section.querySelector(".live-badge");
      if (badge) badge.remove();
      say("انتهت التغطية المباشرة.", null);
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
