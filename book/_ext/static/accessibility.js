// Accessibility fixes over sphinx-book-theme, added by book/_ext/accessibility.py.
//
// A landmark for the primary sidebar (see labelSidebar below), and:
// A cell output wider than the page (a wide table, say) scrolls sideways; a keyboard user
// can only scroll it once it can take the focus (axe-core: scrollable-region-focusable).
// The theme gives tabindex="0" to the outputs that overflow when the page loads; this also
// covers those that start to overflow later (a resize, the switch to dark mode, whose
// output panels have padding).
(function () {
  "use strict";
  function markScrollable() {
    document.querySelectorAll(".cell_output .output, .cell_output pre").forEach(function (el) {
      var scrolls = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      if (scrolls && el.getAttribute("tabindex") !== "0") {
        // The theme marks outputs that did not scroll at load with tabindex="-1": keep that
        // value to restore if the output stops scrolling.
        el.dataset.tabindexBefore = el.getAttribute("tabindex") || "";
        el.setAttribute("tabindex", "0");
      } else if (!scrolls && el.dataset.tabindexBefore !== undefined) {
        if (el.dataset.tabindexBefore) {
          el.setAttribute("tabindex", el.dataset.tabindexBefore);
        } else {
          el.removeAttribute("tabindex");
        }
        delete el.dataset.tabindexBefore;
      }
    });
  }
  // The primary sidebar (the book's title, search and navigation) is a plain <div>, so
  // its title link sits outside every landmark (axe-core: region): make it an aside.
  function labelSidebar() {
    var sidebar = document.getElementById("pst-primary-sidebar");
    if (sidebar && !sidebar.hasAttribute("role")) {
      sidebar.setAttribute("role", "complementary");
      sidebar.setAttribute("aria-label", "Book");
    }
  }
  function init() {
    labelSidebar();
    markScrollable();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  window.addEventListener("load", markScrollable);
  window.addEventListener("resize", markScrollable);
  new MutationObserver(markScrollable).observe(document.documentElement,
    {attributes: true, attributeFilter: ["data-theme"]});
})();
