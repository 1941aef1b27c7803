"""Markdown for the depth an entity page adds to the essay (see :mod:`calc.depth`).

Kept apart from :mod:`build_tools.pages` so that the page generator stays one job per module:
this module turns an entity's ``Depth`` into the "Beyond the essay" note, the safety
warnings (Material admonitions), the classic tell, the "who gets it" line, and the two
sections "Beyond the radiograph" and "In the report". Every sentence is followed by its
short sources, linked to the reference list or to the essay section that states it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from calc.depth import Depth, Statement
from calc.knowledge import Citation, KnowledgeBase

ABOUT = "about.md"
NOTHING_YET = (
    "Nothing recorded yet: this guide adds here only what a source it has read states."
)
BEYOND_ESSAY_TITLE = "Beyond the essay"
BEYOND_ESSAY_TEXT = (
    "The essay names tumours among the causes of soft-tissue calcification but leaves them out "
    "of its scope. This page is built from the other sources cited below, so that a calcified "
    "mass is not filed as a benign deposit without thinking of it."
)


def _link(from_uri: str, to_uri: str, anchor: str = "") -> str:
    target = posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
    return f"{target}#{anchor}" if anchor else target


def short_sources(kb: KnowledgeBase, citations: Iterable[Citation], from_uri: str) -> str:
    """'(Freire et al. 2018; essay, Muscle compartment)' with each part linked."""
    from build_tools import pages  # local import: pages imports this module

    parts: list[str] = []
    for citation in citations:
        if citation.reference:
            reference = kb.references[citation.reference]
            link = _link(from_uri, ABOUT, pages.reference_anchor(reference.id))
            parts.append(f"[{reference.short}]({link})")
        if citation.section:
            section = kb.sections[citation.section]
            page, anchor = pages.section_page(kb, section.id)
            figures = (
                ", Fig. " + ", ".join(str(n) for n in citation.figures) if citation.figures else ""
            )
            parts.append(f"essay, [{section.title}]({_link(from_uri, page, anchor)}){figures}")
    unique = list(dict.fromkeys(parts))
    return f"({'; '.join(unique)})" if unique else ""


def _sentence(kb: KnowledgeBase, statement: Statement, from_uri: str) -> str:
    return f"{statement.text} {short_sources(kb, statement.citations, from_uri)}".rstrip()


def _indented(text: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in text.splitlines())


def lead_blocks(kb: KnowledgeBase, depth: Depth, from_uri: str) -> list[str]:
    """Blocks shown under the title: the beyond-the-essay note, warnings, the classic tell."""
    lines: list[str] = []
    if depth.beyond_essay:
        lines += [f'!!! note "{BEYOND_ESSAY_TITLE}"', "", _indented(BEYOND_ESSAY_TEXT), ""]
    for warning in depth.warnings:
        lines += ['!!! warning "Safety"', "", _indented(_sentence(kb, warning, from_uri)), ""]
    if depth.tell:
        lines += [f"**The classic tell:** {_sentence(kb, depth.tell, from_uri)}", ""]
    return lines


def demographics_lines(kb: KnowledgeBase, depth: Depth, from_uri: str) -> list[str]:
    """'Who gets it' for the clinical section, or nothing."""
    if not depth.demographics:
        return []
    return [f"**Who gets it:** {_sentence(kb, depth.demographics, from_uri)}", ""]


def beyond_radiograph_lines(kb: KnowledgeBase, depth: Depth, from_uri: str) -> list[str]:
    """What ultrasound, CT or MRI adds, one sourced bullet each."""
    lines = [f"- {_sentence(kb, s, from_uri)}" for s in depth.imaging]
    return lines or [NOTHING_YET]


def report_lines(kb: KnowledgeBase, depth: Depth, from_uri: str) -> list[str]:
    """A suggested report phrase and the next step, with their sources."""
    report = depth.report
    if report is None:
        return [NOTHING_YET]
    return [
        f"**Suggested phrase:** *{report.phrase}*",
        "",
        f"**Next step:** {report.next_step}",
        "",
        f"Sources: {short_sources(kb, report.citations, from_uri)[1:-1]}.",
    ]
