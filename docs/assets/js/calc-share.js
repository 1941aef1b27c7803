/* STC Guide calculator: copy, share and print.
 */
(function () {
  "use strict";

  var S = window.__stcCalcLib;
  if (!S || S.loaded["share"]) return;
  S.loaded["share"] = true;
  var View = S.View;
  var el = S.el;

  // ---------------------------------------------------------------- copy

  View.prototype.copy = function () {
    var text = this.lastResponse && this.lastResponse.summary_text;
    if (typeof text !== "string") return;
    // The result with the link to this case, so that whoever reads it can open it.
    this.copyText(text + "\n" + location.href, this.say("copied"));
  };

  /** Put `text` on the clipboard; say `said` when done, or show it selected for copying by hand. */
  View.prototype.copyText = function (text, said) {
    var self = this;
    var status = this.q("copy-status");
    var done = function () { status.textContent = said; };
    var fallback = function () {
      var area = el("textarea", { className: "stc-copy-area", readonly: true, "aria-label": self.say("copy_area") });
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
        status.textContent = self.say("copy_blocked");
      }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  };

  /** Share: the system share sheet where the browser has one, else the link is copied. */
  View.prototype.share = function () {
    var self = this;
    var url = location.href;
    if (typeof navigator.share === "function") {
      var data = { title: document.title, url: url };
      navigator.share(data).then(function () {
        self.q("copy-status").textContent = "";
      }, function (error) {
        // Cancelled by the reader: nothing to do; refused: copy the link instead.
        if (!error || error.name !== "AbortError") self.copyText(url, self.say("link_copied"));
      });
      return;
    }
    this.copyText(url, this.say("link_copied"));
  };

  /** Print: the page's print style keeps the case on one A4 page (calculator.css @media print);
   *  the "Why" lists of the top causes are opened for it and closed again afterwards. */
  View.prototype.beforePrint = function () {
    var closed = Array.prototype.filter.call(this.root.querySelectorAll("details.stc-why, details.stc-working-box"),
      function (d) { return !d.open; });
    closed.forEach(function (d) { d.open = true; });
    this.reclose = closed;
  };

  View.prototype.afterPrint = function () {
    (this.reclose || []).forEach(function (d) { d.open = false; });
    this.reclose = [];
  };
})();
