/* STC Guide calculator page: the theme's script starts after the calculator's first answer.
 *
 * The theme's bundle (Material for MkDocs) runs some 100 ms of main-thread work as the page
 * loads (evaluating it, then its DOMContentLoaded work; on a first visit each can be a task of
 * over 50 ms), on the same two cores as the calculator's Python start, which is what the reader
 * waits for. The page needs none of it to show its form and answer: the header's menu and search
 * buttons open by CSS, links work as links. So on the calculator page only, the build puts this
 * script where the bundle was, with the bundle's address in data-stc-bundle
 * (build_tools/calcpage.py, hold_theme_bundle), and this script loads the bundle once the
 * calculator has drawn its first answer or failed, as soon as the reader touches anything
 * outside the calculator (the header, the menu, search, a theme shortcut key), or after
 * HOLD_LIMIT_MS, whichever comes first. At the first answer or the time limit it also lets
 * the theme's search index through (search-later.js, which holds it on its own while the
 * bundle runs before that). Measured (scripts/bench_browser.py, A/B of built sites):
 * see the README's start-up section.
 *
 * Two things the theme expects from a page load are given to it here:
 * - its DOMContentLoaded: the bundle listens for it once; its listener is kept aside while the
 *   bundle runs, then called right after if the event has passed (the usual case), or left to
 *   the event if the page is still loading (a reader who touched the header that early);
 * - window.document$, to which the site's scripts (calculator.js, sw-register.js, stc-a11y.js)
 *   subscribe at DOMContentLoaded to hear of instant page changes: until the bundle is in, a
 *   stand-in keeps those subscriptions and hands them to the theme's own document$ once it runs
 *   (which then calls each once for the page, as on any page load).
 * Outside http(s), or where there is no calculator, it loads the bundle at once (the offline
 * copy has the bundle in its pages anyway).
 */
(function () {
  "use strict";

  var HOLD_LIMIT_MS = 8000;
  var script = document.currentScript;
  var bundle = script && script.getAttribute("data-stc-bundle");
  if (!bundle || window.__stcThemeLater) return;
  var root = document.querySelector("[data-stc-calculator]");

  var subscribers = [];   // [function, {closed}] given to the stand-in document$
  var standIn = {
    subscribe: function (next) {
      var subscription = { closed: false, unsubscribe: function () { subscription.closed = true; } };
      if (typeof next === "function") subscribers.push([next, subscription]);
      return subscription;
    },
  };
  // For the tests: whether the bundle was asked for, ran or failed to load, and how many of the
  // site's document$ subscriptions were handed over to the theme's.
  var state = window.__stcThemeLater = { requested: false, loaded: false, failed: false, handedOver: 0 };
  if (window.document$ === undefined) window.document$ = standIn;

  function handOver() {
    var real = window.document$;
    if (real === standIn || !real || typeof real.subscribe !== "function") return;
    subscribers.splice(0).forEach(function (entry) {
      if (entry[1].closed) return;
      real.subscribe(entry[0]);
      state.handedOver += 1;
    });
  }

  function load() {
    if (state.requested) return;
    state.requested = true;
    var keptAside = [];   // [listener, options] for DOMContentLoaded, added while the bundle ran
    var nativeAdd = document.addEventListener;
    document.addEventListener = function (type, listener, options) {
      if (type === "DOMContentLoaded" && listener) keptAside.push([listener, options]);
      else nativeAdd.apply(this, arguments);
    };
    var element = document.createElement("script");
    element.src = bundle;
    element.onload = element.onerror = function (event) {
      document.addEventListener = nativeAdd;
      // A bundle that cannot load: the page keeps working, as with the theme's script blocked;
      // the site's own listeners kept aside meanwhile still get their DOMContentLoaded.
      if (event.type === "error") state.failed = true;
      // In a task of its own, as after a page load: a script's load event comes in the same
      // task as its run, and the bundle's run (some 45 ms) plus its start-up work (30-80 ms)
      // made one task of over 50 ms.
      setTimeout(function () {
        var contentLoaded = new Event("DOMContentLoaded");
        keptAside.forEach(function (entry) {
          var listener = entry[0];
          if (document.readyState === "loading") nativeAdd.call(document, "DOMContentLoaded", listener, entry[1]);
          else if (typeof listener === "function") listener.call(document, contentLoaded);
          else if (typeof listener.handleEvent === "function") listener.handleEvent(contentLoaded);
        });
        if (state.failed) return;
        state.loaded = true;
        handOver();
      }, 0);
    };
    document.body.appendChild(element);
  }

  if (!root || !/^https?:$/.test(location.protocol)) {
    load();   // this script runs in the <body> (the bundle's place), so there is one to add to
    return;
  }

  /** The first answer, a failure or the time limit: the theme and its search index. */
  function loadAll() {
    load();
    var search = window.__stcSearchLater;
    if (search && typeof search.release === "function") search.release();
  }

  function answered() {
    var status = root.getAttribute("data-state");
    return status === "ready" || status === "error";
  }
  function afterPaint() {
    requestAnimationFrame(function () { setTimeout(loadAll, 0); });
  }
  if (answered()) {
    afterPaint();
  } else {
    var watch = new MutationObserver(function () {
      if (!answered()) return;
      watch.disconnect();
      afterPaint();
    });
    watch.observe(root, { attributes: true, attributeFilter: ["data-state"] });
  }
  setTimeout(loadAll, HOLD_LIMIT_MS);

  // The reader reaches for the theme: anything outside the calculator, or a theme shortcut key.
  function outside(event) {
    var target = event.target;
    if (target && target.closest && !target.closest("[data-stc-calculator]")) load();
  }
  document.addEventListener("pointerdown", outside, true);
  document.addEventListener("focusin", outside, true);
  document.addEventListener("keydown", function (event) {
    var field = event.target && event.target.closest && event.target.closest("input, textarea, select");
    if (!field && !event.ctrlKey && !event.metaKey && !event.altKey) load();
  }, true);
})();
