/* STC Guide calculator page: the theme's search index is built after the calculator's first answer.
 *
 * At start-up the theme (Material for MkDocs) downloads the search index and has its search
 * worker build it: a few hundred ms of CPU, on the same cores as the calculator's Python start,
 * which is the page's slow part (measured: the first result ~150 ms later on a repeat visit,
 * ~200 ms on a first one; scripts/bench_browser.py). On the calculator page only, this script
 * (loaded just before the theme's bundle, overrides/main.html) holds back the index's download
 * and hands the theme a stand-in for that one worker: the messages the theme sends it wait.
 * The download is sent, and the real worker created and given those messages, once the
 * calculator has drawn its first answer or failed, or after a time limit (theme-later.js, which
 * holds the theme's bundle itself until then and calls window.__stcSearchLater.release), or as
 * soon as the reader goes to the search box, whichever comes first. Search then works as on
 * any other page; nothing else of the theme is touched, and every other request and Worker goes
 * ahead as usual.
 */
(function () {
  "use strict";

  var SEARCH_WORKER = /\/workers\/search\.[0-9a-f]+\.min\.js(?:[?#]|$)/;
  var NativeWorker = window.Worker;
  var root = document.querySelector("[data-stc-calculator]");
  if (window.__stcSearchLater || typeof NativeWorker !== "function" || typeof EventTarget !== "function" ||
      !root || !/^https?:$/.test(location.protocol)) return;

  var waiting = [];   // functions that create a held worker or send a held request
  var released = false;
  window.__stcSearchLater = { released: false, release: release };

  function release() {
    if (released) return;
    released = window.__stcSearchLater.released = true;
    window.Worker = NativeWorker;
    XMLHttpRequest.prototype.open = nativeOpen;
    XMLHttpRequest.prototype.send = nativeSend;
    waiting.splice(0).forEach(function (run) { run(); });
  }

  // The index's download (the theme asks for it with XMLHttpRequest) waits too: its bytes
  // would share the connection with the calculator's runtime on a first visit.
  var SEARCH_INDEX = /\/search\/search_index\.json(?:[?#]|$)/;
  var nativeOpen = XMLHttpRequest.prototype.open;
  var nativeSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__stcHeld = !released && SEARCH_INDEX.test(String(url));
    return nativeOpen.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (released || !request.__stcHeld) return nativeSend.apply(request, args);
    waiting.push(function () { nativeSend.apply(request, args); });
  };

  /** An EventTarget the theme talks to as if it were the worker, until release(). */
  function standIn(url, options) {
    var target = new EventTarget();
    var queue = [];
    var real = null;
    var ended = false;
    target.postMessage = function (message, transfer) {
      if (real) real.postMessage(message, transfer);
      else if (!ended) queue.push([message, transfer]);
    };
    target.terminate = function () {
      ended = true;
      queue = [];
      if (real) real.terminate();
    };
    waiting.push(function () {
      if (ended) return;
      real = new NativeWorker(url, options);
      ["message", "messageerror", "error"].forEach(function (type) {
        real.addEventListener(type, function (event) {
          target.dispatchEvent(type === "error"
            ? new ErrorEvent("error", { message: event.message })
            : new MessageEvent(type, { data: event.data }));
        });
      });
      queue.splice(0).forEach(function (sent) { real.postMessage(sent[0], sent[1]); });
    });
    return target;
  }

  window.Worker = function (url, options) {
    if (released || !SEARCH_WORKER.test(String(url))) return new NativeWorker(url, options);
    return standIn(url, options);
  };
  window.Worker.prototype = NativeWorker.prototype;

  // The reader goes to search: at once (the index is built while they type).
  document.addEventListener("focusin", function (event) {
    if (event.target && event.target.closest && event.target.closest(".md-search")) release();
  });
  document.addEventListener("click", function (event) {
    if (event.target && event.target.closest && event.target.closest("[for=__search], .md-search")) release();
  }, true);
  document.addEventListener("keydown", function (event) {
    var field = event.target && event.target.closest && event.target.closest("input, textarea, select");
    if (!field && (event.key === "/" || event.key === "s" || event.key === "f")) release();   // the theme's search keys
  }, true);
})();
