/* STC Guide calculator: drawing the results (differential, Ca × P, notes) and the summary.
 */
(function () {
  "use strict";

  var S = window.__stcCalcLib;
  if (!S || S.loaded["results"]) return;
  S.loaded["results"] = true;
  var SHOWN_CANDIDATES = S.SHOWN_CANDIDATES;
  var View = S.View;
  var el = S.el;
  var clear = S.clear;
  var safeId = S.safeId;
  var siteHref = S.siteHref;
  var levelOf = S.levelOf;

  // ---------------------------------------------------------------- drawing results

  View.prototype.categoryLabel = function (id) {
    var found = this.categories.filter(function (c) { return c.id === id; })[0];
    return found ? found.label : String(id);
  };

  View.prototype.drawFailure = function (message) {
    var notes = this.q("notes");
    clear(notes);
    notes.appendChild(el("p", { className: "stc-msg stc-msg--error", text: this.say("failed", { message: message }) }));
  };

  View.prototype.draw = function (r) {
    this.lastResponse = r;
    this.drawChips(r);
    this.drawNotes(r);
    this.drawFieldMessages(r);
    this.drawMustNotMiss(r);
    this.drawDdx(r);
    this.drawDiscriminators(r);
    this.drawMineral(r.mineral);
    this.q("disclaimer").textContent = typeof r.disclaimer === "string" ? r.disclaimer : "";
    var copy = this.q("copy");
    copy.disabled = typeof r.summary_text !== "string";
    this.q("copy-status").textContent = "";
    this.drawLive(r);
    this.drawSummary(r);
    this.drawPrintFindings(r);
  };

  /** The findings given, as lines (r.findings_text): shown on the printed page only. */
  View.prototype.drawPrintFindings = function (r) {
    var box = this.q("print-findings");
    if (!box) return;
    clear(box);
    var lines = Array.isArray(r.findings_text) ? r.findings_text.filter(function (l) { return typeof l === "string"; }) : [];
    if (!lines.length) return;
    var list = el("ul", {});
    lines.forEach(function (line) { list.appendChild(el("li", { text: line })); });
    box.appendChild(list);
  };


  var LEVEL_WORD = { error: "check", warning: "caution", note: "note" };   // keys of the page texts

  /** The ranked differential. Newer answers say how to show it (r.ddx.status, message,
   *  show_bars; per candidate fit_word, fit_text, tie); without those keys it is drawn as before. */
  View.prototype.drawDdx = function (r) {
    var self = this;
    var box = this.q("ddx");
    clear(box);
    var ddx = r.ddx && typeof r.ddx === "object" ? r.ddx : {};
    var candidates = Array.isArray(ddx.candidates) ? ddx.candidates : [];
    var status = typeof ddx.status === "string" ? ddx.status : null;
    var message = typeof ddx.message === "string" && ddx.message ? ddx.message : null;
    if (!r.findings_given || status === "empty" || status === "not-understood") {
      box.appendChild(el("p", { className: "stc-empty", text: message || this.say("empty") }));
      return;
    }
    var bars = ddx.show_bars !== false && status !== "thin";
    box.appendChild(el("h3", { text: this.say(bars ? "ranked" : "compatible") }));
    if (message) box.appendChild(el("p", { className: "stc-msg stc-msg--note stc-ddx__message", text: message }));
    if (bars) {
      box.appendChild(el("p", { className: "stc-legend-note", text: this.say("bars") }));
    }
    var list = el("ol", { className: "stc-ddx" + (bars ? "" : " stc-ddx--plain") });
    var more = null;
    var rankOfTie = {};
    candidates.forEach(function (c, index) {
      var id = safeId(c.id);
      if (!id) return;
      var score = typeof c.score === "number" && isFinite(c.score) ? Math.max(0, Math.min(1, c.score)) : 0;
      var percent = Math.round(score * 100);
      var tie = typeof c.tie === "number" && isFinite(c.tie) ? String(c.tie) : null;
      var tied = tie !== null && candidates.filter(function (o) { return String(o.tie) === tie; }).length > 1;
      if (tie !== null && rankOfTie[tie] === undefined) rankOfTie[tie] = index + 1;
      var rank = tied ? rankOfTie[tie] : index + 1;
      var fitWord = ["strong", "partial", "weak"].indexOf(c.fit_word) >= 0 ? c.fit_word : null;
      var fitText = typeof c.fit_text === "string" && c.fit_text ? c.fit_text : self.say("fit", { n: percent });
      var head = el("div", { className: "stc-cand__head" }, [
        el("span", { className: "stc-cand__rank", "aria-hidden": "true", text: String(rank) + (tied ? "=" : "") }),
        el("a", { className: "stc-cand__name", href: typeof c.page === "string" ? siteHref(c.page) : null,
          text: String(c.label || id) }),
      ]);
      var fit;
      if (bars) {
        var bar = el("span", { className: "stc-fit__bar" });
        bar.style.width = percent + "%";
        fit = el("div", { className: "stc-fit" }, [
          el("span", { className: "stc-fit__track", "aria-hidden": "true" }, [bar]),
          el("span", { className: "stc-fit__num", text: fitText }),
        ]);
      } else {
        fit = el("p", { className: "stc-fit stc-fit--plain", text: fitText });
      }
      var item = el("li", { className: "stc-cand" + (tied ? " stc-cand--tied" : ""), "data-entity": id,
        "data-fit-word": fitWord, "data-tie": tied ? tie : null }, [head, fit]);
      var mechList = Array.isArray(c.mechanism_labels) ? c.mechanism_labels : c.mechanism;
      var mech = Array.isArray(mechList) ? mechList.map(String).join(", ") : "";
      if (mech) item.appendChild(el("p", { className: "stc-cand__mech", text: self.say("mechanism", { list: mech }) }));
      var why = whyList(self, c);
      if (why) {
        var details = el("details", { className: "stc-why" }, [
          el("summary", { text: self.say("why", { fits: countOf(self, c["for"], "fits"),
            misses: countOf(self, c.against, "misses") }) }),
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
        if (!more) more = el("ol", { className: list.className, start: String(SHOWN_CANDIDATES + 1) });
        more.appendChild(item);
      }
    });
    box.appendChild(list);
    if (more) {
      // The rest stays in the page, in rank order, one tap away.
      var rest = el("details", { className: "stc-more" }, [
        el("summary", { text: this.say("show_more", { n: more.childNodes.length }) }), more,
      ]);
      rest.open = !!this.moreOpen;
      rest.addEventListener("toggle", function () { self.moreOpen = rest.open; });
      box.appendChild(rest);
    }
    this.drawLookFor(ddx.look_for);
  };

  /** Conditions to look for with the leading cause (r.ddx.look_for), when Python gives any. */
  View.prototype.drawLookFor = function (items) {
    var box = this.q("ddx");
    items = Array.isArray(items) ? items.filter(function (i) { return i && typeof i.label === "string"; }) : [];
    if (!items.length) return;
    var list = el("ul", { className: "stc-lookfor" });
    items.forEach(function (item) {
      var name = typeof item.page === "string"
        ? el("a", { href: siteHref(item.page), text: item.label }) : el("strong", { text: item.label });
      list.appendChild(el("li", { "data-look-for": safeId(item.id) }, [
        name, typeof item.text === "string" && item.text ? ": " + item.text : ""]));
    });
    box.appendChild(el("div", { className: "stc-lookfor-box" }, [el("h3", { text: this.say("look_for") }), list]));
  };

  /** A must-not-miss warning (r.must_not_miss): the tumours to exclude and the next step. */
  View.prototype.drawMustNotMiss = function (r) {
    var box = this.q("must-not-miss");
    if (!box) return;
    clear(box);
    var w = r.must_not_miss;
    if (!w || typeof w !== "object" || typeof w.title !== "string") {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    box.appendChild(el("p", { className: "stc-alert__title" }, [el("strong", { text: w.title })]));
    if (typeof w.text === "string") box.appendChild(el("p", { text: w.text }));
    var flags = Array.isArray(w.flags) ? w.flags.filter(function (f) { return typeof f === "string"; }) : [];
    if (flags.length) box.appendChild(el("p", { className: "stc-alert__flags", text: flags.join(", ") }));
    var entities = Array.isArray(w.entities) ? w.entities.filter(function (e) {
      return e && typeof e.label === "string";
    }) : [];
    if (entities.length) {
      var list = el("ul", { className: "stc-alert__list" });
      entities.forEach(function (e) {
        list.appendChild(el("li", { "data-must-not-miss": safeId(e.id) }, [typeof e.page === "string"
          ? el("a", { href: siteHref(e.page), text: e.label }) : e.label]));
      });
      box.appendChild(list);
    }
    if (typeof w.next_step === "string") {
      box.appendChild(el("p", { className: "stc-alert__next" }, [el("strong", { text: w.next_step })]));
    }
  };

  /** The compact summary bar (r.summary, written by calc.webview): stays in view on a phone
   *  while the form is used; a tap goes to the full results. */
  View.prototype.drawSummary = function (r) {
    var bar = this.q("summary");
    if (!bar) return;
    var s = r.summary && typeof r.summary === "object" ? r.summary : null;
    if (!s || typeof s.text !== "string") {
      bar.hidden = true;
      bar.removeAttribute("data-summary-entity");
      return;
    }
    var entity = safeId(s.entity);
    if (entity) bar.setAttribute("data-summary-entity", entity);
    else bar.removeAttribute("data-summary-entity");
    var key = [s.best, s.fit, s.product, s.band, s.understood, s.more].join("|");
    if (bar.getAttribute("data-key") !== key) {
      bar.setAttribute("data-key", key);
      clear(bar);
      var line = el("span", { className: "stc-summary__line" });
      if (typeof s.best === "string") line.appendChild(el("strong", { className: "stc-summary__best", text: s.best }));
      bar.appendChild(line);
      // The fit word leads the second line: after the name, on a 360 px screen it was always
      // cut off, and a "Weak fit" must not be the part a reader misses.
      var line2 = el("span", { className: "stc-summary__line stc-summary__line--small" });
      [["fit", "stc-summary__fit"], ["product", "stc-summary__product"], ["band", "stc-summary__band"],
        ["understood", "stc-summary__understood"]].forEach(function (part) {
        if (typeof s[part[0]] === "string") line2.appendChild(el("span", { className: part[1], text: s[part[0]] }));
      });
      if (line2.childNodes.length) bar.appendChild(line2);
      if (typeof s.more === "string") bar.appendChild(el("span", { className: "stc-summary__more", text: s.more }));
    }
    bar.hidden = false;
  };

  function countOf(view, items, key) {
    var n = Array.isArray(items) ? items.length : 0;
    return view.say(key + (n === 1 ? "_one" : "_many"), { n: n });
  }

  function whyList(view, c) {
    var rows = [];
    [["for", "stc-why--for", "✓", "why_for"], ["against", "stc-why--against", "✗", "why_against"]].forEach(function (kind) {
      (Array.isArray(c[kind[0]]) ? c[kind[0]] : []).forEach(function (f) {
        rows.push(el("li", { className: kind[1] }, [
          el("span", { className: "stc-why__mark", "aria-hidden": "true", text: kind[2] }),
          el("span", { className: "stc-sr-only", text: view.say(kind[3]) }),
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
    box.appendChild(el("h3", { text: this.say("narrow") }));
    var list = el("ul", { className: "stc-narrow" });
    items.forEach(function (d) {
      if (d && typeof d.text === "string") list.appendChild(el("li", { text: d.text }));
    });
    box.appendChild(list);
  };

  View.prototype.drawMineral = function (m) {
    var self = this;
    var box = this.q("mineral");
    clear(box);
    if (!m) return;
    box.appendChild(el("h3", { text: this.say("mineral") }));
    var shown = m.display && typeof m.display === "object" ? m.display : {};
    if (typeof m.product_mg2_dl2 === "number" && isFinite(m.product_mg2_dl2) && typeof shown.product === "string") {
      // The product first in the unit system chosen (r.display_units, from Python).
      var mg = el("strong", { className: "stc-product__mg", text: shown.product });
      var mmol = shown.product_si ? el("strong", { className: "stc-product__mmol", text: String(shown.product_si) }) : null;
      var siFirst = !!mmol && !!this.lastResponse && this.lastResponse.display_units === "si";
      var product = el("p", { className: "stc-product", "data-product-mg2-dl2": String(m.product_mg2_dl2),
        "data-product-mmol2-l2": String(m.product_mmol2_l2), "data-first": siFirst ? "si" : "conventional" }, [
        "Ca × P = ", siFirst ? mmol : mg, mmol ? " = " : "", mmol ? (siFirst ? mg : mmol) : null,
      ]);
      box.appendChild(product);
      if (m.band && m.band.label) {
        box.appendChild(el("p", { className: "stc-band", text: this.say("band", { band: String(m.band.label) }) }));
      }
      var scale = drawScale(this, m);
      if (scale) box.appendChild(scale);
    } else {
      box.appendChild(el("p", { className: "stc-product stc-product--none",
        text: this.say("no_product") }));
    }
    if (typeof shown.corrected_calcium === "string") {
      box.appendChild(el("p", { className: "stc-corrected" }, [
        this.say("corrected"),
        el("strong", { text: shown.corrected_calcium }),
        shown.corrected_calcium_si ? " (" + shown.corrected_calcium_si + ")" : "",
        shown.corrected_product ? this.say("corrected_product", { product: shown.corrected_product }) +
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
          el("strong", { text: self.say(LEVEL_WORD[level]) }), msg.text,
        ]));
      });
      box.appendChild(list);
    }
    var working = Array.isArray(m.working) ? m.working : [];
    if (working.length) {
      var steps = el("ol", { className: "stc-working" });
      working.forEach(function (line) { steps.appendChild(el("li", { text: String(line) })); });
      box.appendChild(el("details", { className: "stc-working-box", open: true }, [
        el("summary", { text: this.say("working") }), steps,
      ]));
    }
  };

  /** A bar from 0 to a little past the larger of the product and the top threshold. */
  function drawScale(view, m) {
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
        el("span", { className: "stc-scale__caption", text: view.say("scale_caption", { product: String(m.display.product) }) }),
        legend,
      ]));
    }
    return figure;
  }

  View.prototype.drawLive = function (r) {
    var parts = [];
    var candidates = r.ddx && Array.isArray(r.ddx.candidates) ? r.ddx.candidates : [];
    if (r.findings_given && candidates.length) {
      var first = candidates[0];
      var fit = typeof first.fit_text === "string" && first.fit_text ? first.fit_text
        : this.say("fit", { n: Math.round((first.score || 0) * 100) });
      parts.push(this.say("live_best", { label: String(first.label), fit: fit, n: candidates.length }));
    } else {
      parts.push(this.say("live_none"));
    }
    if (r.summary && typeof r.summary.product === "string") {
      parts.push(r.summary.product + ".");   // in the unit system chosen (calc.webview)
    }
    var errors = r.mineral && Array.isArray(r.mineral.messages)
      ? r.mineral.messages.filter(function (m) { return m && m.level === "error"; }).length : 0;
    if (errors) parts.push(this.say(errors === 1 ? "live_errors_one" : "live_errors_many", { n: errors }));
    var text = parts.join(" ");
    if (text !== this.lastLive) {
      this.lastLive = text;
      this.q("live").textContent = text;
    }
  };
})();
