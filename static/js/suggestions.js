/* Kyoso — the suggestions page: follow a computation that is under way.
 *
 * An element with data-suggestions-status="<url of the JSON status>" is polled every
 * few seconds while the member's suggestions are being computed. When they are
 * ready, data-reload="auto" reloads the page (nothing to read yet);
 * data-reload="offer" only says so, with a link, so that nobody loses what they are
 * reading or typing. No inline script: everything comes from data- attributes. */
(function () {
  "use strict";

  var INTERVAL = 4000;
  var MAX_FAILURES = 5;

  function follow(box) {
    var url = box.getAttribute("data-suggestions-status");
    var list = box.getAttribute("data-list") || "";
    var mode = box.getAttribute("data-reload");
    var bar = box.querySelector("progress");
    var failures = 0;

    function ready() {
      if (mode === "auto") {
        window.location.reload();
        return;
      }
      var note = box.querySelector("[data-ready]");
      if (!note) return;
      var link = document.createElement("a");
      link.href = window.location.href.split("#")[0];
      link.textContent = box.getAttribute("data-ready-link") || "";
      note.textContent = (box.getAttribute("data-ready-text") || "") + " ";
      note.appendChild(link);
    }

    function show(progress) {
      if (bar && typeof progress === "number") {
        bar.max = 1;
        bar.value = progress;
      }
    }

    function poll() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (status) {
          failures = 0;
          show(status.progress);
          if (!status.busy || String(status.list === null ? "" : status.list) !== list) {
            ready();
            return;
          }
          window.setTimeout(poll, INTERVAL);
        })
        .catch(function () {
          failures += 1;
          if (failures < MAX_FAILURES) window.setTimeout(poll, INTERVAL * 2);
        });
    }

    window.setTimeout(poll, INTERVAL);
  }

  document.querySelectorAll("[data-suggestions-status]").forEach(follow);
})();
