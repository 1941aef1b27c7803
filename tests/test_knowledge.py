"""The knowledge base is complete, consistent with the vocabulary contract, and strict on errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from calc.i18n import LANGUAGES
from calc.knowledge import FINDING_CATEGORIES, load_knowledge

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "spec" / "vocabulary.md"


def _spec_text() -> str:
    if not SPEC.exists():
        pytest.fail(f"the vocabulary contract is missing at {SPEC}")
    return SPEC.read_text(encoding="utf-8")


ORIGINAL_ENTITIES = (
    "atherosclerosis", "monckeberg-sclerosis", "arterial-aneurysm", "venous-insufficiency",
    "venous-malformation", "injection-granuloma", "panniculitis-ossificans", "dermatomyositis",
    "cysticercosis", "myositis-ossificans", "calcified-hematoma", "calcific-myonecrosis",
    "fibrodysplasia-ossificans-progressiva", "tendon-ossification", "calcific-tendinopathy",
    "calcific-bursitis", "milwaukee-shoulder", "cppd", "synovial-osteochondromatosis",
    "renal-failure-calcinosis", "hyperparathyroidism", "milk-alkali-syndrome", "hypervitaminosis-d",
    "gout", "tumoral-calcinosis", "calcinosis-circumscripta", "calcinosis-universalis",
)
"""The 27 entities of the original contract: they stay, whatever is added."""
ADDED_ENTITIES = ("synovial-sarcoma", "extraskeletal-osteosarcoma")


def test_every_contract_entity_id_exists() -> None:
    kb = load_knowledge()
    table = _spec_text().split("## Findings")[0]
    ids = [i for i in re.findall(r"^\| ([a-z0-9-]+) \|", table, flags=re.M) if i != "id"]
    assert len(ORIGINAL_ENTITIES) == 27
    assert set(ORIGINAL_ENTITIES) <= set(ids)
    assert set(ADDED_ENTITIES) <= set(ids)
    assert set(ids) <= set(kb.entities)


def test_tumour_entities_are_marked_beyond_the_essay() -> None:
    kb = load_knowledge()
    for entity_id in ADDED_ENTITIES:
        entity = kb.entities[entity_id]
        assert entity.depth.beyond_essay, entity_id
        assert entity.nav_section == "tumours"
        assert entity.depth.report and entity.depth.warnings
        assert any(c.reference for c in entity.citations)
    assert not any(kb.entities[e].depth.beyond_essay for e in ORIGINAL_ENTITIES)


@pytest.mark.parametrize("category", ["compartment", "pattern", "site", "distribution", "clinical"])
def test_every_contract_finding_id_exists(category: str) -> None:
    kb = load_knowledge()
    text = _spec_text()
    section = text.split(f"### {category}")[1].split("###")[0]
    ids = set(re.findall(r"`([a-z0-9-]+)`", section)) | set(re.findall(r"^\| ([a-z0-9-]+) \|", section, flags=re.M))
    ids.discard("id")
    assert ids, category
    assert ids <= set(kb.vocabulary[category]), ids - set(kb.vocabulary[category])


def test_entities_have_complete_prose_and_citations() -> None:
    kb = load_knowledge()
    for entity in kb.entities.values():
        assert entity.summary and "TODO" not in entity.summary, entity.id
        assert entity.key_facts, entity.id
        assert entity.citations, entity.id
        assert entity.lookalikes, entity.id
        assert any(c.section for c in entity.citations), entity.id


def test_every_figure_is_mapped_to_entities_and_every_figure_entity_cites_it() -> None:
    kb = load_knowledge()
    assert sorted(kb.figures) == list(range(1, 18))
    for figure in kb.figures.values():
        cited = {n for e in figure.entities for c in kb.entities[e].citations for n in c.figures}
        assert figure.number in cited, figure.number


def test_nomenclature_pitfalls_are_stated() -> None:
    kb = load_knowledge()
    cppd = " ".join(kb.entities["cppd"].pitfalls).lower()
    assert "chondrocalcinosis" in cppd and "pseudogout" in cppd
    assert "tumoral calcinosis" in " ".join(kb.entities["tumoral-calcinosis"].pitfalls).lower()
    assert "inflamm" in " ".join(kb.entities["myositis-ossificans"].pitfalls).lower()
    assert "chondrocalcinosis" not in [s.lower() for s in kb.entities["cppd"].synonyms]
    assert "chondrocalcinosis" in kb.entities["cppd"].search_terms


def test_typical_findings_use_only_vocabulary_ids() -> None:
    kb = load_knowledge()
    for entity in kb.entities.values():
        for category, ids in entity.typical_findings().items():
            assert category in FINDING_CATEGORIES
            assert set(ids) <= set(kb.vocabulary[category])


def _load_broken(tmp_path: Path, mutate: str) -> subprocess.CompletedProcess[str]:
    """Copy the package, break one data file, and load it in a fresh interpreter."""
    package = tmp_path / "calc"
    shutil.copytree(ROOT / "calc", package, ignore=shutil.ignore_patterns("__pycache__"))
    code = (
        "import json, pathlib, sys\n"
        f"root = pathlib.Path({str(package)!r})\n"
        f"{mutate}\n"
        "from calc.knowledge import load_knowledge\n"
        "load_knowledge()\n"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env={"PYTHONPATH": str(tmp_path)}, check=False)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        ("p = root/'data/entities/gout.json'; d = json.loads(p.read_text()); d['patterns']['bogus'] = 'typical'; "
         "p.write_text(json.dumps(d))", "entities/gout.json, entity 'gout', field 'patterns': unknown id 'bogus'"),
        ("p = root/'data/entities/gout.json'; d = json.loads(p.read_text()); d['lookalikes'].append({'id': 'nope', 'tell': 'x'}); "
         "p.write_text(json.dumps(d))", "entity 'gout', field 'lookalikes': look-alike 'nope' is not an entity"),
        ("p = root/'data/entities/cppd.json'; d = json.loads(p.read_text()); d['citations'] = []; p.write_text(json.dumps(d))",
         "entity 'cppd', field 'citations'"),
        ("p = root/'data/vocabulary.json'; d = json.loads(p.read_text()); d['site'][1]['synonyms'].append('shoulder'); "
         "p.write_text(json.dumps(d))", "field 'synonyms': synonym 'shoulder' is also a synonym of 'shoulder'"),
        ("p = root/'data/entities/gout.json'; p.write_text('{not json')", "calc/data/entities/gout.json: not valid JSON"),
        ("p = root/'data/entities/myositis-ossificans.json'; d = json.loads(p.read_text()); "
         "d['warnings'][0]['citations'] = []; p.write_text(json.dumps(d))",
         "entity 'myositis-ossificans', field 'warnings': 'Early myositis ossificans can look like ' needs at least one citation"),
        ("p = root/'data/entities/myositis-ossificans.json'; d = json.loads(p.read_text()); "
         "d['imaging'][0]['citations'] = [{'reference': 'nobody-2099'}]; p.write_text(json.dumps(d))",
         "entity 'myositis-ossificans', field 'imaging': unknown reference 'nobody-2099'"),
        ("p = root/'data/entities/myositis-ossificans.json'; d = json.loads(p.read_text()); "
         "del d['report']['next_step']; p.write_text(json.dumps(d))",
         "entity 'myositis-ossificans', field 'report': 'next_step' must be a non-empty string"),
        ("p = root/'data/entities/myositis-ossificans.json'; d = json.loads(p.read_text()); "
         "d['report']['citations'] = []; p.write_text(json.dumps(d))",
         "entity 'myositis-ossificans', field 'report': 'Intramuscular ossification maturing from' needs at least one citation"),
        ("p = root/'data/entities/myositis-ossificans.json'; d = json.loads(p.read_text()); "
         "d['report']['why'] = 'x'; p.write_text(json.dumps(d))",
         "entity 'myositis-ossificans', field 'report': unknown key 'why'; accepted: phrase, next_step, citations"),
        ("p = root/'data/entities/gout.json'; d = json.loads(p.read_text()); "
         "d['report'] = 'see the text'; p.write_text(json.dumps(d))",
         "entity 'gout', field 'report': must be a mapping with 'phrase', 'next_step' and 'citations'"),
        ("p = root/'data/entities/synovial-sarcoma.json'; d = json.loads(p.read_text()); "
         "d['beyond_essay'] = 'yes'; p.write_text(json.dumps(d))",
         "entity 'synovial-sarcoma', field 'beyond_essay': must be true or false"),
        ("p = root/'data/entities/gout.json'; d = json.loads(p.read_text()); "
         "d['tell'] = {'text': 'x', 'citations': [{'section': 'x'}], 'why': 1}; p.write_text(json.dumps(d))",
         "entity 'gout', field 'tell': unknown key 'why'; accepted: text, citations"),
        ("p = root/'data/red-flags.json'; d = json.loads(p.read_text()); "
         "d['flags'][0]['finding']['id'] = 'bogus'; p.write_text(json.dumps(d))"
         "\nfrom calc.red_flags import load_red_flags\nload_red_flags()",
         "calc/data/red-flags.json, field 'flags': flag 'mass': unknown finding clinical:bogus"),
    ],
)
def test_a_broken_entry_names_file_entity_and_field(tmp_path: Path, mutate: str, expected: str) -> None:
    result = _load_broken(tmp_path, mutate)
    assert result.returncode != 0
    assert "KnowledgeError" in result.stderr
    assert expected in result.stderr, result.stderr[-600:]


def test_weights_are_data_with_every_category() -> None:
    kb = load_knowledge()
    assert set(kb.weights["category_weight"]) >= {*FINDING_CATEGORIES, "age"}
    assert set(kb.weights["lab_weight"]) == {"calcium", "phosphate", "product"}
    json.dumps(dict(kb.weights))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_labels_are_unique_within_a_category_in_each_language(lang: str) -> None:
    """Two terms of one category (or two entities) shown under the same name could not be told
    apart in the form, the chips or the ranking (kept from the retired staging-table test)."""
    kb = load_knowledge()
    groups = {category: [kb.label(category, term_id, lang) for term_id in terms]
              for category, terms in kb.vocabulary.items()}
    groups["entities"] = [kb.entity_label(entity_id, lang) for entity_id in kb.entities]
    for category, labels in groups.items():
        folded = [label.casefold() for label in labels]
        duplicates = sorted({label for label in folded if folded.count(label) > 1})
        assert not duplicates, f"{lang} {category}: the same label twice: {duplicates}"
