/* repat-kg report: the figures table (filter, sort, pages) and the evidence view. No network, no globals. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var F = {};
  data.fields.forEach(function (name, i) { F[name] = i; });
  var claims = data.claims;
  var articles = data.articles;

  /* ---- evidence view: the article text with the span [start, end) highlighted (code-point offsets) ---- */
  var dialog = document.getElementById("evidence");
  var opener = null;

  function codePoints(text) { return Array.from(text); }

  function showEvidence(articleId, start, end, from) {
    var article = articles[articleId];
    if (!article) { return; }
    var points = codePoints(article.text);
    start = Math.max(0, Math.min(start, points.length));
    end = Math.max(start, Math.min(end, points.length));
    var box = document.getElementById("evidence-text");
    box.textContent = "";
    var mark = document.createElement("mark");
    mark.id = "evidence-mark";
    mark.textContent = points.slice(start, end).join("");
    box.appendChild(document.createTextNode(points.slice(0, start).join("")));
    box.appendChild(mark);
    box.appendChild(document.createTextNode(points.slice(end).join("")));
    document.getElementById("evidence-h").textContent = article.headline || articleId;
    var meta = document.getElementById("evidence-meta");
    meta.textContent = [article.outlet, article.published].filter(Boolean).join(", ") +
      " · characters " + start + "–" + end + " · ";
    if (/^https?:\/\//.test(article.url || "")) {
      var link = document.createElement("a");
      link.href = article.url;
      link.rel = "noreferrer";
      link.textContent = article.url;
      meta.appendChild(link);
    } else {
      meta.appendChild(document.createTextNode("no URL recorded"));
    }
    document.getElementById("evidence-quote").textContent = mark.textContent;
    opener = from || null;
    if (typeof dialog.showModal === "function") {
      if (!dialog.open) { dialog.showModal(); }
    } else {
      dialog.setAttribute("open", "");
    }
    mark.scrollIntoView({ block: "center" });
  }

  function closeEvidence() {
    if (dialog.open) { dialog.close(); }
  }

  dialog.addEventListener("close", function () {
    if (opener && document.body.contains(opener)) { opener.focus(); }
  });
  document.getElementById("evidence-close").addEventListener("click", closeEvidence);
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) { closeEvidence(); }  /* a click on the backdrop */
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.ev") : null;
    if (button) {
      showEvidence(button.dataset.article, parseInt(button.dataset.start, 10), parseInt(button.dataset.end, 10), button);
      return;
    }
    var show = event.target.closest ? event.target.closest("button.show-speaker") : null;
    if (show) {
      filters.speaker.value = show.dataset.speaker;
      page = 0;
      renderClaims();
      document.getElementById("claims").scrollIntoView();
      filters.speaker.focus();
    }
  });

  /* ---- the figures table ---- */
  var tbody = document.querySelector("#claims-table tbody");
  var filters = {
    speaker: document.getElementById("filter-speaker"),
    state: document.getElementById("filter-state"),
    article: document.getElementById("filter-article"),
    method: document.getElementById("filter-method"),
    text: document.getElementById("filter-text")
  };
  var sizeSelect = document.getElementById("page-size");
  var sortKey = null;
  var sortDir = 1;
  var page = 0;
  var printing = false;

  function numeric(figure) {
    var match = /-?[0-9][0-9,]*(\.[0-9]+)?/.exec(figure);
    return match ? parseFloat(match[0].replace(/,/g, "")) : NaN;
  }

  function selected() {
    var speaker = filters.speaker.value, state = filters.state.value, article = filters.article.value;
    var method = filters.method.value, text = filters.text.value.trim().toLowerCase();
    var rows = claims.filter(function (c) {
      if (speaker && c[F.speaker] !== speaker) { return false; }
      if (state && c[F.states].split(" | ").indexOf(state) < 0) { return false; }
      if (article && c[F.article] !== article) { return false; }
      if (method && c[F.method] !== method) { return false; }
      if (text) {
        var hay = [c[F.figure], c[F.counted], c[F.speaker], c[F.title], c[F.evidence], c[F.quantity]].join(" ").toLowerCase();
        if (hay.indexOf(text) < 0) { return false; }
      }
      return true;
    });
    if (sortKey) {
      var i = F[sortKey];
      rows = rows.slice().sort(function (a, b) {
        var x = a[i], y = b[i];
        if (sortKey === "figure") {
          var nx = numeric(x), ny = numeric(y);
          if (nx !== ny) { return ((isNaN(nx) ? Infinity : nx) - (isNaN(ny) ? Infinity : ny)) * sortDir || 0; }
        }
        if (x < y) { return -sortDir; }
        if (x > y) { return sortDir; }
        return a[F.id] < b[F.id] ? -1 : a[F.id] > b[F.id] ? 1 : 0;
      });
    }
    return rows;
  }

  function cell(row, className, content) {
    var td = document.createElement("td");
    td.className = className;
    if (typeof content === "string") { td.textContent = content; } else { td.appendChild(content); }
    row.appendChild(td);
    return td;
  }

  function renderClaims() {
    var rows = selected();
    var size = printing ? 0 : parseInt(sizeSelect.value, 10);
    var pages = size ? Math.max(1, Math.ceil(rows.length / size)) : 1;
    page = Math.min(page, pages - 1);
    var shown = size ? rows.slice(page * size, page * size + size) : rows;
    var fragment = document.createDocumentFragment();
    shown.forEach(function (c) {
      var tr = document.createElement("tr");
      tr.dataset.claim = c[F.id];
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ev ev-figure";
      button.dataset.article = c[F.article];
      button.dataset.start = c[F.start];
      button.dataset.end = c[F.end];
      button.dataset.claim = c[F.id];
      button.setAttribute("aria-haspopup", "dialog");
      button.title = "Show this in its article";
      button.textContent = c[F.figure];
      cell(tr, "figure", button);
      cell(tr, "counted", c[F.counted].replace(/-/g, " "));
      var who = cell(tr, "speaker", c[F.speaker] || "the article itself");
      if (c[F.title]) {
        var title = document.createElement("span");
        title.className = "note";
        title.textContent = " " + c[F.title];
        who.appendChild(title);
      }
      who.dataset.speaker = c[F.speaker];
      var article = articles[c[F.article]] || {};
      cell(tr, "article", [article.outlet, c[F.published]].filter(Boolean).join(", "));
      cell(tr, "states", c[F.states].split(" | ").join(", "));
      var badge = document.createElement("span");
      badge.className = "badge method-" + c[F.method];
      badge.textContent = c[F.method];
      cell(tr, "method", badge);
      cell(tr, "rank", c[F.rank]);
      fragment.appendChild(tr);
    });
    tbody.textContent = "";
    tbody.appendChild(fragment);
    var first = rows.length ? (size ? page * size + 1 : 1) : 0;
    var last = size ? Math.min(rows.length, page * size + size) : rows.length;
    document.getElementById("claims-status").textContent =
      "Showing " + first + "–" + last + " of " + rows.length + " figures" + (rows.length < claims.length ? " (filtered from " + claims.length + ")" : "") + ".";
    document.getElementById("page-info").textContent = "page " + (page + 1) + " of " + pages;
    document.getElementById("page-prev").disabled = page === 0;
    document.getElementById("page-next").disabled = page >= pages - 1;
    document.querySelectorAll("#claims-table th[data-key]").forEach(function (th) {
      if (th.dataset.key === sortKey) {
        th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
  }

  Object.keys(filters).forEach(function (name) {
    filters[name].addEventListener(name === "text" ? "input" : "change", function () { page = 0; renderClaims(); });
  });
  sizeSelect.addEventListener("change", function () { page = 0; renderClaims(); });
  document.getElementById("claim-filters").addEventListener("reset", function () {
    window.setTimeout(function () { page = 0; renderClaims(); }, 0);
  });
  document.getElementById("claim-filters").addEventListener("submit", function (event) { event.preventDefault(); });
  document.getElementById("page-prev").addEventListener("click", function () { page -= 1; renderClaims(); });
  document.getElementById("page-next").addEventListener("click", function () { page += 1; renderClaims(); });
  document.querySelectorAll("#claims-table th[data-key] button.sort").forEach(function (button) {
    button.addEventListener("click", function () {
      var key = button.parentNode.dataset.key;
      sortDir = key === sortKey ? -sortDir : 1;
      sortKey = key;
      renderClaims();
    });
  });
  /* Printing shows every row that passes the filters, not only the current page. */
  window.addEventListener("beforeprint", function () { printing = true; renderClaims(); });
  window.addEventListener("afterprint", function () { printing = false; renderClaims(); });
  document.documentElement.classList.add("js");
  renderClaims();
  /* When the first page of figures is drawn, in ms since navigation start (benchmarks/report.py reads it). */
  document.documentElement.dataset.ready = String(Math.round(performance.now()));
}());
