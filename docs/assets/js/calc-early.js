/* STC Guide calculator: start the Python worker while the calculator page is still loading.
 *
 * Loaded with `async` from the <head> of the calculator page only (overrides/main.html), right
 * after the page's copy of runtime.json (<script type="application/json" id="stc-calc-runtime">),
 * both before the theme's stylesheets: after them, the theme's inline script (which waits for
 * the stylesheets) held back its download and run by some 60 ms.
 * The worker's start-up is the slow part of the page, and calculator.js runs only once the
 * whole page and the theme's scripts are in; starting here gains that time. calculator.js then
 * takes the worker over from window.__stcCalcEarly, with the messages it has sent meanwhile.
 *
 * A first visit (no service worker in control yet): the runtime's downloads should pass through
 * the service worker, which keeps them for offline use (nothing is downloaded twice, even from a
 * host that forbids HTTP caching). So this script registers it at once (sw-register.js, at the
 * end of the page, would do so some hundreds of ms later; registering twice is harmless) and
 * starts the worker as soon as it is in control: a first install downloads nothing and takes
 * control at once (sw.js). If it is not in control within the page's wait (controlWaitMs of
 * the <head>'s #stc-sw settings, which also give sw.js's address and registration options:
 * build_tools/offline.py), or cannot be registered, the worker starts anyway (the calculator
 * works; its files are kept later).
 * Meanwhile window.__stcCalcEarly.waiting is a promise that calculator.js waits for.
 *
 * It stays out of the way (and calculator.js starts the worker as before) when the page is not
 * served over http(s) (the offline copy), or there are no Web Workers.
 */
(function () {
  "use strict";

  if (window.__stcCalcEarly !== undefined) return;
  window.__stcCalcEarly = null;

  var script = document.currentScript;
  if (!script || !/^https?:$/.test(location.protocol) || typeof Worker === "undefined") return;
  function readJSON(id) {
    var holder = document.getElementById(id);
    try {
      return holder ? JSON.parse(holder.textContent) : null;
    } catch (e) {
      return null;
    }
  }

  var sw = readJSON("stc-sw");   // null: no service worker (as in sw-register.js)
  var offlineSupported = "serviceWorker" in navigator && window.isSecureContext &&
    !!sw && typeof sw.url === "string";
  var settings = readJSON("stc-calc-runtime");   // null: the worker downloads runtime.json instead

  var early = { worker: null, messages: [], error: null, startedAt: null, waiting: null };

  function startWorker() {
    if (window.__stcCalcEarly !== early) return;   // calculator.js gave up waiting
    early.startedAt = performance.now();
    try {
      early.worker = new Worker(new URL("calc-worker.js", script.src).href);
    } catch (e) {
      window.__stcCalcEarly = null;
      return; // calculator.js tries again and explains a failure
    }
    early.worker.onmessage = function (event) { early.messages.push(event.data); };
    early.worker.onerror = function (event) {
      if (event && event.preventDefault) event.preventDefault();
      early.error = early.error || { message: event && event.message ? String(event.message) : "" };
    };
    early.worker.postMessage({ type: "start", settings: settings });
  }

  /** Resolves once a service worker controls the page, or when none will soon. */
  function control() {
    return new Promise(function (resolve) {
      setTimeout(resolve, sw.controlWaitMs);
      navigator.serviceWorker.addEventListener("controllerchange", function () { resolve(); });
      navigator.serviceWorker.register(new URL(sw.url, document.baseURI).href, sw.options)
        .then(function (registration) {
          // Active but not in control: a reload that bypassed the worker (Shift+Reload).
          if (registration.active && !navigator.serviceWorker.controller) resolve();
        }, function () { resolve(); });
    });
  }

  window.__stcCalcEarly = early;
  if (offlineSupported && !navigator.serviceWorker.controller) {
    early.waiting = control().then(function () {
      startWorker();
      early.waiting = null;
    });
  } else {
    startWorker();
  }
})();
