// Small behaviours shared by every page. htmx handles partial updates; this file only wires
// what plain HTML cannot express.
(function () {
  "use strict";

  // User form: the OPD field matters only for OPD roles (Perencana OPD, Kepala OPD).
  function syncOpdField(roleSelect) {
    var opdRoles = (roleSelect.dataset.opdRoles || "").split(",");
    var opdWrapper = document.getElementById("div_id_opd");
    if (!opdWrapper) return;
    opdWrapper.hidden = opdRoles.indexOf(roleSelect.value) === -1;
  }

  // Delegated on the document, so content swapped in by htmx behaves the same. The capture phase
  // runs before any listener on the element itself, so a refusal stops them too.
  // data-konfirmasi="..." on a form (submit) or a button (click): ask first, cancel if refused.
  function confirmOrCancel(event, element) {
    if (!element || window.confirm(element.dataset.konfirmasi)) return;
    event.preventDefault();
    event.stopPropagation();
  }
  document.addEventListener("submit", function (event) {
    if (event.target.matches("form[data-konfirmasi]")) confirmOrCancel(event, event.target);
  }, true);
  document.addEventListener("click", function (event) {
    if (!(event.target instanceof Element)) return;
    confirmOrCancel(event, event.target.closest("button[data-konfirmasi], input[data-konfirmasi]"));
  }, true);
  // data-kirim-otomatis on a select or checkbox: changing it submits its form (filters, year pickers).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches("[data-kirim-otomatis]") && field.form) field.form.submit();
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-opd-roles]").forEach(function (select) {
      syncOpdField(select);
      select.addEventListener("change", function () { syncOpdField(select); });
    });
    // LKE worksheet: "Pakai saran" puts the answer suggested from the data into the evaluator's select.
    document.querySelectorAll("button[data-saran-untuk]").forEach(function (button) {
      button.addEventListener("click", function () {
        var select = document.getElementById(button.dataset.saranUntuk);
        if (!select) return;
        select.value = button.dataset.saranNilai;
        select.focus();
      });
    });
  });
})();
