/* STC Guide calculator: start the Python worker while the calculator page is still loading.
 *
 * Runs from the <head> of the calculator page only, right after the page's copy of runtime.json
 * (<script type="application/json" id="stc-calc-runtime">), both before the theme's stylesheets
 * (after them, the theme's inline script, which waits for the stylesheets, held it back by some
 * 60 ms). overrides/main.html loads this file with `async`, the worker's address in
 * data-stc-worker; the build then writes its code into the page instead (build_tools/calcpage.py,
 * inline_early_start), on the same element: the worker starts without waiting for this file's own request (on a repeat
 * visit, when every request goes through the service worker, waiting for it created the worker
 * 40-60 ms after the navigation instead of about 10 ms).
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

  // The worker's address, written by overrides/main.html (kept on the inline copy).
  var script = document.currentScript;
  var workerAddress = script && script.getAttribute("data-stc-worker")
    ? new URL(script.getAttribute("data-stc-worker"), document.baseURI).href : null;
  if (!workerAddress || !/^https?:$/.test(location.protocol) || typeof Worker === "undefined") return;
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
      early.worker = new Worker(workerAddress);
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
