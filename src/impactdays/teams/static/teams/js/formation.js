// The formation page: follow a running formation, and make moves, swaps and locks without a
// reload (the server answers the teams' board). Without script the forms post and redirect.
(function () {
  "use strict";

  function poll() {
    var status = document.getElementById("run-status");
    if (!status || !status.dataset.poll) {
      return;
    }
    window.setTimeout(function () {
      fetch(status.dataset.poll, { credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.firstElementChild;
          if (fresh && !fresh.dataset.poll) {
            window.location.reload();
            return;
          }
          status.replaceWith(fresh);
          poll();
        })
        .catch(poll);
    }, 1000);
  }

  function syncVersion(board) {
    var summary = board.querySelector("[data-version]");
    if (!summary) {
      return;
    }
    document.querySelectorAll("form[data-version-form] input[name=version]").forEach(function (input) {
      input.value = summary.dataset.version;
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-board")) {
      return;
    }
    var board = document.getElementById("board");
    if (!board) {
      return;
    }
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Board": "1" }
    })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        board.innerHTML = html;
        syncVersion(board);
        var heading = document.getElementById("board-heading");
        if (heading) {
          heading.setAttribute("tabindex", "-1");
          heading.focus();
        }
      })
      .catch(function () { form.submit(); });
  });

  poll();
})();
