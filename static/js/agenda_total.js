/* The agenda's running total in the module editor (a static file: no inline script). */
document.addEventListener("DOMContentLoaded", () => {
  const live = document.querySelector("[data-agenda-live]");
  if (!live) return;
  const update = () => {
    let total = 0;
    document.querySelectorAll('input[name^="agenda-"][name$="-value-minutes"]').forEach((field) => {
      const prefix = field.name.replace(/-value-minutes$/, "");
      const deleted = document.querySelector(`input[name="${prefix}-deleted"]`);
      if (!deleted || deleted.value !== "1") total += parseInt(field.value, 10) || 0;
    });
    const length = parseInt((document.querySelector('input[name="default_minutes"]') || {}).value, 10) || 0;
    live.textContent = total === length
      ? live.dataset.same.replace("%(total)s", total)
      : live.dataset.different.replace("%(total)s", total).replace("%(length)s", length);
    live.closest("[data-agenda-total]").classList.toggle("help-warning", total !== length);
  };
  document.addEventListener("input", update);
  document.addEventListener("w-formset:added", update);
  document.addEventListener("click", () => window.setTimeout(update, 50));
  update();
});
