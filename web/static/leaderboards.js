// Live leaderboards: the page follows the "leaderboards" channel; when a verdict changes the
// board it shows, it fetches itself again and swaps the board in, so the rows are rendered (and
// translated) in one place. Refreshes are spaced out (at least REST ms apart, plus a little
// random delay) so that a busy judge does not make every open page reload at the same moment.
(function () {
  "use strict";
  var box = document.getElementById("board");
  if (!box || !window.ArenaLive) return;
  var REST = 3000;
  var last = 0;
  var timer = null;

  function refresh() {
    timer = null;
    last = Date.now();
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("board");
        var current = document.getElementById("board");
        if (!fresh || !current) return;
        var note = fresh.querySelector("#board-live");
        if (note) note.textContent = fresh.dataset.labelUpdated || "";
        current.replaceWith(fresh);
        box = fresh;
      })
      .catch(function () { /* the next change, or a reload, brings the board */ });
  }

  function schedule() {
    if (timer) return;
    var wait = Math.max(0, last + REST - Date.now()) + Math.floor(Math.random() * 700);
    timer = setTimeout(refresh, wait);
  }

  window.ArenaLive.since(box.dataset.since || "0");
  window.ArenaLive.on("leaderboards", function (kind, data) {
    if (kind !== "board.changed") return;
    var changed = (data && data.boards) || [];
    if (changed.indexOf(box.dataset.board) !== -1) schedule();
  });
  window.ArenaLive.fallback(function () {
    // No live stream: look again every 30 seconds instead.
    setInterval(refresh, 30000);
  });
})();
