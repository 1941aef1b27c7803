/* STC Guide: an accessibility fix for the theme (Material for MkDocs 9.8) that CSS cannot make.
 *
 * The theme makes every content table its own sideways scroll container; on a phone a wide
 * table scrolls inside itself. A scrolling table that holds no link cannot be reached with
 * the keyboard, so its hidden columns cannot be scrolled into view without a pointer (WCAG
 * 2.1.1; axe: scrollable-region-focusable). While a table overflows it gets tabindex="0", as
 * the theme already does for wide code blocks; the arrow keys then scroll it. Loaded from
 * overrides/main.html after the theme's bundle; instant navigation re-binds via document$.
 */
(function () {
  "use strict";

  if (window.__stcA11y) return;
  window.__stcA11y = true;

  var SELECTOR = ".md-typeset table:not([class])";
  var MARK = "data-stc-scrollable";   // set by this script: only its own tabindex is removed

  function update(table) {
    var scrollable = table.scrollWidth > table.clientWidth + 1;
    if (scrollable && !table.hasAttribute("tabindex")) {
      table.setAttribute("tabindex", "0");
      table.setAttribute(MARK, "");
    } else if (!scrollable && table.hasAttribute(MARK)) {
      table.removeAttribute("tabindex");
      table.removeAttribute(MARK);
    }
  }

  var observer = typeof ResizeObserver === "function"
    ? new ResizeObserver(function (entries) {
      entries.forEach(function (entry) { update(entry.target); });
    })
    : null;

  /** Watch the page's tables. With ResizeObserver the first measure comes in its first
   *  callback, after the browser's own layout: reading sizes here, at page start, would force
   *  a layout of the whole page inside the theme's start-up task. */
  function scan() {
    if (observer) observer.disconnect();   // tables of the page instant navigation replaced
    Array.prototype.forEach.call(document.querySelectorAll(SELECTOR), function (table) {
      if (observer) observer.observe(table);
      else update(table);
    });
  }

  function boot() {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(function () { scan(); });
    }
    scan();
    if (!observer) window.addEventListener("resize", scan);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
