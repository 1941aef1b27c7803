/* STC Guide calculator page.
 *
 * The page holds no fact, label, unit list or threshold: it sends the form state (or the URL
 * fragment) to calc.web.handle in a Web Worker (calc-worker.js, Pyodide) and draws what comes
 * back. Text from the user or from Python only ever reaches the page through textContent.
 *
 * Material's instant navigation swaps the page content without reloading: the worker lives in
 * window.__stcCalc and survives page changes, so coming back to the calculator needs no reboot.
 * Each visit binds a fresh view to the new root element through document$ (or plain load).
 */
(function () {
  "use strict";

  // Instant navigation re-runs scripts found in the page content; bind once per window.
  if (window.__stcCalcPage) return;
  window.__stcCalcPage = true;

  var SCRIPT_URL = (document.currentScript && document.currentScript.src) ||
    new URL("assets/js/calculator.js", document.baseURI).href;
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

  // ------------------------------------------------------------------ the worker (global)

  /** One per window: boots the worker once and keeps it across instant page changes. */
  function Controller() {
    this.status = "idle";      // idle | loading | ready | error
    this.progress = null;      // last {stage, detail}
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

  /** The worker calc-early.js started while the page was still loading, if any (once). */
  function takeEarlyWorker() {
    var early = window.__stcCalcEarly;
    if (!early || typeof early !== "object" || !early.worker) return null;
    window.__stcCalcEarly = null;
    return early;
  }

  Controller.prototype.start = function () {
    var self = this;
    if (this.status === "loading" || this.status === "ready") return;
    var early = takeEarlyWorker();
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
      this.fail("This browser cannot run the calculator.",
        "It has no Web Workers, which the calculator needs. Open the page in a current " +
        "version of Chrome, Edge, Firefox or Safari.", false);
      return;
    }
    try {
      this.worker = location.protocol === "file:" ? fileWorker() : new Worker(WORKER_URL);
      this.worker.postMessage({ type: "start", settings: pageSettings() });
    } catch (error) {
      this.fail("The calculator could not start.",
        (location.protocol === "file:"
          ? "Browsers do not run it from a page opened as a file. Open the site through a web " +
            "server instead: the published site, or “python3 -m http.server” run in this folder."
          : "The browser refused to start its background process (" + String(error && error.message || error) +
            "). Reload the page to try again."), location.protocol !== "file:");
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
    this.readyMs = null;
    this.startedAt = startedAt;
    this.startedEarly = early;
  };

  /** Take over the worker calc-early.js started, with the messages it has sent so far. */
  Controller.prototype.adopt = function (early) {
    this.offlineGatePassed = true;   // calc-early.js only starts when a service worker is in control
    this.begin(typeof early.startedAt === "number" ? early.startedAt : performance.now(), true);
    this.worker = early.worker;
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
      var what = event && event.message ? " (" + event.message + ")" : "";
      self.fail(self.readyMs === null ? "The calculator failed to load." : "The calculator stopped working.",
        "Its background process crashed or could not be downloaded" + what + ". Check your " +
        "connection and try again; if it keeps happening, reload the page.", true);
    };
    this.worker.onmessageerror = function () {
      self.fail("The calculator stopped working.",
        "A message from its background process could not be read. Try again or reload the page.", true);
    };
  };

  /** A start that takes far too long gets a (soft) note with a retry button. */
  Controller.prototype.watchBoot = function () {
    var self = this;
    var limit = Number(window.__stcCalcBootTimeoutMs) > 0 ? Number(window.__stcCalcBootTimeoutMs) : BOOT_TIMEOUT_MS;
    this.timer = setTimeout(function () {
      if (self.status !== "loading") return;
      self.problem = {
        title: "The calculator is taking unusually long to start.",
        detail: "It has not become ready after " + Math.round(limit / 1000) + " seconds. The " +
          "connection may be slow, or a file may be blocked by a proxy or filter. You can keep " +
          "waiting, or try again.",
        retry: true,
        soft: true,
      };
      self.notify();
    }, limit);
    this.notify();
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
      this.progress = { stage: message.stage, detail: message.detail };
      this.notify();
    } else if (message.type === "warning") {
      // Something the site should fix while the calculator still works (e.g. the .wasm type).
      var text = String(message.message || "");
      if (text && this.warnings.indexOf(text) < 0) this.warnings.push(text);
      this.notify();
    } else if (message.type === "ready") {
      clearTimeout(this.timer);
      this.status = "ready";
      this.problem = null;
      this.generation += 1;
      this.readyMs = Math.round(performance.now() - this.startedAt);
      this.notify();
    } else if (message.type === "error" && !hasId) {
      this.fail(this.readyMs === null ? "The calculator failed to load." : "The calculator stopped working.",
        String(message.message || "Its background process reported an unknown error.") +
        " Use “Try again”; if that does not help, reload the page.", true);
    } else if (hasId && this.pending[message.id]) {
      var entry = this.pending[message.id];
      delete this.pending[message.id];
      if (message.type === "error" || message.response === undefined) {
        entry.reject(new Error(String(message.message || message.error || "no answer")));
        return;
      }
      var response = message.response;
      if (typeof response === "string") {
        try { response = JSON.parse(response); } catch (e) {
          entry.reject(new Error("the calculator's answer was not valid JSON"));
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
        reject(new Error("the calculator is not ready"));
        return;
      }
      var id = self.nextId++;
      self.pending[id] = { resolve: resolve, reject: reject };
      self.worker.postMessage({ id: id, request: request });
    });
  };

  var calc = window.__stcCalc = new Controller();

  // ------------------------------------------------------------------ the page (one per visit)

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
  }

  View.prototype.bind = function () {
    var self = this;
    this.form.addEventListener("submit", function (event) { event.preventDefault(); });
    this.form.addEventListener("input", function (event) {
      var t = event.target;
      if (t.type === "checkbox" || t.type === "radio") return;  // handled by "change"
      self.changed(TYPING_DELAY_MS);
    });
    this.form.addEventListener("change", function (event) {
      var t = event.target;
      if (t.type === "radio") self.showReferences();
      if (!self.formDrawn) self.rememberEarly(t);
      if (t.type === "radio" && t.name === "stc-calcium-unit" && self.phosphateFollows(t.value) &&
          !self.formDrawn) {
        self.rememberEarly(self.unitInputs("phosphate")[0]);
      }
      if (t.type === "checkbox" || t.type === "radio") self.changed(0);
    });
    var retry = this.q("retry");
    retry.addEventListener("click", function () { calc.retry(); });
    this.q("copy").addEventListener("click", function () { self.copy(); });
    var jump = this.q("jump");
    if (jump) {
      jump.addEventListener("click", function (event) {
        event.preventDefault();   // a plain "#results" link would replace the calculator's state
        var results = self.q("results");
        results.scrollIntoView({ block: "start" });
        results.focus({ preventScroll: true });
      });
    }
  };

  View.prototype.onStatus = function () {
    var title = this.q("status-title");
    var detail = this.q("status-detail");
    var retry = this.q("retry");
    var status = this.q("status");
    this.drawWarnings();
    if (calc.problem) {
      // A slow start (soft problem) keeps the worker going: "ready" may still follow.
      this.root.setAttribute("data-state", "error");
      status.hidden = false;
      status.classList.add("stc-status--problem");
      title.textContent = calc.problem.title;
      detail.textContent = calc.problem.detail;
      retry.hidden = !calc.problem.retry;
      return;
    }
    status.classList.remove("stc-status--problem");
    retry.hidden = true;
    if (calc.status === "ready") {
      if (this.session !== calc.generation) this.startSession();
      return;
    }
    this.root.setAttribute("data-state", "loading");
    status.hidden = false;
    var p = calc.progress;
    title.textContent = "Starting the calculator…";
    detail.textContent = (p && p.detail ? String(p.detail) : "Loading the Python engine") +
      ". You can start typing meanwhile.";
  };

  View.prototype.drawWarnings = function () {
    var box = this.q("warnings");
    if (box.childNodes.length === calc.warnings.length) return;
    clear(box);
    calc.warnings.forEach(function (text) {
      box.appendChild(el("p", { className: "stc-msg stc-msg--warning" }, [
        el("strong", { text: "Site problem: " }), text,
      ]));
    });
  };

  /** Worker ready: draw the form (once), then read the URL, or the form, and show results. */
  View.prototype.startSession = function () {
    var self = this;
    var generation = this.session = calc.generation;
    var formReady = calc.form ? Promise.resolve(calc.form) : calc.request({ action: "form" });
    formReady.then(function (form) {
      if (!form || form.ok === false) throw new Error(form && form.error || "no form");
      calc.form = form;
      if (!self.root.isConnected || generation !== calc.generation) return null;
      if (self.formDrawn) {
        // The worker was restarted after a failure: keep what is on the form.
        return self.compute({ action: "compute", state: self.readState() }, false);
      }
      var typed = self.dirty ? self.readTyped() : null;
      if (!self.choicesDrawn) self.drawForm(form);
      return self.compute({ action: "compute", fragment: self.linkFragment() }, true).then(function () {
        if (typed) self.restoreTyped(typed);
      });
    }).then(function () {
      if (!self.root.isConnected || generation !== calc.generation) return;
      var wasDrawn = self.formDrawn;
      self.formDrawn = true;
      self.q("status").hidden = true;
      self.root.setAttribute("data-state", "ready");
      self.root.setAttribute("data-ready-ms", calc.readyMs === null ? "" : String(calc.readyMs));
      if (self.dirty && !wasDrawn) {
        self.dirty = false;
        self.changed(0);
      }
    }).catch(function (error) {
      if (generation !== calc.generation) return;
      calc.fail("The calculator could not start.",
        "Its first answer failed (" + String(error && error.message || error) + "). Use “Try again”.", true);
    });
  };

  /** A choice changed before Python was ready (a radio: its whole group) is remembered, to win
   *  over what the link says once the first answer has filled the form (see restoreTyped). */
  View.prototype.rememberEarly = function (input) {
    var self = this;
    if (!input || !input.id || (input.type !== "checkbox" && input.type !== "radio")) return;
    var group = input.type === "radio"
      ? Array.prototype.slice.call(this.root.querySelectorAll('input[type=radio][name="' + input.name + '"]'))
      : [input];
    group.forEach(function (member) { if (member.id) self.earlyChoices[member.id] = member.checked; });
  };

  /** What was typed while the engine loaded: it wins over the link it would otherwise replace. */
  View.prototype.readTyped = function () {
    var self = this;
    var typed = {};
    [["text", this.text], ["age", this.age]].concat(LAB_KEYS.map(function (k) { return [k, self.labs[k]]; }))
      .forEach(function (pair) { if (pair[1].value !== "") typed[pair[0]] = pair[1].value; });
    var ticked = Object.assign({}, this.earlyChoices);
    var units = {};   // a value typed next to a unit keeps that unit
    LAB_KEYS.forEach(function (lab) { if (typed[lab] !== undefined) units[lab] = self.checkedUnit(lab); });
    return { values: typed, ticked: ticked, units: units };
  };

  View.prototype.restoreTyped = function (typed) {
    var self = this;
    Object.keys(typed.values).forEach(function (key) {
      var input = key === "text" ? self.text : key === "age" ? self.age : self.labs[key];
      input.value = typed.values[key];
    });
    Object.keys(typed.ticked).forEach(function (id) {
      var input = document.getElementById(id);
      if (input && self.root.contains(input)) input.checked = typed.ticked[id];
    });
    Object.keys(typed.units).forEach(function (lab) {
      if (typed.units[lab]) self.setUnit(lab, typed.units[lab]);
    });
  };

  /** location.hash, unless it is a plain anchor to an element of the page (a heading link). */
  View.prototype.linkFragment = function () {
    var hash = location.hash;
    if (hash.length > 1 && hash.indexOf("=") < 0) {
      try {
        if (document.getElementById(decodeURIComponent(hash.slice(1)))) return "";
      } catch (e) { /* malformed escape: let Python report it */ }
    }
    return hash;
  };

  View.prototype.onHashChange = function () {
    if (!this.formDrawn) return;
    var fragment = this.linkFragment();
    if (fragment === "" && location.hash.length > 1) return;   // an in-page anchor
    this.compute({ action: "compute", fragment: fragment }, true);
  };

  // ---------------------------------------------------------------- form

  /** The form as the build wrote it into the page (calc.web's own answer to "form", see
   *  build_tools/calcpage.py): drawn at once, so every choice can be ticked while Python loads. */
  View.prototype.drawFormEarly = function () {
    // The offline copy opened from a folder gets the drawings (as data: URLs) only with its
    // runtime data (calc-file.js): there the form is drawn once the calculator is ready.
    if (this.choicesDrawn || location.protocol === "file:") return;
    var form = calc.form;
    if (!form) {
      var holder = this.root.querySelector("#stc-calc-form");
      try {
        form = holder ? JSON.parse(holder.getAttribute("data-form")) : null;
      } catch (e) {
        form = null;   // the worker is asked for the form instead
      }
      if (!form || form.ok !== true || !Array.isArray(form.categories)) return;
      calc.form = form;
    }
    this.drawForm(form);
  };

  View.prototype.drawForm = function (form) {
    var self = this;
    this.choicesDrawn = true;
    var holder = this.q("choices");
    clear(holder);
    this.categories = [];
    (form.categories || []).forEach(function (category) {
      var catId = safeId(category.id);
      if (!catId) return;
      var inputs = {};
      var isPattern = catId === "pattern";
      var list = el("div", { className: "stc-options" + (isPattern ? " stc-options--pattern" : "") });
      (category.options || []).forEach(function (option) {
        var optId = safeId(option.id);
        if (!optId) return;
        var inputId = "stc-" + catId + "-" + optId;
        var input = el("input", { type: "checkbox", id: inputId, name: catId, value: optId });
        var children = [input];
        if (isPattern) {
          var drawing = el("span", { className: "stc-drawing", "aria-hidden": "true" });
          var url = 'url("' + offlineCopyAsset("assets/patterns/" + optId + ".svg") + '")';
          drawing.style.webkitMaskImage = url;
          drawing.style.maskImage = url;
          children.push(drawing);
        }
        children.push(el("span", { className: "stc-option__label", text: String(option.label || optId) }));
        if (option.definition) {
          var defId = inputId + "-def";
          input.setAttribute("aria-describedby", defId);
          children.push(el("span", { id: defId, className: "stc-sr-only", text: String(option.definition) }));
        }
        var label = el("label", { className: "stc-option", for: inputId,
          title: option.definition ? String(option.definition) : null }, children);
        inputs[optId] = input;
        list.appendChild(label);
      });
      var legend = el("legend", {}, [el("span", { className: "stc-legend__title", text: String(category.label || catId) })]);
      var helpId = "stc-" + catId + "-help";
      var help = category.help ? el("p", { className: "stc-fieldset__help", id: helpId, text: String(category.help) }) : null;
      holder.appendChild(el("fieldset", { className: "stc-fieldset stc-fieldset--" + catId,
        "data-category": catId, "aria-describedby": help ? helpId : null }, [legend, help, list]));
      self.categories.push({ id: catId, label: String(category.label || catId), inputs: inputs });
    });

    this.references = form.references && typeof form.references === "object" ? form.references : {};
    LAB_KEYS.forEach(function (lab) {
      var units = (form.units && form.units[lab]) || [];
      self.units[lab] = units.map(String);
      var box = self.root.querySelector('[data-stc-units="' + lab + '"]');
      clear(box);
      self.addReferenceHint(lab);
      self.units[lab].forEach(function (unit, index) {
        var inputId = "stc-" + lab + "-unit-" + index;
        box.appendChild(el("label", { className: "stc-unit", for: inputId }, [
          el("input", { type: "radio", id: inputId, name: "stc-" + lab + "-unit", value: unit,
            checked: index === 0 }),
          el("span", { text: unit }),
        ]));
      });
    });
    var disclaimer = this.q("disclaimer");
    if (form.disclaimer && !disclaimer.textContent) disclaimer.textContent = String(form.disclaimer);
    this.showReferences();
  };

  /** The lab's adult reference range under its field, in the unit chosen (text from Python). */
  View.prototype.addReferenceHint = function (lab) {
    var input = this.labs[lab];
    var id = "stc-" + lab + "-ref";
    if (!input || document.getElementById(id)) return;
    var hint = el("p", { className: "stc-hint stc-ref", id: id, "data-stc-ref": lab });
    var row = input.closest(".stc-lab__row");
    if (row) row.parentNode.insertBefore(hint, row.nextSibling);
    var described = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (described.indexOf(id) < 0) input.setAttribute("aria-describedby", described.concat(id).join(" "));
  };

  View.prototype.showReferences = function () {
    var self = this;
    LAB_KEYS.forEach(function (lab) {
      var hint = document.getElementById("stc-" + lab + "-ref");
      var texts = self.references && self.references[lab];
      if (!hint || !texts) return;
      var text = texts[self.checkedUnit(lab)];
      hint.textContent = typeof text === "string" ? text : "";
    });
  };

  View.prototype.unitInputs = function (lab) {
    return Array.prototype.slice.call(this.root.querySelectorAll('input[name="stc-' + lab + '-unit"]'));
  };

  View.prototype.checkedUnit = function (lab) {
    var found = this.unitInputs(lab).filter(function (i) { return i.checked; })[0];
    return found ? found.value : (this.extraUnits[lab] || null);
  };

  View.prototype.setUnit = function (lab, unit) {
    var matched = false;
    this.unitInputs(lab).forEach(function (input) {
      input.checked = input.value === unit;
      matched = matched || input.checked;
    });
    this.extraUnits[lab] = matched ? null : unit;
    this.showReferences();
  };

  /** With no phosphate typed yet, its unit follows calcium's (both use the same systems).
   *  True when it did. */
  View.prototype.phosphateFollows = function (unit) {
    if (this.labs.phosphate.value.trim() === "" && this.units.phosphate.indexOf(unit) >= 0) {
      this.setUnit("phosphate", unit);
      return true;
    }
    return false;
  };

  View.prototype.readState = function () {
    var state = {};
    var self = this;
    if (this.text.value.trim() !== "") state.text = this.text.value;
    this.categories.forEach(function (category) {
      var ids = Object.keys(category.inputs).filter(function (id) { return category.inputs[id].checked; });
      if (ids.length) state[category.id] = ids;
    });
    if (this.age.value.trim() !== "") state.age = this.age.value.trim();
    LAB_KEYS.forEach(function (lab) {
      var value = self.labs[lab].value.trim();
      if (value === "") return;
      state[lab] = value;
      var unit = self.checkedUnit(lab);
      if (unit) state[lab + "_unit"] = unit;
    });
    if (state.text && this.removed.length) state.removed = this.removed.slice();
    return state;
  };

  View.prototype.fillForm = function (state) {
    var self = this;
    state = state && typeof state === "object" ? state : {};
    this.text.value = typeof state.text === "string" ? state.text : "";
    this.categories.forEach(function (category) {
      var chosen = Array.isArray(state[category.id]) ? state[category.id] : [];
      Object.keys(category.inputs).forEach(function (id) {
        category.inputs[id].checked = chosen.indexOf(id) >= 0;
      });
    });
    this.age.value = typeof state.age === "string" || typeof state.age === "number" ? String(state.age) : "";
    LAB_KEYS.forEach(function (lab) {
      var value = state[lab];
      self.labs[lab].value = typeof value === "string" || typeof value === "number" ? String(value) : "";
      var unit = state[lab + "_unit"];
      if (typeof unit !== "string" || unit === "") {
        var calciumUnit = self.checkedUnit("calcium");
        unit = lab === "phosphate" && self.units.phosphate.indexOf(calciumUnit) >= 0
          ? calciumUnit : self.units[lab][0];
      }
      self.setUnit(lab, unit);
    });
    this.removed = Array.isArray(state.removed) ? state.removed.filter(function (k) {
      return typeof k === "string";
    }) : [];
  };

  // ---------------------------------------------------------------- compute

  View.prototype.changed = function (delay) {
    var self = this;
    if (!this.formDrawn) {
      this.dirty = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(function () {
      self.compute({ action: "compute", state: self.readState() }, false);
    }, delay);
  };

  /** Send a request; draw its answer if no newer one was sent meanwhile. */
  View.prototype.compute = function (request, fromLink) {
    var self = this;
    var seq = ++this.seq;
    this.root.setAttribute("aria-busy", "true");
    return calc.request(request).then(function (response) {
      if (seq !== self.seq || !self.root.isConnected) return;
      self.root.removeAttribute("aria-busy");
      if (!response || response.ok === false) {
        self.drawFailure(response && response.error ? String(response.error) : "no answer");
        return;
      }
      if (fromLink) {
        self.fillForm(response.state);
      }
      self.draw(response);
      if (!fromLink) self.writeLink(response.fragment);
    }, function (error) {
      if (seq !== self.seq || !self.root.isConnected) return;
      self.root.removeAttribute("aria-busy");
      if (calc.status === "ready") self.drawFailure(String(error && error.message || error));
    });
  };

  View.prototype.writeLink = function (fragment) {
    if (typeof fragment !== "string") return;
    var url = location.pathname + location.search + (fragment ? "#" + fragment : "");
    if (url !== location.pathname + location.search + location.hash) {
      history.replaceState(history.state, "", url);
    }
  };

  // ---------------------------------------------------------------- drawing results

  View.prototype.categoryLabel = function (id) {
    var found = this.categories.filter(function (c) { return c.id === id; })[0];
    return found ? found.label : String(id);
  };

  View.prototype.drawFailure = function (message) {
    var notes = this.q("notes");
    clear(notes);
    notes.appendChild(el("p", { className: "stc-msg stc-msg--error" }, [
      el("strong", { text: "The calculator could not answer: " }),
      message + ". Change a field to try again, or reload the page.",
    ]));
  };

  View.prototype.draw = function (r) {
    this.lastResponse = r;
    this.drawChips(r);
    this.drawNotes(r);
    this.drawFieldMessages(r.mineral);
    this.drawDdx(r);
    this.drawDiscriminators(r);
    this.drawMineral(r.mineral);
    this.q("disclaimer").textContent = typeof r.disclaimer === "string" ? r.disclaimer : "";
    var copy = this.q("copy");
    copy.disabled = typeof r.summary_text !== "string";
    this.q("copy-status").textContent = "";
    this.drawLive(r);
  };

  View.prototype.drawChips = function (r) {
    var self = this;
    var box = this.q("chips");
    var chips = Array.isArray(r.chips) ? r.chips : [];
    var focusedKey = document.activeElement && box.contains(document.activeElement)
      ? document.activeElement.getAttribute("data-key") : null;
    clear(box);
    // Forget removals of words no longer in the text.
    var keys = chips.map(function (c) { return c.key; });
    this.removed = this.removed.filter(function (k) { return keys.indexOf(k) >= 0; });
    if (!chips.length) {
      if (this.text.value.trim() !== "") {
        box.appendChild(el("p", { className: "stc-chips__empty",
          text: "No findings recognised in the text yet. Use the choices below, or name a pattern, site or compartment." }));
      }
      return;
    }
    box.appendChild(el("p", { className: "stc-chips__title", id: "stc-chips-title",
      text: "Understood from the text (remove what is wrong):" }));
    var list = el("ul", { className: "stc-chips__list", "aria-labelledby": "stc-chips-title" });
    chips.forEach(function (chip) {
      var key = String(chip.key);
      var label = String(chip.label);
      var removed = self.removed.indexOf(key) >= 0;
      var button = el("button", {
        type: "button",
        className: "stc-chip" + (chip.negated ? " stc-chip--negated" : "") + (removed ? " stc-chip--removed" : ""),
        "data-key": key,
        // The name holds the visible text, in order (WCAG 2.5.3 label in name).
        "aria-label": (removed ? "Put back " : "Remove ") + self.categoryLabel(chip.category) + ": " + label +
          (chip.words ? " “" + String(chip.words) + "”" : ""),
      }, [
        el("span", { className: "stc-chip__cat", text: self.categoryLabel(chip.category) + ":" }),
        el("span", { className: "stc-chip__label", text: label }),
        chip.words ? el("span", { className: "stc-chip__words", text: "“" + String(chip.words) + "”" }) : null,
        el("span", { className: "stc-chip__x", "aria-hidden": "true", text: removed ? "↺" : "×" }),
      ]);
      button.addEventListener("click", function () {
        var at = self.removed.indexOf(key);
        if (at >= 0) self.removed.splice(at, 1);
        else self.removed.push(key);
        self.changed(0);
      });
      list.appendChild(el("li", {}, [button]));
    });
    box.appendChild(list);
    if (focusedKey) {
      var again = box.querySelector('[data-key="' + CSS.escape(focusedKey) + '"]');
      if (again) again.focus();
    }
  };

  View.prototype.drawNotes = function (r) {
    var box = this.q("notes");
    clear(box);
    var notes = (Array.isArray(r.notes) ? r.notes : []).filter(function (n) {
      return typeof n === "string" && !/^no findings yet/i.test(n);
    });
    if (!notes.length) return;
    var list = el("ul", { className: "stc-msgs" });
    notes.forEach(function (note) {
      list.appendChild(el("li", { className: "stc-msg stc-msg--note" }, [
        el("strong", { text: "Note: " }), note,
      ]));
    });
    box.appendChild(list);
  };

  View.prototype.drawFieldMessages = function (mineral) {
    var self = this;
    var messages = mineral && Array.isArray(mineral.messages) ? mineral.messages : [];
    ["calcium", "phosphate", "albumin", "age"].forEach(function (field) {
      var out = self.root.querySelector('[data-stc-msg="' + field + '"]');
      var input = field === "age" ? self.age : self.labs[field];
      var mine = messages.filter(function (m) { return m && m.field === field && m.level !== "note"; });
      clear(out);
      mine.forEach(function (m) {
        out.appendChild(el("span", { className: "stc-msg stc-msg--" + levelOf(m), text: String(m.text) }));
      });
      if (mine.some(function (m) { return m.level === "error"; })) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    });
  };

  function levelOf(message) {
    return ["error", "warning", "note"].indexOf(message.level) >= 0 ? message.level : "note";
  }

  var LEVEL_WORD = { error: "Check: ", warning: "Caution: ", note: "Note: " };

  View.prototype.drawDdx = function (r) {
    var self = this;
    var box = this.q("ddx");
    clear(box);
    var candidates = r.ddx && Array.isArray(r.ddx.candidates) ? r.ddx.candidates : [];
    if (!r.findings_given) {
      box.appendChild(el("p", { className: "stc-empty", text:
        "No findings yet. Paste a sentence or pick what you see above, and the entities will be " +
        "ranked by how well they fit." }));
      return;
    }
    box.appendChild(el("h3", { text: "Ranked differential" }));
    box.appendChild(el("p", { className: "stc-legend-note", text:
      "Bars show fit, not probability: how well the findings given match each entity." }));
    var list = el("ol", { className: "stc-ddx" });
    var more = null;
    candidates.forEach(function (c, index) {
      var id = safeId(c.id);
      if (!id) return;
      var score = typeof c.score === "number" && isFinite(c.score) ? Math.max(0, Math.min(1, c.score)) : 0;
      var percent = Math.round(score * 100);
      var bar = el("span", { className: "stc-fit__bar" });
      bar.style.width = percent + "%";
      var head = el("div", { className: "stc-cand__head" }, [
        el("span", { className: "stc-cand__rank", "aria-hidden": "true", text: String(index + 1) }),
        el("a", { className: "stc-cand__name", href: typeof c.page === "string" ? siteHref(c.page) : null,
          text: String(c.label || id) }),
      ]);
      var mech = Array.isArray(c.mechanism) ? c.mechanism.map(String).join(", ") : "";
      var fit = el("div", { className: "stc-fit" }, [
        el("span", { className: "stc-fit__track", "aria-hidden": "true" }, [bar]),
        el("span", { className: "stc-fit__num", text: "fit " + percent + " %" }),
      ]);
      var item = el("li", { className: "stc-cand", "data-entity": id }, [head, fit]);
      if (mech) item.appendChild(el("p", { className: "stc-cand__mech", text: "Mechanism: " + mech }));
      var why = whyList(c);
      if (why) {
        var details = el("details", { className: "stc-why" }, [
          el("summary", { text: "Why: " + countOf(c["for"], "finding fits", "findings fit") + ", " +
            countOf(c.against, "does not", "do not") }),
          why,
        ]);
        var open = self.openDetails[id];
        details.open = open === undefined ? index === 0 : open;
        details.addEventListener("toggle", function () { self.openDetails[id] = details.open; });
        item.appendChild(details);
      }
      if (index < SHOWN_CANDIDATES) {
        list.appendChild(item);
      } else {
        if (!more) more = el("ol", { className: "stc-ddx", start: String(SHOWN_CANDIDATES + 1) });
        more.appendChild(item);
      }
    });
    box.appendChild(list);
    if (more) {
      // The rest stays in the page, in rank order, one tap away.
      var rest = el("details", { className: "stc-more" }, [
        el("summary", { text: "Show " + more.childNodes.length + " more" }), more,
      ]);
      rest.open = !!this.moreOpen;
      rest.addEventListener("toggle", function () { self.moreOpen = rest.open; });
      box.appendChild(rest);
    }
  };

  function countOf(items, one, many) {
    var n = Array.isArray(items) ? items.length : 0;
    return n + " " + (n === 1 ? one : many);
  }

  function whyList(c) {
    var rows = [];
    [["for", "stc-why--for", "✓", "Fits"], ["against", "stc-why--against", "✗", "Does not fit"]].forEach(function (kind) {
      (Array.isArray(c[kind[0]]) ? c[kind[0]] : []).forEach(function (f) {
        rows.push(el("li", { className: kind[1] }, [
          el("span", { className: "stc-why__mark", "aria-hidden": "true", text: kind[2] }),
          el("span", { className: "stc-sr-only", text: kind[3] + ": " }),
          String(f.label || f.id) + (f.detail ? " (" + String(f.detail) + ")" : ""),
        ]));
      });
    });
    return rows.length ? el("ul", { className: "stc-why__list" }, rows) : null;
  }

  View.prototype.drawDiscriminators = function (r) {
    var box = this.q("discriminators");
    clear(box);
    var items = r.ddx && Array.isArray(r.ddx.discriminators) ? r.ddx.discriminators : [];
    if (!r.findings_given || !items.length) return;
    box.appendChild(el("h3", { text: "To narrow this down" }));
    var list = el("ul", { className: "stc-narrow" });
    items.forEach(function (d) {
      if (d && typeof d.text === "string") list.appendChild(el("li", { text: d.text }));
    });
    box.appendChild(list);
  };

  View.prototype.drawMineral = function (m) {
    var box = this.q("mineral");
    clear(box);
    if (!m) return;
    box.appendChild(el("h3", { text: "Calcium × phosphate" }));
    var shown = m.display && typeof m.display === "object" ? m.display : {};
    if (typeof m.product_mg2_dl2 === "number" && isFinite(m.product_mg2_dl2) && typeof shown.product === "string") {
      var product = el("p", { className: "stc-product", "data-product-mg2-dl2": String(m.product_mg2_dl2),
        "data-product-mmol2-l2": String(m.product_mmol2_l2) }, [
        "Ca × P = ",
        el("strong", { className: "stc-product__mg", text: shown.product }),
        shown.product_si ? " = " : "",
        shown.product_si ? el("strong", { className: "stc-product__mmol", text: String(shown.product_si) }) : null,
      ]);
      box.appendChild(product);
      if (m.band && m.band.label) {
        box.appendChild(el("p", { className: "stc-band", text: "That is " + String(m.band.label) + "." }));
      }
      var scale = drawScale(m);
      if (scale) box.appendChild(scale);
    } else {
      box.appendChild(el("p", { className: "stc-product stc-product--none",
        text: "Ca × P needs both calcium and phosphate as valid numbers." }));
    }
    if (typeof shown.corrected_calcium === "string") {
      box.appendChild(el("p", { className: "stc-corrected" }, [
        "Corrected calcium (Payne): ",
        el("strong", { text: shown.corrected_calcium }),
        shown.corrected_calcium_si ? " (" + shown.corrected_calcium_si + ")" : "",
        shown.corrected_product ? "; Ca × P with it: " + shown.corrected_product +
          (shown.corrected_product_si ? " (" + shown.corrected_product_si + ")" : "") : "",
        ".",
      ]));
    }
    var messages = Array.isArray(m.messages) ? m.messages : [];
    if (messages.length) {
      var list = el("ul", { className: "stc-msgs" });
      messages.forEach(function (msg) {
        if (!msg || typeof msg.text !== "string") return;
        var level = levelOf(msg);
        list.appendChild(el("li", { className: "stc-msg stc-msg--" + level }, [
          el("strong", { text: LEVEL_WORD[level] }), msg.text,
        ]));
      });
      box.appendChild(list);
    }
    var working = Array.isArray(m.working) ? m.working : [];
    if (working.length) {
      var steps = el("ol", { className: "stc-working" });
      working.forEach(function (line) { steps.appendChild(el("li", { text: String(line) })); });
      box.appendChild(el("details", { className: "stc-working-box", open: true }, [
        el("summary", { text: "Working" }), steps,
      ]));
    }
  };

  /** A bar from 0 to a little past the larger of the product and the top threshold. */
  function drawScale(m) {
    var product = m.product_mg2_dl2;
    var thresholds = (Array.isArray(m.thresholds) ? m.thresholds : []).filter(function (t) {
      return t && typeof t.value_mg2_dl2 === "number" && isFinite(t.value_mg2_dl2);
    });
    var top = thresholds.reduce(function (acc, t) { return Math.max(acc, t.value_mg2_dl2); }, 0);
    var max = Math.max(product, top, 1) * 1.25;
    max = Math.ceil(max / 10) * 10;
    var pos = function (v) { return Math.max(0, Math.min(100, (v / max) * 100)) + "%"; };
    var track = el("div", { className: "stc-scale__track" });
    var fill = el("span", { className: "stc-scale__fill" });
    fill.style.width = pos(product);
    track.appendChild(fill);
    thresholds.forEach(function (t, i) {
      var tick = el("span", { className: "stc-scale__tick" + (i % 2 ? " stc-scale__tick--up" : "") }, [
        el("span", { className: "stc-scale__ticklabel", text: String(t.value_mg2_dl2) }),
      ]);
      tick.style.left = pos(t.value_mg2_dl2);
      track.appendChild(tick);
    });
    var marker = el("span", { className: "stc-scale__marker" });
    marker.style.left = pos(product);
    track.appendChild(marker);
    var figure = el("figure", { className: "stc-scale" }, [
      el("div", { className: "stc-scale__frame", "aria-hidden": "true" }, [
        track,
        el("div", { className: "stc-scale__ends" }, [
          el("span", { text: "0" }),
          el("span", { text: String(max) + (m.display && m.display.scale_unit ? " " + m.display.scale_unit : "") }),
        ]),
      ]),
    ]);
    if (thresholds.length) {
      var legend = el("ul", { className: "stc-scale__legend" });
      thresholds.forEach(function (t) {
        legend.appendChild(el("li", {}, [
          el("strong", { text: String(t.display || t.value_mg2_dl2) }),
          t.label ? ": " + String(t.label) : "",
        ]));
      });
      figure.appendChild(el("figcaption", {}, [
        el("span", { className: "stc-scale__caption", text: "Where " + String(m.display.product) +
          " stands against the thresholds (marked on the bar):" }),
        legend,
      ]));
    }
    return figure;
  }

  View.prototype.drawLive = function (r) {
    var parts = [];
    var candidates = r.ddx && Array.isArray(r.ddx.candidates) ? r.ddx.candidates : [];
    if (r.findings_given && candidates.length) {
      parts.push("Best fit: " + String(candidates[0].label) + ", fit " +
        Math.round((candidates[0].score || 0) * 100) + " %, of " + candidates.length + " ranked.");
    } else {
      parts.push("No findings yet.");
    }
    if (r.mineral && r.mineral.display && typeof r.mineral.display.product === "string") {
      parts.push("Ca × P " + r.mineral.display.product + ".");
    }
    var errors = r.mineral && Array.isArray(r.mineral.messages)
      ? r.mineral.messages.filter(function (m) { return m && m.level === "error"; }).length : 0;
    if (errors) parts.push(errors === 1 ? "One value needs checking." : errors + " values need checking.");
    var text = parts.join(" ");
    if (text !== this.lastLive) {
      this.lastLive = text;
      this.q("live").textContent = text;
    }
  };

  // ---------------------------------------------------------------- copy

  View.prototype.copy = function () {
    var self = this;
    var text = this.lastResponse && this.lastResponse.summary_text;
    if (typeof text !== "string") return;
    var status = this.q("copy-status");
    var done = function () { status.textContent = "Copied to the clipboard."; };
    var fallback = function () {
      var area = el("textarea", { className: "stc-copy-area", readonly: true, "aria-label": "Result text" });
      area.value = text;
      self.q("copy-box").appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      if (ok) {
        area.remove();
        done();
      } else {
        area.classList.add("stc-copy-area--shown");
        status.textContent = "Copying is blocked here: the text is selected below, copy it by hand.";
      }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  };

  // ------------------------------------------------------------------ binding to pages

  function attach() {
    var root = document.querySelector("[data-stc-calculator]");
    if (!root || root.__stcView) return;
    var view = new View(root);
    root.__stcView = view;
    view.bind();
    view.drawFormEarly();
    calc.view = view;
    if (calc.status === "idle") calc.start();
    view.onStatus();
  }

  window.addEventListener("hashchange", function () {
    var view = calc.view;
    if (view && view.root.isConnected) view.onHashChange();
  });

  function boot() {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(function () { attach(); });
    }
    attach();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
