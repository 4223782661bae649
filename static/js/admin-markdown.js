// The Markdown editor's live preview: the server renders (same Markdown and
// sanitizer as the site) a moment after typing stops. Without script, the
// preview shows the text as loaded and "Preview changes" shows the whole piece.
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-markdown-preview]").forEach(function (area) {
    var pane = document.getElementById(area.id + "-preview");
    var form = area.form;
    var token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!pane || !token || !area.dataset.markdownPreview) return;
    var timer = null;
    var sent = 0;
    function render() {
      var mine = ++sent;
      var data = new FormData();
      data.append("body", area.value);
      fetch(area.dataset.markdownPreview, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token.value, Accept: "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (result) {
          // Sanitized on the server (articles/rendering.py); only the latest answer counts.
          if (result && mine === sent) pane.innerHTML = result.html;
        })
        .catch(function () {});
    }
    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(render, 300);
    });
  });
})();
