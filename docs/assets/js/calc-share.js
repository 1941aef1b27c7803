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
})();
