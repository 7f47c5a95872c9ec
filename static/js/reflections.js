/* Progressive enhancement only: every form works without this file.
   Register buttons save with fetch() and update aria-pressed in place; the pack's Print button prints;
   a link to a module's agenda opens it. */
(function () {
  "use strict";
  var live = document.querySelector("[data-register-status]");

  function announce(text) {
    if (live) { live.textContent = text; }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-register]") || !window.fetch) { return; }
    var button = event.submitter;
    if (!button || button.name !== "status") { return; }
    event.preventDefault();
    var data = new FormData(form);
    data.set("status", button.value);
    button.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      button.removeAttribute("aria-busy");
      if (!result.ok || !result.body.ok) {
        announce(result.body.error || "That was not saved. Please try again.");
        return;
      }
      form.querySelectorAll("button[name=status]").forEach(function (other) {
        other.setAttribute("aria-pressed", other.value === result.body.status ? "true" : "false");
      });
      var row = form.closest("tr");
      if (row) { row.className = "register__row register__row--" + result.body.status; }
      announce(result.body.name + ": " + result.body.label + ". Saved.");
    }).catch(function () {
      button.removeAttribute("aria-busy");
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "status";
      hidden.value = button.value;
      form.appendChild(hidden);
      form.submit();
    });
  });

  // The day page shows each module's agenda once; a session's "Agenda and trainer notes" link opens it.
  function openTargetedAgenda() {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.tagName === "DETAILS") { target.open = true; }
  }
  window.addEventListener("hashchange", openTargetedAgenda);
  openTargetedAgenda();

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
