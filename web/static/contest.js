// Contest pages: countdowns counted from the server's clock, a Start button that submits once,
// and live refreshes. The page embeds the server's now (data-now on #contest or #scoreboard)
// and each deadline (data-deadline, epoch ms); the script keeps the offset between the
// server's clock and this one, so a wrong clock on the computer changes nothing. The server
// stays the authority: when a countdown reaches zero the page reloads and says what holds now.
// Live: the page follows its contest's channel (and its pending submissions' channels) on the
// tab's one stream and fetches itself again to swap in the parts that changed (rendered and
// translated by the server, in one place).
(function () {
  "use strict";
  var root = document.getElementById("contest") || document.getElementById("scoreboard");
  if (!root) return;
  var offset = (Number(root.dataset.now) || Date.now()) - Date.now();
  var reloading = false;

  function now() { return Date.now() + offset; }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function format(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    var d = Math.floor(s / 86400);
    var h = Math.floor((s % 86400) / 3600);
    var m = Math.floor((s % 3600) / 60);
    var text = (h ? h + ":" + two(m) : String(m)) + ":" + two(s % 60);
    return d ? d + "d " + (h ? "" : "0:") + text : text;
  }

  function tick() {
    var counters = document.querySelectorAll(".countdown[data-deadline]");
    for (var i = 0; i < counters.length; i++) {
      var box = counters[i];
      var left = Number(box.dataset.deadline) - now();
      var value = box.querySelector(".countdown-value");
      if (!value) continue;
      if (left <= 0) {
        value.textContent = "0:00";
        if (!reloading) {
          reloading = true;
          var note = document.getElementById("round-live");
          if (note) note.textContent = root.dataset.labelOver || "";
          // A moment's grace so that the server's clock has passed the deadline too.
          setTimeout(function () { window.location.reload(); }, 1500 + Math.floor(Math.random() * 1500));
        }
      } else {
        value.textContent = format(left);
        value.setAttribute("datetime", "PT" + Math.floor(left / 1000) + "S");
      }
    }
  }

  if (document.querySelector(".countdown[data-deadline]")) {
    tick();
    setInterval(tick, 1000);
  }

  // A form marked data-once is sent once, however often its button is pressed.
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "true";
      form.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-disabled", "true"); });
    });
  });

  // Live refresh of the parts of the page named in data-live (ids), spaced out so that a busy
  // judge does not make every open page reload at the same moment.
  var parts = (root.dataset.live || "").split(",").filter(Boolean);
  if (!parts.length) return;
  var REST = 2000;
  var last = 0;
  var timer = null;
  var followed = {};

  function refresh() {
    timer = null;
    last = Date.now();
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html");
        parts.forEach(function (id) {
          var incoming = fresh.getElementById(id);
          var current = document.getElementById(id);
          if (incoming && current) {
            var state = formState(current);
            current.replaceWith(incoming);
            restore(incoming, state);
          }
        });
        var note = document.getElementById("board-live") || document.getElementById("round-live");
        if (note) note.textContent = root.dataset.labelUpdated || "";
        followPending();
      })
      .catch(function () { /* the next change, or a reload, brings it */ });
  }

  // What the reader has typed or chosen in a part's forms (a jury member's half-written answer)
  // moves to the fresh copy of the part, and so does the focus: a refresh never loses input.
  function controlKey(control) {
    var form = control.form ? control.form.getAttribute("action") || "" : "";
    var key = form + "|" + control.name + "|" + (control.id || "");
    return control.type === "radio" || control.type === "checkbox" ? key + "|" + control.value : key;
  }

  function changed(control) {
    if (control.type === "radio" || control.type === "checkbox") {
      return control.checked !== control.defaultChecked;
    }
    if (control.tagName === "SELECT") {
      return Array.prototype.some.call(control.options, function (o) {
        return o.selected !== o.defaultSelected;
      });
    }
    return control.value !== control.defaultValue;
  }

  function formState(part) {
    var state = { focus: null, kept: {} };
    part.querySelectorAll("input, textarea, select").forEach(function (control) {
      if (!control.name || control.type === "hidden") return;
      var key = controlKey(control);
      if (control === document.activeElement) state.focus = key;
      if (changed(control)) state.kept[key] = control;
    });
    return state;
  }

  function restore(part, state) {
    part.querySelectorAll("input, textarea, select").forEach(function (control) {
      if (!control.name || control.type === "hidden") return;
      var key = controlKey(control);
      var old = state.kept[key];
      if (old) {
        if (control.type === "radio" || control.type === "checkbox") control.checked = old.checked;
        else control.value = old.value;
      }
      if (key === state.focus) {
        control.focus();
        if (old && typeof old.selectionStart === "number" && control.setSelectionRange) {
          control.setSelectionRange(old.selectionStart, old.selectionEnd);
        }
      }
    });
  }

  function schedule() {
    if (timer) return;
    var wait = Math.max(0, last + REST - Date.now()) + Math.floor(Math.random() * 500);
    timer = setTimeout(refresh, wait);
  }

  function followPending() {
    if (!window.ArenaLive) return;
    // Submissions still waiting for the judge: their verdicts refresh the page's parts.
    document.querySelectorAll("[data-pending-submission]").forEach(function (item) {
      var channel = "submission:" + item.dataset.pendingSubmission;
      if (followed[channel]) return;
      followed[channel] = true;
      window.ArenaLive.on(channel, function (kind) { if (kind === "judging.done") schedule(); });
    });
  }

  if (!window.ArenaLive) {
    // No live stream (an anonymous reader of a public board): look again every 30 seconds.
    setInterval(refresh, 30000);
    return;
  }
  window.ArenaLive.since(root.dataset.since || "0");
  // Clarifications: what went to everyone comes on the contest's channel, an entry's answer
  // and a new question for the jury on the reader's own channel.
  function clarification(kind) { return kind.indexOf("clarification.") === 0; }
  if (root.dataset.contest) {
    window.ArenaLive.on("contest:" + root.dataset.contest, function (kind) {
      if (kind === "scoreboard.changed" || clarification(kind)) schedule();
    });
    window.ArenaLive.on("user", function (kind) { if (clarification(kind)) schedule(); });
  }
  followPending();
  window.ArenaLive.fallback(function () { setInterval(refresh, 30000); });
})();
