// Proof of work on the sign form, only while a petition asks for it (awaz/signatures/proof_of_work.py).
//
// Nothing is loaded until someone starts filling in the form; then one small request asks the
// server whether this petition wants a proof of work right now. If it does, the ALTCHA widget
// (served from this site, with its stylesheet and worker) solves a challenge in the background
// while the visitor types. Without JavaScript the form still works: the server then applies a
// stricter limit instead.
(function () {
  "use strict";

  var STRINGS = ["label", "verifying", "verified", "error", "expired", "verificationRequired", "waitAlert",
                 "reload", "verify", "loading"];

  function loadWidget(slot, done) {
    if (window.customElements && window.customElements.get("altcha-widget")) { done(); return; }
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = slot.getAttribute("data-pow-css");
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.type = "module";  // module scope: the bundle's top-level names stay out of window
    script.src = slot.getAttribute("data-pow-script");
    script.addEventListener("load", done);
    document.head.appendChild(script);
  }

  function mount(form, slot) {
    var altcha = window.$altcha;
    if (!altcha) { return; }
    var worker = slot.getAttribute("data-pow-worker");
    altcha.algorithms.set("PBKDF2/SHA-256", function () { return new Worker(worker); });
    var language = document.documentElement.getAttribute("lang") || "en";
    var strings = {};
    STRINGS.forEach(function (name) { strings[name] = slot.getAttribute("data-pow-" + name.toLowerCase()) || ""; });
    strings.footer = "";
    strings.ariaLinkLabel = "";
    altcha.i18n.set(language, strings);

    var widget = document.createElement("altcha-widget");
    // The widget fetches its own challenges (again when one expires); "issue" makes sure it gets
    // one even if the switch went off a moment ago.
    widget.setAttribute("challenge", slot.getAttribute("data-pow-challenge") + "?issue=1");
    widget.setAttribute("auto", "onload");
    widget.setAttribute("name", "altcha");
    widget.setAttribute("language", language);
    widget.setAttribute("configuration", JSON.stringify({
      hideFooter: true, hideLogo: true, humanInteractionSignature: false, credentials: "omit"
    }));
    slot.appendChild(widget);
    slot.style.marginBlockEnd = "1rem";  // a CSSOM property, which the CSP allows (unlike style="")
    slot.hidden = false;

    // A visitor who presses "Sign" while the work is still running waits for it, then the form
    // goes by itself.
    var verified = false, waiting = false;
    widget.addEventListener("verified", function () {
      verified = true;
      if (waiting) { waiting = false; if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); } }
    });
    widget.addEventListener("expired", function () { verified = false; });
    widget.addEventListener("statechange", function (event) {
      // If the work fails, send the form anyway: the server accepts it under a stricter limit.
      if (waiting && event.detail && event.detail.state === "error") { waiting = false; form.submit(); }
    });
    form.addEventListener("submit", function (event) {
      if (verified) { return; }
      event.preventDefault();
      waiting = true;
      var status = slot.querySelector("[data-pow-status]");
      if (status) { status.hidden = false; }
      if (widget.getState && widget.getState() !== "verifying" && widget.verify) { widget.verify(); }
    });
  }

  function setup(form) {
    var slot = form.querySelector("[data-pow-challenge]");
    if (!slot || !window.fetch || !window.crypto || !window.crypto.subtle) { return; }
    var asked = false;
    function ask() {
      if (asked) { return; }
      asked = true;
      fetch(slot.getAttribute("data-pow-challenge"), {
        credentials: "omit", cache: "no-store", headers: { Accept: "application/json" }
      })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (data && data.required) { loadWidget(slot, function () { mount(form, slot); }); }
        })
        .catch(function () { /* offline or busy: the form still works without it */ });
    }
    form.addEventListener("focusin", ask);
    form.addEventListener("pointerdown", ask);
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-pow]"), setup);
  });
})();
