"""The pt-BR blocks (issue 15): shape checks with small fixtures, typed access, real-KB loading."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from calc.i18n import (
    ENTITY_SPEC,
    LANGUAGES,
    RECORD_KINDS,
    REQUIRED_LANGUAGES,
    TERM_SPEC,
    check_language,
    entity_prose,
    translated,
)
from calc.knowledge import KnowledgeError, load_knowledge
from tests.test_knowledge import _load_broken  # one way to load a broken copy of the data

ROOT = Path(__file__).resolve().parents[1]


def fail(fieldname: str, problem: str) -> KnowledgeError:
    return KnowledgeError(f"calc/data/entities/gout.json, entity 'gout', field '{fieldname}': {problem}")


def entity() -> dict[str, Any]:
    return {
        "id": "gout", "label": "Gouty tophus", "summary": "S.",
        "key_facts": ["a", "b", "c"], "pearls": ["p"], "pitfalls": [],
        "lookalikes": [{"id": "cppd", "tell": "t"}], "citations": [{"section": "x"}, {"section": "y", "note": "n"}],
        "tell": {"text": "tt", "citations": []}, "report": {"phrase": "ph", "next_step": "ns", "citations": []},
        "pt-BR": {
            "label": "Tofo gotoso", "synonyms": ["gota", "tofo"], "abbreviations": [],
            "summary": "R.", "key_facts": ["a1", "b1", "c1"], "pearls": ["p1"], "pitfalls": [],
            "lookalikes": [{"id": "cppd", "tell": "t1"}], "citations": [{}, {"note": "n1"}],
            "tell": {"text": "tt1"}, "report": {"phrase": "ph1", "next_step": "ns1"},
        },
    }


def test_a_complete_block_gives_typed_prose() -> None:
    block = translated(entity(), ENTITY_SPEC, fail, kind="entities")
    assert block is not None
    prose = entity_prose(block)
    assert prose.label == "Tofo gotoso"
    assert prose.key_facts == ("a1", "b1", "c1")
    assert prose.lookalikes == {"cppd": "t1"}
    assert prose.citation_notes == (None, "n1")
    assert prose.tell == "tt1" and prose.report_next_step == "ns1"
    assert prose.synonyms == ("gota", "tofo")


def _break(mutate: str) -> dict[str, Any]:
    record = entity()
    pt = record["pt-BR"]
    exec(mutate, {"pt": pt, "record": record})
    return record


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        ("pt['key_facts'][2] = ''", "field 'pt-BR.key_facts[2]': Portuguese text missing"),
        ("pt['key_facts'].pop()", "field 'pt-BR.key_facts': has 2 entries, the English has 3"),
        ("del pt['summary']", "field 'pt-BR.summary': Portuguese text missing"),
        ("pt['label'] = 3", "field 'pt-BR.label': Portuguese text missing"),
        ("pt['lookalikes'][0]['id'] = 'gout'", "field 'pt-BR.lookalikes[0].id': must be 'cppd'"),
        ("del pt['lookalikes'][0]['tell']", "field 'pt-BR.lookalikes[0].tell': Portuguese text missing"),
        ("pt['citations'][0] = {'note': 'x'}", "field 'pt-BR.citations[0].note': has no English text to translate"),
        ("del pt['citations'][1]['note']", "field 'pt-BR.citations[1].note': Portuguese text missing"),
        ("del pt['report']['next_step']", "field 'pt-BR.report.next_step': Portuguese text missing"),
        ("pt['tell'] = 'x'", "field 'pt-BR.tell': Portuguese text missing"),
        ("pt['imaging'] = [{'text': 'x'}]", "field 'pt-BR.imaging': has no English text to translate"),
        ("pt['key_fact'] = []", "field 'pt-BR.key_fact': unknown key"),
        ("del pt['synonyms']", "field 'pt-BR.synonyms': Portuguese names missing"),
        ("pt['abbreviations'] = ['', 'x']", "field 'pt-BR.abbreviations': must be a list of non-empty"),
        ("del record['pt-BR']", "field 'pt-BR': Portuguese text missing"),
    ],
)
def test_a_bad_block_names_file_entity_and_field(mutate: str, expected: str) -> None:
    with pytest.raises(KnowledgeError) as error:
        translated(_break(mutate), ENTITY_SPEC, fail, kind="entities")
    assert "calc/data/entities/gout.json, entity 'gout'" in str(error.value)
    assert expected in str(error.value)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        ("pt['report']['citations'] = [{}]", "field 'pt-BR.report.citations': has 1 entries, the English has 2"),
        ("pt['report']['citations'] = [{}, {}]", "field 'pt-BR.report.citations[1].note': Portuguese text missing"),
        ("del pt['report']['citations']", "field 'pt-BR.report.citations': Portuguese text missing"),
    ],
)
def test_notes_of_nested_citations_are_mirrored_too(mutate: str, expected: str) -> None:
    record = entity()
    record["report"]["citations"] = [{"section": "x"}, {"reference": "r", "note": "why"}]
    record["pt-BR"]["report"]["citations"] = [{}, {"note": "por quê"}]
    assert translated(record, ENTITY_SPEC, fail, kind="entities") is not None
    exec(mutate, {"pt": record["pt-BR"]})
    with pytest.raises(KnowledgeError) as error:
        translated(record, ENTITY_SPEC, fail, kind="entities")
    assert expected in str(error.value)


def test_an_absent_block_is_allowed_only_where_not_required() -> None:
    record = entity()
    del record["pt-BR"]
    assert translated(record, ENTITY_SPEC, fail, required=False, kind="entities") is None
    term = {"id": "knee", "label": "Knee", "definition": "D.", "synonyms": ["knee"]}
    with pytest.raises(KnowledgeError, match="field 'pt-BR': Portuguese text missing"):
        translated(term, TERM_SPEC, fail, required=True, kind="vocabulary")


def test_languages_and_the_switch() -> None:
    assert LANGUAGES == ("en", "pt-BR")
    assert set(REQUIRED_LANGUAGES) == set(RECORD_KINDS)
    assert all(v == ("pt-BR",) for v in REQUIRED_LANGUAGES.values())
    with pytest.raises(ValueError, match="accepted: en, pt-BR"):
        check_language("pt")


def test_the_real_knowledge_base_speaks_both_languages() -> None:
    kb = load_knowledge()
    for category, terms in kb.vocabulary.items():
        for term in terms.values():
            assert term.prose("pt-BR").label and term.prose("pt-BR").definition, (category, term.id)
            assert term.prose("en").label == term.label == kb.label(category, term.id)
    assert kb.label("pattern", "phlebolith", "pt-BR") == "Flebólitos"
    gout = kb.entities["gout"]
    assert gout.prose().label == gout.label == kb.entity_label("gout")
    assert kb.entity_label("gout", "pt-BR")  # Portuguese once translated, English before
    for lang in LANGUAGES:
        for figure in kb.figures.values():
            assert figure.text("title", lang)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        ("p = root/'data/vocabulary.json'; d = json.loads(p.read_text()); del d['site'][0]['pt-BR']['definition']; "
         "p.write_text(json.dumps(d))",
         "calc/data/vocabulary.json, entity 'site:shoulder', field 'pt-BR.definition': Portuguese text missing"),
        ("p = root/'data/vocabulary.json'; d = json.loads(p.read_text()); del d['pattern'][3]['pt-BR']; "
         "p.write_text(json.dumps(d))", "field 'pt-BR': Portuguese text missing"),
        ("p = root/'data/vocabulary.json'; d = json.loads(p.read_text()); "
         "d['site'][1]['pt-BR']['synonyms'].append('ombro'); p.write_text(json.dumps(d))",
         "field 'pt-BR.synonyms': synonym 'ombro' is also a synonym of 'shoulder'"),
        ("p = root/'data/entities/gout.json'; d = json.loads(p.read_text()); "
         "d['pt-BR'] = {'label': 'Gota', 'synonyms': ['gota'], 'summary': 'x', 'key_facts': ['y']}; "
         "p.write_text(json.dumps(d))", "entities/gout.json, entity 'gout', field 'pt-BR.key_facts': has 1 entries"),
    ],
)
def test_the_loader_rejects_a_broken_portuguese_text(tmp_path: Path, mutate: str, expected: str) -> None:
    result = _load_broken(tmp_path, mutate)
    assert result.returncode != 0
    assert "KnowledgeError" in result.stderr
    assert expected in result.stderr, result.stderr[-600:]


def test_a_glossary_term_may_gain_a_portuguese_expansion() -> None:
    from calc.i18n import GLOSSARY_SPEC

    term = {"term": "Tophus", "expansion": None, "definition": "D.",
            "pt-BR": {"term": "Tofo", "expansion": "em inglês: tophus", "definition": "D."}}
    assert translated(term, GLOSSARY_SPEC, fail, kind="glossary") == {
        "term": "Tofo", "expansion": "em inglês: tophus", "definition": "D."}
    term = {"term": "CKD", "expansion": "chronic kidney disease", "definition": "D.",
            "pt-BR": {"term": "DRC", "definition": "D."}}
    with pytest.raises(KnowledgeError, match=r"field 'pt-BR\.expansion': Portuguese text missing"):
        translated(term, GLOSSARY_SPEC, fail, kind="glossary")
