// Progressive enhancement only: every page is complete without this file.
(function () {
  "use strict";
  var REFRESH_MS = 10000;

  function refreshCount(box) {
    var url = box.getAttribute("data-count-url");
    var text = box.querySelector("[data-count-text]");
    var bar = box.querySelector("[data-count-bar]");
    function tick() {
      if (document.hidden) { return; }
      fetch(url, { credentials: "omit", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          if (text && text.textContent !== data.text) { text.textContent = data.text; }
          if (bar) { bar.max = data.goal; bar.value = data.count; bar.textContent = data.percent + "%"; }
        })
        .catch(function () { /* offline or busy: keep the number we have */ });
    }
    setInterval(tick, REFRESH_MS);
    document.addEventListener("visibilitychange", tick);
  }

  function setupCopy(button) {
    var input = document.querySelector(button.getAttribute("data-copy"));
    var status = document.querySelector("[data-copy-status]");
    if (!input || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        if (status) { status.textContent = button.getAttribute("data-copied") || "✓"; }
      });
    });
  }

  function setupShare(button) {
    if (!navigator.share) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({ title: button.getAttribute("data-title"), url: button.getAttribute("data-url") }).catch(function () {});
    });
  }

  function focusErrors() {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-count-url]"), refreshCount);
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), setupCopy);
    Array.prototype.forEach.call(document.querySelectorAll("[data-web-share]"), setupShare);
    focusErrors();
  });
})();
