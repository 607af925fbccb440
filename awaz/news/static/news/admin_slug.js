// While a post is being created, fill its slug from the first translation's title, as Django's
// prepopulated fields do (the title lives in an inline, which prepopulated_fields cannot read).
// Once the post exists the slug is read-only and there is no input for this script to find.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var slug = document.getElementById("id_slug");
    var title = document.getElementById("id_translations-0-title");
    if (!slug || !title || typeof window.URLify !== "function") { return; }
    var edited = slug.value !== "";
    slug.addEventListener("input", function () { edited = slug.value !== ""; });
    title.addEventListener("input", function () {
      if (!edited) { slug.value = window.URLify(title.value, slug.maxLength > 0 ? slug.maxLength : 100, false); }
    });
  });
})();
