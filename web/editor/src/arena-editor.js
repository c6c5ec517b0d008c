// ICT Arena's editor: CodeMirror 6 with the modes the task page needs, behind one small API.
//
//   var editor = ArenaEditor.attach(textarea, { syntax: "cpp", label: "Source" });
//   editor.setSyntax("python3"); editor.setValue("print(1)"); editor.getValue();
//
// The textarea stays the form field: the editor is drawn after it, the textarea is hidden, and
// every change is copied back into it, so the form posts what the student sees and the page
// works unchanged without JavaScript.

import { EditorState, Compartment } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, drawSelection, placeholder as placeholderText,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  StreamLanguage, bracketMatching, indentOnInput, syntaxHighlighting, HighlightStyle, indentUnit,
} from "@codemirror/language";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { tags } from "@lezer/highlight";
import { cpp } from "@codemirror/lang-cpp";
import { java } from "@codemirror/lang-java";
import { javascript } from "@codemirror/lang-javascript";
import { python } from "@codemirror/lang-python";
import { sql, PostgreSQL } from "@codemirror/lang-sql";
import { shell } from "@codemirror/legacy-modes/mode/shell";

// Router configuration (FRR, and the VRP subset the network labs translate): the first word of
// a line is a command, "!" and "#" start comments, addresses and interface names stand out.
var ROUTER_WORDS = /^(no|undo|interface|router|ip|ipv6|network|area|neighbor|remote-as|sysname|hostname|vlan|port|acl|rule|ospf|bgp|quit|return|exit|end|shutdown|description|nat|traffic-filter|route-static|redistribute|passive-interface|log|frr|service|line|address|address-family|exit-address-family|permit|deny|route-map|prefix-list|access-list|match|set|timers|bandwidth|cost|priority|default-information|originate|stub|authentication|link-type|trunk|access|allow-pass|default|outbound|inbound|source|destination|mask|hello-interval|dead-interval|ospf-router-id|router-id|vrrp|loopback)$/i;
var routerConfig = StreamLanguage.define({
  name: "router-config",
  startState: function () { return { start: true }; },
  token: function (stream, state) {
    if (stream.sol()) state.start = true;
    if (stream.eatSpace()) return null;
    if ((stream.peek() === "!" || stream.peek() === "#") && state.start) {
      stream.skipToEnd();
      return "comment";
    }
    var first = state.start;
    state.start = false;
    if (stream.match(/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?/)) return "number";
    if (stream.match(/^[0-9a-f]*:[0-9a-f:]+(\/\d{1,3})?/i)) return "number";
    if (stream.match(/^\d+(\.\d+)?/)) return "number";
    if (stream.match(/^"[^"]*"?/)) return "string";
    if (stream.match(/^(eth|ens|lo|gigabitethernet|ge|xgigabitethernet|vlanif|loopback|serial|tunnel|ethernet|gi|fa)[\w/.:-]*/i)) {
      return "variableName.special";
    }
    var word = stream.match(/^[\w.:/-]+/);
    if (word) return first || ROUTER_WORDS.test(word[0]) ? "keyword" : null;
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: "!" } },
});

var NFT_WORDS = /^(table|chain|type|hook|priority|policy|accept|drop|reject|counter|ip|ip6|inet|arp|bridge|netdev|tcp|udp|icmp|icmpv6|dport|sport|saddr|daddr|iifname|oifname|iif|oif|ct|state|established|related|new|invalid|masquerade|snat|dnat|redirect|to|add|insert|delete|flush|define|set|map|elements|flags|interval|log|prefix|limit|rate|jump|goto|return|continue|meta|l4proto|filter|nat|route|input|output|forward|prerouting|postrouting|ingress|counter|comment|include|vmap|ether|vlan|mark|th)$/;
var nftables = StreamLanguage.define({
  name: "nftables",
  token: function (stream) {
    if (stream.eatSpace()) return null;
    if (stream.peek() === "#") { stream.skipToEnd(); return "comment"; }
    if (stream.match(/^"([^"\\]|\\.)*"?/)) return "string";
    if (stream.match(/^\$[\w-]+/)) return "variableName";
    if (stream.match(/^@[\w-]+/)) return "variableName.special";
    if (stream.match(/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?/)) return "number";
    if (stream.match(/^\d+/)) return "number";
    var word = stream.match(/^[\w-]+/);
    if (word) return NFT_WORDS.test(word[0]) ? "keyword" : null;
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: "#" } },
});

function language(syntax, options) {
  switch (syntax) {
    case "c": case "cpp": return cpp();
    case "java": return java();
    case "javascript": return javascript();
    case "python3": case "python": return python();
    case "sql": return sql({ dialect: PostgreSQL, schema: options.schema || undefined, upperCaseKeywords: true });
    case "shell": return StreamLanguage.define(shell);
    case "frr": return routerConfig;
    case "nftables": return nftables;
    default: return [];
  }
}

// Colours chosen for at least 4.5:1 contrast on white (WCAG AA for text).
var highlight = HighlightStyle.define([
  { tag: tags.keyword, color: "#7a1fa2" },
  { tag: [tags.operatorKeyword, tags.controlKeyword, tags.modifier], color: "#7a1fa2" },
  { tag: [tags.string, tags.special(tags.string)], color: "#a31515" },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: "#0b6e4f" },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: "#5f6b7a", fontStyle: "italic" },
  { tag: [tags.typeName, tags.className, tags.standard(tags.variableName)], color: "#005c99" },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: "#6b4a00" },
  { tag: tags.special(tags.variableName), color: "#9a3412", fontWeight: "600" },
  { tag: [tags.processingInstruction, tags.meta], color: "#8a1a12" },
  { tag: tags.invalid, color: "#b42318" },
]);

var theme = EditorView.theme({
  "&": { fontSize: "0.9rem", border: "1px solid #8a94a3", borderRadius: "8px", backgroundColor: "#fff" },
  "&.cm-focused": { outline: "3px solid #ffbf47", outlineOffset: "2px" },
  ".cm-scroller": {
    fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "Noto Sans Mono CJK SC", monospace',
    lineHeight: "1.45", maxHeight: "70vh", overflow: "auto",
  },
  ".cm-content, .cm-gutter": { minHeight: "var(--editor-min-height, 18rem)" },
  ".cm-content": { padding: "0.5rem 0" },
  ".cm-gutters": { backgroundColor: "#f0f3f7", color: "#4a5360", borderRight: "1px solid #d9dee5", borderRadius: "8px 0 0 8px" },
  ".cm-activeLine": { backgroundColor: "#f3f7fc" },
  ".cm-activeLineGutter": { backgroundColor: "#e3ebf5" },
  ".cm-placeholder": { color: "#5b6675" },
});

function attach(textarea, options) {
  options = options || {};
  var syntax = new Compartment();
  var onChange = options.onChange || function () {};
  var contentAttributes = { "aria-multiline": "true" };
  if (textarea.id) {
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      if (!label.id) label.id = textarea.id + "-label";
      contentAttributes["aria-labelledby"] = label.id;
    }
  }
  var described = textarea.getAttribute("aria-describedby");
  if (described) contentAttributes["aria-describedby"] = described;
  if (options.label) contentAttributes["aria-label"] = options.label;
  var extensions = [
    lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), history(), drawSelection(),
    indentOnInput(), bracketMatching(), closeBrackets(), highlightActiveLine(),
    highlightSelectionMatches(), syntaxHighlighting(highlight), indentUnit.of("    "),
    EditorState.tabSize.of(4),
    keymap.of([].concat(closeBracketsKeymap, defaultKeymap, searchKeymap, historyKeymap, [indentWithTab])),
    syntax.of(language(options.syntax, options)),
    EditorView.contentAttributes.of(contentAttributes),
    EditorView.updateListener.of(function (update) {
      if (update.docChanged) {
        textarea.value = update.state.doc.toString();
        onChange(textarea.value);
      }
    }),
    theme,
  ];
  if (textarea.placeholder) extensions.push(placeholderText(textarea.placeholder));
  if (textarea.readOnly) extensions.push(EditorState.readOnly.of(true), EditorView.editable.of(false));
  var view = new EditorView({
    state: EditorState.create({ doc: textarea.value, extensions: extensions }),
  });
  textarea.insertAdjacentElement("afterend", view.dom);
  textarea.hidden = true;
  // A click on the textarea's label should still land in the editor.
  if (contentAttributes["aria-labelledby"]) {
    document.getElementById(contentAttributes["aria-labelledby"]).addEventListener("click", function (event) {
      event.preventDefault();
      view.focus();
    });
  }
  return {
    view: view,
    getValue: function () { return view.state.doc.toString(); },
    setValue: function (text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    setSyntax: function (name, extra) {
      view.dispatch({ effects: syntax.reconfigure(language(name, extra || options)) });
    },
    focus: function () { view.focus(); },
  };
}

window.ArenaEditor = { attach: attach };
