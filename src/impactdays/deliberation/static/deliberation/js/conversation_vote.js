// The voting page: the keys A, D and P press agree, disagree and pass (not while typing).
(function () {
  "use strict";

  var keys = { a: "1", d: "-1", p: "0" };

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) {
      return;
    }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      return;
    }
    var value = keys[event.key.toLowerCase()];
    var form = document.querySelector("[data-vote-form]");
    if (value === undefined || !form) {
      return;
    }
    var button = form.querySelector('button[value="' + value + '"]');
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
})();
