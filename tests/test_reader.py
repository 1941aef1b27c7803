"""Free-text reader: synonyms, accents, plurals, abbreviations, negation, numbers."""

from __future__ import annotations

from calc.knowledge import load_knowledge
from calc.reader import fold, read_text


def _read(text: str) -> dict[str, object]:
    return read_text(text, load_knowledge()).findings.as_dict()


def test_accents_and_case_fold() -> None:
    assert fold("Mönckeberg") == "monckeberg"
    assert _read("PIPE-STEM arteries")["pattern"] == ["circumferential-vessel-wall"]


def test_plurals_and_irregular_plurals() -> None:
    found = _read("Calcified menisci and loose bodies in both knees")
    assert "intra-articular" in found["compartment"]  # type: ignore[operator]
    assert "rounded-bodies" in found["pattern"]  # type: ignore[operator]
    assert "knee" in found["site"]  # type: ignore[operator]


def test_abbreviations() -> None:
    assert _read("ESRD on HD")["clinical"] == ["renal-failure"]
    assert _read("known SSc")["clinical"] == ["scleroderma"]
    assert "diabetes" in _read("DM type 2")["clinical"]  # type: ignore[operator]


def test_negation_goes_to_absent() -> None:
    found = _read("Ring-like arterial calcification, no luminal narrowing, no trauma or surgery")
    assert found["pattern"] == ["circumferential-vessel-wall"]
    assert found["absent"] == {"clinical": ["trauma", "surgery"]}


def test_normal_kidney_function_is_a_negation() -> None:
    found = _read("young adult with normal kidney function")
    assert found["absent"] == {"clinical": ["renal-failure"]}


def test_negation_does_not_cross_a_sentence_or_but() -> None:
    found = _read("No trauma. Diabetic patient")
    assert found["clinical"] == ["diabetes"]
    found = _read("no joint effusion but a history of trauma")
    assert found["clinical"] == ["trauma"]
    assert found["absent"] == {"clinical": ["joint-effusion"]}


def test_numbers_with_units_fill_labs_and_age() -> None:
    found = _read("45-year-old, Ca 10,8 mg/dL, phosphate 2.6 mmol/L, albumin 32 g/L")
    assert found["age"] == 45
    assert found["labs"] == {"calcium": "10.8", "calcium_unit": "mg/dL", "phosphate": "2.6",
                             "phosphate_unit": "mmol/L", "albumin": "32", "albumin_unit": "g/L"}


def test_age_forms() -> None:
    assert _read("aged 72")["age"] == 72
    assert _read("patient, 19 yo")["age"] == 19


def test_product_mention_is_not_a_calcium() -> None:
    assert "labs" not in _read("Ca x P 84 in a dialysis patient")


def test_evidence_names_the_words() -> None:
    result = read_text("lobulated mass with a sedimentation sign in the trochanteric bursa", load_knowledge())
    words = {(e.category, e.id): e.words for e in result.evidence}
    assert words[("pattern", "lobulated-fluid-levels")].startswith("lobulated")
    assert ("distribution", "extensor-surface") in words


def test_any_string_is_safe() -> None:
    kb = load_knowledge()
    for text in ["", " ", "<script>alert(1)</script>", "\x00\x01", "a" * 10_000, "🦴" * 50, "ﬁbrous ﬁbres",
                 "٣٤ year old", "Ca 1e9 mg/dL"]:
        result = read_text(text, kb)
        assert isinstance(result.findings.as_dict(), dict)


# --- issue 12: report wording ------------------------------------------------------------

def _read(text: str) -> dict[str, object]:
    return read_text(text, load_knowledge()).findings.as_dict()


def test_negation_has_a_scope() -> None:
    assert _read("renal function preserved") == {"absent": {"clinical": ["renal-failure"]}}
    assert _read("normal renal function") == {"absent": {"clinical": ["renal-failure"]}}
    assert _read("no history of trauma") == {"absent": {"clinical": ["trauma"]}}
    assert _read("denies trauma") == {"absent": {"clinical": ["trauma"]}}
    assert _read("without any injury") == {"absent": {"clinical": ["trauma"]}}
    assert _read("the popliteal artery is not dilated")["absent"] == {"pattern": ["curvilinear-along-vessel"]}
    assert _read("no trauma, burns or surgery") == {"absent": {"clinical": ["trauma", "burn", "surgery"]}}
    read = _read("denies trauma, no burns, progressive stiffness")
    assert read["clinical"] == ["progressive-immobility"]
    assert _read("muscle spared") == {"absent": {"compartment": ["muscle"]}}
    # 'renal function' alone says nothing; qualified, it is renal failure
    assert _read("renal function") == {}
    assert _read("impaired renal function") == {"clinical": ["renal-failure"]}


def test_abbreviations_in_context() -> None:
    assert _read("DM/PM")["clinical"] == ["dermatomyositis"]
    assert _read("JDM")["clinical"] == ["dermatomyositis"]
    assert _read("DM")["clinical"] == ["diabetes"]
    assert _read("DM with heliotrope rash")["clinical"] == ["dermatomyositis"]
    assert _read("DM, proximal muscle weakness")["clinical"] == ["dermatomyositis", "proximal-muscle-weakness"]
    hadd = _read("HADD")
    assert hadd["pattern"] == ["amorphous-cloud"] and hadd["compartment"] == ["periarticular"]
    for spelling in ("CPPD", "CPDD"):
        assert _read(spelling)["pattern"] == ["linear-stratified"]
    for text in ("ESRD", "CKD", "on HD"):
        assert _read(text)["clinical"] == ["renal-failure"], text
    assert _read("IM injections")["clinical"] == ["injections"]
    assert _read("1st MTP")["site"] == ["great-toe"]
    assert _read("MTP")["site"] == ["foot"]
    assert _read("SSc")["clinical"] == ["scleroderma"]
    assert _read("secondary hyperparathyroidism")["clinical"] == ["secondary-hyperparathyroidism"]


def test_words_that_look_like_findings_but_are_not() -> None:
    assert "pattern" not in _read("bone marrow edema")
    assert "clinical" not in _read("frozen shoulder")
    weak = _read("proximal muscle weakness")
    assert weak == {"clinical": ["proximal-muscle-weakness"]}


def test_masses_and_symptoms_are_findings() -> None:
    for text in ("mass", "lumpy"):
        assert _read(text)["clinical"] == ["soft-tissue-mass"], text
    for text in ("enlarging", "growing"):
        assert _read(text)["clinical"] == ["growing-mass"], text
    assert _read("painful")["clinical"] == ["acute-pain"]


def test_ages_as_reports_write_them() -> None:
    for text in ("45F", "45 M", "45yo", "45 y/o", "45-year-old"):
        assert _read(text)["age"] == 45, text
    for word in ("child", "adolescent", "infant", "teenager"):
        age = _read(f"{word} with a calcified mass")["age"]
        assert isinstance(age, int) and age < 18, word
    assert "age" not in _read("stiffness since childhood")
    assert "age" not in _read("Ca 9.8 mg/dL, P 2 mmol")
