// The answer editor: Tab indents, drafts are kept per task and language in localStorage.
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft]");
  if (!form) return;
  var area = form.querySelector("textarea.editor");
  var language = form.querySelector("#language");
  function key() { return "arena-draft:" + form.dataset.draft + ":" + (language ? language.value : "text"); }
  function load() { try { area.value = localStorage.getItem(key()) || area.value; } catch (e) {} }
  function save() { try { localStorage.setItem(key(), area.value); } catch (e) {} }
  try {
    var last = localStorage.getItem("arena-language:" + form.dataset.draft);
    if (language && last) language.value = last;
  } catch (e) {}
  load();
  area.addEventListener("input", save);
  if (language) language.addEventListener("change", function () {
    try { localStorage.setItem("arena-language:" + form.dataset.draft, language.value); } catch (e) {}
    area.value = ""; load();
  });
  area.addEventListener("keydown", function (e) {
    if (e.key === "Tab" && !e.shiftKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      var s = area.selectionStart, t = area.selectionEnd;
      area.value = area.value.slice(0, s) + "    " + area.value.slice(t);
      area.selectionStart = area.selectionEnd = s + 4;
      save();
    }
  });
  form.addEventListener("submit", function () { save(); });
})();
