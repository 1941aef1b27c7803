"""Load and validate the knowledge base (``calc/data``) into typed, read-only records.

The data files are the single source of truth for every fact the site shows and every
feature the engine weighs. Loading is strict on purpose: a typo in an id or a missing
citation must stop the build (and the tests) with a message that names the file, the entity
and the field, rather than silently drop a finding from the differential.

This module is the only one that reads the data files (the browser's ``calc.zip`` carries them
compiled into a module). The records live in :mod:`calc.knowledge_records`, the field readers
in :mod:`calc.knowledge_fields`, the entity reader in :mod:`calc.knowledge_entities`; the
records are re-exported here, so ``from calc.knowledge import Entity`` keeps working.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from importlib import resources
from typing import Any

from calc.i18n import (
    ENTITY_SPEC,
    FIGURE_SPEC,
    GLOSSARY_SPEC,
    RED_FLAGS_SPEC,
    REFERENCE_SPEC,
    SECTION_SPEC,
    TERM_SPEC,
    entity_prose,
    red_flags_prose,
    simple_prose,
    term_prose,
)
from calc.knowledge_entities import check_cross_references, load_entity
from calc.knowledge_fields import Where, citations_of, field_text, field_texts, translations_of
from calc.knowledge_records import (
    FINDING_CATEGORIES,
    LAB_STATES,
    NAV_SECTIONS,
    PREVALENCES,
    STRENGTHS,
    VOCABULARY_CATEGORIES,
    Association,
    Citation,
    Entity,
    EssayFigure,
    EssaySection,
    GlossaryTerm,
    KnowledgeBase,
    KnowledgeError,
    LookAlike,
    Reference,
    Term,
)

__all__ = [
    "FINDING_CATEGORIES", "LAB_STATES", "NAV_SECTIONS", "PREVALENCES", "STRENGTHS",
    "VOCABULARY_CATEGORIES", "Association", "Citation", "Entity", "EssayFigure", "EssaySection",
    "GlossaryTerm", "KnowledgeBase", "KnowledgeError", "LookAlike", "Reference", "Term",
    "load_knowledge",
]


@cache
def _built_files() -> Mapping[str, Any] | None:
    """The data files compiled into a module at build time (the browser's ``calc.zip``, made
    by ``build_tools/calczip.py``), or None: everywhere else the JSON files are read. Both
    give the same values (tests/test_knowledge.py); the module saves Pyodide ~90 ms."""
    try:
        module = importlib.import_module(f"{__package__}._knowledge_data")
    except ModuleNotFoundError:
        return None
    files: Mapping[str, Any] = module.FILES
    return files


def _read_json(name: str) -> Any:
    built = _built_files()
    if built is not None:
        if name not in built:
            raise KnowledgeError(f"calc/data/{name}: file is missing")
        return built[name]
    try:
        text = resources.files("calc").joinpath("data", name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise KnowledgeError(f"calc/data/{name}: file is missing") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise KnowledgeError(
            f"calc/data/{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc


def _entity_files() -> list[str]:
    built = _built_files()
    if built is not None:
        return sorted(name for name in built if name.startswith("entities/") and name.endswith(".json"))
    folder = resources.files("calc").joinpath("data", "entities")
    return sorted(
        f"entities/{item.name}" for item in folder.iterdir() if item.name.endswith(".json")
    )


def _load_vocabulary() -> dict[str, dict[str, Term]]:
    raw = _read_json("vocabulary.json")
    where = Where("vocabulary.json")
    vocabulary: dict[str, dict[str, Term]] = {}
    for category in VOCABULARY_CATEGORIES:
        entries = raw.get(category)
        if not isinstance(entries, list) or not entries:
            raise where.error(category, "category is missing or empty")
        terms: dict[str, Term] = {}
        owner_of_synonym: dict[str, str] = {}
        for entry in entries:
            term_id = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(term_id, str) or not term_id:
                raise where.error(category, f"an entry has no id: {entry!r}")
            if term_id in terms:
                raise where.error(category, f"id '{term_id}' is listed twice")
            term_where = Where("vocabulary.json", f"{category}:{term_id}")
            synonyms = field_texts(term_where, entry, "synonyms")
            for synonym in synonyms:
                key = synonym.casefold()
                if key in owner_of_synonym and owner_of_synonym[key] != term_id:
                    raise term_where.error(
                        "synonyms",
                        f"synonym '{synonym}' is also a synonym of '{owner_of_synonym[key]}'",
                    )
                owner_of_synonym[key] = term_id
            terms[term_id] = Term(
                category=category,
                id=term_id,
                label=field_text(term_where, entry, "label"),
                definition=field_text(term_where, entry, "definition"),
                synonyms=synonyms,
                translations=translations_of(term_where, entry, TERM_SPEC, "vocabulary", term_prose),
            )
        _check_translated_synonyms(where, category, terms)
        vocabulary[category] = terms
    return vocabulary


def _check_translated_synonyms(where: Where, category: str, terms: Mapping[str, Term]) -> None:
    """A translated synonym may not name two terms of one category (the reader would guess)."""
    owner: dict[str, str] = {}
    for term in terms.values():
        for key in {s.casefold() for s in term.synonyms}:
            owner.setdefault(key, term.id)
    for term in terms.values():
        for lang, prose in term.translations.items():
            for synonym in prose.synonyms:
                other = owner.setdefault(synonym.casefold(), term.id)
                if other != term.id:
                    raise Where(where.file, f"{category}:{term.id}").error(
                        f"{lang}.synonyms", f"synonym '{synonym}' is also a synonym of '{other}'")


def _load_references() -> dict[str, Reference]:
    raw = _read_json("references.json")
    where = Where("references.json")
    if not isinstance(raw.get("essay"), str):
        raise where.error("essay", "the essay's full citation is missing")
    refs: dict[str, Reference] = {}
    for entry in raw.get("references", []):
        ref_id = entry.get("id")
        ref_where = Where("references.json", ref_id)
        if not isinstance(ref_id, str) or ref_id in refs:
            raise ref_where.error("id", "missing or duplicated")
        url = entry.get("url")
        refs[ref_id] = Reference(
            id=ref_id,
            citation=field_text(ref_where, entry, "citation"),
            url=url if isinstance(url, str) and url else None,
            used_for=field_text(ref_where, entry, "used_for"),
            short=field_text(ref_where, entry, "short"),
            translations=translations_of(ref_where, entry, REFERENCE_SPEC, "references", simple_prose),
        )
    return refs


def _load_essay() -> tuple[dict[str, EssaySection], dict[int, EssayFigure]]:
    raw = _read_json("essay.json")
    sections: dict[str, EssaySection] = {}
    for entry in raw.get("sections", []):
        where = Where("essay.json", entry.get("id"))
        section_id = field_text(where, entry, "id")
        if section_id in sections:
            raise where.error("id", "section listed twice")
        sections[section_id] = EssaySection(
            id=section_id, title=field_text(where, entry, "title"), summary=field_text(where, entry, "summary"),
            translations=translations_of(where, entry, SECTION_SPEC, "essay", simple_prose),
        )
    figures: dict[int, EssayFigure] = {}
    for entry in raw.get("figures", []):
        number = entry.get("number")
        where = Where("essay.json", f"figure {number}")
        if not isinstance(number, int) or number in figures:
            raise where.error("number", "missing, not a whole number, or listed twice")
        section = field_text(where, entry, "section")
        if section not in sections:
            raise where.error("section", f"unknown section '{section}'")
        figures[number] = EssayFigure(
            number=number,
            title=field_text(where, entry, "title"),
            shows=field_text(where, entry, "shows"),
            look_for=field_text(where, entry, "look_for"),
            entities=field_texts(where, entry, "entities", min_items=1),
            section=section,
            translations=translations_of(where, entry, FIGURE_SPEC, "essay", simple_prose),
        )
    return sections, figures


def _load_glossary(sections: Mapping[str, EssaySection], figures: Mapping[int, EssayFigure],
                   refs: Mapping[str, Reference]) -> tuple[GlossaryTerm, ...]:
    raw = _read_json("glossary.json")
    terms: list[GlossaryTerm] = []
    seen: set[str] = set()
    for entry in raw.get("terms", []):
        where = Where("glossary.json", entry.get("term") if isinstance(entry, dict) else None)
        if not isinstance(entry, dict):
            raise where.error("terms", f"entry {entry!r} is not a mapping")
        term = field_text(where, entry, "term")
        if term.casefold() in seen:
            raise where.error("term", "listed twice")
        seen.add(term.casefold())
        citation = citations_of(where, {"citations": [entry.get("citation")]}, sections, figures, refs)[0]
        expansion = entry.get("expansion")
        terms.append(GlossaryTerm(
            term=term,
            expansion=expansion if isinstance(expansion, str) and expansion else None,
            definition=field_text(where, entry, "definition"),
            citation=citation,
            translations=translations_of(where, entry, GLOSSARY_SPEC, "glossary", simple_prose),
        ))
    return tuple(terms)


@cache
def load_knowledge() -> KnowledgeBase:
    """Read and validate every data file once per process."""
    vocabulary = _load_vocabulary()
    references_raw = _read_json("references.json")
    references = _load_references()
    sections, figures = _load_essay()
    entities: dict[str, Entity] = {}
    records: dict[str, dict[str, Any]] = {}
    for file in _entity_files():
        records[file] = _read_json(file)
        entity = load_entity(file, records[file], vocabulary, sections, figures, references)
        entities[entity.id] = entity
    check_cross_references(entities, figures)
    # The translations are checked once the English is known to be sound, so that an English
    # mistake is reported as such rather than as a Portuguese list of the wrong length.
    for file, record in records.items():
        entity = entities[record["id"]]
        entities[entity.id] = replace(entity, translations=translations_of(
            Where(file, entity.id), record, ENTITY_SPEC, "entities", entity_prose))
    weights = _read_json("weights.json")
    glossary = _load_glossary(sections, figures, references)
    red_flags = _read_json("red-flags.json")
    red_flags_text = translations_of(Where("red-flags.json"), red_flags if isinstance(red_flags, dict) else {},
                                   RED_FLAGS_SPEC, "red-flags", red_flags_prose)
    return KnowledgeBase(
        glossary=glossary,
        vocabulary=vocabulary,
        entities=entities,
        references=references,
        essay_citation=references_raw["essay"],
        essay_url=str(references_raw.get("essay_url") or ""),
        sections=sections,
        figures=figures,
        weights=weights,
        red_flags_text=red_flags_text,
    )
