// The avatar picker (people/widgets/avatar_input.html): shows the chosen file in place of the
// current photo before anything is uploaded, and lets the choice be undone.
(function () {
  "use strict";

  document.querySelectorAll("[data-avatar-picker]").forEach(function (picker) {
    var input = picker.querySelector("input[type=file]");
    var current = picker.querySelector("[data-avatar-current]");
    var preview = picker.querySelector("[data-avatar-preview]");
    var status = picker.querySelector("[data-avatar-status]");
    var undo = picker.querySelector("[data-avatar-undo]");
    var objectUrl = null;

    function reset() {
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      objectUrl = null;
      preview.hidden = true;
      preview.removeAttribute("src");
      current.hidden = false;
      undo.hidden = true;
      status.textContent = "";
    }

    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      reset();
      if (!file) return;
      // The server checks the type and the size again; this only spares a wasted upload.
      if (!/^image\/(jpeg|png|webp)$/.test(file.type)) {
        status.textContent = input.dataset.wrongType;
        input.value = "";
        return;
      }
      objectUrl = URL.createObjectURL(file);
      preview.src = objectUrl;
      preview.hidden = false;
      current.hidden = true;
      undo.hidden = false;
      status.textContent = input.dataset.chosen.replace("%s", file.name);
    });

    undo.addEventListener("click", function () {
      input.value = "";
      reset();
      input.focus();
    });
  });
})();
