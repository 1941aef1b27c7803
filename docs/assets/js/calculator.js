/* STC Guide calculator page: binding (last of the calculator's scripts, see calc-base.js).
 *
 * Events, the start-up of each page visit, compute requests, and attaching a View to the
 * calculator page whenever it is shown (document$ under instant navigation, or plain load).
 */
(function () {
  "use strict";

  var S = window.__stcCalcLib;
  if (!S || S.loaded.main) return;
  S.loaded.main = true;
  var View = S.View;
  var calc = S.calc;
  var LAB_KEYS = S.LAB_KEYS;
  var TYPING_DELAY_MS = S.TYPING_DELAY_MS;
  var clear = S.clear;
  var el = S.el;

  View.prototype.bind = function () {
    var self = this;
    this.form.addEventListener("submit", function (event) { event.preventDefault(); });
    this.form.addEventListener("input", function (event) {
      var t = event.target;
      if (t.type === "checkbox" || t.type === "radio") return;  // handled by "change"
      if (t !== self.text) self.showChosen();
      self.changed(TYPING_DELAY_MS);
    });
    this.form.addEventListener("change", function (event) {
      var t = event.target;
      if (t.type === "radio" && t.name === "stc-units") {
        self.setSystem(t.value);
        if (!self.formDrawn) LAB_KEYS.forEach(function (lab) { self.rememberEarly(self.unitInputs(lab)[0]); });
      }
      if (t.type === "radio") self.showReferences();
      if (t.type === "checkbox" && self.formDrawn) self.tickChanged(t);
      if (!self.formDrawn) self.rememberEarly(t);
      if (t.type === "radio" && t.name === "stc-calcium-unit" && self.phosphateFollows(t.value) &&
          !self.formDrawn) {
        self.rememberEarly(self.unitInputs("phosphate")[0]);
      }
      if (t.type === "checkbox" || t.type === "radio") {
        self.showChosen();
        self.changed(0);
      }
    });
    var retry = this.q("retry");
    retry.addEventListener("click", function () { calc.retry(); });
    this.q("copy").addEventListener("click", function () { self.copy(); });
    this.q("share").addEventListener("click", function () { self.share(); });
    this.q("print").addEventListener("click", function () { window.print(); });
    this.onBeforePrint = function () { if (self.root.isConnected) self.beforePrint(); };
    this.onAfterPrint = function () { if (self.root.isConnected) self.afterPrint(); };
    window.addEventListener("beforeprint", this.onBeforePrint);
    window.addEventListener("afterprint", this.onAfterPrint);
    var summary = this.q("summary");
    if (summary) {
      summary.addEventListener("click", function (event) {
        event.preventDefault();
        var results = self.q("results");
        results.scrollIntoView({ block: "start" });
        results.focus({ preventScroll: true });
      });
    }
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
      this.showDrawings();   // held back while Python starts (calc-form.js)
      // A slow start (soft problem) keeps the worker going: "ready" may still follow.
      this.root.setAttribute("data-state", "error");
      status.hidden = false;
      status.classList.add("stc-status--problem");
      title.textContent = calc.problem.title;
      detail.textContent = calc.problem.soft && typeof this.starting.slow === "string"
        ? this.starting.slow.replace("{seconds}", String(calc.problem.seconds)) : calc.problem.detail;
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
    // The page's own words (the build wrote the download size into the title, calc.webview),
    // and a bar that fills from the bytes received when the worker reports them.
    if (this.loadingTitle) title.textContent = this.loadingTitle;
    if (typeof this.starting.detail === "string") detail.textContent = this.starting.detail;
    var bar = this.q("progress-bar");
    var bytes = calc.bytes;
    if (bar) {
      var known = bytes && bytes.total;
      this.q("progress").classList.toggle("stc-progress--known", !!known);
      bar.style.width = known ? Math.min(100, Math.round(bytes.received / bytes.total * 100)) + "%" : "";
    }
  };

  View.prototype.drawWarnings = function () {
    var self = this;
    var box = this.q("warnings");
    if (box.childNodes.length === calc.warnings.length) return;
    clear(box);
    calc.warnings.forEach(function (text) {
      box.appendChild(el("p", { className: "stc-msg stc-msg--warning" }, [
        el("strong", { text: self.say("site_problem") }), text,
      ]));
    });
  };

  /** Worker ready: draw the form (once), then read the URL, or the form, and show results. */
  View.prototype.startSession = function () {
    var self = this;
    var generation = this.session = calc.generation;
    var formReady = calc.form ? Promise.resolve(calc.form) : calc.request({ action: "form" });
    formReady.then(function (form) {
      if (!form || form.ok === false) throw new Error(form && form.error || S.startSay("no_answer"));
      calc.form = form;
      if (!self.root.isConnected || generation !== calc.generation) return null;
      if (self.formDrawn) {
        // The worker was restarted after a failure: keep what is on the form.
        return self.compute({ action: "compute", state: self.readState() }, false);
      }
      if (!self.choicesDrawn) self.drawForm(form);
      // What is typed meanwhile is read when the answer is applied (compute, keepTyped), not
      // now: a copy taken before the answer would lose the letters typed while it was computed.
      return self.compute({ action: "compute", fragment: self.linkFragment() }, true, true);
    }).then(function () {
      if (!self.root.isConnected || generation !== calc.generation) return;
      var wasDrawn = self.formDrawn;
      self.formDrawn = true;
      self.showDrawings();   // held back until the first answer (calc-form.js)
      if (self.place) {
        // Back from an entity page: the same place (again after the next frame's layout).
        var place = self.place;
        self.place = null;
        self.goToPlace(place);
        requestAnimationFrame(function () { self.goToPlace(place); });
      }
      self.q("status").hidden = true;
      self.root.setAttribute("data-state", "ready");
      self.root.setAttribute("data-ready-ms", calc.readyMs === null ? "" : String(calc.readyMs));
      if (self.dirty && !wasDrawn) {
        self.dirty = false;
        self.changed(0);
      }
    }).catch(function (error) {
      if (generation !== calc.generation) return;
      calc.fail(S.startSay("cannot_start_title"),
        S.startSay("first_answer_failed", { error: String(error && error.message || error) }), true);
    });
  };

  /** A choice changed before Python was ready (a radio: its whole group) is remembered, to win
   *  over what the link says once the first answer has filled the form (see restoreTyped). */

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
  View.prototype.compute = function (request, fromLink, keepTyped) {
    var self = this;
    var seq = ++this.seq;
    this.root.setAttribute("aria-busy", "true");
    return calc.request(request).then(function (response) {
      if (seq !== self.seq || !self.root.isConnected) return;
      self.root.removeAttribute("aria-busy");
      if (!response || response.ok === false) {
        self.drawFailure(response && response.error ? String(response.error) : S.startSay("no_answer"));
        return;
      }
      if (fromLink) {
        // The fields are read and written back in one go (no event can come between them).
        var typed = keepTyped && self.dirty ? self.readTyped() : null;
        self.fillForm(response.state);
        if (typed) self.restoreTyped(typed);
      }
      self.draw(response);
      if (!fromLink) self.writeLink(response.fragment);
    }, function (error) {
      if (seq !== self.seq || !self.root.isConnected) return;
      self.root.removeAttribute("aria-busy");
      if (calc.status === "ready") self.drawFailure(String(error && error.message || error));
    });
  };


  // ------------------------------------------------------------------ binding to pages

  function attach() {
    var root = document.querySelector("[data-stc-calculator]");
    if (!root || root.__stcView) return;
    var old = calc.view;
    if (old && old.onBeforePrint) {
      window.removeEventListener("beforeprint", old.onBeforePrint);
      window.removeEventListener("afterprint", old.onAfterPrint);
    }
    var view = new View(root);
    root.__stcView = view;
    view.place = view.takePlace();
    view.bind();
    view.drawFormEarly();
    view.showLinkTextEarly();
    calc.view = view;
    if (calc.status === "idle") calc.start();
    view.onStatus();
  }

  // Leaving by a link (an entity page, the navigation): keep the place for "back".
  document.addEventListener("click", function (event) {
    var view = calc.view;
    var link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    if (!view || !view.root.isConnected || !link || view.q("jump") === link) return;
    view.rememberPlace(link);
  }, true);
  window.addEventListener("pagehide", function () {
    var view = calc.view;
    if (view && view.root.isConnected && view.formDrawn) view.rememberPlace();
  });

  window.addEventListener("hashchange", function () {
    var view = calc.view;
    if (view && view.root.isConnected) view.onHashChange();
  });

  function boot() {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(function () { attach(); });   // each page instant navigation shows
    }
    attach();
  }

  // In a task of its own, not inside the theme's DOMContentLoaded work: drawing the form and
  // laying it out there made one main-thread task of both (a long task on a phone).
  function bootSoon() { setTimeout(boot, 0); }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bootSoon);
  else bootSoon();
})();
