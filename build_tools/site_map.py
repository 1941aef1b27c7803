"""Where every page lives and how one page links another: the site's layout.

Page source URIs, the anchors other pages link to, and the relative links between Markdown
sources (``../compartments/muscle.md``) that MkDocs validates and turns into URLs. Kept apart
from the page builders so that every module that needs a page's address (navigation, search,
hooks, the depth notes) imports only this, without the builders.
"""

from __future__ import annotations

import posixpath
import re

from build_tools.i18n_prose import EN, PT, text
from build_tools.i18n_strings import STRINGS, strings
from calc.knowledge import KnowledgeBase

INDEX = "index.md"
APPROACH = "approach.md"
METHODS = "methods.md"
ABOUT = "about.md"
CALCULATOR = "calculator.md"
NOMENCLATURE = "nomenclature.md"
PATTERNS = "patterns.md"
FIGURES = "figures.md"
GLOSSARY = "glossary.md"

GROUPS: dict[str, str] = {
    group: STRINGS[EN][f"group_{group}"]
    for group in ("metastatic", "idiopathic", "calcinosis", "tumours")
}
"""Navigation groups that are not compartments, with their navigation titles."""

ENTITY_SECTIONS: tuple[tuple[str, str], ...] = tuple(
    (section_id, STRINGS[EN][f"sec_{section_id}"]) for section_id in (
        "summary",
        "mechanism-and-compartment",
        "where",
        "what-it-looks-like",
        "beyond-the-radiograph",
        "clinical-and-lab-clues",
        "pearls-and-pitfalls",
        "in-the-report",
        "look-alikes",
        "sources",
    )
)
"""Every entity page has these headings, with these ids, in this order."""

CALCULATOR_LINK_TEXT = STRINGS[EN]["calculator_link"]
SEARCH_BOOST = 2
"""Material's per-page search boost for entity, compartment, group and mechanism pages: the
page about a subject outranks pages that merely mention it."""

EDUCATIONAL_NOTICE = STRINGS[EN]["educational_notice"]
CLASSIFICATION_MARKER = "<!-- classification -->"
REFERENCES_MARKER = "<!-- references -->"


def entity_uri(entity_id: str) -> str:
    return f"entities/{entity_id}.md"


def compartment_uri(compartment_id: str) -> str:
    return f"compartments/{compartment_id}.md"


def mechanism_uri(mechanism_id: str) -> str:
    return f"mechanisms/{mechanism_id}.md"


def group_uri(group_id: str) -> str:
    return f"groups/{group_id}.md"


def nav_section_uri(kb: KnowledgeBase, nav_section: str) -> str:
    """The overview page of the navigation section an entity is listed under."""
    if nav_section in kb.vocabulary["compartment"]:
        return compartment_uri(nav_section)
    return group_uri(nav_section)


def nav_section_title(kb: KnowledgeBase, nav_section: str, lang: str = EN) -> str:
    if nav_section in kb.vocabulary["compartment"]:
        return label(kb, "compartment", nav_section, lang)
    return strings(lang)[f"group_{nav_section}"]


def label(kb: KnowledgeBase, category: str, term_id: str, lang: str = EN) -> str:
    """A vocabulary term's label in ``lang`` (through :mod:`build_tools.i18n_prose`)."""
    return text(kb.term(category, term_id), "label", lang)


def figure_anchor(number: int) -> str:
    return f"figure-{number}"


def essay_anchor(section_id: str) -> str:
    return f"essay-{section_id}"


def reference_anchor(reference_id: str) -> str:
    return f"ref-{reference_id}"


ESSAY_ANCHOR = "ref-essay"


def glossary_anchor(term: str) -> str:
    return "term-" + re.sub(r"[^a-z0-9]+", "-", term.casefold()).strip("-")


def section_page(kb: KnowledgeBase, section_id: str) -> tuple[str, str]:
    """The page (source URI, anchor) that covers an essay section.

    A section named after a compartment or a navigation group has its own page; a section
    named after mechanisms ("dystrophic-iatrogenic") is covered by the first mechanism's page;
    the rest (abstract, introduction, conclusion) by their entry on the Figures page.
    """
    if section_id in kb.vocabulary["compartment"]:
        return compartment_uri(section_id), ""
    if section_id in GROUPS:
        return group_uri(section_id), ""
    parts = section_id.split("-")
    if all(part in kb.vocabulary["mechanism"] for part in parts):
        return mechanism_uri(parts[0]), ""
    return FIGURES, essay_anchor(section_id)


def coverage_map(kb: KnowledgeBase) -> dict[str, tuple[str, str]]:
    """Each essay section id and each figure ("figure N") -> (source URI, anchor) covering it."""
    covered: dict[str, tuple[str, str]] = {
        section_id: section_page(kb, section_id) for section_id in kb.sections
    }
    for number in kb.figures:
        covered[f"figure {number}"] = (FIGURES, figure_anchor(number))
    return covered


def link(from_uri: str, to_uri: str, anchor: str = "") -> str:
    """A relative link from one Markdown source to another, as MkDocs expects it."""
    target = posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
    return f"{target}#{anchor}" if anchor else target


def asset_link(from_uri: str, asset_uri: str, lang: str = EN) -> str:
    """A link from a page to a file that exists once for both languages (drawings): the
    Portuguese tree sits one folder deeper (``pt/``), page links need no change."""
    return link(f"pt/{from_uri}" if lang == PT else from_uri, asset_uri)


def drawing_uri(pattern_id: str) -> str:
    return f"assets/patterns/{pattern_id}.svg"
