// The organiser's dashboard: show the current section in the navigation row (it scrolls sideways
// on phones), ask before deleting, and bring a form with errors into view.
(function () {
  "use strict";

  var current = document.querySelector(".dashboard-nav [aria-current='page']");
  if (current) {
    var row = current.closest("ul");
    var offset = current.getBoundingClientRect().left - row.getBoundingClientRect().left;
    row.scrollLeft += offset - (row.clientWidth - current.offsetWidth) / 2;
  }

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
