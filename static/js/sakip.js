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
  });
})();
