"""The clinical corrections of issue 11, pinned in the data, the reader, the engine and the maths.

Each test names the fact it guards: tram-track is medial (Mönckeberg) calcification and patchy
plaque is intimal (atherosclerotic); kidney failure brings secondary, not primary,
hyperparathyroidism; hyperparathyroidism is associated with CPPD, not its look-alike; names that
are not synonyms stay apart; the calculator's correction is the 0.8 form and says so.
"""

from __future__ import annotations

import pytest

from calc.ddx import rank
from calc.knowledge import Association, load_knowledge
from calc.mineral import compute_mineral
from calc.reader import read_text
from calc.units import InputError, normalise_unit


def _first(text: str) -> str:
    kb = load_knowledge()
    return rank(read_text(text, kb).findings, kb, {}).candidates[0].entity.id


def test_tram_track_is_medial_and_plaque_is_intimal_in_the_data() -> None:
    kb = load_knowledge()
    monckeberg, athero = kb.entities["monckeberg-sclerosis"], kb.entities["atherosclerosis"]
    assert monckeberg.patterns["tubular-parallel"] == "typical"
    assert monckeberg.patterns["circumferential-vessel-wall"] == "typical"
    assert athero.patterns["irregular-plaque"] == "typical"
    assert athero.patterns.get("tubular-parallel") != "typical"
    assert "irregular-plaque" not in monckeberg.patterns


def test_the_reader_files_plaque_and_stenosis_under_irregular_plaque() -> None:
    kb = load_knowledge()
    for text in ("irregular calcified plaques of the femoral artery", "stenosis of the popliteal artery"):
        assert read_text(text, kb).findings.present["pattern"] == ("irregular-plaque",), text
    assert read_text("tram-track calcification of the ulnar artery", kb).findings.present["pattern"] == (
        "tubular-parallel",)


def test_the_engine_ranks_tram_track_as_monckeberg_and_plaque_as_atherosclerosis() -> None:
    assert _first("tram-track calcification of the ulnar artery in a diabetic") == "monckeberg-sclerosis"
    assert _first("irregular patchy plaques along the femoral artery of an elderly smoker") == "atherosclerosis"


def test_secondary_hyperparathyroidism_is_its_own_id_and_the_longest_match_wins() -> None:
    kb = load_knowledge()
    assert kb.vocabulary["clinical"]["secondary-hyperparathyroidism"].label.startswith("Secondary")
    assert kb.vocabulary["clinical"]["hyperparathyroidism"].label == "Primary hyperparathyroidism"
    read = read_text("secondary hyperparathyroidism on haemodialysis", kb).findings.present["clinical"]
    assert "secondary-hyperparathyroidism" in read and "hyperparathyroidism" not in read
    assert read_text("primary hyperparathyroidism", kb).findings.present["clinical"] == ("hyperparathyroidism",)


def test_kidney_failure_lists_secondary_not_primary_hyperparathyroidism() -> None:
    clinical = load_knowledge().entities["renal-failure-calcinosis"].clinical
    assert "secondary-hyperparathyroidism" in clinical and "hyperparathyroidism" not in clinical


def test_hyperparathyroidism_is_an_association_of_cppd_not_a_look_alike() -> None:
    kb = load_knowledge()
    cppd = kb.entities["cppd"]
    assert [a.id for a in cppd.associations] == ["hyperparathyroidism"]
    assert all(isinstance(a, Association) and "PTH" in a.text for a in cppd.associations)
    assert "hyperparathyroidism" not in [look.id for look in cppd.lookalikes]
    assert "cppd" not in [look.id for look in kb.entities["hyperparathyroidism"].lookalikes]


def test_pth_separates_milk_alkali_and_vitamin_d_excess_from_primary_hyperparathyroidism() -> None:
    kb = load_knowledge()
    for entity_id in ("milk-alkali-syndrome", "hypervitaminosis-d", "hyperparathyroidism"):
        text = " ".join(kb.entities[entity_id].key_facts + kb.entities[entity_id].pearls)
        assert "PTH" in text, entity_id
    for entity_id in ("milk-alkali-syndrome", "hypervitaminosis-d"):
        assert "high phosphate with normal or high calcium" not in " ".join(kb.entities[entity_id].key_facts)
        assert kb.entities[entity_id].labs["calcium"] == {"high": "typical"}


@pytest.mark.parametrize(("entity_id", "not_a_synonym"), [
    ("venous-malformation", "haemangioma"),
    ("venous-malformation", "hemangioma"),
    ("synovial-osteochondromatosis", "osteochondral loose bodies"),
    ("milwaukee-shoulder", "cuff tear arthropathy"),
])
def test_names_that_are_not_synonyms_stay_apart(entity_id: str, not_a_synonym: str) -> None:
    assert not_a_synonym not in load_knowledge().entities[entity_id].synonyms


def test_haemangioma_no_longer_reads_as_a_vascular_malformation() -> None:
    found = read_text("haemangioma of the forearm", load_knowledge()).findings.present
    assert "vascular-malformation" not in found.get("clinical", ())


def test_mechanism_prose_follows_the_essay() -> None:
    kb = load_knowledge()
    assert "metaplastic" in kb.entities["synovial-osteochondromatosis"].key_facts[0].lower()
    assert "congenital" in kb.entities["fibrodysplasia-ossificans-progressiva"].key_facts[0]
    metastatic = kb.vocabulary["mechanism"]["metastatic"].definition
    for cause in ("skeletal demineralisation", "massive bone destruction", "increased intestinal absorption"):
        assert cause in metastatic
    assert "normal serum calcium" not in kb.vocabulary["mechanism"]["dystrophic"].definition


def test_the_fifth_decade_is_the_forties() -> None:
    kb = load_knowledge()
    assert "fifties" not in kb.sections["periarticular"].summary


def test_the_correction_is_the_0_8_form_and_the_working_says_so() -> None:
    result = compute_mineral(calcium=10.0, phosphate=4.0, albumin=1.5)
    assert result.corrected_calcium_mg_dl == pytest.approx(12.0)  # Kenny et al. 2021's worked case
    working = " ".join(result.working)
    assert "0.8 form" in working and "(Payne)" not in working


def test_implausible_calcium_is_called_implausible_not_incompatible_with_life() -> None:
    text = " ".join(m.text for m in compute_mineral(calcium=2.4, calcium_unit="mg/dL").messages)
    # Plain words for people (issue 13), no hyperbole about life (clinical review)
    assert "too low to be real" in text and "did you mean 2.4 mmol/L" in text and "life" not in text


def test_mm_is_not_read_as_mmol_per_litre() -> None:
    with pytest.raises(InputError, match="mmol/L"):
        normalise_unit("calcium_unit", "mm", ("mg/dL", "mmol/L"))


def test_a_childs_band_says_whether_the_product_is_above_the_target() -> None:
    above = compute_mineral(calcium=9.5, phosphate=7.0, age=10).band
    below = compute_mineral(calcium=9.5, phosphate=5.0, age=10).band
    assert above is not None and "(under 65)" in above["label"] and above["label"].startswith("above the KDOQI")
    assert below is not None and below["label"].startswith("below the KDOQI")


def test_with_kidney_failure_the_ranking_reads_the_uncorrected_calcium() -> None:
    """Lian and Åsberg 2018: with eGFR below 60 the uncorrected total tracks free calcium better."""
    corrected = compute_mineral(calcium=10.0, phosphate=4.0, albumin=2.5)
    uncorrected = compute_mineral(calcium=10.0, phosphate=4.0, albumin=2.5, renal_failure=True)
    assert corrected.lab_states["calcium"] == "high"  # 10.0 + 0.8 × 1.5 = 11.2
    assert uncorrected.lab_states["calcium"] == "normal"
