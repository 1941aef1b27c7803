"""The Portuguese staging table (calc/data/i18n/pt-BR.json) covers the whole knowledge base.

Issue 15 folds these labels and synonyms into the records later; until then this test keeps
the table in step with the knowledge base: every vocabulary id and every entity id has a
Portuguese label, and the table names no id the project does not know. Ids announced in
coord/CONTRACT.md but merged from other branches are allowed ahead of their arrival.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from calc.knowledge import load_knowledge

ROOT = Path(__file__).resolve().parents[1]
STAGING = ROOT / "calc" / "data" / "i18n" / "pt-BR.json"

ANNOUNCED_VOCABULARY: dict[str, set[str]] = {
    "pattern": {"irregular-plaque", "central-mineralisation", "bone-destruction"},
    "clinical": {"secondary-hyperparathyroidism", "proximal-muscle-weakness", "soft-tissue-mass",
                 "growing-mass"},
}
"""Vocabulary ids from the shared contract (coord/CONTRACT.md), staged before they are merged."""
ANNOUNCED_ENTITIES = {"synovial-sarcoma", "extraskeletal-osteosarcoma"}
"""Entity ids from the shared contract, staged before they are merged."""


def _staging() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(STAGING.read_text(encoding="utf-8"))
    return data


def _is_text(value: object) -> bool:
    return isinstance(value, str) and value.strip() == value and value != ""


def test_staging_declares_its_locale() -> None:
    assert _staging()["locale"] == "pt-BR"


@pytest.mark.parametrize("category", ["mechanism", "compartment", "pattern", "site", "distribution", "clinical"])
def test_every_vocabulary_id_has_a_portuguese_label(category: str) -> None:
    kb = load_knowledge()
    staged = _staging()["vocabulary"].get(category, {})
    missing = sorted(set(kb.vocabulary[category]) - set(staged))
    assert not missing, f"{category}: no Portuguese label for {missing}"
    for term_id, record in staged.items():
        assert _is_text(record["label"]), f"{category}/{term_id}: empty or untrimmed label"
        assert all(_is_text(s) for s in record["synonyms"]), f"{category}/{term_id}: bad synonym"


def test_no_unknown_vocabulary_ids() -> None:
    kb = load_knowledge()
    staged = _staging()["vocabulary"]
    assert set(staged) <= set(kb.vocabulary), f"unknown categories {sorted(set(staged) - set(kb.vocabulary))}"
    for category, records in staged.items():
        known = set(kb.vocabulary[category]) | ANNOUNCED_VOCABULARY.get(category, set())
        unknown = sorted(set(records) - known)
        assert not unknown, f"{category}: ids not in the knowledge base or the contract: {unknown}"


def test_every_entity_has_a_portuguese_label() -> None:
    kb = load_knowledge()
    staged = _staging()["entities"]
    missing = sorted(set(kb.entities) - set(staged))
    assert not missing, f"no Portuguese label for entities {missing}"
    for entity_id, record in staged.items():
        assert _is_text(record["label"]), f"{entity_id}: empty or untrimmed label"
        for key in ("synonyms", "abbreviations", "misnomers"):
            assert all(_is_text(s) for s in record[key]), f"{entity_id}: bad entry in {key}"


def test_no_unknown_entity_ids() -> None:
    kb = load_knowledge()
    unknown = sorted(set(_staging()["entities"]) - set(kb.entities) - ANNOUNCED_ENTITIES)
    assert not unknown, f"entity ids not in the knowledge base or the contract: {unknown}"


def test_portuguese_labels_are_unique_within_a_category() -> None:
    staged = _staging()
    groups = {**staged["vocabulary"], "entities": staged["entities"]}
    for category, records in groups.items():
        labels = [r["label"].casefold() for r in records.values()]
        duplicates = sorted({label for label in labels if labels.count(label) > 1})
        assert not duplicates, f"{category}: the same Portuguese label twice: {duplicates}"


def test_every_terminology_choice_names_its_source() -> None:
    choices = _staging()["terminology"]
    assert len(choices) >= 10
    for choice in choices:
        assert set(choice) == {"en", "pt", "source"}, choice
        assert all(_is_text(choice[key]) for key in ("en", "pt", "source")), choice
