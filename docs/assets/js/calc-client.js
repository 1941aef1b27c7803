/* STC Guide calculator: the worker client (one per window, kept across instant page changes).
 */
(function () {
  "use strict";

  var S = window.__stcCalcLib;
  if (!S || S.loaded["client"]) return;
  S.loaded["client"] = true;
  var WORKER_URL = S.WORKER_URL;
  var BOOT_TIMEOUT_MS = S.BOOT_TIMEOUT_MS;
  var fileWorker = S.fileWorker;
  var offlineGate = S.offlineGate;
  var say = S.startSay;   // start-up and failure words, from the page (calc/text_start.py)

  // ------------------------------------------------------------------ the worker (global)

  /** One per window: boots the worker once and keeps it across instant page changes. */
  function Controller() {
    this.status = "idle";      // idle | loading | ready | error
    this.progress = null;      // last {stage, detail}
    this.bytes = null;         // {received, total|null} while the runtime downloads
    this.problem = null;       // {title, detail, retry}
    this.form = null;          // the "form" answer, cached
    this.worker = null;
    this.pending = {};
    this.nextId = 1;
    this.timer = null;
    this.startedAt = 0;
    this.readyMs = null;
    this.view = null;
    this.warnings = [];        // site problems the worker worked around
    this.generation = 0;       // how many times the worker became ready
    this.startedEarly = false; // the running worker was started by calc-early.js
  }

  Controller.prototype.notify = function () {
    if (this.view && this.view.root.isConnected) this.view.onStatus();
  };

  /** runtime.json as the calculator page carries it in its <head> (build_tools/runtime.py), so
   *  that the worker need not download it; null elsewhere (the worker then fetches it). */
  function pageSettings() {
    var holder = document.getElementById("stc-calc-runtime");
    if (!holder) return null;
    try {
      var settings = JSON.parse(holder.textContent);
      return settings && typeof settings === "object" ? settings : null;
    } catch (e) {
      return null;
    }
  }

  /** A worker's sentence; one it made before it had the page's words comes as its key and
   * values (calc-worker.js, say()) and is worded here. */
  function worded(text) {
    if (text.charAt(0) !== "\u0001") return text;
    try {
      var keyed = JSON.parse(text.slice(1));
      return S.startSay(String(keyed[0]), keyed[1]);
    } catch (e) {
      return text.slice(1);
    }
  }

  /** The worker calc-early.js started while the page was still loading, if any (once); or,
   *  on a first visit, calc-early.js's record while it still waits for the service worker to
   *  take control (early.waiting, a promise), then to be asked again. */
  function takeEarlyWorker() {
    var early = window.__stcCalcEarly;
    if (!early || typeof early !== "object") return null;
    if (!early.worker && early.waiting && typeof early.waiting.then === "function") return early;
    window.__stcCalcEarly = null;
    return early.worker ? early : null;
  }

  Controller.prototype.start = function () {
    var self = this;
    if (this.status === "loading" || this.status === "ready") return;
    var early = takeEarlyWorker();
    if (early && !early.worker) {
      this.status = "loading";
      this.notify();
      early.waiting.then(function () {
        self.status = "idle";
        self.start();
      });
      return;
    }
    if (early) {
      this.adopt(early);
      return;
    }
    if (!this.offlineGatePassed) {
      this.offlineGatePassed = true;
      this.status = "loading";
      this.notify();
      offlineGate().then(function () {
        self.status = "idle";
        self.start();
      });
      return;
    }
    this.begin(performance.now(), false);
    if (typeof Worker === "undefined") {
      this.fail(say("no_workers_title"), say("no_workers"), false);
      return;
    }
    try {
      this.worker = location.protocol === "file:" ? fileWorker() : new Worker(WORKER_URL);
      this.worker.postMessage({ type: "start", settings: pageSettings(), words: S.startTexts() });
    } catch (error) {
      this.fail(say("cannot_start_title"),
        (location.protocol === "file:"
          ? say("file_page")
          : say("worker_refused", { error: String(error && error.message || error) })), location.protocol !== "file:");
      return;
    }
    this.listen();
    this.watchBoot();
  };

  /** A boot begins: started at `startedAt` (performance.now()), by calc-early.js or not. */
  Controller.prototype.begin = function (startedAt, early) {
    this.status = "loading";
    this.problem = null;
    this.progress = null;
    this.bytes = null;
    this.readyMs = null;
    this.startedAt = startedAt;
    this.startedEarly = early;
  };

  /** Take over the worker calc-early.js started, with the messages it has sent so far. */
  Controller.prototype.adopt = function (early) {
    this.offlineGatePassed = true;   // calc-early.js starts once a service worker is in control (or none will be)
    this.begin(typeof early.startedAt === "number" ? early.startedAt : performance.now(), true);
    this.worker = early.worker;
    this.worker.postMessage({ type: "words", words: S.startTexts() });  // calc-early.js had none
    this.listen();
    this.watchBoot();
    var self = this;
    (early.messages || []).forEach(function (message) { self.onMessage(message); });
    if (early.error && this.status === "loading") this.worker.onerror(early.error);
  };

  Controller.prototype.listen = function () {
    var self = this;
    this.worker.onmessage = function (event) { self.onMessage(event.data); };
    this.worker.onerror = function (event) {
      if (event && event.preventDefault) event.preventDefault();
      var what = event && event.message ? String(event.message) : "";
      self.fail(say(self.readyMs === null ? "load_failed_title" : "stopped_title"),
        what ? say("crashed_because", { error: what }) : say("crashed"), true);
    };
    this.worker.onmessageerror = function () {
      self.fail(say("stopped_title"), say("unreadable"), true);
    };
  };

  /** A start that stalls gets a (soft) note with a retry button. The limit counts from the
   *  last sign of life (bytes received, a stage reached), not from the start: a slow network
   *  that keeps delivering never hits it. */
  Controller.prototype.watchBoot = function () {
    var self = this;
    var limit = Number(window.__stcCalcBootTimeoutMs) > 0 ? Number(window.__stcCalcBootTimeoutMs) : BOOT_TIMEOUT_MS;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () {
      if (self.status !== "loading") return;
      self.problem = {
        title: say("slow_title"),
        detail: say("slow", { seconds: Math.round(limit / 1000) }),
        retry: true,
        soft: true,
        seconds: Math.round(limit / 1000),
      };
      self.notify();
    }, limit);
    this.notify();
  };

  /** A sign of life while loading: the stall limit starts again, a slow-start note goes. */
  Controller.prototype.alive = function () {
    if (this.problem && this.problem.soft) this.problem = null;
    this.watchBoot();
  };

  Controller.prototype.fail = function (title, detail, retry) {
    clearTimeout(this.timer);
    this.status = "error";
    this.problem = { title: title, detail: detail, retry: retry };
    if (this.worker) {
      this.worker.onmessage = this.worker.onerror = this.worker.onmessageerror = null;
      this.worker.terminate();
      this.worker = null;
    }
    var pending = this.pending;
    this.pending = {};
    Object.keys(pending).forEach(function (id) { pending[id].reject(new Error(title)); });
    this.notify();
  };

  Controller.prototype.retry = function () {
    if (this.worker) {
      this.worker.onmessage = this.worker.onerror = this.worker.onmessageerror = null;
      this.worker.terminate();
      this.worker = null;
    }
    clearTimeout(this.timer);
    this.status = "idle";
    this.start();
  };

  Controller.prototype.onMessage = function (message) {
    if (!message || typeof message !== "object") return;
    var hasId = message.id !== undefined && message.id !== null;
    if (message.type === "progress") {
      if (typeof message.received === "number" && isFinite(message.received) && message.received >= 0) {
        var total = typeof message.total === "number" && isFinite(message.total) && message.total > 0
          ? message.total : null;
        var grew = !this.bytes || message.received > this.bytes.received;
        this.bytes = { received: message.received, total: total };
        if (grew && this.status === "loading") this.alive();
      } else {
        this.progress = { stage: message.stage, detail: message.detail };
        if (this.status === "loading") this.alive();
      }
      this.notify();
    } else if (message.type === "warning") {
      // Something the site should fix while the calculator still works (e.g. the .wasm type).
      var text = worded(String(message.message || ""));
      if (text && this.warnings.indexOf(text) < 0) this.warnings.push(text);
      this.notify();
    } else if (message.type === "ready") {
      clearTimeout(this.timer);
      this.status = "ready";
      this.problem = null;
      this.generation += 1;
      this.readyMs = Math.round(performance.now() - this.startedAt);
      this.snapshot = message.snapshot === true; // restored from the memory snapshot (tests, benches)
      this.notify();
    } else if (message.type === "error" && !hasId) {
      this.fail(say(this.readyMs === null ? "load_failed_title" : "stopped_title"),
        say("worker_error", { message: worded(String(message.message || say("unknown_error"))) }), true);
    } else if (hasId && this.pending[message.id]) {
      var entry = this.pending[message.id];
      delete this.pending[message.id];
      if (message.type === "error" || message.response === undefined) {
        entry.reject(new Error(String(message.message || message.error || say("no_answer"))));
        return;
      }
      var response = message.response;
      if (typeof response === "string") {
        try { response = JSON.parse(response); } catch (e) {
          entry.reject(new Error(say("answer_not_json")));
          return;
        }
      }
      entry.resolve(response);
    }
  };

  Controller.prototype.request = function (request) {
    var self = this;
    return new Promise(function (resolve, reject) {
      if (self.status !== "ready" || !self.worker) {
        reject(new Error(say("not_ready")));
        return;
      }
      var id = self.nextId++;
      self.pending[id] = { resolve: resolve, reject: reject };
      // The page's language (<html lang>: "en" or "pt-BR") travels with every request, so that
      // Python answers in it; it is never part of the link.
      if (request && typeof request === "object" && !request.lang) {
        request.lang = document.documentElement.lang || "en";
      }
      self.worker.postMessage({ id: id, request: request });
    });
  };

  var calc = window.__stcCalc = new Controller();
  S.calc = calc;
})();
