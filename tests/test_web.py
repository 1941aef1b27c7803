"""The browser's entry point: JSON in, JSON out, never an exception, never executable text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from calc.knowledge import load_knowledge
from calc.web import fragment_for, handle, parse_fragment


def call(request: dict[str, Any]) -> dict[str, Any]:
    response: dict[str, Any] = json.loads(handle(json.dumps(request)))
    return response


def test_form_options_come_from_the_vocabulary() -> None:
    form = call({"action": "form"})
    kb = load_knowledge()
    assert [c["id"] for c in form["categories"]] == ["compartment", "pattern", "site", "distribution", "clinical"]
    patterns = next(c for c in form["categories"] if c["id"] == "pattern")["options"]
    assert [o["id"] for o in patterns] == list(kb.vocabulary["pattern"])
    assert form["units"]["calcium"] == ["mg/dL", "mmol/L"]
    assert "education" in form["disclaimer"]


def test_compute_from_state() -> None:
    result = call({"action": "compute", "state": {
        "text": "rice-grain calcifications in the thigh muscles of a patient from an endemic area",
        "calcium": "9,4", "phosphate": "4.1"}})
    assert result["ddx"]["candidates"][0]["id"] == "cysticercosis"
    assert result["mineral"]["product_mg2_dl2"] == 38.5
    assert {c["id"] for c in result["chips"]} >= {"rice-grain", "thigh", "parasitic-exposure"}
    assert "cysticercosis" in result["summary_text"].lower()


def test_removing_a_chip_removes_its_finding() -> None:
    state = {"text": "rice grain calcifications in muscle, endemic area"}
    before = call({"action": "compute", "state": state})
    assert "parasitic-exposure" in before["findings"]["clinical"]
    after = call({"action": "compute", "state": {**state, "removed": ["clinical:parasitic-exposure"]}})
    assert "clinical" not in after["findings"]
    chip = next(c for c in after["chips"] if c["id"] == "parasitic-exposure")
    assert chip["removed"] is True


def test_fragment_round_trip() -> None:
    state = {"compartment": ["muscle"], "pattern": ["rice-grain", "small-foci"], "calcium": "10,5",
             "calcium_unit": "mg/dL", "text": "a & b = c"}
    fragment = fragment_for(state)
    parsed, notes = parse_fragment("#" + fragment)
    assert notes == []
    assert parsed == state


def test_fragment_from_entity_typical_findings() -> None:
    kb = load_knowledge()
    fragment = fragment_for(kb.entities["cysticercosis"].typical_findings())
    result = call({"action": "compute", "fragment": "#" + fragment})
    assert result["ddx"]["candidates"][0]["id"] == "cysticercosis"


def test_hostile_fragment_is_reported_as_text_and_ignored() -> None:
    result = call({"action": "compute",
                   "fragment": "#text=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&%3Cscript%3E=1&pattern=%3Cb%3E"
                               "&age=-3&calcium=1e9"})
    notes = " ".join(result["notes"])
    assert "<script>" in notes
    assert "pattern: unknown id '<b>'" in notes
    assert "age" in notes
    assert any(m["field"] == "calcium" and m["level"] == "error" for m in result["mineral"]["messages"])
    assert result["ok"] is True


def test_bad_requests_get_an_error_not_an_exception() -> None:
    for raw in ["", "not json", "[]", "null", json.dumps({"action": "nope"}),
                json.dumps({"action": "compute", "state": "x"}), json.dumps({"action": "compute", "fragment": 5})]:
        response = json.loads(handle(raw))
        assert "ok" in response


def test_unknown_state_field_is_noted() -> None:
    result = call({"action": "compute", "state": {"colour": "red"}})
    assert any("colour" in n for n in result["notes"])


def test_results_are_written_by_python_with_their_units() -> None:
    state = {"calcium": "10.5", "phosphate": "8", "albumin": "3"}
    mineral = call({"action": "compute", "state": state})["mineral"]
    shown = mineral["display"]
    assert shown["product"] == "84.0 mg²/dL²" and shown["product_si"] == "6.77 mmol²/L²"
    assert shown["corrected_calcium"] == "11.30 mg/dL" and shown["corrected_calcium_si"] == "2.82 mmol/L"
    assert shown["corrected_product"] == "90.4 mg²/dL²" and shown["scale_unit"] == "mg²/dL²"
    for threshold in mineral["thresholds"]:
        assert threshold["display"].startswith(f"{threshold['value_mg2_dl2']:g} mg²/dL² (")


def test_page_scripts_hold_no_unit_label_or_number_format() -> None:
    # The page shows what Python wrote: no unit, no rounding rule in JavaScript.
    scripts = Path(__file__).resolve().parents[1] / "docs" / "assets" / "js"
    for script in scripts.glob("*.js"):
        text = script.read_text(encoding="utf-8")
        for unit in ("mg/dL", "mmol/L", "g/dL", "g/L", "mg²", "mmol²", "toFixed("):
            assert unit not in text, f"{script.name} holds {unit!r}"


def test_form_shows_each_labs_reference_range_in_every_unit() -> None:
    from calc import mineral, units

    form = call({"action": "form"})
    references = form["references"]
    for lab in ("calcium", "phosphate", "albumin"):
        assert set(references[lab]) == set(form["units"][lab])
    ca = mineral.CALCIUM_REFERENCE_MG_DL
    assert references["calcium"]["mg/dL"] == f"Adult reference: {ca.low:.1f}–{ca.high:.1f} mg/dL"
    assert references["calcium"]["mmol/L"] == (
        f"Adult reference: {units.calcium_mmol_l(ca.low):.2f}–{units.calcium_mmol_l(ca.high):.2f} mmol/L")
    assert references["albumin"]["g/L"] == "The correction takes 40 g/L as normal"
