// Injected into a copy of a page by tests/test_html.py: measures the laid-out page and writes
// what it found into <pre id="huandu-layout"> (read back with chromium --dump-dom).
window.addEventListener("load", function () {
  var problems = [];
  var root = document.documentElement;
  var vw = root.clientWidth;
  if (root.scrollWidth > vw + 1) problems.push("page wider than the window: " + root.scrollWidth + " > " + vw);
  var cells = 0;
  document.querySelectorAll("table").forEach(function (table, ti) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.getBoundingClientRect();
    });
    table.querySelectorAll("tbody tr").forEach(function (tr, ri) {
      Array.prototype.forEach.call(tr.children, function (td, ci) {
        cells++;
        var where = "table " + ti + " row " + ri + " column " + ci + " (" + td.textContent.slice(0, 20) + ")";
        var r = td.getBoundingClientRect();
        var h = heads[ci];
        if (!h) { problems.push(where + ": no header"); return; }
        if (Math.abs(r.left - h.left) > 1 || Math.abs(r.right - h.right) > 1) problems.push(where + ": not under its header");
        if (h.bottom > r.top + 1) problems.push(where + ": header not above it");
        if (td.scrollWidth > td.clientWidth + 1) problems.push(where + ": content overflows the cell");
        td.querySelectorAll("*").forEach(function (el) {
          var e = el.getBoundingClientRect();
          if (e.width && (e.left < r.left - 1 || e.right > r.right + 1)) problems.push(where + ": " + el.tagName + " sticks out");
        });
        if (r.right > vw + 1) problems.push(where + ": cut off at the right edge");
      });
    });
    heads.forEach(function (h, ci) { if (h.right > vw + 1) problems.push("table " + ti + " header " + ci + " cut off"); });
  });
  var texts = 0;
  document.querySelectorAll("svg").forEach(function (svg, si) {
    if (svg.parentElement && svg.parentElement.closest("svg")) return;  // checked with its chart
    var b = svg.getBoundingClientRect();
    if (b.right > vw + 1) problems.push("chart " + si + " cut off at the right edge");
    svg.querySelectorAll("text").forEach(function (tx) {
      texts++;
      var e = tx.getBoundingClientRect();
      if (e.left < b.left - 1 || e.right > b.right + 1 || e.top < b.top - 1 || e.bottom > b.bottom + 1)
        problems.push("chart " + si + ": text cut off: " + tx.textContent);
      if (tx.getAttribute("text-anchor") === "end") {  // a bar's label ends before its bar
        svg.querySelectorAll("rect[rx]").forEach(function (bar) {
          var br = bar.getBoundingClientRect();
          if (br.top < e.bottom && e.top < br.bottom && e.right > br.left + 1) problems.push("chart " + si + ": label over a bar: " + tx.textContent);
        });
      }
    });
  });
  var pre = document.createElement("pre");
  pre.id = "huandu-layout";
  pre.textContent = JSON.stringify({problems: problems, width: vw, cells: cells, texts: texts,
    tables: document.querySelectorAll("table").length, charts: document.querySelectorAll("svg").length});
  document.body.appendChild(pre);
});
