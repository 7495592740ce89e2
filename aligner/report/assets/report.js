/* aligner report: the overview's article-pair table (sort, filter, pages) and the viewer's
   search and keyboard navigation.  Plain JavaScript, no dependencies, works from file://. */
(function () {
  "use strict";

  function text(value) { return value === null || value === undefined ? "" : String(value); }

  function pairTable() {
    var body = document.getElementById("pairs-body");
    if (!body || !window.PAIRS) { return; }
    var rows = window.PAIRS, shown = rows, page = 0, size = 100, sortKey = "n", sortDir = 1;
    var filter = document.getElementById("pairs-filter");
    var info = document.getElementById("pairs-info");
    var prev = document.getElementById("pairs-prev"), next = document.getElementById("pairs-next");

    function cell(tr, value, cls, lang) {
      var td = document.createElement("td");
      if (cls) { td.className = cls; }
      if (lang) { td.lang = lang; }
      td.textContent = text(value);
      tr.appendChild(td);
      return td;
    }

    function render() {
      body.textContent = "";
      var start = page * size, end = Math.min(shown.length, start + size);
      for (var i = start; i < end; i++) {
        var r = shown[i], tr = document.createElement("tr");
        var link = document.createElement("a");
        link.href = "pairs/" + r.n + ".html";
        link.textContent = r.n;
        var first = document.createElement("td");
        first.className = "num";
        first.appendChild(link);
        tr.appendChild(first);
        cell(tr, r.date);
        cell(tr, r.ko_title, "", "ko");
        cell(tr, r.en_title, "", "en");
        cell(tr, r.beads, "num");
        cell(tr, r.linked, "num");
        cell(tr, r.exported, "num");
        cell(tr, r.similarity, "num");
        cell(tr, r.confidence, "num");
        cell(tr, r.chrf, "num");
        cell(tr, r.flags, "flags");
        body.appendChild(tr);
      }
      info.textContent = shown.length ? (start + 1) + "–" + end + " of " + shown.length + " article pairs"
                                      : "no article pair matches";
      prev.disabled = page === 0;
      next.disabled = end >= shown.length;
    }

    function apply() {
      var q = filter.value.trim().toLowerCase();
      shown = !q ? rows.slice() : rows.filter(function (r) {
        return [r.n, r.date, r.ko_title, r.en_title, r.flags, r.ko_id, r.en_id].join(" ").toLowerCase().indexOf(q) >= 0;
      });
      shown.sort(function (a, b) {
        var x = a[sortKey], y = b[sortKey];
        if (x === null || x === undefined) { x = sortDir > 0 ? Infinity : -Infinity; }
        if (y === null || y === undefined) { y = sortDir > 0 ? Infinity : -Infinity; }
        if (x < y) { return -sortDir; }
        if (x > y) { return sortDir; }
        return a.n - b.n;
      });
      page = 0;
      render();
    }

    filter.addEventListener("input", apply);
    prev.addEventListener("click", function () { page = Math.max(0, page - 1); render(); });
    next.addEventListener("click", function () { page += 1; render(); });
    Array.prototype.forEach.call(document.querySelectorAll("th.sortable"), function (th) {
      th.addEventListener("click", function () {
        var key = th.getAttribute("data-key");
        sortDir = key === sortKey ? -sortDir : 1;
        sortKey = key;
        Array.prototype.forEach.call(document.querySelectorAll("th.sortable"), function (other) {
          other.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
        apply();
      });
    });
    apply();
  }

  function viewer() {
    var search = document.getElementById("bead-search");
    if (search) {
      var rows = document.querySelectorAll("tr.bead");
      var count = document.getElementById("bead-count");
      search.addEventListener("input", function () {
        var q = search.value.trim().toLowerCase(), visible = 0;
        Array.prototype.forEach.call(rows, function (tr) {
          var hit = !q || tr.textContent.toLowerCase().indexOf(q) >= 0;
          tr.classList.toggle("hidden", !hit);
          if (hit) { visible += 1; }
        });
        count.textContent = visible + " of " + rows.length + " rows";
      });
    }
    document.addEventListener("keydown", function (event) {
      if (event.target && /INPUT|TEXTAREA/.test(event.target.tagName)) {
        if (event.key === "Escape") { event.target.blur(); }
        return;
      }
      var rel = { ArrowLeft: "prev", ArrowRight: "next", p: "prev", n: "next", k: "prev", j: "next" }[event.key];
      if (rel) {
        var link = document.querySelector("a[rel=" + rel + "]");
        if (link) { window.location.href = link.href; }
      } else if (event.key === "/" && search) {
        event.preventDefault();
        search.focus();
      } else if (event.key === "u") {
        var up = document.querySelector("a[rel=index]");
        if (up) { window.location.href = up.href; }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { pairTable(); viewer(); });
}());
