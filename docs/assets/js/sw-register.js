/* STC Guide: offline use in the browser (the page side of sw.js).
 *
 * - Registers sw.js from the site root, found relative to this script's own URL (it sits at
 *   assets/js/), so the site works under any base path. Once the page has loaded (on the
 *   calculator page: once the calculator has started) and the worker is in control, asks it
 *   to complete its cache ("precache").
 * - whenControlled(): the calculator waits for it (at most a moment) before starting its
 *   worker, so that on a first visit the runtime's downloads pass through the service worker,
 *   which keeps them: nothing is downloaded twice.
 * - When a new build of the site is installed and waiting, shows a small notice with a
 *   reload button; the button lets the new service worker take over, and every tab of the
 *   site reloads when that happens, so no page mixes files of two builds.
 * - On the calculator page, says whether the calculator is ready offline: once the calculator
 *   is ready, it asks the service worker whether every file runtime.json names is in its
 *   cache (and has it fetch any that are missing).
 *
 * Nothing here runs on file:// pages (the offline copy leaves this script out) or in browsers
 * without service workers; the site works as before there.
 *
 * Its words are the page's own: the build writes them, in the page's language, into
 * [data-stc-offline-text] (overrides/main.html, from build_tools/i18n_strings_offline.py); this
 * script holds no sentence. A page without them (the error page) shows neither line nor notice.
 */
(function () {
  "use strict";

  if (window.__stcOffline) return;
  var UPDATE_CHECK_MS = 60 * 60 * 1000;
  var PRECACHE_DEFER_LIMIT_MS = 30000;   // the calculator's start, at most
  // sw.js's address (relative to the page), registration options and how long the calculator
  // waits for control: the page's <head> holds them (build_tools/offline.py), for calc-early.js
  // too. A page without them (none expected) goes without offline use.
  var SETTINGS = readSettings();
  var supported = "serviceWorker" in navigator && window.isSecureContext &&
    /^https?:$/.test(location.protocol) && SETTINGS !== null;
  var SW_URL = SETTINGS && new URL(SETTINGS.url, document.baseURI).href;   // the first page's

  function readSettings() {
    var holder = document.getElementById("stc-sw");
    try {
      var value = holder ? JSON.parse(holder.textContent) : null;
      return value && typeof value.url === "string" ? value : null;
    } catch (e) {
      return null;
    }
  }

  var state = {
    registration: null,
    hadController: supported && !!navigator.serviceWorker.controller,
    reloading: false,
    notice: null,
    lastCheck: 0,
    failed: false,
    settle: null,
  };
  window.__stcOffline = state;

  var controlled = null;

  /** Resolves (true) once a service worker controls this page; false when none will soon. */
  state.whenControlled = function () {
    if (!supported || state.failed) return Promise.resolve(false);
    if (navigator.serviceWorker.controller) return Promise.resolve(true);
    if (!controlled) {
      controlled = new Promise(function (resolve) {
        state.settle = resolve;
        setTimeout(function () { resolve(false); }, SETTINGS.controlWaitMs);
        navigator.serviceWorker.addEventListener("controllerchange", function () { resolve(true); });
        navigator.serviceWorker.getRegistration().then(function (registration) {
          // Active but not in control: a reload that bypassed the worker (Shift+Reload).
          if (registration && registration.active && !navigator.serviceWorker.controller) resolve(false);
        }, function () { resolve(false); });
      });
    }
    return controlled;
  };

  // ---------------------------------------------------------------- registration and updates

  function register() {
    navigator.serviceWorker.register(SW_URL, SETTINGS.options).then(function (registration) {
      state.registration = registration;
      state.lastCheck = Date.now();
      if (registration.waiting && navigator.serviceWorker.controller) showNotice();
      registration.addEventListener("updatefound", function () {
        var installing = registration.installing;
        if (!installing) return;
        installing.addEventListener("statechange", function () {
          if (installing.state === "installed" && navigator.serviceWorker.controller) showNotice();
        });
      });
      completeCache();
    }, function (error) {
      // The site still works online; only offline use is missing.
      state.failed = true;
      if (state.settle) state.settle(false);
      offlineStatus();
      console.warn("STC Guide: offline use is not available (" + String(error && error.message || error) + ")");
    });

    navigator.serviceWorker.addEventListener("controllerchange", function () {
      // A new build took over (from this tab's notice or another tab's): show its pages, not a
      // mix. The first take-over after a first visit changes nothing on screen.
      if (state.hadController && !state.reloading) {
        state.reloading = true;
        location.reload();
      }
      state.hadController = true;
      completeCache();
      offlineStatus();
    });
  }

  /** After the page's own downloads, and on the calculator page after the calculator's start
   *  (the guide's hundred-odd files would otherwise share the connection and the CPU with the
   *  runtime's downloads on a first visit): have the worker in control fill its cache. */
  function completeCache() {
    var send = function () {
      var controller = navigator.serviceWorker.controller;
      if (controller) controller.postMessage({ type: "precache" });
    };
    var afterLoad = function () {
      var root = document.querySelector("[data-stc-calculator]");
      var started = function () {
        var value = root && root.getAttribute("data-state");
        return !root || value === "ready" || value === "error";
      };
      if (started()) {
        send();
        return;
      }
      var observer = new MutationObserver(function () { if (started()) done(); });
      var timer = setTimeout(done, PRECACHE_DEFER_LIMIT_MS);
      function done() {
        observer.disconnect();
        clearTimeout(timer);
        send();
      }
      observer.observe(root, { attributes: true, attributeFilter: ["data-state"] });
    };
    if (document.readyState === "complete") afterLoad();
    else window.addEventListener("load", afterLoad, { once: true });
  }

  /** Long sessions with instant navigation load no page, so look for updates now and then. */
  function checkForUpdate() {
    if (!state.registration || Date.now() - state.lastCheck < UPDATE_CHECK_MS) return;
    state.lastCheck = Date.now();
    state.registration.update().catch(function () {});
  }

  /** This page's words (see the header); read each time, since instant navigation changes page
   *  (and maybe language) under a long-lived script. Null when the page carries none. */
  function texts() {
    var holder = document.querySelector("[data-stc-offline-text]");
    if (!holder) return null;
    try {
      var table = JSON.parse(holder.getAttribute("data-stc-offline-text"));
      return table && typeof table === "object" ? table : null;
    } catch (e) {
      return null;
    }
  }

  function showNotice() {
    var words = texts();
    if (!words) return;
    if (!state.notice) {
      var box = document.createElement("div");
      box.className = "stc-update md-typeset";
      box.setAttribute("data-stc-update", "");
      box.setAttribute("role", "status");
      box.hidden = true;
      document.body.appendChild(box);
      state.notice = box;
    }
    var notice = state.notice;
    if (!notice.hidden) return;
    // The live region exists before its text, so that screen readers announce the text.
    notice.hidden = false;
    setTimeout(function () {
      while (notice.firstChild) notice.removeChild(notice.firstChild);
      var text = document.createElement("p");
      text.className = "stc-update__text";
      text.textContent = words.update_ready;
      var reload = document.createElement("button");
      reload.type = "button";
      reload.className = "md-button md-button--primary stc-update__button";
      reload.setAttribute("data-stc-update-reload", "");
      reload.textContent = words.update_reload;
      reload.addEventListener("click", applyUpdate);
      var later = document.createElement("button");
      later.type = "button";
      later.className = "md-button stc-update__button";
      later.textContent = words.update_later;
      later.setAttribute("aria-label", words.update_later_label);
      later.addEventListener("click", function () { notice.hidden = true; });
      notice.appendChild(text);
      notice.appendChild(reload);
      notice.appendChild(later);
    }, 50);
  }

  function applyUpdate() {
    var waiting = state.registration && state.registration.waiting;
    if (!waiting) {
      location.reload();
      return;
    }
    state.hadController = true;   // so that controllerchange reloads
    waiting.postMessage({ type: "skip-waiting" });
  }

  // ---------------------------------------------------------------- "ready offline" on the calculator page

  /** The page reserves the line's place (docs/calculator.md, a few lines high in offline.css),
   *  so nothing moves when it is filled or changes (no layout shift, and "back" lands where the
   *  reader left); a page without that place gets the line last, under the results. */
  function statusLine(root) {
    var line = root.querySelector("[data-stc-offline]");
    if (line) return line;
    line = document.createElement("p");
    line.className = "stc-offline-status";
    line.setAttribute("data-stc-offline", "");
    line.setAttribute("role", "status");
    root.appendChild(line);
    return line;
  }

  function show(root, key) {
    var words = texts();
    if (!words || typeof words[key] !== "string") return;
    var line = statusLine(root);
    if (line.getAttribute("data-stc-offline") === key && line.textContent === words[key]) return;
    line.setAttribute("data-stc-offline", key);
    line.textContent = words[key];
  }

  /** Ask the service worker in control; resolves with its answer (or null). */
  function ask(message) {
    var controller = navigator.serviceWorker.controller;
    if (!controller) return Promise.resolve(null);
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      var timer = setTimeout(function () { resolve(null); }, 120000);
      channel.port1.onmessage = function (event) {
        clearTimeout(timer);
        resolve(event.data || null);
      };
      controller.postMessage(message, [channel.port2]);
    });
  }

  var checking = null;

  function offlineStatus() {
    var root = document.querySelector("[data-stc-calculator]");
    if (!root) return;
    if (!supported) {
      show(root, "unsupported");
      return;
    }
    if (root.getAttribute("data-state") !== "ready") {
      watchUntilReady(root);
      return;
    }
    if (state.failed) {
      show(root, "failed");
      return;
    }
    if (!navigator.serviceWorker.controller) {
      show(root, "waiting");      // a first visit: controllerchange calls again
      return;
    }
    if (checking) return;
    if (!root.querySelector('[data-stc-offline="ready"]')) show(root, "checking");
    checking = ask({ type: "offline-status" }).then(function (answer) {
      if (answer && answer.offline === false) return answer;
      if (answer && answer.missing && (answer.missing.length || answer.pagesMissing)) {
        show(root, "saving");
        return ask({ type: "offline-status", complete: true });
      }
      return answer;
    }).then(function (answer) {
      checking = null;
      if (!root.isConnected) return;
      if (answer && answer.offline === false) show(root, "preview");
      else if (answer && !answer.error && answer.missing && answer.missing.length === 0 &&
               !answer.pagesMissing) show(root, "ready");
      else show(root, "missing");
    }, function () {
      checking = null;
      if (root.isConnected) show(root, "missing");
    });
  }

  function watchUntilReady(root) {
    if (root.__stcOfflineWatch) return;
    root.__stcOfflineWatch = new MutationObserver(function () {
      if (root.getAttribute("data-state") === "ready") {
        root.__stcOfflineWatch.disconnect();
        root.__stcOfflineWatch = null;
        offlineStatus();
      }
    });
    root.__stcOfflineWatch.observe(root, { attributes: true, attributeFilter: ["data-state"] });
  }

  // ---------------------------------------------------------------- start

  function onPage() {
    offlineStatus();
    checkForUpdate();
  }

  function start() {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(function () { onPage(); });   // every instant page change
    } else {
      onPage();
    }
  }

  // At once, not at "load": a first install downloads nothing, and the calculator waits for it.
  if (supported) register();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
