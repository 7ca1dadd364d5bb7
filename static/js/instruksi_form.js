// IKP form: "Tambah baris" adds an empty task row from the <template>, numbered by the formset's
// TOTAL_FORMS, which it then increments.
(function () {
  "use strict";

  var total = document.getElementById("id_tugas-TOTAL_FORMS");
  document.getElementById("tambah-baris").addEventListener("click", function () {
    var html = document.getElementById("baris-kosong").innerHTML.replace(/__prefix__/g, total.value);
    document.querySelector("#tabel-tugas tbody").insertAdjacentHTML("beforeend", html);
    total.value = parseInt(total.value, 10) + 1;
  });
})();
