// Live verdicts: follows /submissions/<id>/events (Server-Sent Events) and updates the page.
// EventSource resumes from the last event id by itself after a lost connection; a reload
// starts from the id the server rendered into the page.
(function () {
  "use strict";
  var box = document.getElementById("live");
  if (!box || box.dataset.final === "true" || !window.EventSource) return;
  var id = box.dataset.submission;
  var stateText = document.getElementById("state-text");
  var verdict = document.getElementById("verdict");
  var bar = document.getElementById("progress");
  var score = document.getElementById("score");

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function showProgress(p) {
    var label = box.dataset["label" + (p.stage || "judging").charAt(0).toUpperCase() + (p.stage || "judging").slice(1)];
    if (p.stage === "running" || p.stage === "checking") {
      stateText.textContent = fill(label || "", { k: p.test || p.item || 0, n: p.total || 0 });
      if (p.total) { bar.max = p.total; bar.value = (p.test || p.item || 1) - 1; }
    } else {
      stateText.textContent = label || box.dataset.labelJudging;
    }
  }

  function cell(text) { var td = document.createElement("td"); td.textContent = text; return td; }

  function showFinal(s) {
    verdict.textContent = s.verdict || "JE";
    verdict.className = "verdict verdict-" + (s.verdict || "JE");
    stateText.textContent = s.verdict === "JE" ? stateText.textContent : "";
    bar.hidden = true;
    if (s.score !== null && s.score !== undefined) {
      score.textContent = score.textContent || "";
      score.textContent = s.score + " / " + (s.max_score || 100);
    }
    var body = document.querySelector("#runs tbody");
    body.textContent = "";
    (s.runs || []).forEach(function (r) {
      var tr = document.createElement("tr");
      tr.appendChild(cell(r.name));
      var v = document.createElement("td"); var span = document.createElement("span");
      span.className = "verdict verdict-" + r.verdict; span.textContent = r.verdict; v.appendChild(span);
      tr.appendChild(v);
      tr.appendChild(cell(r.score === null || r.score === undefined ? "" : r.score + (r.max_score ? " / " + r.max_score : "")));
      tr.appendChild(cell(r.cpu_ms === null || r.cpu_ms === undefined ? "" : Math.round(r.cpu_ms) + " ms"));
      tr.appendChild(cell(r.memory_kb === null || r.memory_kb === undefined ? "" : (r.memory_kb / 1024).toFixed(1) + " MiB"));
      tr.appendChild(cell(r.message || ""));
      body.appendChild(tr);
    });
    box.dataset.final = "true";
    document.dispatchEvent(new CustomEvent("arena:verdict", { detail: s }));
  }

  var source = new EventSource("/submissions/" + id + "/events?since=" + (box.dataset.since || "0"));
  source.addEventListener("judging.progress", function (e) { showProgress(JSON.parse(e.data)); });
  source.addEventListener("judging.queued", function () { stateText.textContent = box.dataset.labelQueued; });
  source.addEventListener("judging.done", function (e) {
    var s = JSON.parse(e.data);
    if (s.status === "done" || s.status === "error") { showFinal(s); source.close(); }
  });
})();
