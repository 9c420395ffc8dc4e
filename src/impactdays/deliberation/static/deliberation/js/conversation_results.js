// The results page in projector mode (?projector=1) reloads itself to show the latest analysis.
(function () {
  "use strict";

  var results = document.getElementById("results");
  var seconds = results && parseInt(results.dataset.refreshSeconds, 10);
  if (seconds > 0) {
    window.setTimeout(function () {
      window.location.reload();
    }, seconds * 1000);
  }
})();
