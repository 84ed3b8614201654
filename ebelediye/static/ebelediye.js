// What the pages need from JavaScript, without inline handlers (the CSP allows none):
// - <form data-confirm="question"> asks before it is submitted;
// - <button data-print> prints the page;
// - a table wrapper (.table-responsive) that scrolls sideways can be reached and scrolled
//   with the keyboard: it gets tabindex=0, role=region and a name (its table's caption, the
//   heading before it, or "Tablo"), as WCAG 2.1.1 and axe's scrollable-region-focusable ask.
(function () {
  "use strict";
  function labelFor(wrapper) {
    var caption = wrapper.querySelector("caption");
    if (caption && caption.textContent.trim()) { return caption.textContent.trim(); }
    var node = wrapper;
    while (node) {
      var previous = node.previousElementSibling;
      while (previous) {
        if (/^H[1-6]$/.test(previous.tagName)) { return previous.textContent.trim(); }
        var inner = previous.querySelector && previous.querySelector("h1, h2, h3, h4, h5, h6");
        if (inner) { return inner.textContent.trim(); }
        previous = previous.previousElementSibling;
      }
      node = node.parentElement;
      if (node && node.tagName === "MAIN") { break; }
    }
    return document.documentElement.lang === "en" ? "Table" : "Tablo";
  }
  function markScrollers() {
    document.querySelectorAll(".table-responsive").forEach(function (wrapper) {
      var scrolls = wrapper.scrollWidth > wrapper.clientWidth + 1;
      if (scrolls && !wrapper.hasAttribute("tabindex")) {
        wrapper.setAttribute("tabindex", "0");
        wrapper.setAttribute("role", "region");
        if (!wrapper.hasAttribute("aria-label") && !wrapper.hasAttribute("aria-labelledby")) {
          wrapper.setAttribute("aria-label", labelFor(wrapper));
        }
        wrapper.dataset.ebScroll = "1";
      } else if (!scrolls && wrapper.dataset.ebScroll) {
        wrapper.removeAttribute("tabindex");
        wrapper.removeAttribute("role");
        delete wrapper.dataset.ebScroll;
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", markScrollers);
  } else {
    markScrollers();
  }
  window.addEventListener("resize", markScrollers);
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  }, true);
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
})();
