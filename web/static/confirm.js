// Forms marked data-confirm="question" ask before they are sent (destructive actions:
// password resets, removing a member, rotating or archiving a cohort's invite code).
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
})();
