// A mock exam's paper: the countdown counted from the server's clock, a warning a minute before
// the end, and the answers handed in by themselves just before the time is up. The page embeds
// the server's now (data-now on #exam) and the participant's end (data-end, epoch ms); the
// offset between the two clocks is kept, so a wrong clock on the computer changes nothing. The
// server stays the authority: a hand-in after the end is refused there, with the reason.
(function () {
  "use strict";
  var root = document.getElementById("exam");
  if (!root) return;
  var GRACE_MS = 3000; // hand in this long before the end, so the answers reach the server in time
  var offset = (Number(root.dataset.now) || Date.now()) - Date.now();
  var end = Number(root.dataset.end) || 0;
  var paper = document.getElementById("exam-paper");
  var clock = document.getElementById("exam-clock");
  var live = document.getElementById("exam-live");
  var warned = false;
  var timer = null;

  function now() { return Date.now() + offset; }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function format(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    return (h ? h + ":" + two(m) : String(m)) + ":" + two(s % 60);
  }
  function say(text) { if (live && text) live.textContent = text; }

  function handIn() {
    if (!paper || paper.dataset.sent) return;
    paper.dataset.sent = "1";
    say(root.dataset.labelOver);
    paper.submit(); // no submit event: no confirmation asked when the time is up
  }

  function tick() {
    var left = end - now();
    if (clock) {
      clock.textContent = format(left);
      clock.setAttribute("datetime", "PT" + Math.max(0, Math.floor(left / 1000)) + "S");
    }
    if (left <= 60000 && !warned) {
      warned = true;
      root.classList.add("exam-ending");
      say(root.dataset.labelWarning);
    }
    if (left <= GRACE_MS) {
      clearInterval(timer);
      if (paper) handIn(); else window.location.reload();
    }
  }

  if (end) {
    tick();
    timer = setInterval(tick, 1000);
  }

  // A form marked data-once is sent once, however often its button is pressed (listening on
  // the document, after confirm.js, so that a cancelled confirmation sends nothing).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-once") || event.defaultPrevented) return;
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
  });
})();
