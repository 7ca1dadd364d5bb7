// PK rows page: the difference from the Renstra target, updated as the planner types
// ("1.234,5" is read as 1234.5).
(function () {
  "use strict";

  const format = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 4 });
  function parse(text) {
    const clean = text.trim().replace(/\s/g, "");
    if (!/^[-+]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/.test(clean)) return null;
    return Number(clean.replace(/\./g, "").replace(",", "."));
  }
  document.querySelectorAll("input[data-renstra]").forEach(function (input) {
    input.addEventListener("input", function () {
      const cell = input.closest("tr").querySelector("[data-selisih]");
      const value = parse(input.value);
      if (value === null) { cell.textContent = "–"; return; }
      const difference = value - Number(input.dataset.renstra);
      cell.textContent = difference === 0 ? "–" : (difference > 0 ? "+" : "") + format.format(difference);
    });
  });
})();
