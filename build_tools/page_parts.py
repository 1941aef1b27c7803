"""Markdown pieces shared by several generated pages.

Badges, strength lists, front matter, the calculator button, drawings, external links and
citations: each written once here so that every page renders them alike.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Set
from dataclasses import dataclass

from build_tools.i18n_prose import EN, cited_title, text
from build_tools.i18n_strings import strings
from build_tools.site_map import (
    ABOUT,
    FIGURES,
    asset_link,
    drawing_uri,
    figure_anchor,
    link,
    reference_anchor,
    section_page,
)
from calc.knowledge import STRENGTHS, Citation, Entity, KnowledgeBase


@dataclass(frozen=True)
class GeneratedPage:
    """One virtual Markdown file."""

    src_uri: str
    markdown: str


def badge(kind: str, shown_text: str | None = None, lang: str = EN) -> str:
    shown = shown_text or strings(lang).get(f"badge_{kind}") or kind.capitalize()
    return f'<span class="stc-badge stc-badge--{kind}">{shown}</span>'


def strength_lines(
    items: Mapping[str, str], render: Callable[[str], str], *, empty: str = "", lang: str = EN
) -> list[str]:
    """One bullet per strength: typical first, then possible, each with its badge."""
    lines = []
    for strength in STRENGTHS:
        ids = [term_id for term_id, level in items.items() if level == strength]
        if ids:
            lines.append(f"- {badge(strength, lang=lang)} " + ", ".join(render(i) for i in ids))
    if not lines and empty:
        lines.append(empty)
    return lines


def front_matter(**values: object) -> str:
    lines = ["---"]
    for key, value in values.items():
        if isinstance(value, Mapping):
            lines.append(f"{key}:")
            lines.extend(f"  {k}: {v}" for k, v in value.items())
        else:
            lines.append(f"{key}: {yaml_string(str(value))}")
    lines.append("---")
    return "\n".join(lines)


def yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def plain(text: str) -> str:
    """Prose reduced to one line of plain text (for meta descriptions)."""
    return re.sub(r"\s+", " ", re.sub(r"[*_`]", "", text)).strip()


def join_lines(parts: Iterable[str]) -> str:
    return "\n".join(parts).rstrip() + "\n"


def entities_sorted(entities: Iterable[Entity], lang: str = EN) -> list[Entity]:
    return sorted(entities, key=lambda e: text(e, "label", lang).casefold())


def calculator_button(href: str, text: str) -> str:
    """The calculator link: raw HTML, because MkDocs would read the fragment as an anchor."""
    return (
        f'<p class="stc-calc-link"><a class="md-button md-button--primary" '
        f'href="{html.escape(href, quote=True)}">{html.escape(text)}</a></p>'
    )


def drawing_image(from_uri: str, pattern_id: str, label: str, drawings: Set[str], lang: str = EN) -> str:
    if pattern_id not in drawings:
        return ""
    src = asset_link(from_uri, drawing_uri(pattern_id), lang)
    return f'![{strings(lang)["drawing"]}: {label}]({src}){{ width="240" height="180" loading="lazy" }}'


def external_link(url: str, text: str) -> str:
    """A link to another site: a link is not a request, and the reader expects to tap a
    reference. ``rel`` keeps the other site from learning where the reader came from."""
    return (f'<a href="{html.escape(url, quote=True)}" rel="noopener noreferrer">'
            f"{html.escape(text, quote=False)}</a>")


def citation_text(kb: KnowledgeBase, citation: Citation, from_uri: str, lang: str = EN) -> str:
    """One citation as inline Markdown: essay section and figures, or a named reference."""
    t = strings(lang)
    parts = []
    if citation.section:
        section = kb.sections[citation.section]
        page, anchor = section_page(kb, section.id)
        parts.append(f"{t['essay_section']} [{text(section, 'title', lang)}]({link(from_uri, page, anchor)})")
    if citation.figures:
        figures = ", ".join(
            f"[Fig. {n}]({link(from_uri, FIGURES, figure_anchor(n))})" for n in citation.figures
        )
        article = (f" ({external_link(kb.essay_url, t['radiograph_in_article'])})"
                   if kb.essay_url else "")
        parts.append(figures + article)  # the links say "Fig. N": no "figure" word before them
    listed = ""
    if citation.reference:
        reference = kb.references[citation.reference]
        parts.append(cited_title(reference.citation))
        listed = f" ([{t['reference_list']}]({link(from_uri, ABOUT, reference_anchor(reference.id))}))"
    joined = "; ".join(parts)
    if citation.note:
        joined += f" *{text(citation, 'note', lang).rstrip('.')}.*"
    return joined + listed
