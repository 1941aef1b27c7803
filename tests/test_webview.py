"""calc.webview through calc.web: the summary bar, the unit system, chips tied to form choices,
sentences at the fields, and the page's texts (issue 13)."""

from __future__ import annotations

import json
from typing import Any

from calc import webview
from calc.web import handle


def call(request: dict[str, Any]) -> dict[str, Any]:
    answer = json.loads(handle(json.dumps(request)))
    assert answer["ok"] is True, answer
    return answer


RICE = "rice-grain calcifications in the thigh muscles, endemic area"


def test_summary_names_the_first_candidate_product_and_what_was_understood() -> None:
    r = call({"action": "compute", "state": {"text": RICE, "calcium": "10.5", "phosphate": "8"}})
    s = r["summary"]
    assert s["entity"] == r["ddx"]["candidates"][0]["id"] == "cysticercosis"
    assert s["best"].startswith("Best fit: Cysticercosis")
    assert s["product"] == "Ca × P 84.0 mg²/dL²"
    assert s["understood"] == "4 findings understood"
    assert s["text"].endswith(".")


def test_summary_without_findings() -> None:
    s = call({"action": "compute", "state": {}})["summary"]
    assert s["entity"] is None and s["best"] == "No findings yet" and s["understood"] is None


def test_unit_system_sets_every_analyte_and_each_can_override() -> None:
    si = call({"action": "compute", "fragment": "units=si&calcium=2.5&phosphate=1.5&albumin=40"})
    assert si["mineral"]["calcium_mg_dl"] == 10.02 and si["mineral"]["albumin_g_dl"] == 4.0
    assert si["display_units"] == "si" and si["summary"]["product"].endswith("mmol²/L²")
    assert "units=si" in si["fragment"]
    mixed = call({"action": "compute", "state": {"units": "si", "calcium": "2.5", "phosphate": "4.5",
                                                 "phosphate_unit": "mg/dL"}})
    assert mixed["mineral"]["phosphate_mg_dl"] == 4.5
    warning = [m for m in mixed["mineral"]["messages"] if m["field"] == "phosphate" and m["level"] == "warning"]
    assert warning and "mixed units" in warning[0]["text"]
    unknown = call({"action": "compute", "fragment": "units=imperial&calcium=10"})
    assert any("imperial" in n and "conventional or si" in n for n in unknown["notes"])
    assert webview.lab_units({"units": "si", "calcium_unit": "mg/dL"}) == {
        "calcium": "mg/dL", "phosphate": "mmol/L", "albumin": "g/L"}


def test_chips_name_the_form_choice_they_stand_for() -> None:
    r = call({"action": "compute", "state": {"text": RICE + ", no trauma"}})
    forms = {c["key"]: c["form"] for c in r["chips"]}
    assert forms["compartment:muscle"] == "compartment:muscle"
    assert forms["clinical:no-trauma"] is None   # a negated finding has no box to tick
    form = call({"action": "form"})
    ids = {f"{c['id']}:{o['id']}" for c in form["categories"] for o in c["options"]}
    assert {f for f in forms.values() if f} <= ids


def test_messages_read_as_sentences_at_their_fields() -> None:
    r = call({"action": "compute", "state": {"calcium": "2.4", "age": "old"}})
    calcium = [m["text"] for m in r["mineral"]["messages"] if m["field"] == "calcium"]
    assert calcium == ["Calcium 2.4 mg/dL is too low to be real; did you mean 2.4 mmol/L (9.6 mg/dL)? "
                       "Then switch its unit to mmol/L."]
    age = r["field_messages"]
    assert age[0]["field"] == "age" and age[0]["text"].startswith("Age “old” cannot be used")
    assert age[0]["note"] in r["notes"]


def test_form_carries_unit_systems_start_up_words_and_page_texts() -> None:
    form = call({"action": "form"})
    assert [s["id"] for s in form["unit_systems"]] == ["conventional", "si"]
    assert form["unit_systems"][1]["units"] == {"calcium": "mmol/L", "phosphate": "mmol/L", "albumin": "g/L"}
    assert "{seconds}" in form["starting"]["slow"]
    assert form["texts"]["ranked"] == "Ranked differential"
    words = webview.starting_words(5_300_000)["title"]
    assert words == "Loading the calculator: 5 MB on the first visit, then kept for offline use."
