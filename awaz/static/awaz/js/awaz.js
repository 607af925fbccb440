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

  // Without a clipboard (old browsers, plain http) the button stays hidden: the link's field
  // is there to select and copy by hand.
  function setupCopy(button) {
    var input = document.querySelector(button.getAttribute("data-copy"));
    var status = document.querySelector("[data-copy-status]");
    var item = button.closest("[data-copy-item]") || button;
    if (!input || !navigator.clipboard || !window.isSecureContext) { return; }
    item.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        if (status) { status.textContent = button.getAttribute("data-copied") || "✓"; }
      }, function () {
        input.focus();
        input.select();
      });
    });
  }

  function setupSelect(input) {
    input.addEventListener("focus", function () { input.select(); });
  }

  function setupShare(button) {
    if (typeof navigator.share !== "function") { return; }
    var item = button.closest("[data-web-share-item]") || button;
    item.hidden = false;
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
    Array.prototype.forEach.call(document.querySelectorAll("[data-select-on-focus]"), setupSelect);
    focusErrors();
  });
})();
