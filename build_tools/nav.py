"""The site navigation, built from the knowledge base.

Entities are listed once, under the compartment or group of their ``nav_section``; the
Mechanisms section lists the four mechanism pages, each of which links the same entities,
so every entity is reachable both ways. Hand-written pages keep fixed places. The sections
sit under four headings (HEADINGS): the reading method, compartments, mechanisms and groups,
and reference pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from build_tools import pages
from calc.knowledge import KnowledgeBase

NavItem = dict[str, Any]

HOME: tuple[str, str] = ("Home", pages.INDEX)
READING: tuple[tuple[str, str], ...] = (
    ("Approach", pages.APPROACH),
    ("Calculator", pages.CALCULATOR),
    ("Pattern atlas", pages.PATTERNS),
    ("Figures of the essay", pages.FIGURES),
)
REFERENCE: tuple[tuple[str, str], ...] = (
    ("Nomenclature and pitfalls", pages.NOMENCLATURE),
    ("Glossary", pages.GLOSSARY),
    ("Methods", pages.METHODS),
    ("About and sources", pages.ABOUT),
)
HEADINGS = ("Reading method", "Compartments", "Mechanisms and groups", "Reference")
"""The headings the navigation groups its sections under (Material's navigation.sections)."""
GENERATED_TAIL = frozenset({pages.PATTERNS, pages.FIGURES, pages.GLOSSARY})
SECTION_OVERVIEW_TITLE = "Overview"
MECHANISMS_TITLE = "Mechanisms"


def build_nav(
    kb: KnowledgeBase, hand_written_exists: Callable[[str], bool]
) -> tuple[list[NavItem], list[str]]:
    """The nav for ``config.nav`` and the hand-written pages that are missing (left out)."""
    missing: list[str] = []

    def page(title: str, uri: str) -> list[NavItem]:
        if uri in GENERATED_TAIL or hand_written_exists(uri):
            return [{title: uri}]
        missing.append(uri)
        return []

    def section(section_id: str) -> NavItem:
        members = sorted(
            (e for e in kb.entities.values() if e.nav_section == section_id),
            key=lambda e: e.label.casefold(),
        )
        return {
            pages.nav_section_title(kb, section_id): [
                {SECTION_OVERVIEW_TITLE: pages.nav_section_uri(kb, section_id)},
                *({e.label: pages.entity_uri(e.id)} for e in members),
            ]
        }

    reading = [item for title, uri in READING for item in page(title, uri)]
    compartments = [section(c) for c in kb.vocabulary["compartment"]]
    groups = [section(g) for g in pages.GROUPS]
    groups.append({
        MECHANISMS_TITLE: [
            {term.label: pages.mechanism_uri(term.id)}
            for term in kb.vocabulary["mechanism"].values()
        ]
    })
    reference = [item for title, uri in REFERENCE for item in page(title, uri)]
    nav: list[NavItem] = [*page(*HOME)]
    for heading, items in zip(HEADINGS, (reading, compartments, groups, reference), strict=True):
        if items:
            nav.append({heading: items})
    return nav, missing
