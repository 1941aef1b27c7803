"""Markdown for the depth an entity page adds to the essay (see :mod:`calc.depth`).

Kept apart from :mod:`build_tools.entity_page` so that the page generator stays one job per module:
this module turns an entity's ``Depth`` into the "Beyond the essay" note, the safety
warnings (Material admonitions), the classic tell, the "who gets it" line, and the two
sections "Beyond the radiograph" and "In the report". Every sentence is followed by its
short sources, linked to the reference list or to the essay section that states it.
"""

from __future__ import annotations

from collections.abc import Iterable

from build_tools.i18n_prose import EN, short_name, text
from build_tools.i18n_strings import STRINGS, strings
from build_tools.site_map import ABOUT, link, reference_anchor, section_page
from calc.depth import Depth, Statement
from calc.knowledge import Citation, KnowledgeBase

NOTHING_YET = STRINGS[EN]["nothing_yet"]
BEYOND_ESSAY_TITLE = STRINGS[EN]["beyond_essay_title"]
BEYOND_ESSAY_TEXT = STRINGS[EN]["beyond_essay_text"]


def short_sources(kb: KnowledgeBase, citations: Iterable[Citation], from_uri: str, lang: str = EN) -> str:
    """'(Freire et al. 2018; essay, Muscle compartment)' with each part linked."""
    parts: list[str] = []
    for citation in citations:
        if citation.reference:
            reference = kb.references[citation.reference]
            href = link(from_uri, ABOUT, reference_anchor(reference.id))
            parts.append(f"[{short_name(reference, lang)}]({href})")
        if citation.section:
            section = kb.sections[citation.section]
            page, anchor = section_page(kb, section.id)
            figures = (
                ", Fig. " + ", ".join(str(n) for n in citation.figures) if citation.figures else ""
            )
            title = text(section, "title", lang)
            parts.append(f"{strings(lang)['essay_lower']}, [{title}]({link(from_uri, page, anchor)}){figures}")
    unique = list(dict.fromkeys(parts))
    return f"({'; '.join(unique)})" if unique else ""


def _sentence(kb: KnowledgeBase, statement: Statement, from_uri: str, lang: str = EN) -> str:
    said = text(statement, "text", lang)
    return f"{said} {short_sources(kb, statement.citations, from_uri, lang)}".rstrip()


def _indented(text: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in text.splitlines())


def lead_blocks(kb: KnowledgeBase, depth: Depth, from_uri: str, lang: str = EN) -> list[str]:
    """Blocks shown under the title: the beyond-the-essay note, warnings, the classic tell."""
    t = strings(lang)
    lines: list[str] = []
    if depth.beyond_essay:
        lines += [f'!!! note "{t["beyond_essay_title"]}"', "", _indented(t["beyond_essay_text"]), ""]
    for warning in depth.warnings:
        lines += [f'!!! warning "{t["safety"]}"', "",
                  _indented(_sentence(kb, warning, from_uri, lang)), ""]
    if depth.tell:
        lines += [f"**{t['classic_tell']}:** {_sentence(kb, depth.tell, from_uri, lang)}", ""]
    return lines


def demographics_lines(kb: KnowledgeBase, depth: Depth, from_uri: str, lang: str = EN) -> list[str]:
    """'Who gets it' for the clinical section, or nothing."""
    if not depth.demographics:
        return []
    return [f"**{strings(lang)['who_gets_it']}:** {_sentence(kb, depth.demographics, from_uri, lang)}", ""]


def beyond_radiograph_lines(kb: KnowledgeBase, depth: Depth, from_uri: str, lang: str = EN) -> list[str]:
    """What ultrasound, CT or MRI adds, one sourced bullet each."""
    lines = [f"- {_sentence(kb, s, from_uri, lang)}" for s in depth.imaging]
    return lines or [strings(lang)["nothing_yet"]]


def report_lines(kb: KnowledgeBase, depth: Depth, from_uri: str, lang: str = EN) -> list[str]:
    """A suggested report phrase and the next step, with their sources."""
    t = strings(lang)
    report = depth.report
    if report is None:
        return [t["nothing_yet"]]
    return [
        f"**{t['suggested_phrase']}:** *{text(report, 'phrase', lang)}*",
        "",
        f"**{t['next_step']}:** {text(report, 'next_step', lang)}",
        "",
        f"{t['sources']}: {short_sources(kb, report.citations, from_uri, lang)[1:-1]}.",
    ]
