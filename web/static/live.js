// Live verdicts: follows /submissions/<id>/events (Server-Sent Events) and updates the page.
// EventSource resumes from the last event id by itself after a lost connection; a reload
// starts from the id the server rendered into the page. When the verdict arrives, the result
// tables are fetched again from the server, so they are rendered (and translated) in one place.
(function () {
  "use strict";
  var box = document.getElementById("live");
  if (!box || box.dataset.final === "true" || !window.EventSource) return;
  var id = box.dataset.submission;
  var stateText = document.getElementById("state-text");
  var verdict = document.getElementById("verdict");
  var verdictName = document.getElementById("verdict-name");
  var bar = document.getElementById("progress");
  var score = document.getElementById("score");
  var announce = document.getElementById("announce");
  var names = {};
  try { names = JSON.parse(box.dataset.verdictNames || "{}"); } catch (e) { names = {}; }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function number(x) { return String(Math.round(x * 100) / 100); }

  function showProgress(p) {
    var stage = p.stage || "judging";
    var label = box.dataset["label" + stage.charAt(0).toUpperCase() + stage.slice(1)];
    if (stage === "running" || stage === "checking") {
      stateText.textContent = fill(label || "", { k: p.test || p.item || 0, n: p.total || 0 });
      if (p.total) { bar.max = p.total; bar.value = (p.test || p.item || 1) - 1; }
    } else {
      stateText.textContent = label || box.dataset.labelJudging;
    }
  }

  function refreshDetails() {
    // The server renders the runs, compiler output and quiz review; swap them in.
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("details");
        var current = document.getElementById("details");
        if (fresh && current) current.replaceWith(fresh);
        document.dispatchEvent(new CustomEvent("arena:details"));
      })
      .catch(function () { /* the verdict is shown already; a reload shows the rest */ });
  }

  function showFinal(s) {
    var code = s.verdict || "JE";
    var name = names[code] || code;
    verdict.textContent = code;
    verdict.className = "verdict verdict-" + code;
    verdictName.textContent = name;
    stateText.textContent = s.status === "error" ? stateText.textContent : "";
    bar.hidden = true;
    var line = fill(box.dataset.labelDone || "{verdict}", { verdict: name });
    if (s.score !== null && s.score !== undefined) {
      var top = s.max_score || 100;
      score.textContent = (box.dataset.labelScore || "") + ": " + number(s.score) + " / " + number(top);
      line += " " + score.textContent;
    }
    announce.textContent = line;
    box.dataset.final = "true";
    refreshDetails();
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
