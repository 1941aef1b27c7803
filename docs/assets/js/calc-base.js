/* STC Guide calculator page: shared helpers (first of the calculator's scripts).
 *
 * The page holds no fact, label, unit list or threshold: it sends the form state (or the URL
 * fragment) to calc.web.handle in a Web Worker (calc-worker.js, Pyodide) and draws what comes
 * back. Text from the user or from Python only ever reaches the page through textContent.
 *
 * The page's code is split into plain classic scripts, loaded in this order (mkdocs.yml
 * extra_javascript; no bundler, so that the file:// offline copy runs them as they are). Each
 * adds its part to one namespace, window.__stcCalcLib (S):
 *   calc-base.js     DOM helpers, site addresses, the View constructor (one per page visit)
 *   calc-client.js   the worker client (Controller, window.__stcCalc): start, progress, requests
 *   calc-state.js    address and state: the URL fragment, reading and filling the form
 *   calc-form.js     drawing the form: choices, folding groups, units, chips, field messages
 *   calc-results.js  drawing the results and the summary bar
 *   calc-share.js    copy, share and print
 *   calculator.js    binding: events, start-up, compute requests, attaching to each page visit
 *
 * Material's instant navigation swaps the page content without reloading: the worker lives in
 * window.__stcCalc and survives page changes, so coming back to the calculator needs no reboot.
 * Each visit binds a fresh view to the new root element through document$ (or plain load).
 */
(function () {
  "use strict";

  // Instant navigation re-runs scripts found in the page content; set up once per window.
  if (window.__stcCalcLib) return;
  var S = window.__stcCalcLib = { loaded: {} };

  var SCRIPT_URL = (document.currentScript && document.currentScript.src) ||
    new URL("assets/js/calc-base.js", document.baseURI).href;
  var SITE_ROOT = new URL("../../", SCRIPT_URL);           // this file is at assets/js/
  var WORKER_URL = new URL("calc-worker.js", SCRIPT_URL).href;
  var BOOT_TIMEOUT_MS = 60000;   // window.__stcCalcBootTimeoutMs overrides it (tests)
  var TYPING_DELAY_MS = 250;
  var SHOWN_CANDIDATES = 5;       // the rest of the ranking sits behind "Show more"
  var LAB_KEYS = ["calcium", "phosphate", "albumin"];
  var ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

  // ------------------------------------------------------------------ small DOM helpers

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "text") node.textContent = value;
        else if (key === "className") node.className = value;
        else node.setAttribute(key, value === true ? "" : String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function clear(node) {
    while (node && node.firstChild) node.removeChild(node.firstChild);
  }

  function safeId(value) {
    return typeof value === "string" && ID_PATTERN.test(value) ? value : null;
  }

  /** A link to a site page ("entities/x/"), written relative to the current page. */
  function siteHref(sitePath) {
    var target = new URL(offlineCopyPage(sitePath), SITE_ROOT);
    if (target.origin !== location.origin) return target.href;
    var from = location.pathname.split("/");
    from.pop();
    var to = target.pathname.split("/");
    var i = 0;
    while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
    var up = "";
    for (var j = i; j < from.length; j++) up += "../";
    return (up + to.slice(i).join("/")) || "./";
  }

  // ------------------------------------------------------------------ the offline copy (file://)

  /** A page opened from a folder gets no Web Worker: the offline copy's calc-file.js runs the
   *  same calculator on the page (same messages). Elsewhere new Worker() throws, see start(). */
  function fileWorker() {
    if (typeof window.__stcCalcFileWorker === "function") return window.__stcCalcFileWorker(SITE_ROOT.href);
    return new Worker(WORKER_URL);
  }

  /** On a first visit the service worker (sw-register.js) takes control a moment after the page
   *  loads: waiting for it lets the worker's downloads pass through it and be kept for offline
   *  use, instead of being downloaded a second time later. Resolves at once elsewhere. */
  function offlineGate() {
    var offline = window.__stcOffline;
    if (!offline || typeof offline.whenControlled !== "function") return Promise.resolve();
    return offline.whenControlled().then(null, function () {});
  }

  /** The offline copy's pages end in .html: "entities/x/" is "entities/x.html" there. */
  function offlineCopyPage(sitePath) {
    var copy = window.__stcOfflineCopy;
    return copy && typeof copy.pageURL === "function" ? copy.pageURL(sitePath) : sitePath;
  }

  /** A site file's URL; on file:// the offline copy gives drawings as data: URLs (CSS masks
   *  are fetched with CORS, which file:// pages do not get). */
  function offlineCopyAsset(sitePath) {
    var copy = window.__stcOfflineCopy;
    var found = copy && typeof copy.assetURL === "function" ? copy.assetURL(sitePath) : null;
    return found || new URL(sitePath, SITE_ROOT).href;
  }

  // ------------------------------------------------------------------ the page (one per visit)

  /** `text` with each {name} replaced by String(values[name]) (unknown names stay as they are).
   *  The result is plain text: callers put it in the page through textContent only. */
  function fill(text, values) {
    return String(text).replace(/\{([a-z_]+)\}/g, function (all, name) {
      return values && values[name] !== undefined && values[name] !== null ? String(values[name]) : all;
    });
  }

  // The calculator's start-up and failure sentences (calc/text_start.py), in the page's
  // language. They are needed exactly when Python is not running, so they are read from the page:
  // the build wrote the form answer, "start_texts" included, into #stc-calc-form
  // (build_tools/calcpage.py). The last ones read are kept for a failure shown after the
  // reader has left the calculator page (instant navigation).
  var lastStartTexts = {};

  function startTexts() {
    var holder = document.getElementById("stc-calc-form");
    if (holder) {
      try {
        var form = JSON.parse(holder.getAttribute("data-form"));
        if (form && form.start_texts && typeof form.start_texts === "object") lastStartTexts = form.start_texts;
      } catch (e) {
        // a damaged holder: keep the words read before
      }
    }
    return lastStartTexts;
  }

  /** One start-up sentence by its key (calc/text_start.py), {name} filled from `values`. */
  function startSay(key, values) {
    var text = startTexts()[key];
    return typeof text === "string" ? fill(text, values) : key;
  }

  function View(root) {
    this.root = root;
    this.q = function (name) { return root.querySelector('[data-stc="' + name + '"]'); };
    this.form = this.q("form");
    this.text = root.querySelector('[data-stc-field="text"]');
    this.age = root.querySelector('[data-stc-field="age"]');
    this.labs = {};
    var self = this;
    LAB_KEYS.forEach(function (key) {
      self.labs[key] = root.querySelector('[data-stc-field="' + key + '"]');
    });
    this.categories = [];      // [{id, label, inputs: {optionId: input}}]
    this.units = {};           // lab -> [unit]
    this.removed = [];
    this.extraUnits = {};      // lab -> unit from the link that no switch offers
    this.dirty = false;        // the user typed before the worker was ready
    this.timer = null;
    this.seq = 0;
    this.openDetails = {};
    this.lastLive = "";
    this.lastResponse = null;
    this.formDrawn = false;    // the first answer is drawn: the form is Python's from here on
    this.choicesDrawn = false; // choices and units are on the page (maybe before Python is ready)
    this.earlyChoices = {};    // input id -> checked: choices as they were left before the first answer
    this.session = -1;         // the worker generation this view has drawn results for
    this.textTicked = {};      // input id -> chip key: boxes ticked because the text says so
    this.openGroups = {};      // group id -> open, as the reader left it
    this.unitSystems = {};     // "conventional" | "si" -> {lab: unit}, from Python
    this.starting = {};        // start-up words from Python (form.starting)
    this.texts = {};           // the page's sentences from Python (form.texts)
    var title = root.querySelector('[data-stc="status-title"]');
    this.loadingTitle = title ? title.textContent : "";   // as the build wrote it
  }

  /** A sentence of the page, as Python wrote it (form answer "texts", calc.webview.PAGE_TEXTS),
   *  with {name} filled from `values`. The page holds no sentence of its own. */
  View.prototype.say = function (key, values) {
    var texts = this.texts || {};
    return fill(typeof texts[key] === "string" ? texts[key] : "", values);
  };

  S.SCRIPT_URL = SCRIPT_URL;
  S.SITE_ROOT = SITE_ROOT;
  S.WORKER_URL = WORKER_URL;
  S.BOOT_TIMEOUT_MS = BOOT_TIMEOUT_MS;
  S.TYPING_DELAY_MS = TYPING_DELAY_MS;
  S.SHOWN_CANDIDATES = SHOWN_CANDIDATES;
  S.LAB_KEYS = LAB_KEYS;
  S.el = el;
  S.clear = clear;
  S.safeId = safeId;
  S.siteHref = siteHref;
  S.fileWorker = fileWorker;
  S.offlineGate = offlineGate;
  S.offlineCopyAsset = offlineCopyAsset;
  S.View = View;
  S.fill = fill;
  S.startTexts = startTexts;
  S.startSay = startSay;
})();
