// The answer forms of the task page: a code editor (CodeMirror, from the vendored bundle) on
// every textarea.editor, drafts kept in localStorage per task and language (or per file for
// configuration tasks), Ctrl+Enter to submit. Each textarea stays the form field and is kept
// in sync, so without JavaScript, or if the bundle failed to load, the form still works.
(function () {
  "use strict";
  var storage = (function () {
    try { var k = "arena-probe"; localStorage.setItem(k, k); localStorage.removeItem(k); return localStorage; }
    catch (e) { return null; }
  })();
  function get(key) { return storage ? storage.getItem(key) : null; }
  function put(key, value) { try { if (storage) storage.setItem(key, value); } catch (e) { /* full */ } }

  // Without the editor bundle: at least let Tab indent instead of leaving the field.
  function plain(area, onChange) {
    area.addEventListener("input", function () { onChange(area.value); });
    area.addEventListener("keydown", function (e) {
      if (e.key !== "Tab" || e.shiftKey || e.ctrlKey || e.metaKey || e.altKey) return;
      e.preventDefault();
      var s = area.selectionStart, t = area.selectionEnd;
      area.value = area.value.slice(0, s) + "    " + area.value.slice(t);
      area.selectionStart = area.selectionEnd = s + 4;
      onChange(area.value);
    });
    return {
      getValue: function () { return area.value; },
      setValue: function (text) { area.value = text; },
      setSyntax: function () {},
    };
  }

  // The judge's language ids as the editor's syntaxes: PyPy runs Python, each C++ standard is
  // C++, TypeScript reads as JavaScript.
  var SYNTAX = { pypy3: "python3", cpp17: "cpp", cpp14: "cpp", typescript: "javascript" };
  function syntaxOf(id) { return SYNTAX[id] || id; }

  function attach(area, syntax, onChange) {
    if (window.ArenaEditor) {
      try {
        return window.ArenaEditor.attach(area, { syntax: syntaxOf(syntax), onChange: onChange });
      } catch (e) {
        area.hidden = false;
        if (window.console) console.error("editor failed, using the plain text area", e);
      }
    }
    return plain(area, onChange);
  }

  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var task = form.dataset.draft;
    var language = form.querySelector("select[name=language]");
    form.querySelectorAll("textarea.editor").forEach(function (area) {
      var file = area.dataset.file;
      function key() {
        return "arena-draft:" + task + ":" + (file ? "file:" + file : (language ? language.value : "text"));
      }
      if (language && !file) {
        var last = get("arena-language:" + task);
        if (last && language.querySelector('option[value="' + last + '"]')) language.value = last;
      }
      var draft = get(key());
      if (draft !== null) area.value = draft;
      var editor = attach(area, language && !file ? language.value : area.dataset.syntax, function (text) {
        put(key(), text);
      });
      if (language && !file) {
        language.addEventListener("change", function () {
          put("arena-language:" + task, language.value);
          editor.setSyntax(syntaxOf(language.value));
          // Another language's draft replaces the text; with none, the text carries over.
          var saved = get(key());
          if (saved !== null) editor.setValue(saved); else put(key(), editor.getValue());
        });
      }
    });
    form.querySelectorAll("[data-js-only]").forEach(function (hint) { hint.hidden = false; });
    form.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      }
    });
  });
})();
