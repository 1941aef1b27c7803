"""The overview pages of the navigation: compartments, groups and mechanisms.

Each lists the entities it covers, the essay section behind it and its figures.
"""

from __future__ import annotations

from collections.abc import Iterable

from build_tools.i18n_prose import EN, text, texts
from build_tools.i18n_strings import strings
from build_tools.page_parts import (
    GeneratedPage,
    badge,
    calculator_button,
    entities_sorted,
    front_matter,
    join_lines,
    plain,
)
from build_tools.site_map import (
    FIGURES,
    GROUPS,
    PATTERNS,
    SEARCH_BOOST,
    compartment_uri,
    entity_uri,
    figure_anchor,
    group_uri,
    label,
    link,
    mechanism_uri,
    nav_section_title,
    nav_section_uri,
)
from calc.knowledge import STRENGTHS, Entity, KnowledgeBase, Term


def _entity_list(kb: KnowledgeBase, uri: str, entities: Iterable[Entity], lang: str = EN) -> list[str]:
    t = strings(lang)
    lines = []
    for entity in entities_sorted(entities, lang):
        typical = [p for p, level in entity.patterns.items() if level == "typical"]
        looks = ", ".join(
            f"[{label(kb, 'pattern', p, lang)}]({link(uri, PATTERNS, p)})" for p in typical
        )
        mechanisms = ", ".join(label(kb, "mechanism", m, lang) for m in entity.mechanism)
        lines.append(
            f"- **[{text(entity, 'label', lang)}]({link(uri, entity_uri(entity.id))})**: "
            f"{text(entity, 'summary', lang)}  \n"
            f"  *{t['mechanism_em']}:* {mechanisms}."
            + (f" *{t['typical_look']}:* {looks}." if looks else "")
        )
    return lines or [t["none"]]


def _figure_list(kb: KnowledgeBase, uri: str, section_id: str, lang: str = EN) -> list[str]:
    title = strings(lang)["figure_title"]
    return [
        f"- [{title.format(n=f.number, title=text(f, 'title', lang))}]"
        f"({link(uri, FIGURES, figure_anchor(f.number))})"
        for f in kb.figures.values()
        if f.section == section_id
    ]


def _essay_block(kb: KnowledgeBase, section_ids: Iterable[str], lang: str = EN) -> list[str]:
    lines = []
    for section_id in section_ids:
        section = kb.sections[section_id]
        lines += [f"**{strings(lang)['essay_section_bold']}: {text(section, 'title', lang)}.** "
                  f"{text(section, 'summary', lang)}", ""]
    return lines



def _own_sections(kb: KnowledgeBase, uri: str, nav_section: str, entities_heading: str,
                  lang: str = EN) -> list[str]:
    """The essay section and the entities listed under a compartment or a group, as both
    overview pages show them."""
    t = strings(lang)
    own = [e for e in kb.entities.values() if e.nav_section == nav_section]
    in_essay = nav_section in kb.sections
    return [
        f"## {t['h_essay']} {{#essay}}",
        "",
        *(_essay_block(kb, [nav_section], lang) if in_essay else [t["not_essay_section"], ""]),
        f"## {entities_heading} {{#entities}}",
        "",
        *_entity_list(kb, uri, own, lang),
        "",
    ]


def _figures_section(kb: KnowledgeBase, uri: str, section_id: str, none_key: str, lang: str = EN) -> list[str]:
    """The essay's figures of a section, or the page's own words for none."""
    t = strings(lang)
    return [
        f"## {t['h_figures']} {{#figures}}",
        "",
        *(_figure_list(kb, uri, section_id, lang) or [t[none_key]]),
    ]


def compartment_page(
    kb: KnowledgeBase, compartment_id: str, *, calculator_href: str, lang: str = EN
) -> GeneratedPage:
    uri = compartment_uri(compartment_id)
    t = strings(lang)
    term = kb.term("compartment", compartment_id)
    term_label = text(term, "label", lang)
    section = kb.sections.get(compartment_id)
    title = text(section, "title", lang) if section else t["compartment_title"].format(label=term_label)
    own = [e for e in kb.entities.values() if e.nav_section == compartment_id]
    elsewhere = sorted(
        (
            e for e in entities_sorted(kb.entities.values(), lang)
            if e.nav_section != compartment_id and compartment_id in e.compartments
        ),
        key=lambda e: STRENGTHS.index(e.compartments[compartment_id]),
    )
    also = [
        f"- {badge(e.compartments[compartment_id], lang=lang)} "
        f"[{text(e, 'label', lang)}]({link(uri, entity_uri(e.id))}), "
        f"{t['also_listed']} [{nav_section_title(kb, e.nav_section, lang)}]"
        f"({link(uri, nav_section_uri(kb, e.nav_section))})"
        for e in elsewhere
    ]
    patterns: dict[str, list[Entity]] = {}
    for entity in entities_sorted(own, lang):
        for pattern_id, level in entity.patterns.items():
            if level == "typical":
                patterns.setdefault(pattern_id, []).append(entity)
    pattern_lines = [
        f"- [{label(kb, 'pattern', p, lang)}]({link(uri, PATTERNS, p)}): {t['typical_of']} "
        + ", ".join(f"[{text(e, 'label', lang)}]({link(uri, entity_uri(e.id))})" for e in entities)
        for p, entities in sorted(patterns.items(), key=lambda item: list(kb.ids("pattern")).index(item[0]))
    ]
    definition = text(term, "definition", lang)
    lines = [
        # Its own title (the navigation's "Overview" would name nine pages alike).
        front_matter(title=title, description=plain(definition), search={"boost": SEARCH_BOOST}),
        "",
        f"# {title}",
        "",
        definition,
        "",
        f"*{t['also_described']}:* {', '.join(texts(term, 'synonyms', lang))}.",
        "",
        calculator_button(calculator_href, t["open_compartment"]),
        "",
        *_own_sections(kb, uri, compartment_id, t["h_comp_entities"], lang),
        f"## {t['h_also_seen']} {{#also-seen-here}}",
        "",
        t["also_seen_lead"],
        "",
        *(also or [t["none"]]),
        "",
        f"## {t['h_patterns']} {{#patterns}}",
        "",
        *(pattern_lines or [t["none"]]),
        "",
        *_figures_section(kb, uri, compartment_id, "no_comp_figure", lang),
    ]
    return GeneratedPage(uri, join_lines(lines))


def _mechanism_title(term: Term, lang: str) -> str:
    """'Dystrophic calcification', 'Calcificação distrófica': a mechanism page's title."""
    term_label = text(term, "label", lang)
    return strings(lang)["mechanism_title"].format(label=term_label if lang == EN else term_label.lower())


def group_page(kb: KnowledgeBase, group_id: str, lang: str = EN) -> GeneratedPage:
    uri = group_uri(group_id)
    t = strings(lang)
    section = kb.sections.get(group_id)
    title = text(section, "title", lang) if section else nav_section_title(kb, group_id, lang)
    lead: list[str] = []
    if group_id in kb.vocabulary["mechanism"]:
        term = kb.term("mechanism", group_id)
        lead = [
            text(term, "definition", lang),
            "",
            # {title} is the mechanism page's own title ("Calcificação metastática (metabólica)"):
            # a Portuguese label is a feminine adjective and cannot follow "mecanismo".
            t["group_lead"].format(label=text(term, "label", lang), href=link(uri, mechanism_uri(group_id)),
                                   title=_mechanism_title(term, lang)),
            "",
        ]
    lines = [
        front_matter(
            title=title,
            description=plain(text(section, "summary", lang) if section else title),
            search={"boost": SEARCH_BOOST},
        ),
        "",
        f"# {title}",
        "",
        *lead,
        *_own_sections(kb, uri, group_id, t["h_group_entities"], lang),
        *_figures_section(kb, uri, group_id, "no_group_figure", lang),
    ]
    return GeneratedPage(uri, join_lines(lines))


def mechanism_page(kb: KnowledgeBase, mechanism_id: str, lang: str = EN) -> GeneratedPage:
    uri = mechanism_uri(mechanism_id)
    t = strings(lang)
    term = kb.term("mechanism", mechanism_id)
    sections = [
        section_id for section_id in kb.sections
        if mechanism_id in section_id.split("-")
        and all(part in kb.vocabulary["mechanism"] for part in section_id.split("-"))
    ]
    members = [e for e in kb.entities.values() if mechanism_id in e.mechanism]
    by_section: dict[str, list[Entity]] = {}
    for entity in members:
        by_section.setdefault(entity.nav_section, []).append(entity)
    grouped: list[str] = []
    for nav_section in (*kb.vocabulary["compartment"], *GROUPS):
        entities = by_section.get(nav_section)
        if not entities:
            continue
        grouped += [
            f"**[{nav_section_title(kb, nav_section, lang)}]({link(uri, nav_section_uri(kb, nav_section))})**",
            "",
        ]
        for entity in entities_sorted(entities, lang):
            others = [label(kb, "mechanism", m, lang) for m in entity.mechanism if m != mechanism_id]
            extra = f" ({t['also_mech']} {', '.join(others).lower()})" if others else ""
            grouped.append(f"- [{text(entity, 'label', lang)}]({link(uri, entity_uri(entity.id))}){extra}")
        grouped.append("")
    definition = text(term, "definition", lang)
    lines = [
        front_matter(description=plain(definition), search={"boost": SEARCH_BOOST}),
        "",
        f"# {_mechanism_title(term, lang)}",
        "",
        definition,
        "",
        f"*{t['also_described']}:* {', '.join(texts(term, 'synonyms', lang))}.",
        "",
        f"## {t['h_essay']} {{#essay}}",
        "",
        *(_essay_block(kb, sections, lang) or [t["no_mech_section"], ""]),
        f"## {t['h_entities']} {{#entities}}",
        "",
        t["mech_count_one" if len(members) == 1 else "mech_count"].format(count=len(members),
                                                                          total=len(kb.entities)),
        "",
        *grouped,
    ]
    return GeneratedPage(uri, join_lines(lines))
