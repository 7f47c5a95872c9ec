/* Live progress of work the background worker is doing (a training plan, a large roster import): poll
   the JSON at the panel's data-url and reload the page when it says "finished".

   <section data-live-progress data-url="…" data-interval="2000" data-fields="status_label phase done"
            data-empty="–">
   - data-interval: milliseconds between polls (default 2000); after a failed poll it waits 2.5 times as long.
   - data-fields: the JSON keys shown in the panel's [data-field="…"] cells.
   - data-empty: what a cell shows for an empty value; without it the cell keeps its text.
   - A [data-progress-bar] <progress> takes the JSON's "done".
   Without JavaScript each page has its own fallback ("Check again" link, or a <noscript> refresh). */
(function () {
  "use strict";

  function follow(panel) {
    var url = panel.getAttribute("data-url");
    var interval = parseInt(panel.getAttribute("data-interval"), 10) || 2000;
    var fields = (panel.getAttribute("data-fields") || "").split(/\s+/).filter(Boolean);
    var empty = panel.getAttribute("data-empty");

    function show(data) {
      var bar = panel.querySelector("[data-progress-bar]");
      if (bar && typeof data.done === "number") {
        bar.value = data.done;
      }
      fields.forEach(function (name) {
        var cell = panel.querySelector('[data-field="' + name + '"]');
        if (!cell) {
          return;
        }
        var value = data[name];
        if (value !== null && value !== undefined && value !== "") {
          cell.textContent = String(value);
        } else if (empty !== null) {
          cell.textContent = empty;
        }
      });
    }

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("progress " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          show(data);
          if (data.finished) {
            window.location.reload();
          } else {
            window.setTimeout(poll, interval);
          }
        })
        .catch(function () {
          window.setTimeout(poll, interval * 2.5);
        });
    }

    window.setTimeout(poll, interval);
  }

  document.querySelectorAll("[data-live-progress]").forEach(follow);
})();
