// Progressive enhancement: column headers of `table.sortable` become buttons
// that sort the rows; the table is complete and readable without this script.
(function () {
  "use strict";
  function key(cell, numeric) {
    var v = cell.getAttribute("data-sort") || cell.textContent;
    return numeric ? parseFloat(v) || 0 : v.toLowerCase();
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var body = table.tBodies[0];
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = rows.length > 0 && rows[0].cells[col].classList.contains("num");
        rows.sort(function (a, b) {
          var x = key(a.cells[col], numeric), y = key(b.cells[col], numeric);
          var c = numeric ? x - y : x.localeCompare(y, "ru");
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    var hint = (table.closest(".table-scroll") || table).parentNode.querySelector(".hint-js");
    if (hint) { hint.hidden = false; }
  });
})();
