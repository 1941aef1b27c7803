/* STC Guide calculator: address and state (the URL fragment, reading and filling the form, units).
 */
(function () {
  "use strict";

  var S = window.__stcCalcLib;
  if (!S || S.loaded["state"]) return;
  S.loaded["state"] = true;
  var LAB_KEYS = S.LAB_KEYS;
  var safeId = S.safeId;
  var View = S.View;

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

  /** The text of a shared link, in the box at once (before Python has read the rest of it):
   *  the reader sees their case while the calculator starts. Python's answer fills the form. */
  View.prototype.showLinkTextEarly = function () {
    var fragment = this.linkFragment();
    if (!fragment || this.text.value !== "" || typeof URLSearchParams !== "function") return;
    var text = null;
    try {
      text = new URLSearchParams(fragment.replace(/^#/, "")).get("text");
    } catch (e) {
      text = null;   // Python reports a malformed link once it is ready
    }
    if (typeof text === "string") this.text.value = text;
  };

  View.prototype.onHashChange = function () {
    if (!this.formDrawn) return;
    var fragment = this.linkFragment();
    if (fragment === "" && location.hash.length > 1) return;   // an in-page anchor
    this.compute({ action: "compute", fragment: fragment }, true);
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

  /** The unit system chosen with the switch, or null (none offered or none chosen). */
  View.prototype.checkedSystem = function () {
    var found = this.root.querySelector('input[name="stc-units"]:checked');
    return found && this.unitSystems[found.value] ? found.value : null;
  };

  View.prototype.setSystemRadio = function (system) {
    Array.prototype.forEach.call(this.root.querySelectorAll('input[name="stc-units"]'), function (input) {
      input.checked = input.value === system;
    });
  };

  /** The system whose unit for `lab` is `unit` (the first one), or null. */
  View.prototype.systemOf = function (lab, unit) {
    var systems = this.unitSystems;
    return Object.keys(systems).filter(function (id) { return systems[id][lab] === unit; })[0] || null;
  };

  /** The switch: every analyte takes the system's unit (each can be changed on its own after). */
  View.prototype.setSystem = function (system) {
    var units = this.unitSystems[system];
    if (!units) return;
    var self = this;
    this.setSystemRadio(system);
    LAB_KEYS.forEach(function (lab) {
      if (typeof units[lab] === "string") self.setUnit(lab, units[lab]);
    });
  };

  View.prototype.readState = function () {
    var state = {};
    var self = this;
    if (this.text.value.trim() !== "") state.text = this.text.value;
    this.categories.forEach(function (category) {
      var ids = Object.keys(category.inputs).filter(function (id) {
        var input = category.inputs[id];
        return input.checked && !self.textTicked[input.id];   // the text already says those
      });
      if (ids.length) state[category.id] = ids;
    });
    if (this.age.value.trim() !== "") state.age = this.age.value.trim();
    var system = this.checkedSystem();
    if (system) state.units = system;
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
    this.textTicked = {};
    Array.prototype.forEach.call(this.root.querySelectorAll(".stc-option--from-text"), function (label) {
      label.classList.remove("stc-option--from-text");
    });
    var system = typeof state.units === "string" && this.unitSystems[state.units] ? state.units : null;
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
      if ((typeof unit !== "string" || unit === "") && system) unit = self.unitSystems[system][lab];
      if (typeof unit !== "string" || unit === "") {
        var calciumUnit = self.checkedUnit("calcium");
        unit = lab === "phosphate" && self.units.phosphate.indexOf(calciumUnit) >= 0
          ? calciumUnit : self.units[lab][0];
      }
      self.setUnit(lab, unit);
    });
    this.setSystemRadio(system || this.systemOf("calcium", this.checkedUnit("calcium")));
    this.removed = Array.isArray(state.removed) ? state.removed.filter(function (k) {
      return typeof k === "string";
    }) : [];
  };

  View.prototype.writeLink = function (fragment) {
    if (typeof fragment !== "string") return;
    var url = location.pathname + location.search + (fragment ? "#" + fragment : "");
    if (url !== location.pathname + location.search + location.hash) {
      history.replaceState(history.state, "", url);
    }
  };

  // ---------------------------------------------------------------- the place, for "back"

  var RETURN_KEY = "stc-calc-place";

  /** Where the reader is (scroll, open groups and explanations), kept for this tab when they
   *  leave for an entity page, so that "back" returns to the same place in form and results. */
  View.prototype.rememberPlace = function (link) {
    var place = { url: location.pathname + location.hash, y: Math.round(window.scrollY),
      groups: this.openGroups, details: this.openDetails, more: !!this.moreOpen };
    // A link in a ranked cause: "back" puts that cause where it was on the screen (the page
    // above it may be laid out a little differently by then).
    var item = link && link.closest ? link.closest("[data-entity]") : null;
    if (item && this.root.contains(item)) {
      place.entity = item.getAttribute("data-entity");
      place.top = Math.round(item.getBoundingClientRect().top);
    }
    try {
      sessionStorage.setItem(RETURN_KEY, JSON.stringify(place));
    } catch (e) { /* storage refused (private mode, file://): back lands at the top */ }
  };

  /** The place kept for this address, once (null when there is none or it is for another case). */
  View.prototype.takePlace = function () {
    var place = null;
    try {
      place = JSON.parse(sessionStorage.getItem(RETURN_KEY) || "null");
      sessionStorage.removeItem(RETURN_KEY);
    } catch (e) {
      place = null;
    }
    if (!place || typeof place !== "object" || place.url !== location.pathname + location.hash) return null;
    var plain = function (o) { return o && typeof o === "object" && !Array.isArray(o) ? o : {}; };
    this.openGroups = plain(place.groups);
    this.openDetails = plain(place.details);
    this.moreOpen = !!place.more;
    if (typeof place.y !== "number" || !isFinite(place.y)) return null;
    return { y: place.y, entity: safeId(place.entity),
      top: typeof place.top === "number" && isFinite(place.top) ? place.top : 0 };
  };

  /** Scroll back to a place taken by takePlace. */
  View.prototype.goToPlace = function (place) {
    var item = place.entity ? this.root.querySelector('[data-entity="' + place.entity + '"]') : null;
    if (item) window.scrollTo(0, window.scrollY + item.getBoundingClientRect().top - place.top);
    else window.scrollTo(0, place.y);
  };
})();
