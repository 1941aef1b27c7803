"""The knowledge base's typed, read-only records, and the closed lists their fields use.

What the engine, the pages and the CLI hold once :mod:`calc.knowledge` has read and checked
the data files: vocabulary terms, entities, references, the essay's sections and figures, the
glossary, and the whole :class:`KnowledgeBase`. Kept apart from the loader so that each stays
one job; :mod:`calc.knowledge` re-exports every name here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from calc.depth import Depth
from calc.i18n import (
    DEFAULT_LANGUAGE,
    EntityProse,
    RedFlagsProse,
    SimpleProse,
    TermProse,
    check_language,
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
