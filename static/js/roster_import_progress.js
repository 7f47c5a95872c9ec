/* Live progress of a large roster import: poll the import's JSON every two seconds and reload the page
   when it has finished. Without JavaScript the page has a "Check again" link. */
(function () {
  "use strict";
  var panel = document.querySelector("[data-roster-import-progress]");
  if (!panel) {
    return;
  }
  var url = panel.getAttribute("data-url");

  function show(data) {
    var bar = panel.querySelector("[data-progress-bar]");
    if (bar && typeof data.done === "number") {
      bar.value = data.done;
    }
    ["status_label", "phase", "done"].forEach(function (name) {
      var cell = panel.querySelector('[data-field="' + name + '"]');
      if (cell && data[name] !== undefined && data[name] !== null && data[name] !== "") {
        cell.textContent = String(data[name]);
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
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 2000);
})();
