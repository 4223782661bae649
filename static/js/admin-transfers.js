// A background import or export: ask the server how far it has got, once a second,
// and show the summary page when it is done. Without script the page has a Refresh link.
(function () {
  "use strict";
  var root = document.querySelector("[data-status-url]");
  if (!root || root.dataset.finished === "true") return;
  var status = root.querySelector("[data-job-status]");
  var bar = root.querySelector("[data-job-progress]");
  var count = root.querySelector("[data-job-count]");
  var current = root.querySelector("[data-job-current]");
  function poll() {
    fetch(root.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) { window.setTimeout(poll, 3000); return; }
        if (job.finished) { window.location.reload(); return; }
        status.textContent = job.status_display;
        count.textContent = job.progress;
        current.textContent = job.current ? ": " + job.current : "";
        if (job.total) { bar.max = job.total; bar.value = job.progress; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
