"""Load and validate the knowledge base (``calc/data``) into typed, read-only records.

The data files are the single source of truth for every fact the site shows and every
feature the engine weighs. Loading is strict on purpose: a typo in an id or a missing
citation must stop the build (and the tests) with a message that names the file, the entity
and the field, rather than silently drop a finding from the differential.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

from calc.depth import Depth, parse_depth
from calc.i18n import (
    DEFAULT_LANGUAGE,
    ENTITY_SPEC,
    FIGURE_SPEC,
    GLOSSARY_SPEC,
    LANGUAGES,
    RED_FLAGS_SPEC,
    REFERENCE_SPEC,
    SECTION_SPEC,
    TERM_SPEC,
    EntityProse,
    RedFlagsProse,
    SimpleProse,
    Spec,
    TermProse,
    check_language,
    entity_prose,
    red_flags_prose,
    required,
    simple_prose,
    term_prose,
    translated,
)

FINDING_CATEGORIES: tuple[str, ...] = (
    "compartment",
    "pattern",
    "site",
    "distribution",
    "clinical",
)
"""Vocabulary categories a finding set may name, in the order of the Approach page."""

VOCABULARY_CATEGORIES: tuple[str, ...] = ("mechanism", *FINDING_CATEGORIES)
STRENGTHS: tuple[str, ...] = ("typical", "possible")
PREVALENCES: tuple[str, ...] = ("common", "uncommon", "rare")
NAV_SECTIONS: tuple[str, ...] = (
    "vascular",
    "subcutaneous",
    "fascial",
    "muscle",
    "periarticular",
    "intra-articular",
    "metastatic",
    "idiopathic",
    "calcinosis",
    "tumours",
)
LAB_STATES: dict[str, tuple[str, ...]] = {
    "calcium": ("low", "normal", "high"),
    "phosphate": ("low", "normal", "high"),
    "product": ("normal", "raised"),
}

# Entity field -> vocabulary category whose ids it may use.
_FEATURE_FIELDS: dict[str, str] = {
    "compartments": "compartment",
    "patterns": "pattern",
    "sites": "site",
    "distributions": "distribution",
    "clinical": "clinical",
    "clinical_against": "clinical",
}
_PROSE_LIST_FIELDS: tuple[str, ...] = ("key_facts", "pearls", "pitfalls")


class KnowledgeError(ValueError):
    """A knowledge-base file is malformed; the message names file, entity and field."""


@dataclass(frozen=True)
class Term:
    """One vocabulary entry: an id with its label, definition and free-text synonyms."""

    category: str
    id: str
    label: str
    definition: str
    synonyms: tuple[str, ...]
    translations: Mapping[str, TermProse] = field(default_factory=dict, compare=False, hash=False)
    """The term's words in the other languages (see :mod:`calc.i18n`)."""

    def prose(self, lang: str = DEFAULT_LANGUAGE) -> TermProse:
        """Label, definition and synonyms in ``lang``; English when there is no translation."""
        if check_language(lang) in self.translations:
            return self.translations[lang]
        return TermProse(label=self.label, definition=self.definition, synonyms=self.synonyms)


class _Translated:
    """Mixin for small records whose text keys have translations (``text(key, lang)``)."""

    translations: Mapping[str, SimpleProse]

    def text(self, key: str, lang: str = DEFAULT_LANGUAGE) -> str:
        english = getattr(self, key)
        if check_language(lang) in self.translations:
            return self.translations[lang].get(key) or english
        return str(english)


@dataclass(frozen=True)
class Citation:
    """Where a fact comes from: an essay section and figures, or a named reference."""

    section: str | None = None
    figures: tuple[int, ...] = ()
    reference: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class LookAlike:
    """Another entity that can look the same, and the one finding that tells them apart."""

    id: str
    tell: str


@dataclass(frozen=True)
class Association:
    """A condition associated with an entity (not a look-alike): finding this entity should
    prompt a look for it, e.g. hyperparathyroidism behind CPPD; the text says what to check."""

    id: str
    text: str


@dataclass(frozen=True)
class Entity:
    """Everything the site and the engine know about one cause of soft-tissue calcification."""

    id: str
    label: str
    synonyms: tuple[str, ...]
    abbreviations: tuple[str, ...]
    search_terms: tuple[str, ...]
    """Words people type for this entity that are not true synonyms (misnomers included):
    fed to search and the free-text reader, never shown as another name."""
    mechanism: tuple[str, ...]
    nav_section: str
    prevalence: str
    compartments: Mapping[str, str]
    patterns: Mapping[str, str]
    sites: Mapping[str, str]
    distributions: Mapping[str, str]
    clinical: Mapping[str, str]
    clinical_against: Mapping[str, str]
    labs: Mapping[str, Mapping[str, str]]
    age_min: int | None
    age_max: int | None
    summary: str
    key_facts: tuple[str, ...]
    pearls: tuple[str, ...]
    pitfalls: tuple[str, ...]
    lookalikes: tuple[LookAlike, ...]
    citations: tuple[Citation, ...]
    associations: tuple[Association, ...] = ()
    depth: Depth = field(default_factory=Depth)
    """Imaging, report advice, demographics, tell and warnings (see :mod:`calc.depth`)."""
    translations: Mapping[str, EntityProse] = field(default_factory=dict, compare=False, hash=False)
    """The entity's prose in the other languages (see :mod:`calc.i18n`)."""

    def prose(self, lang: str = DEFAULT_LANGUAGE) -> EntityProse:
        """Every text of the entity in ``lang``; English when there is no translation."""
        if check_language(lang) in self.translations:
            return self.translations[lang]
        depth = self.depth
        return EntityProse(
            label=self.label, summary=self.summary, key_facts=self.key_facts, pearls=self.pearls,
            pitfalls=self.pitfalls, lookalikes={item.id: item.tell for item in self.lookalikes},
            associations={item.id: item.text for item in self.associations},
            citation_notes=tuple(c.note for c in self.citations),
            imaging=tuple(s.text for s in depth.imaging), warnings=tuple(s.text for s in depth.warnings),
            demographics=depth.demographics.text if depth.demographics else None,
            tell=depth.tell.text if depth.tell else None,
            report_phrase=depth.report.phrase if depth.report else None,
            report_next_step=depth.report.next_step if depth.report else None,
            synonyms=self.synonyms, abbreviations=self.abbreviations, search_terms=self.search_terms,
        )

    @property
    def page(self) -> str:
        """Site-relative path of the entity's page (directory URL style)."""
        return f"entities/{self.id}/"

    def features(self, category: str) -> Mapping[str, str]:
        """The entity's ids in a finding category with their strength."""
        return {
            "compartment": self.compartments,
            "pattern": self.patterns,
            "site": self.sites,
            "distribution": self.distributions,
            "clinical": self.clinical,
        }[category]

    def typical_findings(self) -> dict[str, list[str]]:
        """The finding set that describes a textbook case (used for 'open in calculator')."""
        found: dict[str, list[str]] = {}
        for category in FINDING_CATEGORIES:
            ids = [i for i, s in self.features(category).items() if s == "typical"]
            if ids:
                found[category] = ids
        return found


@dataclass(frozen=True)
class Reference(_Translated):
    """A named source outside the essay, cited by id from entities and pages."""

    id: str
    citation: str
    url: str | None
    used_for: str
    short: str
    translations: Mapping[str, SimpleProse] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class EssaySection(_Translated):
    """A section of the essay, with the project's own one-line account of it."""

    id: str
    title: str
    summary: str
    translations: Mapping[str, SimpleProse] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class EssayFigure(_Translated):
    """A figure of the essay restated in the project's words, with its entities."""

    number: int
    title: str
    shows: str
    look_for: str
    entities: tuple[str, ...]
    section: str
    translations: Mapping[str, SimpleProse] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class GlossaryTerm(_Translated):
    """A term or abbreviation explained on the Glossary page and in tooltips."""

    term: str
    expansion: str | None
    definition: str
    citation: Citation
    translations: Mapping[str, SimpleProse] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    """The whole validated knowledge base."""

    vocabulary: Mapping[str, Mapping[str, Term]]
    entities: Mapping[str, Entity]
    references: Mapping[str, Reference]
    essay_citation: str
    sections: Mapping[str, EssaySection]
    figures: Mapping[int, EssayFigure]
    glossary: tuple[GlossaryTerm, ...] = ()
    weights: Mapping[str, Any] = field(default_factory=dict)
    essay_url: str = ""
    """The published article (its DOI address): pages link 'Figure N' to it, since the site
    shows no radiograph."""

    def term(self, category: str, term_id: str) -> Term:
        return self.vocabulary[category][term_id]

    red_flags_text: Mapping[str, RedFlagsProse] = field(default_factory=dict)
    """The must-not-miss notice's words in the other languages (red-flags.json's block)."""

    def label(self, category: str, term_id: str, lang: str = DEFAULT_LANGUAGE) -> str:
        """A vocabulary term's label in ``lang`` (English by default)."""
        return self.vocabulary[category][term_id].prose(lang).label

    def entity_label(self, entity_id: str, lang: str = DEFAULT_LANGUAGE) -> str:
        """An entity's name in ``lang`` (English by default)."""
        return self.entities[entity_id].prose(lang).label

    def ids(self, category: str) -> tuple[str, ...]:
        return tuple(self.vocabulary[category])


# --------------------------------------------------------------------------- reading


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


class _Where:
    """Builds error messages that always say file, entity and field."""

    def __init__(self, file: str, entity: str | None = None) -> None:
        self.file = file
        self.entity = entity

    def error(self, fieldname: str, problem: str) -> KnowledgeError:
        who = f", entity '{self.entity}'" if self.entity else ""
        return KnowledgeError(f"calc/data/{self.file}{who}, field '{fieldname}': {problem}")


def _text(where: _Where, record: Mapping[str, Any], key: str, *, required: bool = True) -> str:
    value = record.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise where.error(key, "must be a non-empty string")
    return value.strip()


def _texts(where: _Where, record: Mapping[str, Any], key: str, *, min_items: int = 0) -> tuple[str, ...]:
    value = record.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise where.error(key, "must be a list of non-empty strings")
    if len(value) < min_items:
        raise where.error(key, f"needs at least {min_items} item(s), has {len(value)}")
    return tuple(v.strip() for v in value)


def _translations[T](where: _Where, record: Mapping[str, Any], spec: Spec, kind: str,
                  build: Callable[[Mapping[str, Any]], T]) -> dict[str, T]:
    """The record's blocks in the languages besides English, checked against its English text."""
    out: dict[str, T] = {}
    for lang in LANGUAGES:
        if lang == DEFAULT_LANGUAGE:
            continue
        block = translated(record, spec, where.error, lang=lang, required=required(kind, lang), kind=kind)
        if block is not None:
            out[lang] = build(block)
    return out


def _load_vocabulary() -> dict[str, dict[str, Term]]:
    raw = _read_json("vocabulary.json")
    where = _Where("vocabulary.json")
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
            term_where = _Where("vocabulary.json", f"{category}:{term_id}")
            synonyms = _texts(term_where, entry, "synonyms")
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
                label=_text(term_where, entry, "label"),
                definition=_text(term_where, entry, "definition"),
                synonyms=synonyms,
                translations=_translations(term_where, entry, TERM_SPEC, "vocabulary", term_prose),
            )
        _check_translated_synonyms(where, category, terms)
        vocabulary[category] = terms
    return vocabulary


def _check_translated_synonyms(where: _Where, category: str, terms: Mapping[str, Term]) -> None:
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
                    raise _Where(where.file, f"{category}:{term.id}").error(
                        f"{lang}.synonyms", f"synonym '{synonym}' is also a synonym of '{other}'")


def _load_references() -> dict[str, Reference]:
    raw = _read_json("references.json")
    where = _Where("references.json")
    if not isinstance(raw.get("essay"), str):
        raise where.error("essay", "the essay's full citation is missing")
    refs: dict[str, Reference] = {}
    for entry in raw.get("references", []):
        ref_id = entry.get("id")
        ref_where = _Where("references.json", ref_id)
        if not isinstance(ref_id, str) or ref_id in refs:
            raise ref_where.error("id", "missing or duplicated")
        url = entry.get("url")
        refs[ref_id] = Reference(
            id=ref_id,
            citation=_text(ref_where, entry, "citation"),
            url=url if isinstance(url, str) and url else None,
            used_for=_text(ref_where, entry, "used_for"),
            short=_text(ref_where, entry, "short"),
            translations=_translations(ref_where, entry, REFERENCE_SPEC, "references", simple_prose),
        )
    return refs


def _load_essay() -> tuple[dict[str, EssaySection], dict[int, EssayFigure]]:
    raw = _read_json("essay.json")
    sections: dict[str, EssaySection] = {}
    for entry in raw.get("sections", []):
        where = _Where("essay.json", entry.get("id"))
        section_id = _text(where, entry, "id")
        if section_id in sections:
            raise where.error("id", "section listed twice")
        sections[section_id] = EssaySection(
            id=section_id, title=_text(where, entry, "title"), summary=_text(where, entry, "summary"),
            translations=_translations(where, entry, SECTION_SPEC, "essay", simple_prose),
        )
    figures: dict[int, EssayFigure] = {}
    for entry in raw.get("figures", []):
        number = entry.get("number")
        where = _Where("essay.json", f"figure {number}")
        if not isinstance(number, int) or number in figures:
            raise where.error("number", "missing, not a whole number, or listed twice")
        section = _text(where, entry, "section")
        if section not in sections:
            raise where.error("section", f"unknown section '{section}'")
        figures[number] = EssayFigure(
            number=number,
            title=_text(where, entry, "title"),
            shows=_text(where, entry, "shows"),
            look_for=_text(where, entry, "look_for"),
            entities=_texts(where, entry, "entities", min_items=1),
            section=section,
            translations=_translations(where, entry, FIGURE_SPEC, "essay", simple_prose),
        )
    return sections, figures


def _strength_map(
    where: _Where, record: Mapping[str, Any], key: str, allowed: Mapping[str, Term]
) -> dict[str, str]:
    value = record.get(key, {})
    if not isinstance(value, dict):
        raise where.error(key, "must be a mapping of id to strength")
    for term_id, strength in value.items():
        if term_id not in allowed:
            raise where.error(
                key, f"unknown id '{term_id}'; accepted: {', '.join(sorted(allowed))}"
            )
        if strength not in STRENGTHS:
            raise where.error(key, f"strength of '{term_id}' must be one of {', '.join(STRENGTHS)}")
    return dict(value)


def _labs(where: _Where, record: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    value = record.get("labs", {})
    if not isinstance(value, dict):
        raise where.error("labs", "must be a mapping")
    labs: dict[str, dict[str, str]] = {}
    for analyte, states in value.items():
        if analyte not in LAB_STATES or not isinstance(states, dict):
            raise where.error("labs", f"unknown analyte '{analyte}'; accepted: {', '.join(LAB_STATES)}")
        for state, strength in states.items():
            if state not in LAB_STATES[analyte] or strength not in STRENGTHS:
                raise where.error(
                    "labs",
                    f"'{analyte}: {state}: {strength}' is not accepted; states are "
                    f"{', '.join(LAB_STATES[analyte])}, strengths {', '.join(STRENGTHS)}",
                )
        labs[analyte] = dict(states)
    return labs


def _citations(where: _Where, record: Mapping[str, Any], sections: Mapping[str, EssaySection],
               figures: Mapping[int, EssayFigure], refs: Mapping[str, Reference],
               fieldname: str = "citations") -> tuple[Citation, ...]:
    value = record.get("citations")
    if not isinstance(value, list) or not value:
        raise where.error(fieldname, "at least one citation (essay section or reference) is required")
    out: list[Citation] = []
    for item in value:
        if not isinstance(item, dict):
            raise where.error(fieldname, f"entry {item!r} is not a mapping")
        section, reference = item.get("section"), item.get("reference")
        figs = item.get("figures", [])
        if section is None and reference is None:
            raise where.error(fieldname, "each citation names a 'section' or a 'reference'")
        if section is not None and section not in sections:
            raise where.error(fieldname, f"unknown essay section '{section}'")
        if reference is not None and reference not in refs:
            raise where.error(fieldname, f"unknown reference '{reference}'")
        if not isinstance(figs, list) or any(f not in figures for f in figs):
            raise where.error(fieldname, f"unknown figure number in {figs!r}")
        note = item.get("note")
        out.append(Citation(section=section, figures=tuple(figs), reference=reference,
                            note=note if isinstance(note, str) else None))
    return tuple(out)


def _load_entity(file: str, vocabulary: Mapping[str, Mapping[str, Term]],
                 sections: Mapping[str, EssaySection], figures: Mapping[int, EssayFigure],
                 refs: Mapping[str, Reference]) -> tuple[Entity, dict[str, Any]]:
    record = _read_json(file)
    if not isinstance(record, dict):
        raise _Where(file).error("(file)", "must hold one JSON object")
    entity_id = record.get("id")
    where = _Where(file, entity_id if isinstance(entity_id, str) else None)
    if not isinstance(entity_id, str) or f"entities/{entity_id}.json" != file:
        raise where.error("id", "must be a string equal to the file name")
    mechanism = _texts(where, record, "mechanism", min_items=1)
    for mech in mechanism:
        if mech not in vocabulary["mechanism"]:
            raise where.error("mechanism", f"unknown mechanism '{mech}'")
    nav = _text(where, record, "nav_section")
    if nav not in NAV_SECTIONS:
        raise where.error("nav_section", f"'{nav}' is not one of {', '.join(NAV_SECTIONS)}")
    prevalence = _text(where, record, "prevalence")
    if prevalence not in PREVALENCES:
        raise where.error("prevalence", f"'{prevalence}' is not one of {', '.join(PREVALENCES)}")
    features = {
        key: _strength_map(where, record, key, vocabulary[category])
        for key, category in _FEATURE_FIELDS.items()
    }
    if not features["compartments"] and nav not in ("metastatic",):
        raise where.error("compartments", "an entity outside the metastatic group needs a compartment")
    if not features["patterns"]:
        raise where.error("patterns", "at least one pattern is required")
    age = record.get("age")
    age_min = age_max = None
    if age is not None:
        if not isinstance(age, dict) or set(age) - {"min", "max"}:
            raise where.error("age", "must be null or a mapping with 'min' and/or 'max'")
        age_min, age_max = age.get("min"), age.get("max")
        for bound in (age_min, age_max):
            if bound is not None and (not isinstance(bound, int) or not 0 <= bound <= 120):
                raise where.error("age", f"bound {bound!r} is not a whole number of years from 0 to 120")
    lookalikes = []
    for item in record.get("lookalikes", []):
        if not isinstance(item, dict):
            raise where.error("lookalikes", f"entry {item!r} is not a mapping")
        other = item.get("id")
        if not isinstance(other, str) or not other:
            raise where.error("lookalikes", f"entry {item!r} has no id")
        lookalikes.append(LookAlike(id=other, tell=_text(where, item, "tell")))
    associations = []
    raw_associations = record.get("associations", [])
    if not isinstance(raw_associations, list):
        raise where.error("associations", "must be a list of {\"id\", \"text\"} mappings")
    for item in raw_associations:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
            raise where.error("associations", f"entry {item!r} needs an entity 'id' and a 'text'")
        associations.append(Association(id=item["id"], text=_text(where, item, "text")))
    depth = parse_depth(
        record,
        lambda items, name: _citations(where, {"citations": items}, sections, figures, refs, name),
        where.error,
    )
    return Entity(
        id=entity_id,
        label=_text(where, record, "label"),
        synonyms=_texts(where, record, "synonyms"),
        abbreviations=_texts(where, record, "abbreviations"),
        search_terms=_texts(where, record, "search_terms"),
        mechanism=mechanism,
        nav_section=nav,
        prevalence=prevalence,
        compartments=features["compartments"],
        patterns=features["patterns"],
        sites=features["sites"],
        distributions=features["distributions"],
        clinical=features["clinical"],
        clinical_against=features["clinical_against"],
        labs=_labs(where, record),
        age_min=age_min,
        age_max=age_max,
        summary=_text(where, record, "summary"),
        key_facts=_texts(where, record, "key_facts", min_items=1),
        pearls=_texts(where, record, "pearls"),
        pitfalls=_texts(where, record, "pitfalls"),
        lookalikes=tuple(lookalikes),
        citations=_citations(where, record, sections, figures, refs),
        associations=tuple(associations),
        depth=depth,
    ), record


def _check_cross_references(entities: Mapping[str, Entity], figures: Mapping[int, EssayFigure]) -> None:
    for entity in entities.values():
        for look in entity.lookalikes:
            if look.id not in entities:
                raise _Where(f"entities/{entity.id}.json", entity.id).error(
                    "lookalikes", f"look-alike '{look.id}' is not an entity"
                )
            if look.id == entity.id:
                raise _Where(f"entities/{entity.id}.json", entity.id).error(
                    "lookalikes", "an entity cannot be its own look-alike"
                )
        for assoc in entity.associations:
            if assoc.id not in entities or assoc.id == entity.id:
                raise _Where(f"entities/{entity.id}.json", entity.id).error(
                    "associations", f"'{assoc.id}' is not another entity"
                )
    for figure in figures.values():
        for entity_id in figure.entities:
            if entity_id not in entities:
                raise _Where("essay.json", f"figure {figure.number}").error(
                    "entities", f"unknown entity '{entity_id}'"
                )
    owner: dict[str, str] = {}
    for entity in entities.values():
        for name in (entity.label, *entity.synonyms):
            key = name.casefold()
            if key in owner and owner[key] != entity.id:
                raise _Where(f"entities/{entity.id}.json", entity.id).error(
                    "synonyms", f"'{name}' is also a name of '{owner[key]}'"
                )
            owner[key] = entity.id


def _load_glossary(sections: Mapping[str, EssaySection], figures: Mapping[int, EssayFigure],
                   refs: Mapping[str, Reference]) -> tuple[GlossaryTerm, ...]:
    raw = _read_json("glossary.json")
    terms: list[GlossaryTerm] = []
    seen: set[str] = set()
    for entry in raw.get("terms", []):
        where = _Where("glossary.json", entry.get("term") if isinstance(entry, dict) else None)
        if not isinstance(entry, dict):
            raise where.error("terms", f"entry {entry!r} is not a mapping")
        term = _text(where, entry, "term")
        if term.casefold() in seen:
            raise where.error("term", "listed twice")
        seen.add(term.casefold())
        citation = _citations(where, {"citations": [entry.get("citation")]}, sections, figures, refs)[0]
        expansion = entry.get("expansion")
        terms.append(GlossaryTerm(
            term=term,
            expansion=expansion if isinstance(expansion, str) and expansion else None,
            definition=_text(where, entry, "definition"),
            citation=citation,
            translations=_translations(where, entry, GLOSSARY_SPEC, "glossary", simple_prose),
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
        entity, records[file] = _load_entity(file, vocabulary, sections, figures, references)
        entities[entity.id] = entity
    _check_cross_references(entities, figures)
    # The translations are checked once the English is known to be sound, so that an English
    # mistake is reported as such rather than as a Portuguese list of the wrong length.
    for file, record in records.items():
        entity = entities[record["id"]]
        entities[entity.id] = replace(entity, translations=_translations(
            _Where(file, entity.id), record, ENTITY_SPEC, "entities", entity_prose))
    weights = _read_json("weights.json")
    glossary = _load_glossary(sections, figures, references)
    red_flags = _read_json("red-flags.json")
    red_flags_text = _translations(_Where("red-flags.json"), red_flags if isinstance(red_flags, dict) else {},
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
