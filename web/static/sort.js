// Sortable tables: each heading of a .sortable table with data-sort="text|number" becomes a
// button; activating it sorts by that column (again to reverse). Cells may carry data-value
// to sort by something other than their text (dates, status ranks). The heading's aria-sort
// tells screen readers the current order.
(function () {
  "use strict";
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var headings = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headings.forEach(function (th, index) {
      if (!th.dataset.sort) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return !r.classList.contains("empty"); });
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var numeric = th.dataset.sort === "number";
        function value(row) {
          var cell = row.cells[index];
          if (!cell) return "";
          return cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
        }
        rows.sort(function (a, b) {
          var x = value(a), y = value(b);
          var c = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
          return ascending ? c : -c;
        });
        headings.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
