"""The site navigation, built from the knowledge base.

Entities are listed once, under the compartment or group of their ``nav_section``; the
Mechanisms section lists the four mechanism pages, each of which links the same entities,
so every entity is reachable both ways. Hand-written pages keep fixed places.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from build_tools import pages
from calc.knowledge import KnowledgeBase

NavItem = dict[str, Any]

HEAD: tuple[tuple[str, str], ...] = (
    ("Home", pages.INDEX),
    ("Approach", pages.APPROACH),
    ("Calculator", pages.CALCULATOR),
)
TAIL: tuple[tuple[str, str], ...] = (
    ("Pattern atlas", pages.PATTERNS),
    ("Figures of the essay", pages.FIGURES),
    ("Nomenclature and pitfalls", pages.NOMENCLATURE),
    ("Glossary", pages.GLOSSARY),
    ("Methods", pages.METHODS),
    ("About and sources", pages.ABOUT),
)
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

    nav: list[NavItem] = []
    for title, uri in HEAD:
        nav += page(title, uri)
    for section in (*kb.vocabulary["compartment"], *pages.GROUPS):
        members = sorted(
            (e for e in kb.entities.values() if e.nav_section == section),
            key=lambda e: e.label.casefold(),
        )
        nav.append({
            pages.nav_section_title(kb, section): [
                {SECTION_OVERVIEW_TITLE: pages.nav_section_uri(kb, section)},
                *({e.label: pages.entity_uri(e.id)} for e in members),
            ]
        })
    nav.append({
        MECHANISMS_TITLE: [
            {term.label: pages.mechanism_uri(term.id)}
            for term in kb.vocabulary["mechanism"].values()
        ]
    })
    for title, uri in TAIL:
        nav += page(title, uri)
    return nav, missing
