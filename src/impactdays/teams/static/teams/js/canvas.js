// The idea canvas saves itself a moment after each change; the Save button still works without
// script. A save refused because someone else saved first stops the autosave and says so.
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave]");
  if (!form) {
    return;
  }
  var status = document.getElementById("autosave-status");
  var timer = null;
  var stopped = false;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function save() {
    timer = null;
    say(form.dataset.saving);
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Autosave": "1" }
    })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (result) {
        if (!result.ok) {
          stopped = true;
          say(result.data.error);
          return;
        }
        form.querySelector("input[name=version]").value = result.data.version;
        say(result.data.message);
      })
      .catch(function () { say(form.dataset.failed); });
  }

  form.addEventListener("input", function () {
    if (stopped) {
      return;
    }
    if (timer) {
      window.clearTimeout(timer);
    }
    timer = window.setTimeout(save, 1200);
  });
})();
