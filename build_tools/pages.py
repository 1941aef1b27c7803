"""Markdown for the pages generated from the knowledge base (``calc/data``).

Every page here is a pure function of the :class:`~calc.knowledge.KnowledgeBase`: the hooks
(:mod:`build_tools.hooks`) hand the text to MkDocs as virtual files, so nothing generated is
ever written into ``docs/``. Links are written as relative links between Markdown sources
(``../compartments/muscle.md``) so that MkDocs validates them and turns them into URLs; the
only link MkDocs cannot check, the calculator link with its URL fragment, is computed by the
caller from the built URLs and passed in.

Knowledge-base prose is inline Markdown: writers may use emphasis, and abbreviations get their
tooltips like any other text.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Set
from dataclasses import dataclass

from build_tools import depth as depth_md
from build_tools.i18n_prose import EN, PT, cited_title, text, texts
from build_tools.i18n_strings import STRINGS, strings
from calc.knowledge import STRENGTHS, Citation, Entity, KnowledgeBase, Term
from calc.text_ddx import LAB_LABELS
from calc.ui_text import pick

# ------------------------------------------------------------------------------ site layout

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


# ------------------------------------------------------------------------------ helpers


@dataclass(frozen=True)
class GeneratedPage:
    """One virtual Markdown file."""

    src_uri: str
    markdown: str


def link(from_uri: str, to_uri: str, anchor: str = "") -> str:
    """A relative link from one Markdown source to another, as MkDocs expects it."""
    target = posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
    return f"{target}#{anchor}" if anchor else target


def _badge(kind: str, shown_text: str | None = None, lang: str = EN) -> str:
    shown = shown_text or strings(lang).get(f"badge_{kind}") or kind.capitalize()
    return f'<span class="stc-badge stc-badge--{kind}">{shown}</span>'


def _strength_lines(
    items: Mapping[str, str], render: Callable[[str], str], *, empty: str = "", lang: str = EN
) -> list[str]:
    """One bullet per strength: typical first, then possible, each with its badge."""
    lines = []
    for strength in STRENGTHS:
        ids = [term_id for term_id, level in items.items() if level == strength]
        if ids:
            lines.append(f"- {_badge(strength, lang=lang)} " + ", ".join(render(i) for i in ids))
    if not lines and empty:
        lines.append(empty)
    return lines


def _front_matter(**values: object) -> str:
    lines = ["---"]
    for key, value in values.items():
        if isinstance(value, Mapping):
            lines.append(f"{key}:")
            lines.extend(f"  {k}: {v}" for k, v in value.items())
        else:
            lines.append(f"{key}: {_yaml_string(str(value))}")
    lines.append("---")
    return "\n".join(lines)


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _plain(text: str) -> str:
    """Prose reduced to one line of plain text (for meta descriptions)."""
    return re.sub(r"\s+", " ", re.sub(r"[*_`]", "", text)).strip()


def _join(parts: Iterable[str]) -> str:
    return "\n".join(parts).rstrip() + "\n"


def _entities_sorted(entities: Iterable[Entity], lang: str = EN) -> list[Entity]:
    return sorted(entities, key=lambda e: text(e, "label", lang).casefold())


def asset_link(from_uri: str, asset_uri: str, lang: str = EN) -> str:
    """A link from a page to a file that exists once for both languages (drawings): the
    Portuguese tree sits one folder deeper (``pt/``), page links need no change."""
    return link(f"pt/{from_uri}" if lang == PT else from_uri, asset_uri)


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


def calculator_button(href: str, text: str) -> str:
    """The calculator link: raw HTML, because MkDocs would read the fragment as an anchor."""
    return (
        f'<p class="stc-calc-link"><a class="md-button md-button--primary" '
        f'href="{html.escape(href, quote=True)}">{html.escape(text)}</a></p>'
    )


# ------------------------------------------------------------------------------ entity pages


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
    compartments = _strength_lines(
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
        *_strength_lines(entity.sites, lambda s: label(kb, "site", s, lang),
                         empty=t["any_site"], lang=lang),
        "",
        f"**{t['distribution']}**",
        "",
        *_strength_lines(
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

    clinical = _strength_lines(entity.clinical, lambda c: label(kb, "clinical", c, lang), lang=lang)
    against = [
        f"- {_badge('against', t['argues_against'] if level == 'typical' else t['may_argue_against'])} "
        + label(kb, "clinical", term_id, lang)
        for term_id, level in entity.clinical_against.items()
    ]
    # Lab states in the calculator's own words ("Cálcio alto", "Ca × P raised"), never the raw
    # state ids ("high"), which the Portuguese page once showed as English.
    lab_words = pick(LAB_LABELS, lang)
    labs = _strength_lines(
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
        _front_matter(
            description=_plain(text(entity, "summary", lang)),
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
    return GeneratedPage(uri, _join(lines))


def _pattern_card(
    kb: KnowledgeBase, from_uri: str, pattern_id: str, strength: str, drawings: Set[str],
    lang: str = EN,
) -> str:
    term = kb.term("pattern", pattern_id)
    term_label = text(term, "label", lang)
    drawing = _drawing(from_uri, pattern_id, term_label, drawings, lang)
    return _join([
        f'<figure class="stc-pattern stc-pattern--{strength}" markdown>',
        *([drawing] if drawing else []),
        "<figcaption markdown>",
        f"{_badge(strength, lang=lang)} [{term_label}]({link(from_uri, PATTERNS, pattern_id)})  ",
        text(term, "definition", lang),
        "</figcaption>",
        "</figure>",
        "",
    ])


def _drawing(from_uri: str, pattern_id: str, label: str, drawings: Set[str], lang: str = EN) -> str:
    if pattern_id not in drawings:
        return ""
    src = asset_link(from_uri, drawing_uri(pattern_id), lang)
    return f'![{strings(lang)["drawing"]}: {label}]({src}){{ width="240" height="180" loading="lazy" }}'


def drawing_uri(pattern_id: str) -> str:
    return f"assets/patterns/{pattern_id}.svg"


def _association_lines(kb: KnowledgeBase, entity: Entity, uri: str, lang: str = EN) -> list[str]:
    """Conditions associated with the entity (not look-alikes): what to look for next."""
    if not entity.associations:
        return []
    return ["", f"**{strings(lang)['associated']}**", "", *(
        f"- [{text(kb.entities[a.id], 'label', lang)}]({link(uri, entity_uri(a.id))}): "
        f"{text(entity, f'associations.{i}.text', lang)}"
        for i, a in enumerate(entity.associations)
    )]


def external_link(url: str, text: str) -> str:
    """A link to another site: a link is not a request, and the reader expects to tap a
    reference. ``rel`` keeps the other site from learning where the reader came from."""
    return (f'<a href="{html.escape(url, quote=True)}" rel="noopener noreferrer">'
            f"{html.escape(text, quote=False)}</a>")


def _article_link(kb: KnowledgeBase, number: int, lang: str = EN) -> str:
    """'Figure N' links to the published article: the site shows no radiograph."""
    if not kb.essay_url:
        return ""
    t = strings(lang)
    return (f"  \n**{t['see_radiograph']}:** "
            f"{external_link(kb.essay_url, t['figure_in_article'].format(n=number))}")


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
            for other in _entities_sorted(kb.entities.values(), lang)
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


# ------------------------------------------------------------------------------ section pages


def _entity_list(kb: KnowledgeBase, uri: str, entities: Iterable[Entity], lang: str = EN) -> list[str]:
    t = strings(lang)
    lines = []
    for entity in _entities_sorted(entities, lang):
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


def _mechanism_title(term: Term, lang: str) -> str:
    """'Dystrophic calcification', 'Calcificação distrófica': a mechanism page's title."""
    term_label = text(term, "label", lang)
    return strings(lang)["mechanism_title"].format(label=term_label if lang == EN else term_label.lower())


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
            e for e in _entities_sorted(kb.entities.values(), lang)
            if e.nav_section != compartment_id and compartment_id in e.compartments
        ),
        key=lambda e: STRENGTHS.index(e.compartments[compartment_id]),
    )
    also = [
        f"- {_badge(e.compartments[compartment_id], lang=lang)} "
        f"[{text(e, 'label', lang)}]({link(uri, entity_uri(e.id))}), "
        f"{t['also_listed']} [{nav_section_title(kb, e.nav_section, lang)}]"
        f"({link(uri, nav_section_uri(kb, e.nav_section))})"
        for e in elsewhere
    ]
    patterns: dict[str, list[Entity]] = {}
    for entity in _entities_sorted(own, lang):
        for pattern_id, level in entity.patterns.items():
            if level == "typical":
                patterns.setdefault(pattern_id, []).append(entity)
    pattern_lines = [
        f"- [{label(kb, 'pattern', p, lang)}]({link(uri, PATTERNS, p)}): {t['typical_of']} "
        + ", ".join(f"[{text(e, 'label', lang)}]({link(uri, entity_uri(e.id))})" for e in entities)
        for p, entities in sorted(patterns.items(), key=lambda item: list(kb.ids("pattern")).index(item[0]))
    ]
    figures = _figure_list(kb, uri, compartment_id, lang)
    definition = text(term, "definition", lang)
    lines = [
        # Its own title (the navigation's "Overview" would name nine pages alike).
        _front_matter(title=title, description=_plain(definition), search={"boost": SEARCH_BOOST}),
        "",
        f"# {title}",
        "",
        definition,
        "",
        f"*{t['also_described']}:* {', '.join(texts(term, 'synonyms', lang))}.",
        "",
        calculator_button(calculator_href, t["open_compartment"]),
        "",
        f"## {t['h_essay']} {{#essay}}",
        "",
        *(_essay_block(kb, [compartment_id], lang) if section else [t["not_essay_section"], ""]),
        f"## {t['h_comp_entities']} {{#entities}}",
        "",
        *_entity_list(kb, uri, own, lang),
        "",
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
        f"## {t['h_figures']} {{#figures}}",
        "",
        *(figures or [t["no_comp_figure"]]),
    ]
    return GeneratedPage(uri, _join(lines))


def group_page(kb: KnowledgeBase, group_id: str, lang: str = EN) -> GeneratedPage:
    uri = group_uri(group_id)
    t = strings(lang)
    section = kb.sections.get(group_id)
    title = text(section, "title", lang) if section else nav_section_title(kb, group_id, lang)
    own = [e for e in kb.entities.values() if e.nav_section == group_id]
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
    figures = _figure_list(kb, uri, group_id, lang)
    lines = [
        _front_matter(
            title=title,
            description=_plain(text(section, "summary", lang) if section else title),
            search={"boost": SEARCH_BOOST},
        ),
        "",
        f"# {title}",
        "",
        *lead,
        f"## {t['h_essay']} {{#essay}}",
        "",
        *(_essay_block(kb, [group_id], lang) if section else [t["not_essay_section"], ""]),
        f"## {t['h_group_entities']} {{#entities}}",
        "",
        *_entity_list(kb, uri, own, lang),
        "",
        f"## {t['h_figures']} {{#figures}}",
        "",
        *(figures or [t["no_group_figure"]]),
    ]
    return GeneratedPage(uri, _join(lines))


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
        for entity in _entities_sorted(entities, lang):
            others = [label(kb, "mechanism", m, lang) for m in entity.mechanism if m != mechanism_id]
            extra = f" ({t['also_mech']} {', '.join(others).lower()})" if others else ""
            grouped.append(f"- [{text(entity, 'label', lang)}]({link(uri, entity_uri(entity.id))}){extra}")
        grouped.append("")
    definition = text(term, "definition", lang)
    lines = [
        _front_matter(description=_plain(definition), search={"boost": SEARCH_BOOST}),
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
    return GeneratedPage(uri, _join(lines))


# ------------------------------------------------------------------------------ atlas, figures


def patterns_page(kb: KnowledgeBase, drawings: Set[str], lang: str = EN) -> GeneratedPage:
    uri = PATTERNS
    t = strings(lang)
    index = [
        f"- [{text(term, 'label', lang)}]({link(uri, PATTERNS, term.id)})"
        for term in kb.vocabulary["pattern"].values()
    ]
    lines = [
        _front_matter(description=t["atlas_description"]),
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
            e.id: e.patterns[term.id] for e in _entities_sorted(kb.entities.values(), lang)
            if term.id in e.patterns
        }
        drawing = _drawing(uri, term.id, term_label, drawings, lang)
        lines += [
            f"## {term_label} {{#{term.id}}}",
            "",
            *([f'<figure class="stc-atlas-drawing" markdown="span">{drawing}</figure>', ""]
              if drawing else []),
            text(term, "definition", lang),
            "",
            f"*{t['also_described']}:* {', '.join(texts(term, 'synonyms', lang))}.",
            "",
            *_strength_lines(
                showing,
                lambda i: f"[{text(kb.entities[i], 'label', lang)}]({link(uri, entity_uri(i))})",
                empty=t["no_entity_shows"], lang=lang,
            ),
            "",
        ]
    return GeneratedPage(uri, _join(lines))


def figures_page(kb: KnowledgeBase, lang: str = EN) -> GeneratedPage:
    uri = FIGURES
    t = strings(lang)
    lines = [
        _front_matter(description=t["figures_description"]),
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
    return GeneratedPage(uri, _join(lines))


def glossary_page(kb: KnowledgeBase, lang: str = EN) -> GeneratedPage:
    """The glossary; in Portuguese each term stands in both languages side by side."""
    if lang != EN:
        from build_tools.i18n_glossary import bilingual_glossary_page

        return bilingual_glossary_page(kb, lang)
    uri = GLOSSARY
    lines = [
        _front_matter(description="Terms and abbreviations used in STC Guide."),
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
    return GeneratedPage(uri, _join(lines))


# ------------------------------------------------------------------------------ fillers


def classification_table(kb: KnowledgeBase, from_uri: str = INDEX, lang: str = EN) -> str:
    """Compartments (rows) by mechanisms (columns), each cell linking its entities.

    An entity sits in every compartment where it is typical; entities without a typical
    compartment (systemic, metabolic causes) get a last row of their own.
    """
    mechanisms = list(kb.vocabulary["mechanism"].values())
    t = strings(lang)
    header = f"| {t['th_compartment']} | " + " | ".join(
        f"[{text(m, 'label', lang)}]({link(from_uri, mechanism_uri(m.id))})" for m in mechanisms
    ) + " |"
    rule = "|" + "---|" * (len(mechanisms) + 1)
    rows = [header, rule]

    def cell(entities: Iterable[Entity]) -> str:
        return "<br>".join(
            f"[{text(e, 'label', lang)}]({link(from_uri, entity_uri(e.id))})"
            for e in _entities_sorted(entities, lang)
        ) or "–"

    for compartment in kb.vocabulary["compartment"].values():
        here = [e for e in kb.entities.values() if e.compartments.get(compartment.id) == "typical"]
        rows.append(
            f"| [{text(compartment, 'label', lang)}]({link(from_uri, compartment_uri(compartment.id))}) | "
            + " | ".join(cell(e for e in here if m.id in e.mechanism) for m in mechanisms)
            + " |"
        )
    anywhere = [e for e in kb.entities.values() if "typical" not in e.compartments.values()]
    if anywhere:
        rows.append(
            f"| {t['any_compartment']} | "
            + " | ".join(cell(e for e in anywhere if m.id in e.mechanism) for m in mechanisms)
            + " |"
        )
    table = ['<div class="stc-classification" markdown>', "", *rows, "", "</div>"]
    return "\n".join([*table, "", *_classification_cards(kb, from_uri, mechanisms, lang)])


def _classification_cards(kb: KnowledgeBase, from_uri: str, mechanisms: list[Term], lang: str = EN) -> list[str]:
    """The same classification as one card per compartment, for phones (the table is wider
    than a phone's column): each card lists, by mechanism, the entities typical there."""
    groups: list[tuple[str, str | None, list[Entity]]] = [(text(c, "label", lang), compartment_uri(c.id),
               [e for e in kb.entities.values() if e.compartments.get(c.id) == "typical"])
              for c in kb.vocabulary["compartment"].values()]
    anywhere = [e for e in kb.entities.values() if "typical" not in e.compartments.values()]
    if anywhere:
        groups.append((strings(lang)["any_compartment"], None, anywhere))
    lines = ['<div class="stc-classification-cards" markdown>', ""]
    for label, uri, here in groups:
        title = f"[{label}]({link(from_uri, uri)})" if uri else label
        lines += ['<div class="stc-ccard" markdown>', "", f"**{title}**", ""]
        for m in mechanisms:
            members = _entities_sorted((e for e in here if m.id in e.mechanism), lang)
            if members:
                lines.append(f"- *{text(m, 'label', lang)}:* " + ", ".join(
                    f"[{text(e, 'label', lang)}]({link(from_uri, entity_uri(e.id))})" for e in members))
        lines += ["", "</div>", ""]
    lines.append("</div>")
    return lines


def references_list(kb: KnowledgeBase, lang: str = EN) -> str:
    """The essay and every named reference, each with an anchor entity pages link to.

    Each address is a real link (``rel="noopener noreferrer"``): following it is the reader's
    choice; the site itself still loads nothing from another origin.
    """
    essay_address = (
        f'  \n   <span class="stc-url">{external_link(kb.essay_url, kb.essay_url)}</span>'
        if kb.essay_url else ""
    )
    lines = [
        '<div class="stc-references" markdown>',
        "",
        f'1. <span id="{ESSAY_ANCHOR}"></span>{kb.essay_citation}  \n'
        f"   *{strings(lang)['essay_source_line']}*{essay_address}",
    ]
    for reference in kb.references.values():
        address = (
            f'  \n   <span class="stc-url">{external_link(reference.url, reference.url)}</span>'
            if reference.url else ""
        )
        lines.append(
            f'1. <span id="{reference_anchor(reference.id)}"></span>{reference.citation}  \n'
            f"   *{strings(lang)['used_for']}:* {text(reference, 'used_for', lang)}{address}"
        )
    return "\n".join([*lines, "", "</div>"])


def abbreviations(kb: KnowledgeBase) -> str:
    """Definitions for Python-Markdown's ``abbr`` extension: a tooltip wherever they appear."""
    lines = [
        f"*[{term.term}]: {term.expansion}"
        for term in kb.glossary
        if term.expansion and "]" not in term.term
    ]
    return "\n".join(lines)


# ------------------------------------------------------------------------------ all pages


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
