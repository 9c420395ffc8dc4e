// The organiser's page: ask before deleting, and bring a form with errors into view.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var question = event.target.dataset && event.target.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  var error = document.querySelector("form .errorlist");
  if (error) {
    var form = error.closest("form");
    form.scrollIntoView();
    var field = form.querySelector("[aria-invalid='true']") || form.querySelector("input, select, textarea");
    if (field) {
      field.focus();
    }
  }
})();
