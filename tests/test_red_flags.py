"""The 'must not miss' notice: red flags for a soft-tissue tumour override the ranking."""

from __future__ import annotations

import json

import pytest

from calc.findings import parse_findings
from calc.knowledge import load_knowledge
from calc.reader import read_text
from calc.red_flags import load_red_flags, must_not_miss
from calc.web import compute, handle

TUMOURS = {"synovial-sarcoma", "extraskeletal-osteosarcoma"}


def _notice_for_text(text: str) -> dict | None:
    kb = load_knowledge()
    return must_not_miss(read_text(text, kb).findings, kb)


def test_growing_mass_in_a_young_adult_without_trauma_names_synovial_sarcoma() -> None:
    notice = _notice_for_text("Enlarging painful mass in the thigh of a 25-year-old, no trauma.")
    assert notice is not None
    assert {e["id"] for e in notice["entities"]} == TUMOURS
    assert "synovial-sarcoma" in [e["id"] for e in notice["entities"]]
    assert notice["entities"][0]["page"] == "entities/synovial-sarcoma/"
    assert "Young adult (15–40 years)" in notice["flags"]
    assert "No injury to explain it" in notice["flags"]
    assert "MRI" in notice["next_step"] and "sarcoma service" in notice["next_step"]
    assert set(notice) == {"title", "text", "next_step", "entities", "flags"}


@pytest.mark.parametrize(
    "text",
    [
        "Acute shoulder pain; fluffy calcific deposit over the greater tuberosity in the rotator cuff, 45-year-old.",
        "82-year-old woman, knees: fine linear calcification of the menisci and hyaline cartilage bilaterally.",
        "Three weeks after a football kick to the thigh, a zonal ossifying mass appears in the quadriceps.",
        "Lateral leg view: soft-tissue mass in the muscle with calcification mainly at its periphery.",
    ],
)
def test_textbook_benign_cases_raise_no_notice(text: str) -> None:
    assert _notice_for_text(text) is None


@pytest.mark.parametrize("pattern", ["central-mineralisation", "bone-destruction"])
def test_central_mineralisation_or_bone_destruction_raise_it_on_their_own(pattern: str) -> None:
    kb = load_knowledge()
    findings, _ = parse_findings({"pattern": [pattern]}, kb)
    notice = must_not_miss(findings, kb)
    assert notice is not None and len(notice["flags"]) == 1


def test_a_mass_alone_is_not_enough_but_a_mass_with_one_more_flag_is() -> None:
    kb = load_knowledge()
    alone, _ = parse_findings({"clinical": ["soft-tissue-mass"]}, kb)
    assert must_not_miss(alone, kb) is None
    with_age, _ = parse_findings({"clinical": ["soft-tissue-mass"], "age": 30}, kb)
    assert must_not_miss(with_age, kb) is not None
    older, _ = parse_findings({"clinical": ["soft-tissue-mass"], "age": 70}, kb)
    assert must_not_miss(older, kb) is None
    injured, _ = parse_findings({"clinical": ["soft-tissue-mass", "trauma"], "age": 70}, kb)
    assert must_not_miss(injured, kb) is None
    no_injury, _ = parse_findings({"clinical": ["soft-tissue-mass"], "absent": {"clinical": ["trauma"]}}, kb)
    assert must_not_miss(no_injury, kb) is not None


def test_the_notice_is_shown_whatever_the_ranking() -> None:
    # Calcific tendinopathy leads the ranking, yet bone destruction still raises the notice.
    result = compute({"compartment": ["periarticular"], "pattern": ["amorphous-cloud", "bone-destruction"],
                      "site": ["shoulder"]})
    assert result["ddx"]["candidates"][0]["id"] not in TUMOURS
    assert result["must_not_miss"] is not None
    assert "Must not miss" in result["summary_text"]


def test_web_and_cli_carry_one_key() -> None:
    empty = json.loads(handle(json.dumps({"action": "compute", "state": {}})))
    assert "must_not_miss" in empty and empty["must_not_miss"] is None
    flagged = json.loads(handle(json.dumps(
        {"action": "compute", "state": {"text": "growing lump in the calf, no trauma", "age": "22"}})))
    assert flagged["must_not_miss"]["entities"][0]["label"] == "Synovial sarcoma"


def test_red_flag_data_names_known_entities_and_references() -> None:
    kb = load_knowledge()
    data = load_red_flags(kb)
    assert set(data.entities) == TUMOURS
    raw = json.loads((__import__("pathlib").Path(__file__).parents[1] / "calc/data/red-flags.json")
                     .read_text(encoding="utf-8"))
    assert set(raw["citations"]) <= set(kb.references)


def test_cli_prints_the_notice_in_text_and_json() -> None:
    import subprocess
    import sys

    sentence = "Enlarging painful mass in the thigh of a 25-year-old, no trauma."
    base = [sys.executable, "-m", "calc", "ddx", "--text", sentence]
    text = subprocess.run(base, capture_output=True, text=True, check=True).stdout
    assert "MUST NOT MISS" in text and "Synovial sarcoma" in text
    data = json.loads(subprocess.run([*base, "--json"], capture_output=True, text=True, check=True).stdout)
    assert data["must_not_miss"]["entities"][0]["id"] == "synovial-sarcoma"
    calm = [sys.executable, "-m", "calc", "ddx", "--text", "Fluffy calcific deposit in the supraspinatus tendon.",
            "--json"]
    assert json.loads(subprocess.run(calm, capture_output=True, text=True, check=True).stdout)["must_not_miss"] is None
