// Live pages: ONE Server-Sent Events stream per tab, /events/stream?channels=a,b, carrying every
// channel the page follows. Widgets register a handler per channel with ArenaLive.on(channel,
// fn); the stream opens once the page has loaded and each event goes to its channel's handlers.
// EventSource resumes from the last event id by itself after a lost connection; a reload starts
// from the id the server rendered into the page (ArenaLive.since). When the server refuses the
// stream (too many open pages: HTTP 429) or it cannot be kept, the page falls back to polling
// through the fallbacks the widgets registered, and says so.
(function () {
  "use strict";
  var handlers = {};
  var fallbacks = [];
  var since = 0;
  var source = null;
  var polling = null;

  function poll() {
    if (polling) return;
    if (source) { source.close(); source = null; }
    fallbacks.forEach(function (f) { f.start(); });
    polling = true;
  }

  function open() {
    var channels = Object.keys(handlers);
    if (!channels.length) return;
    if (!window.EventSource) { poll(); return; }
    source = new EventSource("/events/stream?channels=" + encodeURIComponent(channels.join(",")) +
      "&since=" + since);
    source.onmessage = function (e) {
      var message;
      try { message = JSON.parse(e.data); } catch (err) { return; }
      (handlers[message.channel] || []).forEach(function (fn) { fn(message.kind, message.data); });
    };
    source.onerror = function () {
      // CLOSED: the server answered with an error status (429, 404): it will not retry by itself.
      if (source && source.readyState === EventSource.CLOSED) poll();
    };
  }

  window.ArenaLive = {
    on: function (channel, fn) { (handlers[channel] = handlers[channel] || []).push(fn); },
    off: function (channel) {
      delete handlers[channel];
      if (!Object.keys(handlers).length && source) { source.close(); source = null; }
    },
    since: function (id) { since = Math.max(since, Number(id) || 0); },
    fallback: function (start) { fallbacks.push({ start: start }); }
  };

  document.addEventListener("DOMContentLoaded", function () { setTimeout(open, 0); });
})();

// Live verdicts on the submission page (channel submission:<id>). When the verdict arrives, the
// result tables are fetched again from the server, so they are rendered (and translated) in one
// place.
(function () {
  "use strict";
  var box = document.getElementById("live");
  if (!box || box.dataset.final === "true") return;
  var id = box.dataset.submission;
  var channel = "submission:" + id;
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

  function isFinal(s) { return s.status === "done" || s.status === "error"; }

  window.ArenaLive.since(box.dataset.since || "0");
  window.ArenaLive.on(channel, function (kind, data) {
    if (box.dataset.final === "true") return;
    if (kind === "judging.progress") showProgress(data);
    else if (kind === "judging.queued") stateText.textContent = box.dataset.labelQueued;
    else if (kind === "judging.done" && isFinal(data)) { showFinal(data); window.ArenaLive.off(channel); }
  });
  window.ArenaLive.fallback(function () {
    // No live stream: say so, and ask for the verdict every 10 seconds instead.
    if (box.dataset.labelSlow) stateText.textContent = box.dataset.labelSlow;
    var timer = setInterval(function () {
      fetch("/api/submissions/" + id, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (s) {
          if (s && isFinal(s) && box.dataset.final !== "true") { clearInterval(timer); showFinal(s); }
        })
        .catch(function () { /* try again at the next tick */ });
    }, 10000);
  });
})();
