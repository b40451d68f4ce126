// corpusclean run report: charts, repeated removals, the review lists and the document browser.
// Every piece of document text goes into the page with textContent, never as markup.
// The URL fragment can open a document and tick review rows (#doc=ID&spam=0,2&keep=1), so a
// link or a headless browser reaches the same state a curator clicks to.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var PAGE = 50;
  var COLORS = ["#3366cc", "#dc3912", "#ff9900", "#109618", "#990099", "#0099c6", "#dd4477", "#66aa00", "#b82e2e", "#316395"];

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function row(cells) {
    var tr = document.createElement("tr");
    cells.forEach(function (cell) {
      var td = document.createElement("td");
      if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell === null || cell === undefined ? "" : String(cell);
      tr.appendChild(td);
    });
    return tr;
  }
  function fmt(n) { return Number(n).toLocaleString("en"); }

  // ---- overview -------------------------------------------------------------------------------
  var run = data.run;
  document.getElementById("run-line").textContent = "manifest " + run.manifest + " · corpusclean " + run.version +
    " · full text embedded for " + fmt(run.embedded) + " of " + fmt(run.documents) + " documents (limit " + fmt(run.embed_limit) + ")";
  var cards = document.getElementById("summary");
  [["documents", run.documents], ["kept", run.kept], ["changed", run.changed], ["dropped", run.dropped]].forEach(function (pair) {
    var card = el("div", null, "card");
    card.appendChild(el("strong", fmt(pair[1])));
    card.appendChild(el("span", pair[0]));
    cards.appendChild(card);
  });

  function chart(name, labels, datasets, horizontal) {
    var canvas = document.getElementById("chart-" + name);
    var figure = canvas.closest("figure");
    if (!labels.length) {
      canvas.parentNode.replaceWith(el("p", "none in this run", "empty"));
      figure.dataset.state = "empty";
      return;
    }
    new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, indexAxis: horizontal ? "y" : "x",
        plugins: { legend: { display: datasets.length > 1 } },
        scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true, ticks: { precision: 0 } } }
      }
    });
    figure.dataset.state = "drawn";
  }
  function bars(name, pairs, label, horizontal) {
    chart(name, pairs.map(function (p) { return p[0]; }),
      [{ label: label, data: pairs.map(function (p) { return p[1]; }), backgroundColor: COLORS[0] }], horizontal);
  }
  var charts = data.charts;
  bars("languages", charts.languages, "documents");
  bars("scripts", charts.scripts, "documents");
  bars("drops", charts.drops, "documents");
  bars("clusters", charts.clusters.map(function (p) { return [String(p[0]), p[1]]; }), "clusters");
  var qualityLabels = charts.quality.map(function (_, i) { return (i / charts.quality.length).toFixed(2); });
  chart("quality", charts.quality.some(function (n) { return n > 0; }) ? qualityLabels : [],
    [{ label: "documents", data: charts.quality, backgroundColor: COLORS[3] }]);

  // edits and bytes: one bar per step, stacked by reason
  function byStep(column) {
    var steps = [], reasons = [];
    charts.edits.forEach(function (e) {
      var parts = e[0].split("/");
      if (steps.indexOf(parts[0]) < 0) steps.push(parts[0]);
      if (reasons.indexOf(parts[1]) < 0) reasons.push(parts[1]);
    });
    var datasets = reasons.map(function (reason, i) {
      return {
        label: reason, backgroundColor: COLORS[i % COLORS.length],
        data: steps.map(function (step) {
          var hit = charts.edits.filter(function (e) { return e[0] === step + "/" + reason; })[0];
          return hit ? hit[column] : 0;
        })
      };
    });
    return [steps, datasets];
  }
  var counts = byStep(1), bytes = byStep(2);
  chart("edits", counts[0], counts[1], true);
  chart("bytes", bytes[0], bytes[1], true);

  // ---- repeated removals -----------------------------------------------------------------------
  var topLines = document.querySelector("#top-lines tbody");
  data.lines.slice().sort(function (a, b) { return b[1] - a[1]; }).slice(0, 50).forEach(function (line) {
    topLines.appendChild(row([fmt(line[1]), el("code", line[0]), line[2].join(", ")]));
  });
  if (!data.lines.length) topLines.appendChild(row(["", "none in this run", ""]));
  var topPhrases = document.querySelector("#top-phrases tbody");
  data.phrases.slice(0, 50).forEach(function (p) { topPhrases.appendChild(row([fmt(p[1]), el("code", p[0])])); });
  if (!data.phrases.length) topPhrases.appendChild(row(["", "none in this run"]));

  // ---- review, then act ------------------------------------------------------------------------
  // An exported file is its header then one ticked entry per line. A keep-line that starts with
  // "#" or "\" is written behind a "\" so it cannot read as a comment.
  var review = {
    spam: { items: data.candidates.map(function (c) { return c.text; }), ticked: {} },
    keep: { items: data.lines.map(function (l) { return l[0]; }), ticked: {} }
  };
  function exportText(kind) {
    var state = review[kind];
    var lines = Object.keys(state.ticked).map(Number).sort(function (a, b) { return a - b; }).map(function (i) {
      var entry = state.items[i];
      return kind === "keep" && /^[#\\]/.test(entry) ? "\\" + entry : entry;
    });
    return data.export[kind] + lines.map(function (line) { return line + "\n"; }).join("");
  }
  function refresh(kind) {
    document.getElementById("export-" + kind).textContent = exportText(kind);
    document.getElementById("count-" + kind).textContent = String(Object.keys(review[kind].ticked).length);
  }
  function tickBox(kind, index) {
    var box = el("input");
    box.type = "checkbox";
    box.dataset.kind = kind;
    box.dataset.index = String(index);
    box.addEventListener("change", function () {
      if (box.checked) review[kind].ticked[index] = true; else delete review[kind].ticked[index];
      refresh(kind);
    });
    return box;
  }
  var spamBody = document.querySelector("#review-spam tbody");
  data.candidates.forEach(function (c, i) {
    var examples = el("span");
    c.examples.forEach(function (id) {
      var link = el("a", id);
      link.href = "#doc=" + encodeURIComponent(id);
      examples.appendChild(link);
      examples.appendChild(document.createTextNode(" "));
    });
    var phrase = el("code", c.text);
    phrase.title = c.evidence;
    spamBody.appendChild(row([tickBox("spam", i), phrase, fmt(c.documents), c.score.toFixed(2), examples]));
  });
  if (!data.candidates.length) spamBody.appendChild(row(["", "no spam candidates in this run", "", "", ""]));
  var keepBody = document.querySelector("#review-keep tbody");
  data.lines.forEach(function (line, i) {
    var text = el("span");
    text.appendChild(el("code", line[0]));
    if (line[3]) text.appendChild(el("span", "borderline", "badge"));
    keepBody.appendChild(row([tickBox("keep", i), text, fmt(line[1]), line[2].join(", ")]));
  });
  if (!data.lines.length) keepBody.appendChild(row(["", "no removed lines in this run", "", ""]));
  function download(kind, name) {
    var blob = new Blob([exportText(kind)], { type: "text/plain;charset=utf-8" });
    var link = el("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }
  document.getElementById("download-spam").addEventListener("click", function () { download("spam", "spam-lexicon.txt"); });
  document.getElementById("download-keep").addEventListener("click", function () { download("keep", "keep-lines.txt"); });
  refresh("spam");
  refresh("keep");

  // ---- document browser ------------------------------------------------------------------------
  // index row: [id, status, language, script, quality, edits, bytes removed, reason ids, note, path, text index]
  var index = data.index, matches = index, page = 0;
  var tableBody = document.querySelector("#doc-table tbody");
  function reasonsOf(r) { return r[7].map(function (i) { return data.reasons[i]; }); }
  function filter() {
    var query = document.getElementById("query").value.trim().toLowerCase();
    var status = document.getElementById("status").value;
    var embeddedOnly = document.getElementById("embedded-only").checked;
    matches = index.filter(function (r) {
      if (status && r[1] !== status) return false;
      if (embeddedOnly && r[10] < 0) return false;
      if (!query) return true;
      return (r[0] + "\n" + r[9] + "\n" + r[8] + "\n" + reasonsOf(r).join("\n")).toLowerCase().indexOf(query) >= 0;
    });
    page = 0;
    draw();
  }
  function draw() {
    var pages = Math.max(1, Math.ceil(matches.length / PAGE));
    page = Math.min(page, pages - 1);
    tableBody.textContent = "";
    matches.slice(page * PAGE, (page + 1) * PAGE).forEach(function (r) {
      var link = el("a", r[0]);
      link.href = "#doc=" + encodeURIComponent(r[0]);
      if (r[10] < 0) link.className = "no-text";
      var why = reasonsOf(r).join(", ") + (r[8] ? (r[7].length ? "; " : "") + r[8] : "");
      tableBody.appendChild(row([link, r[1], r[2] + (r[3] ? " (" + r[3] + ")" : ""), r[4] === null ? "" : r[4].toFixed(2), fmt(r[5]), fmt(r[6]), why]));
    });
    document.getElementById("match-count").textContent = fmt(matches.length) + " of " + fmt(index.length) + " documents";
    document.getElementById("page-line").textContent = "page " + (page + 1) + " of " + pages;
    document.getElementById("prev").disabled = page === 0;
    document.getElementById("next").disabled = page >= pages - 1;
  }
  function show(id) {
    var r = index.filter(function (x) { return x[0] === id; })[0];
    var view = document.getElementById("doc-view");
    if (!r) return;
    view.hidden = false;
    document.getElementById("doc-title").textContent = r[0];
    var meta = r[1] + (r[2] ? " · " + r[2] : "") + (r[3] ? " · " + r[3] : "") + (r[4] === null ? "" : " · quality " + r[4].toFixed(2)) +
      " · " + fmt(r[5]) + " edits" + (r[8] ? " · " + r[8] : "") + (r[9] ? " · " + r[9] : "");
    var before = document.getElementById("doc-before"), after = document.getElementById("doc-after");
    before.textContent = "";
    after.textContent = "";
    if (r[10] < 0) {
      document.getElementById("doc-meta").textContent = meta + " · text not embedded (dropped, or outside the sample of " +
        fmt(run.embedded) + "); see it with: corpusclean explain " + (r[9] || r[0]);
      document.getElementById("doc-panes").hidden = true;
    } else {
      var doc = data.documents[r[10]];
      document.getElementById("doc-meta").textContent = meta;
      document.getElementById("doc-panes").hidden = false;
      doc.segments.forEach(function (segment) {
        if (segment[1] < 0) { before.appendChild(document.createTextNode(segment[0])); return; }
        var edit = doc.edits[segment[1]];
        var mark = el("mark", segment[0], "removed step-" + edit[0]);
        mark.title = edit[0] + "/" + edit[1] + (edit[2] === null || edit[2] === undefined ? "" : " · score " + edit[2]) +
          (edit[3] ? " · replaced by " + JSON.stringify(edit[3]) : " · removed");
        mark.dataset.edit = String(segment[1]);
        before.appendChild(mark);
      });
      after.textContent = doc.after;
    }
    view.scrollIntoView();
  }
  document.getElementById("search").addEventListener("submit", function (event) { event.preventDefault(); filter(); });
  document.getElementById("query").addEventListener("input", filter);
  document.getElementById("status").addEventListener("change", filter);
  document.getElementById("embedded-only").addEventListener("change", filter);
  document.getElementById("prev").addEventListener("click", function () { page -= 1; draw(); });
  document.getElementById("next").addEventListener("click", function () { page += 1; draw(); });

  function fromHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    ["spam", "keep"].forEach(function (kind) {
      (params.get(kind) || "").split(",").filter(Boolean).forEach(function (i) {
        var box = document.querySelector('input[data-kind="' + kind + '"][data-index="' + Number(i) + '"]');
        if (box && !box.checked) { box.checked = true; box.dispatchEvent(new Event("change")); }
      });
    });
    if (params.get("doc")) show(params.get("doc"));
  }
  window.addEventListener("hashchange", fromHash);
  draw();
  fromHash();
  document.body.dataset.ready = "true";
})();
