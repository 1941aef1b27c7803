"""The reference pages of the guide: the pattern atlas, the essay's figures, the glossary."""

from __future__ import annotations

from collections.abc import Set

from build_tools.i18n_glossary import bilingual_glossary_page
from build_tools.i18n_prose import EN, text, texts
from build_tools.i18n_strings import strings
from build_tools.page_parts import (
    GeneratedPage,
    citation_text,
    drawing_image,
    entities_sorted,
    external_link,
    front_matter,
    join_lines,
    strength_lines,
)
from build_tools.site_map import (
    FIGURES,
    GLOSSARY,
    PATTERNS,
    entity_uri,
    essay_anchor,
    figure_anchor,
    glossary_anchor,
    link,
    section_page,
)
from calc.knowledge import KnowledgeBase


def _article_link(kb: KnowledgeBase, number: int, lang: str = EN) -> str:
    """'Figure N' links to the published article: the site shows no radiograph."""
    if not kb.essay_url:
        return ""
    t = strings(lang)
    return (f"  \n**{t['see_radiograph']}:** "
            f"{external_link(kb.essay_url, t['figure_in_article'].format(n=number))}")


def patterns_page(kb: KnowledgeBase, drawings: Set[str], lang: str = EN) -> GeneratedPage:
    uri = PATTERNS
    t = strings(lang)
    index = [
        f"- [{text(term, 'label', lang)}]({link(uri, PATTERNS, term.id)})"
        for term in kb.vocabulary["pattern"].values()
    ]
    lines = [
        front_matter(description=t["atlas_description"]),
        "",
        f"# {t['atlas_title']}",
        "",
        t["atlas_lead"],
        "",
        '<div class="stc-columns" markdown>',
        "",
        *index,
        "",
        "</div>",
        "",
    ]
    for term in kb.vocabulary["pattern"].values():
        term_label = text(term, "label", lang)
        showing = {
            e.id: e.patterns[term.id] for e in entities_sorted(kb.entities.values(), lang)
            if term.id in e.patterns
        }
        drawing = drawing_image(uri, term.id, term_label, drawings, lang)
        lines += [
            f"## {term_label} {{#{term.id}}}",
            "",
            *([f'<figure class="stc-atlas-drawing" markdown="span">{drawing}</figure>', ""]
              if drawing else []),
            text(term, "definition", lang),
            "",
            f"*{t['also_described']}:* {', '.join(texts(term, 'synonyms', lang))}.",
            "",
            *strength_lines(
                showing,
                lambda i: f"[{text(kb.entities[i], 'label', lang)}]({link(uri, entity_uri(i))})",
                empty=t["no_entity_shows"], lang=lang,
            ),
            "",
        ]
    return GeneratedPage(uri, join_lines(lines))


def figures_page(kb: KnowledgeBase, lang: str = EN) -> GeneratedPage:
    uri = FIGURES
    t = strings(lang)
    lines = [
        front_matter(description=t["figures_description"]),
        "",
        f"# {t['figures_title']}",
        "",
        t["figures_lead"].format(citation=kb.essay_citation)
        + (f" ({external_link(kb.essay_url, kb.essay_url)})." if kb.essay_url else "."),
        "",
        f"## {t['h_sections']} {{#essay-sections}}",
        "",
    ]
    for section in kb.sections.values():
        page, anchor = section_page(kb, section.id)
        title = text(section, "title", lang)
        covered = "" if page == FIGURES else f" {t['covered_in']} [{title}]({link(uri, page, anchor)})."
        numbers = [f.number for f in kb.figures.values() if f.section == section.id]
        word = t["figures_colon"] if len(numbers) > 1 else t["figure"].capitalize()  # "Figure: 3."
        figs = (
            f" {word}: " + ", ".join(f"[{n}](#{figure_anchor(n)})" for n in numbers) + "."
            if numbers
            else ""
        )
        lines.append(
            f'- <span id="{essay_anchor(section.id)}"></span>**{title}.** '
            f"{text(section, 'summary', lang)}{covered}{figs}"
        )
    lines.append("")
    for figure in kb.figures.values():
        section = kb.sections[figure.section]
        page, anchor = section_page(kb, section.id)
        entities = ", ".join(
            f"[{text(kb.entities[e], 'label', lang)}]({link(uri, entity_uri(e))})" for e in figure.entities
        )
        heading = t["figure_title"].format(n=figure.number, title=text(figure, "title", lang))
        lines += [
            f"## {heading} {{#{figure_anchor(figure.number)}}}",
            "",
            f"**{t['essay_section_bold']}:** [{text(section, 'title', lang)}]({link(uri, page, anchor)})  ",
            f"**{t['what_it_shows']}:** {text(figure, 'shows', lang)}  ",
            f"**{t['look_for']}:** {text(figure, 'look_for', lang)}  ",
            f"**{t['entities']}:** {entities}" + _article_link(kb, figure.number, lang),
            "",
        ]
    return GeneratedPage(uri, join_lines(lines))


def glossary_page(kb: KnowledgeBase, lang: str = EN) -> GeneratedPage:
    """The glossary; in Portuguese each term stands in both languages side by side."""
    if lang != EN:
        return bilingual_glossary_page(kb, lang)
    uri = GLOSSARY
    lines = [
        front_matter(description="Terms and abbreviations used in STC Guide."),
        "",
        "# Glossary",
        "",
        "Terms and abbreviations used across the guide. Abbreviations with an expansion are "
        "also explained wherever they appear: hover over them, or tap them on a touch screen.",
        "",
    ]
    for term in sorted(kb.glossary, key=lambda t: t.term.casefold()):
        expansion = f" ({term.expansion})" if term.expansion else ""
        source = citation_text(kb, term.citation, uri)
        lines += [
            f'<span id="{glossary_anchor(term.term)}"></span>**{term.term}**{expansion}',
            f":   {term.definition}",
            "",
            f"    *Source:* {source}",
            "",
        ]
    if not kb.glossary:
        lines.append("No terms yet.")
    return GeneratedPage(uri, join_lines(lines))
