"""The page of one entity: fixed sections in a fixed order (see ``ENTITY_SECTIONS``)."""

from __future__ import annotations

from collections.abc import Iterable, Set

from build_tools import depth as depth_md
from build_tools.i18n_prose import EN, text, texts
from build_tools.i18n_strings import strings
from build_tools.page_parts import (
    GeneratedPage,
    badge,
    calculator_button,
    citation_text,
    drawing_image,
    entities_sorted,
    external_link,
    front_matter,
    join_lines,
    plain,
    strength_lines,
)
from build_tools.site_map import (
    ABOUT,
    ENTITY_SECTIONS,
    ESSAY_ANCHOR,
    NOMENCLATURE,
    PATTERNS,
    SEARCH_BOOST,
    compartment_uri,
    entity_uri,
    label,
    link,
    mechanism_uri,
    nav_section_title,
    nav_section_uri,
)
from calc.knowledge import STRENGTHS, Citation, Entity, KnowledgeBase
from calc.text_ddx import LAB_LABELS
from calc.ui_text import pick


def _age_text(entity: Entity, lang: str = EN) -> str:
    low, high = entity.age_min, entity.age_max
    t = strings(lang)
    if low is not None and high is not None:
        return t["age_range"].format(low=low, high=high)
    if low is not None:
        return t["age_min"].format(low=low)
    if high is not None:
        return t["age_max"].format(high=high)
    return ""


def entity_page(
    kb: KnowledgeBase, entity: Entity, *, calculator_href: str, drawings: Set[str],
    lang: str = EN,
) -> GeneratedPage:
    """The page of one entity: fixed sections in a fixed order (see ``ENTITY_SECTIONS``)."""
    uri = entity_uri(entity.id)
    t = strings(lang)
    name = text(entity, "label", lang)

    def to(target: str, anchor: str = "") -> str:
        return link(uri, target, anchor)

    lead = []
    other_names = [s for s in texts(entity, "synonyms", lang) if s.casefold() not in name.casefold()]
    if other_names:
        lead.append(f"**{t['also_called']}:** {', '.join(other_names)}.")
    abbreviations = texts(entity, "abbreviations", lang)
    if abbreviations:
        lead.append(f"**{t['abbreviations']}:** {', '.join(abbreviations)}.")

    body: dict[str, list[str]] = {}

    summary = [text(entity, "summary", lang), ""]
    summary += [f"- {fact}" for fact in texts(entity, "key_facts", lang)]
    body["summary"] = summary

    mechanisms = [
        f"- [{label(kb, 'mechanism', m, lang)}]({to(mechanism_uri(m))}): "
        f"{text(kb.term('mechanism', m), 'definition', lang)}"
        for m in entity.mechanism
    ]
    compartments = strength_lines(
        entity.compartments,
        lambda c: f"[{label(kb, 'compartment', c, lang)}]({to(compartment_uri(c))})",
        empty=t["no_compartment"], lang=lang,
    )
    section_uri = nav_section_uri(kb, entity.nav_section)
    listed = t["listed_under"].format(
        title=nav_section_title(kb, entity.nav_section, lang), href=to(section_uri))
    body["mechanism-and-compartment"] = [
        f"**{t['mechanism']}**",
        "",
        *mechanisms,
        "",
        f"**{t['compartment']}**",
        "",
        *compartments,
        "",
        listed,
    ]

    body["where"] = [
        f"**{t['sites']}**",
        "",
        *strength_lines(entity.sites, lambda s: label(kb, "site", s, lang),
                         empty=t["any_site"], lang=lang),
        "",
        f"**{t['distribution']}**",
        "",
        *strength_lines(
            entity.distributions,
            lambda d: label(kb, "distribution", d, lang),
            empty=t["no_distribution"], lang=lang,
        ),
    ]

    body["what-it-looks-like"] = [
        t["patterns_lead"].format(href=to(PATTERNS)),
        "",
        '<div class="stc-patterns" markdown>',
        "",
        *(
            _pattern_card(kb, uri, pattern_id, strength, drawings, lang)
            for strength in STRENGTHS
            for pattern_id, level in entity.patterns.items()
            if level == strength
        ),
        "</div>",
    ]

    clinical = strength_lines(entity.clinical, lambda c: label(kb, "clinical", c, lang), lang=lang)
    against = [
        f"- {badge('against', t['argues_against'] if level == 'typical' else t['may_argue_against'])} "
        + label(kb, "clinical", term_id, lang)
        for term_id, level in entity.clinical_against.items()
    ]
    # Lab states in the calculator's own words ("Cálcio alto", "Ca × P raised"), never the raw
    # state ids ("high"), which the Portuguese page once showed as English.
    lab_words = pick(LAB_LABELS, lang)
    labs = strength_lines(
        {f"{analyte}-{state}": level for analyte, states in entity.labs.items() for state, level in states.items()},
        lambda key: lab_words[key], lang=lang)
    age = _age_text(entity, lang)
    body["beyond-the-radiograph"] = depth_md.beyond_radiograph_lines(kb, entity.depth, uri, lang)
    body["in-the-report"] = depth_md.report_lines(kb, entity.depth, uri, lang)
    body["clinical-and-lab-clues"] = [
        f"**{t['clinical_context']}**",
        "",
        *(clinical or [t["no_clinical"]]),
        *against,
        "",
        *([f"**{t['age']}:** {age}", ""] if age else []),
        *depth_md.demographics_lines(kb, entity.depth, uri, lang),
        f"**{t['laboratory']}**",
        "",
        *(labs or [t["no_labs"]]),
        *_association_lines(kb, entity, uri, lang),
    ]

    pearls = [f"- {p}" for p in texts(entity, "pearls", lang)]
    pitfalls = [f"- {p}" for p in texts(entity, "pitfalls", lang)]
    body["pearls-and-pitfalls"] = [
        f"**{t['pearls']}**",
        "",
        *(pearls or [t["none_yet"]]),
        "",
        f"**{t['pitfalls']}**",
        "",
        *(pitfalls or [t["none_yet"]]),
        "",
        t["naming_traps"].format(href=to(NOMENCLATURE)),
    ]

    body["look-alikes"] = _lookalike_lines(kb, entity, uri, lang)
    body["sources"] = _source_lines(kb, entity.citations, uri, lang)

    lines = [
        front_matter(
            description=plain(text(entity, "summary", lang)),
            search={"boost": SEARCH_BOOST},
        ),
        "",
        f"# {name}",
        "",
        "  \n".join(lead),
        "",
        calculator_button(calculator_href, t["calculator_link"]),
        "",
        f"{t['educational_notice']} {t['see_about'].format(href=to(ABOUT))}",
        '{ .stc-edu-notice role="note" }',
        "",
        *depth_md.lead_blocks(kb, entity.depth, uri, lang),
    ]
    for section_id, _heading in ENTITY_SECTIONS:
        heading = t[f"sec_{section_id}"]
        lines += [f"## {heading} {{#{section_id}}}", "", *body[section_id], ""]
    return GeneratedPage(uri, join_lines(lines))


def _pattern_card(
    kb: KnowledgeBase, from_uri: str, pattern_id: str, strength: str, drawings: Set[str],
    lang: str = EN,
) -> str:
    term = kb.term("pattern", pattern_id)
    term_label = text(term, "label", lang)
    drawing = drawing_image(from_uri, pattern_id, term_label, drawings, lang)
    return join_lines([
        f'<figure class="stc-pattern stc-pattern--{strength}" markdown>',
        *([drawing] if drawing else []),
        "<figcaption markdown>",
        f"{badge(strength, lang=lang)} [{term_label}]({link(from_uri, PATTERNS, pattern_id)})  ",
        text(term, "definition", lang),
        "</figcaption>",
        "</figure>",
        "",
    ])


def _association_lines(kb: KnowledgeBase, entity: Entity, uri: str, lang: str = EN) -> list[str]:
    """Conditions associated with the entity (not look-alikes): what to look for next."""
    if not entity.associations:
        return []
    return ["", f"**{strings(lang)['associated']}**", "", *(
        f"- [{text(kb.entities[a.id], 'label', lang)}]({link(uri, entity_uri(a.id))}): "
        f"{text(entity, f'associations.{i}.text', lang)}"
        for i, a in enumerate(entity.associations)
    )]


def _lookalike_lines(kb: KnowledgeBase, entity: Entity, uri: str, lang: str = EN) -> list[str]:
    t = strings(lang)
    lines = [
        f"- [{text(kb.entities[look.id], 'label', lang)}]({link(uri, entity_uri(look.id))}): "
        f"{text(entity, f'lookalikes.{i}.tell', lang)}"
        for i, look in enumerate(entity.lookalikes)
    ]
    if not lines:
        lines.append(t["no_lookalike"])
    named = {look.id for look in entity.lookalikes} | {entity.id}
    shared = []
    for pattern_id, level in entity.patterns.items():
        if level != "typical":
            continue
        others = [
            other
            for other in entities_sorted(kb.entities.values(), lang)
            if other.id not in named and other.patterns.get(pattern_id) == "typical"
        ]
        if others:
            links = ", ".join(
                f"[{text(o, 'label', lang)}]({link(uri, entity_uri(o.id))})" for o in others)
            pattern = label(kb, "pattern", pattern_id, lang)
            shared.append(t["also_typical"].format(
                pattern=pattern, href=link(uri, PATTERNS, pattern_id), links=links))
    if shared:
        lines += ["", f"**{t['same_pattern']}**", "", *shared]
    return lines


def _source_lines(kb: KnowledgeBase, citations: Iterable[Citation], uri: str, lang: str = EN) -> list[str]:
    t = strings(lang)
    lines = [f"- {citation_text(kb, citation, uri, lang)}" for citation in citations]
    lines += [
        "",
        f"{t['the_essay']}: {kb.essay_citation} "
        + (f"({external_link(kb.essay_url, t['read_article'])}; " if kb.essay_url else "(")
        + f"[{t['reference_list']}]({link(uri, ABOUT, ESSAY_ANCHOR)}))",
    ]
    return lines
