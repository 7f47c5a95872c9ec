/* Live progress on the plan screen: poll the run's JSON once a second and reload when it finishes.
   Without JavaScript the page refreshes itself instead (a <noscript> meta refresh). */
(function () {
  "use strict";
  var panel = document.querySelector("[data-plan-progress]");
  if (!panel) {
    return;
  }
  var url = panel.getAttribute("data-url");
  var fields = ["status_label", "phase", "best", "bound", "gap", "seconds"];

  function show(data) {
    fields.forEach(function (name) {
      var cell = panel.querySelector('[data-field="' + name + '"]');
      if (cell) {
        var value = data[name];
        cell.textContent = value === null || value === undefined || value === "" ? "–" : String(value);
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
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }

  window.setTimeout(poll, 1000);
})();
