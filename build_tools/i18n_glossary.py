"""The bilingual glossary of the Portuguese site: each term in both languages side by side.

A resident who reads the English literature meets "CPPD", "pseudogout" or "tumoral
calcinosis"; this page pairs each term with its Portuguese name and definition. Both columns
come from the knowledge base (the Portuguese one through :mod:`build_tools.i18n_prose`, so it
shows the ``pt-BR`` blocks of glossary.json once they are wired there). A table would be
cramped on a phone: each term is a block with two ``lang``-marked halves, which the style
sheet may lay out side by side on wide screens.
"""

from __future__ import annotations

import html

from build_tools.i18n_prose import EN, text
from build_tools.i18n_strings import strings
from build_tools.page_parts import GeneratedPage, citation_text, front_matter, join_lines
from build_tools.site_map import GLOSSARY, glossary_anchor
from calc.knowledge import GlossaryTerm, KnowledgeBase


def _half(term: GlossaryTerm, lang: str, html_lang: str, heading: str) -> list[str]:
    name = text(term, "term", lang)
    expansion = text(term, "expansion", lang) if term.expansion else ""
    shown = f"**{name}**" + (f" ({expansion})" if expansion else "")
    return [
        f'<div class="stc-gloss-half" lang="{html_lang}" markdown>',
        "",
        f'<span class="stc-gloss-lang">{html.escape(heading)}</span>  ',
        f"{shown}  ",
        text(term, "definition", lang),
        "",
        "</div>",
    ]


def bilingual_glossary_page(kb: KnowledgeBase, lang: str) -> GeneratedPage:
    """The glossary in ``lang`` (not English) with the English term beside each entry."""
    t = strings(lang)
    uri = GLOSSARY
    lines = [
        front_matter(description=t["glossary_description"]),
        "",
        f"# {t['glossary_title']}",
        "",
        t["glossary_lead"],
        "",
    ]
    for term in sorted(kb.glossary, key=lambda g: text(g, "term", lang).casefold()):
        anchor = glossary_anchor(term.term)  # the English term: same anchor in both trees
        lines += [
            f'<div class="stc-gloss" id="{anchor}" markdown>',
            "",
            *_half(term, lang, "pt-BR", t["glossary_pt_column"]),
            "",
            *_half(term, EN, "en", t["glossary_en_column"]),
            "",
            "</div>",
            "",
            f"*{t['source']}:* {citation_text(kb, term.citation, uri, lang)}",
            "",
        ]
    if not kb.glossary:
        lines.append(t["no_terms"])
    return GeneratedPage(uri, join_lines(lines))
