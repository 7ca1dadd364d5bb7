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
