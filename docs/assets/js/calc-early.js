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
 * It stays out of the way (and calculator.js starts the worker as before) when:
 * - no service worker controls the page yet (a first visit): the runtime's downloads should
 *   pass through the service worker, which keeps them for offline use (sw-register.js);
 * - the page is not served over http(s) (the offline copy), or there are no Web Workers.
 */
(function () {
  "use strict";

  if (window.__stcCalcEarly !== undefined) return;
  window.__stcCalcEarly = null;

  var script = document.currentScript;
  if (!script || !/^https?:$/.test(location.protocol) || typeof Worker === "undefined") return;
  var offlineSupported = "serviceWorker" in navigator && window.isSecureContext;
  if (offlineSupported && !navigator.serviceWorker.controller) return;

  var settings = null;
  var holder = document.getElementById("stc-calc-runtime");
  try {
    settings = holder ? JSON.parse(holder.textContent) : null;
  } catch (e) {
    settings = null; // the worker downloads runtime.json instead
  }

  var early = { worker: null, messages: [], error: null, startedAt: performance.now() };
  try {
    early.worker = new Worker(new URL("calc-worker.js", script.src).href);
  } catch (e) {
    return; // calculator.js tries again and explains a failure
  }
  early.worker.onmessage = function (event) { early.messages.push(event.data); };
  early.worker.onerror = function (event) {
    if (event && event.preventDefault) event.preventDefault();
    early.error = early.error || { message: event && event.message ? String(event.message) : "" };
  };
  early.worker.postMessage({ type: "start", settings: settings });
  window.__stcCalcEarly = early;
})();
