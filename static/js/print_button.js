/* Buttons marked data-print print the page (a static file: the Content Security Policy refuses inline
   scripts). */
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
