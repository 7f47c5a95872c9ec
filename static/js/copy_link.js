/* "Copy link" buttons beside a read-only link field (scheduling/calendar/_copy_link.html).
   A static file, not an inline script, so the Content Security Policy can refuse every inline script.
   The messages come from the button's data attributes, which the template translates. */
(function () {
  function say(id, text) {
    var status = document.querySelector('[data-copy-status="' + id + '"]');
    if (status) { status.textContent = text; }
  }
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    button.addEventListener("click", function () {
      var id = button.getAttribute("data-copy-target");
      var copied = button.getAttribute("data-copied-text");
      var failed = button.getAttribute("data-failed-text");
      var input = document.getElementById(id);
      input.select();
      var done = function (text) { say(id, text); button.focus(); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(function () { done(copied); }, function () {
          done(document.execCommand("copy") ? copied : failed);
        });
      } else {
        done(document.execCommand("copy") ? copied : failed);
      }
    });
  });
})();
