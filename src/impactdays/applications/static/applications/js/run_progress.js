// A queued or running selection run: reload the page every few seconds until it is done.
// Without JavaScript the page offers a "Refresh" link instead.
(function () {
  "use strict";

  var progress = document.getElementById("run-progress");
  var seconds = progress && Number(progress.dataset.pollSeconds);
  if (seconds > 0) {
    window.setTimeout(function () {
      window.location.reload();
    }, seconds * 1000);
  }
})();
