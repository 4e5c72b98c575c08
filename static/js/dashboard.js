/* Kyoso — the staff dashboard: the workers' health and the runs' progress.
 *
 * The element with data-dashboard-status="<url of the status fragment>" is filled
 * from that URL once the page has loaded (asking the workers takes up to a second,
 * which the page itself does not wait for), then again every few seconds while a
 * full recompute is under way (data-run-active in the fragment) or has just been
 * requested (data-requested, for at most a minute). No inline script. */
(function () {
  "use strict";

  var INTERVAL = 3000;
  var REQUESTED_POLLS = 20;
  var MAX_FAILURES = 5;

  function follow(box) {
    var url = box.getAttribute("data-dashboard-status");
    var waiting = box.hasAttribute("data-requested") ? REQUESTED_POLLS : 0;
    var failures = 0;

    function refresh() {
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) {
          failures = 0;
          box.innerHTML = html;
          var active = box.querySelector("[data-run-active]");
          if (active) waiting = 0;
          if (active || waiting-- > 0) window.setTimeout(refresh, INTERVAL);
          else box.setAttribute("data-settled", "1");
        })
        .catch(function () {
          failures += 1;
          if (failures < MAX_FAILURES) window.setTimeout(refresh, INTERVAL);
        });
    }

    refresh();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var boxes = document.querySelectorAll("[data-dashboard-status]");
    for (var i = 0; i < boxes.length; i += 1) follow(boxes[i]);
  });
})();
