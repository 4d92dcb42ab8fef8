/* The parallel edition's size and page count beside its link, from editions.json beside the PDFs
   (booklet.site.downloads writes a language's own editions into its pages; the parallel edition changes
   with every language, so its facts are read here). Without this script the link still says what it is. */
(function () {
  "use strict";
  var spans = Array.prototype.slice.call(document.querySelectorAll(".facts[data-pdf]"));
  var open = spans.filter(function (s) { return s.textContent.trim() === "PDF"; });
  if (!open.length || !window.fetch) return;
  var link = open[0].parentNode.querySelector("a[href]");
  var lang = document.documentElement.lang || "en";
  // doctools.js declares Documentation with const: a global binding, not a property of window
  var gettext = typeof Documentation !== "undefined" && Documentation.ngettext ? Documentation : null;
  fetch(new URL("editions.json", link.href)).then(function (r) { return r.ok ? r.json() : {}; })
    .then(function (facts) {
      open.forEach(function (span) {
        var f = facts[span.getAttribute("data-pdf")];
        if (!f) return;
        var size = new Intl.NumberFormat(lang, { style: "unit", unit: "kilobyte", unitDisplay: "short",
          maximumFractionDigits: 0 }).format(Math.max(1, Math.round(f.bytes / 1000)));
        var pages = gettext ? gettext.ngettext("%(count)s page", "%(count)s pages", f.pages)
          : (f.pages === 1 ? "%(count)s page" : "%(count)s pages");
        span.textContent = "PDF · " + size + " · " + pages.replace("%(count)s", String(f.pages));
      });
    }).catch(function () {});
})();
