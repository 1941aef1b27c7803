"""Every page generated from the knowledge base (``calc/data``), and the names the hooks use.

Every page is a pure function of the :class:`~calc.knowledge.KnowledgeBase`: the hooks
(:mod:`build_tools.hooks`) hand the text to MkDocs as virtual files, so nothing generated is
ever written into ``docs/``. Links are written as relative links between Markdown sources
(``../compartments/muscle.md``) so that MkDocs validates them and turns them into URLs; the
only link MkDocs cannot check, the calculator link with its URL fragment, is computed by the
caller from the built URLs and passed in.

Knowledge-base prose is inline Markdown: writers may use emphasis, and abbreviations get their
tooltips like any other text.

The work is split by job: :mod:`build_tools.site_map` (where pages live, links, anchors),
:mod:`build_tools.page_parts` (Markdown pieces several pages share),
:mod:`build_tools.entity_page`, :mod:`build_tools.section_pages` (compartments, groups,
mechanisms), :mod:`build_tools.reference_pages` (atlas, figures, glossary) and
:mod:`build_tools.fillers` (what the hooks put into hand-written pages). This module puts the
pages together and re-exports the names the hooks, navigation and search use, so that they
keep one front door.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Set

from build_tools.entity_page import entity_page
from build_tools.fillers import abbreviations, classification_table, references_list
from build_tools.i18n_prose import EN
from build_tools.page_parts import GeneratedPage, citation_text
from build_tools.reference_pages import figures_page, glossary_page, patterns_page
from build_tools.section_pages import compartment_page, group_page, mechanism_page
from build_tools.site_map import (
    ABOUT,
    APPROACH,
    CALCULATOR,
    CALCULATOR_LINK_TEXT,
    CLASSIFICATION_MARKER,
    EDUCATIONAL_NOTICE,
    ENTITY_SECTIONS,
    ESSAY_ANCHOR,
    FIGURES,
    GLOSSARY,
    GROUPS,
    INDEX,
    METHODS,
    NOMENCLATURE,
    PATTERNS,
    REFERENCES_MARKER,
    SEARCH_BOOST,
    compartment_uri,
    coverage_map,
    drawing_uri,
    entity_uri,
    figure_anchor,
    glossary_anchor,
    group_uri,
    label,
    link,
    mechanism_uri,
    nav_section_title,
    nav_section_uri,
    reference_anchor,
    section_page,
)
from calc.knowledge import KnowledgeBase

__all__ = [
    "ABOUT", "APPROACH", "CALCULATOR", "CALCULATOR_LINK_TEXT", "CLASSIFICATION_MARKER",
    "EDUCATIONAL_NOTICE", "ENTITY_SECTIONS", "ESSAY_ANCHOR", "FIGURES", "GLOSSARY", "GROUPS",
    "INDEX", "METHODS", "NOMENCLATURE", "PATTERNS", "REFERENCES_MARKER", "SEARCH_BOOST",
    "GeneratedPage", "abbreviations", "citation_text", "classification_table", "compartment_uri",
    "coverage_map", "drawing_uri", "entity_uri", "figure_anchor", "generated_pages",
    "glossary_anchor", "group_uri", "label", "link", "mechanism_uri", "nav_section_title",
    "nav_section_uri", "reference_anchor", "references_list", "section_page",
]


def generated_pages(
    kb: KnowledgeBase,
    *,
    calculator_href: Callable[[str, Mapping[str, list[str]]], str],
    drawings: Set[str],
    lang: str = EN,
) -> list[GeneratedPage]:
    """Every virtual page in ``lang`` (source URIs without the language folder: the caller
    puts the Portuguese ones under ``pt/``). ``calculator_href(src_uri, findings)`` builds
    calculator links."""
    pages = [
        entity_page(
            kb, entity,
            calculator_href=calculator_href(entity_uri(entity.id), entity.typical_findings()),
            drawings=drawings, lang=lang,
        )
        for entity in kb.entities.values()
    ]
    pages += [
        compartment_page(
            kb, c,
            calculator_href=calculator_href(compartment_uri(c), {"compartment": [c]}),
            lang=lang,
        )
        for c in kb.vocabulary["compartment"]
    ]
    pages += [mechanism_page(kb, m, lang) for m in kb.vocabulary["mechanism"]]
    pages += [group_page(kb, g, lang) for g in GROUPS]
    pages += [patterns_page(kb, drawings, lang), figures_page(kb, lang), glossary_page(kb, lang)]
    return pages
