"""Corrections from a second reading of the records against the essay (issue 14's note, session 6).

A reader compared every statement of the 29 records with the essay, in English and Portuguese.
Each test pins one correction, in both languages where there is text:

- the report wording of kidney-failure calcification no longer says "tumoral calcinosis", a term
  the essay keeps for the familial disease (idiopathic section);
- dermatomyositis: "fascial, not intramuscular" said more than the essay, whose calcinosis
  universalis (Fig. 17) reaches the muscles;
- the essay gives the Ca × P band of 60–70 without a unit and without an age: no record says
  otherwise in the essay's name;
- cysticercosis (Fig. 4): "along the muscle fibres" is not the essay's; the calcifications are
  spread through the muscle bellies;
- calcific bursitis: like calcific tendinopathy, usually at the shoulder in the fifth decade;
- chronic venous insufficiency: the net-like pattern of its report sentence comes from other
  references, not from the essay's vascular section;
- primary hyperparathyroidism is one of the essay's causes of metastatic calcification, whose
  mechanism is a raised Ca × P: a raised product no longer counts against it (a normal one
  still does not either).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ENTITIES = Path(__file__).resolve().parent.parent / "calc" / "data" / "entities"


def record(entity_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ENTITIES / f"{entity_id}.json").read_text(encoding="utf-8"))
    return data


def texts(value: Any) -> list[str]:
    """Every string inside a record's value (nested lists and objects)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in texts(item)]
    return []


def both_languages(entity_id: str, field: str) -> list[Any]:
    data = record(entity_id)
    return [data[field], data["pt-BR"][field]]


@pytest.mark.parametrize("entity_id", sorted(path.stem for path in ENTITIES.glob("*.json")))
def test_no_report_sentence_calls_other_calcification_tumoral_calcinosis(entity_id: str) -> None:
    if entity_id == "tumoral-calcinosis":
        return
    for report in both_languages(entity_id, "report"):
        phrase = report["phrase"].lower()
        assert "tumoral calcinosis" not in phrase and "calcinose tumoral" not in phrase, phrase


def test_kidney_failure_report_names_metastatic_calcification() -> None:
    english, portuguese = both_languages("renal-failure-calcinosis", "report")
    assert "metastatic calcification" in english["phrase"]
    assert "calcificação metastática" in portuguese["phrase"]


def test_dermatomyositis_calcification_may_reach_the_muscles() -> None:
    data = record("dermatomyositis")
    written = " ".join(texts(data["pitfalls"]) + texts(data["pt-BR"]["pitfalls"])).lower()
    assert "not intramuscular" not in written and "não intramuscular" not in written
    assert "Fig. 17" in data["pitfalls"][0] and "Fig. 17" in data["pt-BR"]["pitfalls"][0]
    assert data["compartments"]["muscle"] == "possible"


@pytest.mark.parametrize("entity_id", sorted(path.stem for path in ENTITIES.glob("*.json")))
def test_the_essays_60_to_70_band_carries_no_unit_or_age_of_its_own(entity_id: str) -> None:
    for text in texts(record(entity_id)):
        assert "60–70 mg²/dL²" not in text, text
        assert "adult figure" not in text and "vale para adultos" not in text, text


def test_a_childs_phosphate_is_sourced_beyond_the_essay() -> None:
    data = record("hypervitaminosis-d")
    assert data["pitfalls"][0].startswith("Beyond the essay:")
    assert data["pt-BR"]["pitfalls"][0].startswith("Além do ensaio:")
    cited = [citation.get("reference") for citation in data["citations"]]
    assert "hyperphosphatemia-accessmedicine" in cited
    assert len(data["pt-BR"]["citations"]) == len(data["citations"])


def test_cysticercosis_tell_says_only_what_figure_4_shows() -> None:
    data = record("cysticercosis")
    assert data["tell"]["citations"] == [{"section": "muscle", "figures": [4]}]
    assert "fibre" not in data["tell"]["text"] and "fibra" not in data["pt-BR"]["tell"]["text"]
    assert "muscle bellies" in data["tell"]["text"] and "ventres musculares" in data["pt-BR"]["tell"]["text"]


def test_calcific_bursitis_is_a_shoulder_disease_of_the_forties_as_tendinopathy_is() -> None:
    bursitis, tendinopathy = record("calcific-bursitis"), record("calcific-tendinopathy")
    assert bursitis["sites"]["shoulder"] == tendinopathy["sites"]["shoulder"] == "typical"
    assert bursitis["age"] == tendinopathy["age"] == {"min": 40, "max": 49}


def test_venous_insufficiency_report_cites_the_references_that_describe_it() -> None:
    data = record("venous-insufficiency")
    assert "Net-like" in data["report"]["phrase"]
    assert all("section" not in citation for citation in data["report"]["citations"])
    assert len(data["pt-BR"]["report"]["citations"]) == len(data["report"]["citations"])


def test_a_raised_product_fits_hyperparathyroidism_as_the_essays_mechanism_says() -> None:
    product = record("hyperparathyroidism")["labs"]["product"]
    assert product == {"normal": "possible", "raised": "possible"}
