// Conveniences of a task page that use the judge: the "Run" button runs the program on the
// custom input in place (the form still posts without JavaScript, and the answer is a page of
// its own), and every sample of the statement gets a "Copy" button and, for sample inputs, a
// "Use as my input" button that fills the custom input. Labels come from the page (data-label-*),
// in the reader's language.
(function () {
  "use strict";

  document.querySelectorAll("[data-run-button]").forEach(function (button) {
    var form = button.form;
    var result = document.getElementById("run-result");
    if (!form || !result || !window.fetch || !window.FormData) return;
    var label = button.textContent;
    button.addEventListener("click", function (event) {
      if (button.dataset.plain) return;  // after a failed fetch: the form posts the plain way
      event.preventDefault();
      if (button.getAttribute("aria-disabled") === "true") return;
      var data = new FormData(form);
      button.setAttribute("aria-disabled", "true");
      button.textContent = button.dataset.labelRunning || label;
      result.setAttribute("aria-busy", "true");
      fetch(button.formAction, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Arena-Partial": "1" },
      }).then(function (response) {
        return response.json();
      }).then(function (answer) {
        result.innerHTML = answer.html;
      }).catch(function () {
        // no answer the script understands (the network failed, the session ended): post the
        // form to the run address the plain way, and show what the server says as a page
        button.dataset.plain = "1";
        button.removeAttribute("aria-disabled");
        button.click();
      }).then(function () {
        button.removeAttribute("aria-disabled");
        button.textContent = label;
        result.removeAttribute("aria-busy");
      });
    });
  });

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      document.body.removeChild(area);
      if (done) resolve(); else reject(new Error("copy refused"));
    });
  }

  var INPUT = /^(sample input|样例输入)/i;
  var OUTPUT = /^(sample output|样例输出)/i;

  document.querySelectorAll("[data-samples]").forEach(function (statement) {
    var labels = statement.dataset;
    var stdin = document.getElementById("stdin");
    statement.querySelectorAll("h3, h4").forEach(function (heading) {
      var name = heading.textContent.trim();
      var isInput = INPUT.test(name);
      if (!isInput && !OUTPUT.test(name)) return;
      var block = heading.nextElementSibling;
      if (!block || block.tagName !== "PRE") return;
      var text = block.textContent.replace(/\n?$/, "\n");
      var tools = document.createElement("div");
      tools.className = "sample-tools";
      var status = document.createElement("span");
      status.className = "sample-status";
      status.setAttribute("role", "status");
      function say(message) {
        status.textContent = message;
        window.setTimeout(function () { if (status.textContent === message) status.textContent = ""; }, 4000);
      }
      var copy = document.createElement("button");
      copy.type = "button";
      copy.className = "small";
      copy.textContent = labels.labelCopy;
      copy.setAttribute("aria-label", labels.labelCopyNamed.replace("{}", name));
      copy.addEventListener("click", function () {
        copyText(text).then(function () { say(labels.labelCopied); }, function () {
          say(labels.labelCopyFailed);
          var range = document.createRange();
          range.selectNodeContents(block);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        });
      });
      tools.appendChild(copy);
      if (isInput && stdin) {
        var use = document.createElement("button");
        use.type = "button";
        use.className = "small";
        use.textContent = labels.labelUse;
        use.setAttribute("aria-label", labels.labelUseNamed.replace("{}", name));
        use.addEventListener("click", function () {
          stdin.value = text;
          say(labels.labelUsed);
          stdin.scrollIntoView({ block: "nearest" });
        });
        tools.appendChild(use);
      }
      tools.appendChild(status);
      heading.insertAdjacentElement("afterend", tools);
    });
  });
})();
