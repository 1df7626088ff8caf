// Fills the search box's <datalist> from the edition's /search/suggest/ (beside its form's action: /en/search/ in
// English) as the reader types; the box works without it.
(function () {
  "use strict";
  var timer = null;
  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) {
      list = document.createElement("datalist");
      list.id = input.getAttribute("list");
      input.parentNode.appendChild(list);
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) return;
      timer = setTimeout(function () {
        var action = (input.form && input.form.getAttribute("action")) || "/search/";
        fetch(action.replace(/\/?$/, "/") + "suggest/?format=json&q=" + encodeURIComponent(q),
              { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (data) {
            list.textContent = "";
            data.suggestions.forEach(function (s) {
              var option = document.createElement("option");
              option.value = s.title;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 150);
    });
  }
  document.querySelectorAll('input[list="search-suggestions"]').forEach(attach);
})();
