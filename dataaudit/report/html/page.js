// The page's only script: search, filters, pages and sorting over what the page already holds.
// It reads and hides elements; it never inserts markup, so nothing from the data can run.
(function () {
  "use strict";
  var PAGE = Number(document.body.getAttribute("data-page-size")) || 25;
  var controls = document.getElementById("controls");
  var queues = Array.prototype.slice.call(document.querySelectorAll(".queue"));
  var pages = {};
  document.querySelectorAll(".nojs").forEach(function (e) { e.hidden = true; });
  if (controls) { controls.hidden = false; controls.addEventListener("submit", function (e) { e.preventDefault(); }); }
  function value(id) { var e = document.getElementById(id); return e ? e.value : ""; }
  function matches(item, q, want) {
    if (want.queue && item.getAttribute("data-queue") !== want.queue) return false;
    if (want.code && item.getAttribute("data-code") !== want.code) return false;
    if (want.rule && item.getAttribute("data-rule") !== want.rule) return false;
    if (want.label && (" " + item.getAttribute("data-labels") + " ").indexOf(" " + want.label + " ") < 0) return false;
    return !q || item.textContent.toLowerCase().indexOf(q) >= 0;
  }
  function button(text, disabled, go) {
    var b = document.createElement("button"); b.type = "button"; b.textContent = text; b.disabled = disabled;
    b.addEventListener("click", go); return b;
  }
  function show() {
    var q = value("search").trim().toLowerCase();
    var want = {queue: value("f-queue"), code: value("f-code"), label: value("f-label"), rule: value("f-rule")};
    var total = 0;
    queues.forEach(function (queue) {
      var key = queue.getAttribute("data-queue");
      var items = Array.prototype.slice.call(queue.querySelectorAll("article.item"));
      var hit = items.filter(function (item) { return matches(item, q, want); });
      total += hit.length;
      var count = Math.max(1, Math.ceil(hit.length / PAGE));
      var page = Math.min(pages[key] || 0, count - 1);
      pages[key] = page;
      items.forEach(function (item) { item.hidden = true; });
      hit.slice(page * PAGE, page * PAGE + PAGE).forEach(function (item) { item.hidden = false; });
      queue.hidden = want.queue !== "" && want.queue !== key;
      var pager = queue.querySelector(".pager");
      pager.textContent = "";
      pager.hidden = hit.length <= PAGE;
      pager.appendChild(button("‹ previous", page === 0, function () { pages[key] = page - 1; show(); }));
      var where = document.createElement("span");
      where.textContent = "page " + (page + 1) + " of " + count + " (" + hit.length + " findings)";
      pager.appendChild(where);
      pager.appendChild(button("next ›", page >= count - 1, function () { pages[key] = page + 1; show(); }));
    });
    var out = document.getElementById("matches");
    if (out) out.textContent = total + " findings match";
  }
  ["search", "f-queue", "f-code", "f-label", "f-rule"].forEach(function (id) {
    var e = document.getElementById(id);
    if (e) ["input", "change"].forEach(function (type) {
      e.addEventListener(type, function () { pages = {}; show(); });
    });
  });
  // Long tables (hundreds of labels) open on their first rows: the order puts what needs work
  // first, and a button shows the rest. Without JavaScript every row shows (a scroll box).
  function collapse(table) {
    var shown = Number(table.getAttribute("data-shown")) || 0;
    var open = table.getAttribute("data-open") === "true";
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row, i) { row.hidden = shown > 0 && !open && i >= shown; });
  }
  document.querySelectorAll("button.more-toggle").forEach(function (b) {
    var table = document.getElementById(b.getAttribute("data-table"));
    if (!table) return;
    var closed = b.textContent, shown = table.getAttribute("data-shown");
    b.hidden = false;
    b.addEventListener("click", function () {
      var open = table.getAttribute("data-open") !== "true";
      table.setAttribute("data-open", open ? "true" : "false");
      b.setAttribute("aria-expanded", open ? "true" : "false");
      b.textContent = open ? "show the first " + shown + " only" : closed;
      collapse(table);
    });
  });
  document.querySelectorAll("table[data-shown]").forEach(collapse);
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("th[data-sort]").forEach(function (th) {
      function sort() {
        var key = th.getAttribute("data-sort"), body = table.tBodies[0];
        var up = th.getAttribute("data-dir") !== "up";
        table.querySelectorAll("th[data-sort]").forEach(function (o) { o.removeAttribute("data-dir"); o.removeAttribute("aria-sort"); });
        th.setAttribute("data-dir", up ? "up" : "down");
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.getAttribute("data-" + key), y = b.getAttribute("data-" + key);
          var c = key === "label" ? x.localeCompare(y) : Number(x) - Number(y);
          return up ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
        collapse(table);
      }
      // A heading is a control: reachable by Tab, sorted by Enter or Space as by a click.
      th.tabIndex = 0;
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
      });
    });
  });
  show();
  if (window.performance && performance.mark) performance.mark("dataaudit-ready");  // for the load-time benchmark
})();
