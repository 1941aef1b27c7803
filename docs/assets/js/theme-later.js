/* STC Guide calculator page: the theme's scripts start after the calculator's first answer.
 *
 * The theme's bundle (Material for MkDocs) is the longest piece of main-thread work of a page
 * view: on a first visit its start-up runs in three tasks of 55-85 ms (evaluating the bundle,
 * then its DOMContentLoaded work), and it then downloads the search index and has a worker
 * build it (a few hundred ms of CPU). On the calculator page all of that shared the phone's
 * cores with the calculator's Python start, the page's slow part. Measured without it: the
 * first result ~120 ms sooner on a first visit, and no task over 50 ms before it
 * (scripts/bench_browser.py). So, on the calculator page only, the build
 * (build_tools/calcpage.py) takes the theme's bundle and the site's theme fix-up script out of
 * the page and lists them on this script's data-stc-theme-scripts; this script loads them, in
 * order, once the calculator has drawn its first answer or failed, when the reader goes to the
 * header, the menu or search, or after HOLD_LIMIT_MS, whichever comes first. The page itself
 * (text, form, results, links, the menu drawer, which is plain CSS) works meanwhile; search,
 * the palette switch and the header's scroll behaviour start with the theme. The theme's
 * search index and worker then come as on any other page.
 *
 * The theme waits for DOMContentLoaded to start, which has passed by then: while its scripts
 * run, a DOMContentLoaded listener added to the document is called in a task of its own
 * instead (an event that has happened is not sent again). The theme's "no-js" -> "js" class
 * switch, and its choice of colour scheme (showPalette), are made here at once, where the
 * bundle used to make them, so the page's look does not change when the theme starts.
 */
(function () {
  "use strict";

  var HOLD_LIMIT_MS = 8000;
  var script = document.currentScript;
  var root = document.querySelector("[data-stc-calculator]");
  if (window.__stcThemeLater || !script) return;
  var urls;
  try {
    urls = JSON.parse(script.getAttribute("data-stc-theme-scripts") || "[]");
  } catch (error) {
    urls = [];
  }
  if (!Array.isArray(urls) || urls.length === 0) return;

  var state = window.__stcThemeLater = { released: false, loaded: false };
  document.documentElement.classList.remove("no-js");
  document.documentElement.classList.add("js");
  showPalette();

  // The site's scripts that follow the theme's page changes (instant navigation) subscribe to
  // its document$ when they start (calculator.js, sw-register.js), which is before the theme
  // here. Until the theme has started, a stand-in takes their subscriptions; they are handed to
  // the theme's own document$ (which the theme's bundle sets) once it exists, which at once
  // replays the current page to each, as for a subscription made after the theme's start.
  var subscribers = [];
  if (!window.document$) {
    window.document$ = {
      stcStandIn: true,
      subscribe: function (next) {
        subscribers.push(next);
        return { unsubscribe: function () { subscribers = subscribers.filter(function (f) { return f !== next; }); } };
      },
    };
  }
  function handOver() {
    var real = window.document$;
    if (!real || real.stcStandIn || typeof real.subscribe !== "function") return;
    subscribers.splice(0).forEach(function (next) { real.subscribe(next); });
  }

  /** The colour scheme and palette button the theme's start would show (its palette component:
   *  the reader's saved choice, else the first palette whose media query matches, "system"
   *  resolved to light or dark). Without this a reader whose system is dark saw the light page
   *  until the theme started. The theme's inline <head> script has already applied a saved
   *  choice; the theme sets the same again when it starts. */
  function showPalette() {
    var inputs = document.querySelectorAll("input[name=__palette]");
    if (!inputs.length || !document.body) return;
    var saved = null;
    try {
      saved = typeof window.__md_get === "function" ? window.__md_get("__palette") : null;
    } catch (error) {
      saved = null;
    }
    var index = saved && typeof saved.index === "number" ? saved.index
      : Array.prototype.findIndex.call(inputs, function (input) {
        return matchMedia(input.getAttribute("data-md-color-media")).matches;
      });
    index = Math.max(0, Math.min(index, inputs.length - 1));
    if (!saved) {
      var shown = inputs[index];
      if (shown.getAttribute("data-md-color-media") === "(prefers-color-scheme)") {
        var light = matchMedia("(prefers-color-scheme: light)").matches;
        shown = document.querySelector("[data-md-color-media='(prefers-color-scheme: " +
          (light ? "light" : "dark") + ")']") || shown;
      }
      ["media", "scheme", "primary", "accent"].forEach(function (key) {
        var value = shown.getAttribute("data-md-color-" + key);
        if (value !== null) document.body.setAttribute("data-md-color-" + key, value);
      });
    }
    for (var i = 0; i < inputs.length; i++) {
      var label = inputs[i].nextElementSibling;
      if (label instanceof HTMLElement) label.hidden = i !== index;
    }
  }

  /** While the theme's scripts run: a DOMContentLoaded listener is called, once, in a task. */
  function lateStart() {
    var nativeAdd = document.addEventListener;
    document.addEventListener = function (type, listener) {
      if (type !== "DOMContentLoaded" || document.readyState === "loading" || !listener) {
        return nativeAdd.apply(this, arguments);
      }
      setTimeout(function () {
        var event = new Event("DOMContentLoaded");
        if (typeof listener === "function") listener.call(document, event);
        else if (typeof listener.handleEvent === "function") listener.handleEvent(event);
      }, 0);
    };
    return function () { document.addEventListener = nativeAdd; };
  }

  function release() {
    if (state.released) return;
    state.released = true;
    var restore = lateStart();
    var left = urls.length;
    urls.forEach(function (url) {
      var element = document.createElement("script");
      element.src = url;
      element.async = false;   // in the listed order, as in the page
      element.addEventListener("load", done);
      element.addEventListener("error", done);   // the console names the file; the rest still runs
      document.body.appendChild(element);
    });
    function done() {
      left -= 1;
      if (left > 0) return;
      restore();
      handOver();
      state.loaded = true;
    }
  }

  if (!root || !/^https?:$/.test(location.protocol)) {
    release();
    return;
  }
  function answered() {
    var value = root.getAttribute("data-state");
    return value === "ready" || value === "error";
  }
  function afterPaint() {
    requestAnimationFrame(function () { setTimeout(release, 0); });
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
  setTimeout(release, HOLD_LIMIT_MS);
  // The reader goes to the theme's parts: at once.
  var THEME_PARTS = ".md-header, .md-tabs, .md-sidebar, .md-search, .md-footer, [for=__search], [for=__drawer]";
  function towardsTheme(event) {
    var target = event.target;
    if (target && target.closest && target.closest(THEME_PARTS)) release();
  }
  document.addEventListener("focusin", towardsTheme);
  document.addEventListener("pointerdown", towardsTheme, true);
  document.addEventListener("click", towardsTheme, true);
  document.addEventListener("keydown", function (event) {
    var field = event.target && event.target.closest && event.target.closest("input, textarea, select");
    if (!field && (event.key === "/" || event.key === "s" || event.key === "f")) release();   // the theme's search keys
  }, true);
})();
