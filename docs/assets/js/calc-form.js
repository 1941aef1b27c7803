/* STC Guide calculator: drawing the form (choices, units, reference hints, chips, field messages).
 */
(function () {
  "use strict";

  var S = window.__stcCalcLib;
  if (!S || S.loaded["form"]) return;
  S.loaded["form"] = true;
  var LAB_KEYS = S.LAB_KEYS;
  var View = S.View;
  var el = S.el;
  var clear = S.clear;
  var safeId = S.safeId;
  var offlineCopyAsset = S.offlineCopyAsset;
  var calc = S.calc;

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
    var drawings = this.drawingsToShow = [];
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
      if (isPattern) {
        var show = function () { self.showDrawings(); };
        list.addEventListener("pointerdown", show, { once: true });
        list.addEventListener("focusin", show, { once: true });
      }
      (category.options || []).forEach(function (option) {
        var optId = safeId(option.id);
        if (!optId) return;
        var inputId = "stc-" + catId + "-" + optId;
        var input = el("input", { type: "checkbox", id: inputId, name: catId, value: optId });
        var children = [input];
        if (isPattern) {
          var drawing = el("span", { className: "stc-drawing", "aria-hidden": "true" });
          drawings.push([drawing, 'url("' + offlineCopyAsset("assets/patterns/" + optId + ".svg") + '")']);
          // On a dark tile, mineral bright: as on a radiograph, in both schemes.
          children.push(el("span", { className: "stc-drawing-frame", "aria-hidden": "true" }, [drawing]));
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
      // The legend names the group for screen readers; the summary above it shows the same
      // name and, folded, what is ticked in it.
      var legend = el("legend", { className: "stc-sr-only" }, [
        el("span", { className: "stc-legend__title", text: String(category.label || catId) })]);
      var helpId = "stc-" + catId + "-help";
      var help = category.help ? el("p", { className: "stc-fieldset__help", id: helpId, text: String(category.help) }) : null;
      var fieldset = el("fieldset", { className: "stc-fieldset stc-fieldset--" + catId,
        "data-category": catId, "aria-describedby": help ? helpId : null }, [legend, help, list]);
      holder.appendChild(self.group(catId, String(category.label || catId), fieldset,
        OPEN_GROUPS.indexOf(catId) >= 0));
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
    this.drawUnitSystems(form.unit_systems);
    this.setSystemRadio(this.systemOf("calcium", this.checkedUnit("calcium")));
    this.starting = form.starting && typeof form.starting === "object" ? form.starting : {};
    this.texts = form.texts && typeof form.texts === "object" ? form.texts : {};
    var disclaimer = this.q("disclaimer");
    if (form.disclaimer && !disclaimer.textContent) disclaimer.textContent = String(form.disclaimer);
    this.showReferences();
    this.showChosen();
  };

  /** The pattern drawings (20 small SVG files, each a document of its own for the browser) are
   *  painted once the first answer is drawn or the start failed (calculator.js), or when the
   *  reader touches the pattern choices: during the start their 20 requests and documents
   *  delayed the first answer (alone, ~24 ms on a repeat visit; with calc-early.js written
   *  into the page, ~55 ms sooner on a repeat visit and ~65 ms on a first one; issue 14). */
  View.prototype.showDrawings = function () {
    (this.drawingsToShow || []).splice(0).forEach(function (pair) {
      pair[0].style.webkitMaskImage = pair[1];
      pair[0].style.maskImage = pair[1];
    });
  };

  /** A folding group: its summary names it and, once folded, shows what is chosen in it. */
  View.prototype.group = function (id, label, body, open) {
    var self = this;
    var chosen = el("span", { className: "stc-group__chosen", "data-stc-chosen": id });
    var details = el("details", { className: "stc-group", "data-group": id }, [
      el("summary", { className: "stc-group__summary", id: "stc-group-" + id }, [
        el("span", { className: "stc-group__title", text: label }), chosen]),
      body,
    ]);
    var remembered = this.openGroups[id];
    details.open = remembered === undefined ? open : remembered;
    details.addEventListener("toggle", function () { self.openGroups[id] = details.open; });
    return details;
  };

  /** Each group's summary lists what is ticked in it (labels from Python), or is empty. */
  View.prototype.showChosen = function () {
    var self = this;
    this.categories.forEach(function (category) {
      var out = self.root.querySelector('[data-stc-chosen="' + category.id + '"]');
      if (!out) return;
      var labels = Object.keys(category.inputs).filter(function (id) {
        return category.inputs[id].checked;
      }).map(function (id) {
        var label = category.inputs[id].parentNode.querySelector(".stc-option__label");
        return label ? label.textContent : id;
      });
      out.textContent = labels.join(", ");
    });
    var labs = this.root.querySelector('[data-stc-chosen="labs"]');
    if (labs) {
      labs.textContent = LAB_KEYS.filter(function (lab) { return self.labs[lab].value.trim() !== ""; })
        .map(function (lab) { return self.labs[lab].value.trim() + " " + (self.checkedUnit(lab) || ""); })
        .join(", ");
    }
  };

  /** The unit system switch (conventional or SI): sets every analyte's unit at once; each
   *  analyte's own switch still overrides it. Labels and units from Python (form.unit_systems). */
  View.prototype.drawUnitSystems = function (systems) {
    var box = this.root.querySelector("[data-stc-unit-systems]");
    if (!box || !Array.isArray(systems)) return;
    this.unitSystems = {};
    var self = this;
    clear(box);
    var row = box;
    systems.forEach(function (system) {
      var id = safeId(system.id);
      if (!id || !system.units || typeof system.units !== "object") return;
      self.unitSystems[id] = system.units;
      var inputId = "stc-units-" + id;
      row.appendChild(el("label", { className: "stc-unit stc-unit--system", for: inputId }, [
        el("input", { type: "radio", id: inputId, name: "stc-units", value: id }),
        el("span", { text: String(system.label || id) }),
        system.hint ? el("span", { className: "stc-unit__hint", text: String(system.hint) }) : null,
      ]));
    });
  };

  var OPEN_GROUPS = ["compartment", "pattern"];   // the most useful groups start open

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
    this.syncChipTicks(chips);
    if (!chips.length) {
      if (this.text.value.trim() !== "") {
        box.appendChild(el("p", { className: "stc-chips__empty",
          text: this.say("no_chips") }));
      }
      return;
    }
    box.appendChild(el("p", { className: "stc-chips__title", id: "stc-chips-title",
      text: this.say("chips_title") }));
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
        "aria-label": self.say(removed ? "chip_put_back" : "chip_remove",
          { category: self.categoryLabel(chip.category), label: label }) +
          (chip.words ? " “" + String(chip.words) + "”" : ""),
      }, [
        el("span", { className: "stc-chip__cat", text: self.categoryLabel(chip.category) + ":" }),
        el("span", { className: "stc-chip__label", text: label }),
        chip.words ? el("span", { className: "stc-chip__words", text: "“" + String(chip.words) + "”" }) : null,
        el("span", { className: "stc-chip__x", "aria-hidden": "true", text: removed ? "↺" : "×" }),
      ]);
      button.addEventListener("click", function () {
        var at = self.removed.indexOf(key);
        if (at >= 0) {
          self.removed.splice(at, 1);
        } else {
          self.removed.push(key);
          // One state: removing the chip also unticks its box when the reader had ticked it.
          var input = typeof chip.form === "string" ? self.formInput(chip.form) : null;
          if (input && input.checked) {
            input.checked = false;
            delete self.textTicked[input.id];
            self.markFromText(input, false);
          }
        }
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
    // A note shown at its field instead (r.field_messages[].note) is not repeated here.
    var atFields = (Array.isArray(r.field_messages) ? r.field_messages : []).map(function (m) {
      return m && m.note;
    });
    var notes = (Array.isArray(r.notes) ? r.notes : []).filter(function (n) {
      return typeof n === "string" && !/^no findings yet/i.test(n) && atFields.indexOf(n) < 0;
    });
    if (!notes.length) return;
    var list = el("ul", { className: "stc-msgs" });
    var noteWord = this.say("note");
    notes.forEach(function (note) {
      list.appendChild(el("li", { className: "stc-msg stc-msg--note" }, [
        el("strong", { text: noteWord }), note,
      ]));
    });
    box.appendChild(list);
  };

  /** Errors and warnings at their fields (labs from r.mineral, the age from r.field_messages),
   *  the field itself marked in the error or warning colour. */
  View.prototype.drawFieldMessages = function (r) {
    var self = this;
    var mineral = r && r.mineral;
    var messages = (mineral && Array.isArray(mineral.messages) ? mineral.messages : [])
      .concat(r && Array.isArray(r.field_messages) ? r.field_messages : []);
    ["calcium", "phosphate", "albumin", "age"].forEach(function (field) {
      var out = self.root.querySelector('[data-stc-msg="' + field + '"]');
      var input = field === "age" ? self.age : self.labs[field];
      var mine = messages.filter(function (m) {
        return m && m.field === field && m.level !== "note" && typeof m.text === "string";
      });
      clear(out);
      mine.forEach(function (m) {
        out.appendChild(el("span", { className: "stc-msg stc-msg--" + levelOf(m), text: String(m.text) }));
      });
      var error = mine.some(function (m) { return m.level === "error"; });
      if (error) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
      input.classList.toggle("stc-input--warning", !error && mine.length > 0);
    });
  };

  /** The box a form key ("compartment:muscle") stands for, if the form has it. */
  View.prototype.formInput = function (formKey) {
    var parts = String(formKey).split(":");
    if (parts.length !== 2 || !safeId(parts[0]) || !safeId(parts[1])) return null;
    var input = document.getElementById("stc-" + parts[0] + "-" + parts[1]);
    return input && this.root.contains(input) && input.type === "checkbox" ? input : null;
  };

  View.prototype.markFromText = function (input, on) {
    var label = input.closest(".stc-option");
    if (label) label.classList.toggle("stc-option--from-text", !!on);
  };

  /** Chips and ticks are one state. A chip the text gives ticks its box (marked as read from
   *  the text; readState leaves such boxes out, the text already says it); a chip removed, or
   *  no longer in the text, unticks a box only the text had ticked. */
  View.prototype.syncChipTicks = function (chips) {
    var self = this;
    var wanted = {};
    chips.forEach(function (chip) {
      var key = String(chip.key);
      if (typeof chip.form !== "string" || self.removed.indexOf(key) >= 0) return;
      var input = self.formInput(chip.form);
      if (input) wanted[input.id] = key;
    });
    Object.keys(this.textTicked).forEach(function (id) {
      if (wanted[id]) return;
      var input = document.getElementById(id);
      if (input) {
        input.checked = false;
        self.markFromText(input, false);
      }
      delete self.textTicked[id];
    });
    Object.keys(wanted).forEach(function (id) {
      var input = document.getElementById(id);
      if (!input) return;
      if (!input.checked) {
        input.checked = true;
        self.textTicked[id] = wanted[id];
      }
      self.markFromText(input, !!self.textTicked[id]);
    });
    this.showChosen();
  };

  /** The reader ticked or unticked a box by hand. Unticking a box the text had ticked removes
   *  that chip; ticking a box whose chip was removed puts the chip back. */
  View.prototype.tickChanged = function (input) {
    var key = input.name + ":" + input.value;
    if (!input.checked && this.textTicked[input.id]) {
      if (this.removed.indexOf(this.textTicked[input.id]) < 0) this.removed.push(this.textTicked[input.id]);
      delete this.textTicked[input.id];
    } else if (input.checked) {
      var at = this.removed.indexOf(key);
      if (at >= 0) this.removed.splice(at, 1);
    }
    this.markFromText(input, false);
    this.showChosen();
  };


  function levelOf(message) {
    return ["error", "warning", "note"].indexOf(message.level) >= 0 ? message.level : "note";
  }


  S.levelOf = levelOf;
})();
