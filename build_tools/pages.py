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
from calc.knowledge import STRENGTHS, Citation, Entity, KnowledgeBase, Term

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
    "metastatic": "Metastatic (metabolic)",
    "idiopathic": "Idiopathic",
    "calcinosis": "Calcinosis circumscripta and universalis",
    "tumours": "Must not miss: tumours (beyond the essay)",
}
"""Navigation groups that are not compartments, with their navigation titles."""

ENTITY_SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "Summary"),
    ("mechanism-and-compartment", "Mechanism and compartment"),
    ("where", "Where"),
    ("what-it-looks-like", "What it looks like"),
    ("beyond-the-radiograph", "Beyond the radiograph"),
    ("clinical-and-lab-clues", "Clinical and lab clues"),
    ("pearls-and-pitfalls", "Pearls and pitfalls"),
    ("in-the-report", "In the report"),
    ("look-alikes", "Look-alikes"),
    ("sources", "Sources"),
)
"""Every entity page has these headings, with these ids, in this order."""

CALCULATOR_LINK_TEXT = "Open in the calculator with these findings"
SEARCH_BOOST = 2
"""Material's per-page search boost for entity, compartment, group and mechanism pages: the
page about a subject outranks pages that merely mention it."""

EDUCATIONAL_NOTICE = (
    "**Educational use only.** A teaching summary of published material, not a diagnosis: "
    "do not use it to make or change decisions about a patient."
)
CLASSIFICATION_MARKER = "<!-- classification -->"
REFERENCES_MARKER = "<!-- references -->"

_LAB_NAMES = {
    "calcium": "Serum calcium",
    "phosphate": "Serum phosphate",
    "product": "Calcium × phosphate product",
}


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


def nav_section_title(kb: KnowledgeBase, nav_section: str) -> str:
    if nav_section in kb.vocabulary["compartment"]:
        return kb.label("compartment", nav_section)
    return GROUPS[nav_section]


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


def _badge(kind: str, text: str | None = None) -> str:
    shown = text or kind.capitalize()
    return f'<span class="stc-badge stc-badge--{kind}">{shown}</span>'


def _strength_lines(
    items: Mapping[str, str], render: Callable[[str], str], *, empty: str = ""
) -> list[str]:
    """One bullet per strength: typical first, then possible, each with its badge."""
    lines = []
    for strength in STRENGTHS:
        ids = [term_id for term_id, level in items.items() if level == strength]
        if ids:
            lines.append(f"- {_badge(strength)} " + ", ".join(render(i) for i in ids))
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


def _entities_sorted(entities: Iterable[Entity]) -> list[Entity]:
    return sorted(entities, key=lambda e: e.label.casefold())


def _age_text(entity: Entity) -> str:
    low, high = entity.age_min, entity.age_max
    if low is not None and high is not None:
        return f"Usually {low}–{high} years."
    if low is not None:
        return f"Usually {low} years or older."
    if high is not None:
        return f"Usually younger than {high} years."
    return ""


def calculator_button(href: str, text: str) -> str:
    """The calculator link: raw HTML, because MkDocs would read the fragment as an anchor."""
    return (
        f'<p class="stc-calc-link"><a class="md-button md-button--primary" '
        f'href="{html.escape(href, quote=True)}">{html.escape(text)}</a></p>'
    )


# ------------------------------------------------------------------------------ entity pages


def entity_page(
    kb: KnowledgeBase, entity: Entity, *, calculator_href: str, drawings: Set[str]
) -> GeneratedPage:
    """The page of one entity: fixed sections in a fixed order (see ``ENTITY_SECTIONS``)."""
    uri = entity_uri(entity.id)

    def to(target: str, anchor: str = "") -> str:
        return link(uri, target, anchor)

    lead = []
    other_names = [s for s in entity.synonyms if s.casefold() not in entity.label.casefold()]
    if other_names:
        lead.append(f"**Also called:** {', '.join(other_names)}.")
    if entity.abbreviations:
        lead.append(f"**Abbreviations:** {', '.join(entity.abbreviations)}.")

    body: dict[str, list[str]] = {}

    summary = [entity.summary, ""]
    summary += [f"- {fact}" for fact in entity.key_facts]
    body["summary"] = summary

    mechanisms = [
        f"- [{kb.label('mechanism', m)}]({to(mechanism_uri(m))}): "
        f"{kb.term('mechanism', m).definition}"
        for m in entity.mechanism
    ]
    compartments = _strength_lines(
        entity.compartments,
        lambda c: f"[{kb.label('compartment', c)}]({to(compartment_uri(c))})",
        empty="- No preferred compartment: it can appear in any of them.",
    )
    section_uri = nav_section_uri(kb, entity.nav_section)
    body["mechanism-and-compartment"] = [
        "**Mechanism**",
        "",
        *mechanisms,
        "",
        "**Compartment**",
        "",
        *compartments,
        "",
        f"Listed in this guide under "
        f"[{nav_section_title(kb, entity.nav_section)}]({to(section_uri)}).",
    ]

    body["where"] = [
        "**Sites**",
        "",
        *_strength_lines(entity.sites, lambda s: kb.label("site", s), empty="- Any site."),
        "",
        "**Distribution**",
        "",
        *_strength_lines(
            entity.distributions,
            lambda d: kb.label("distribution", d),
            empty="- No characteristic distribution recorded.",
        ),
    ]

    body["what-it-looks-like"] = [
        "Typical patterns are what a textbook case shows; possible ones occur but point to it "
        f"less. Every pattern is drawn and defined in the [pattern atlas]({to(PATTERNS)}).",
        "",
        '<div class="stc-patterns" markdown>',
        "",
        *(
            _pattern_card(kb, uri, pattern_id, strength, drawings)
            for strength in STRENGTHS
            for pattern_id, level in entity.patterns.items()
            if level == strength
        ),
        "</div>",
    ]

    clinical = _strength_lines(entity.clinical, lambda c: kb.label("clinical", c))
    against = [
        f"- {_badge('against', 'Argues against' if level == 'typical' else 'May argue against')} "
        + kb.label("clinical", term_id)
        for term_id, level in entity.clinical_against.items()
    ]
    labs = [
        f"- {_LAB_NAMES[analyte]}: "
        + " ".join(
            f"{_badge(level)} {state}"
            for level in STRENGTHS
            for state, state_level in states.items()
            if state_level == level
        )
        for analyte, states in entity.labs.items()
    ]
    age = _age_text(entity)
    body["beyond-the-radiograph"] = depth_md.beyond_radiograph_lines(kb, entity.depth, uri)
    body["in-the-report"] = depth_md.report_lines(kb, entity.depth, uri)
    body["clinical-and-lab-clues"] = [
        "**Clinical context**",
        "",
        *(clinical or ["- No characteristic clinical setting recorded."]),
        *against,
        "",
        *([f"**Age:** {age}", ""] if age else []),
        *depth_md.demographics_lines(kb, entity.depth, uri),
        "**Laboratory**",
        "",
        *(labs or ["- No characteristic laboratory pattern recorded."]),
        *_association_lines(kb, entity, uri),
    ]

    pearls = [f"- {p}" for p in entity.pearls]
    pitfalls = [f"- {p}" for p in entity.pitfalls]
    body["pearls-and-pitfalls"] = [
        "**Pearls**",
        "",
        *(pearls or ["- None recorded yet."]),
        "",
        "**Pitfalls**",
        "",
        *(pitfalls or ["- None recorded yet."]),
        "",
        f"Naming traps across the whole field are collected under "
        f"[Nomenclature and pitfalls]({to(NOMENCLATURE)}).",
    ]

    body["look-alikes"] = _lookalike_lines(kb, entity, uri)
    body["sources"] = _source_lines(kb, entity.citations, uri)

    lines = [
        _front_matter(
            description=_plain(entity.summary),
            search={"boost": SEARCH_BOOST},
        ),
        "",
        f"# {entity.label}",
        "",
        "  \n".join(lead),
        "",
        calculator_button(calculator_href, CALCULATOR_LINK_TEXT),
        "",
        f"{EDUCATIONAL_NOTICE} See [About and sources]({to(ABOUT)}).",
        '{ .stc-edu-notice role="note" }',
        "",
        *depth_md.lead_blocks(kb, entity.depth, uri),
    ]
    for section_id, heading in ENTITY_SECTIONS:
        lines += [f"## {heading} {{#{section_id}}}", "", *body[section_id], ""]
    return GeneratedPage(uri, _join(lines))


def _pattern_card(
    kb: KnowledgeBase, from_uri: str, pattern_id: str, strength: str, drawings: Set[str]
) -> str:
    term = kb.term("pattern", pattern_id)
    drawing = _drawing(from_uri, pattern_id, term.label, drawings)
    return _join([
        f'<figure class="stc-pattern stc-pattern--{strength}" markdown>',
        *([drawing] if drawing else []),
        "<figcaption markdown>",
        f"{_badge(strength)} [{term.label}]({link(from_uri, PATTERNS, pattern_id)})  ",
        term.definition,
        "</figcaption>",
        "</figure>",
        "",
    ])


def _drawing(from_uri: str, pattern_id: str, label: str, drawings: Set[str]) -> str:
    if pattern_id not in drawings:
        return ""
    src = link(from_uri, drawing_uri(pattern_id))
    return f'![Drawing: {label}]({src}){{ width="240" height="180" loading="lazy" }}'


def drawing_uri(pattern_id: str) -> str:
    return f"assets/patterns/{pattern_id}.svg"


def _association_lines(kb: KnowledgeBase, entity: Entity, uri: str) -> list[str]:
    """Conditions associated with the entity (not look-alikes): what to look for next."""
    if not entity.associations:
        return []
    return ["", "**Associated conditions to look for**", "", *(
        f"- [{kb.entities[a.id].label}]({link(uri, entity_uri(a.id))}): {a.text}"
        for a in entity.associations
    )]


def external_link(url: str, text: str) -> str:
    """A link to another site: a link is not a request, and the reader expects to tap a
    reference. ``rel`` keeps the other site from learning where the reader came from."""
    return (f'<a href="{html.escape(url, quote=True)}" rel="noopener noreferrer">'
            f"{html.escape(text, quote=False)}</a>")


def _article_link(kb: KnowledgeBase, number: int) -> str:
    """'Figure N' links to the published article: the site shows no radiograph."""
    if not kb.essay_url:
        return ""
    return f"  \n**See the radiograph:** {external_link(kb.essay_url, f'Figure {number} in the published article')}"


def _lookalike_lines(kb: KnowledgeBase, entity: Entity, uri: str) -> list[str]:
    lines = [
        f"- [{kb.entities[look.id].label}]({link(uri, entity_uri(look.id))}): {look.tell}"
        for look in entity.lookalikes
    ]
    if not lines:
        lines.append("- No look-alike recorded yet.")
    named = {look.id for look in entity.lookalikes} | {entity.id}
    shared = []
    for pattern_id, level in entity.patterns.items():
        if level != "typical":
            continue
        others = [
            other
            for other in _entities_sorted(kb.entities.values())
            if other.id not in named and other.patterns.get(pattern_id) == "typical"
        ]
        if others:
            links = ", ".join(f"[{o.label}]({link(uri, entity_uri(o.id))})" for o in others)
            pattern = kb.label("pattern", pattern_id)
            shared.append(
                f"- [{pattern}]({link(uri, PATTERNS, pattern_id)}) is also typical of {links}."
            )
    if shared:
        lines += ["", "**Same typical pattern**", "", *shared]
    return lines


def citation_text(kb: KnowledgeBase, citation: Citation, from_uri: str) -> str:
    """One citation as inline Markdown: essay section and figures, or a named reference."""
    parts = []
    if citation.section:
        section = kb.sections[citation.section]
        page, anchor = section_page(kb, section.id)
        parts.append(f"Essay, section [{section.title}]({link(from_uri, page, anchor)})")
    if citation.figures:
        figures = ", ".join(
            f"[Fig. {n}]({link(from_uri, FIGURES, figure_anchor(n))})" for n in citation.figures
        )
        article = f" ({external_link(kb.essay_url, 'radiograph in the article')})" if kb.essay_url else ""
        parts.append(("figures " if len(citation.figures) > 1 else "figure ") + figures + article)
    listed = ""
    if citation.reference:
        reference = kb.references[citation.reference]
        parts.append(reference.citation)
        listed = f" ([reference list]({link(from_uri, ABOUT, reference_anchor(reference.id))}))"
    text = "; ".join(parts)
    if citation.note:
        text += f" *{citation.note.rstrip('.')}.*"
    return text + listed


def _source_lines(kb: KnowledgeBase, citations: Iterable[Citation], uri: str) -> list[str]:
    lines = [f"- {citation_text(kb, citation, uri)}" for citation in citations]
    lines += [
        "",
        f"The essay: {kb.essay_citation} "
        + (f"({external_link(kb.essay_url, 'read the article')}; " if kb.essay_url else "(")
        + f"[reference list]({link(uri, ABOUT, ESSAY_ANCHOR)}))",
    ]
    return lines


# ------------------------------------------------------------------------------ section pages


def _entity_list(kb: KnowledgeBase, uri: str, entities: Iterable[Entity]) -> list[str]:
    lines = []
    for entity in _entities_sorted(entities):
        typical = [p for p, level in entity.patterns.items() if level == "typical"]
        looks = ", ".join(
            f"[{kb.label('pattern', p)}]({link(uri, PATTERNS, p)})" for p in typical
        )
        mechanisms = ", ".join(kb.label("mechanism", m) for m in entity.mechanism)
        lines.append(
            f"- **[{entity.label}]({link(uri, entity_uri(entity.id))})**: {entity.summary}  \n"
            f"  *Mechanism:* {mechanisms}." + (f" *Typical look:* {looks}." if looks else "")
        )
    return lines or ["- None."]


def _figure_list(kb: KnowledgeBase, uri: str, section_id: str) -> list[str]:
    return [
        f"- [Figure {f.number}: {f.title}]({link(uri, FIGURES, figure_anchor(f.number))})"
        for f in kb.figures.values()
        if f.section == section_id
    ]


def _essay_block(kb: KnowledgeBase, section_ids: Iterable[str]) -> list[str]:
    lines = []
    for section_id in section_ids:
        section = kb.sections[section_id]
        lines += [f"**Essay section: {section.title}.** {section.summary}", ""]
    return lines


def compartment_page(
    kb: KnowledgeBase, compartment_id: str, *, calculator_href: str
) -> GeneratedPage:
    uri = compartment_uri(compartment_id)
    term = kb.term("compartment", compartment_id)
    section = kb.sections.get(compartment_id)
    title = section.title if section else f"{term.label} compartment"
    own = [e for e in kb.entities.values() if e.nav_section == compartment_id]
    elsewhere = sorted(
        (
            e for e in _entities_sorted(kb.entities.values())
            if e.nav_section != compartment_id and compartment_id in e.compartments
        ),
        key=lambda e: STRENGTHS.index(e.compartments[compartment_id]),
    )
    also = [
        f"- {_badge(e.compartments[compartment_id])} [{e.label}]({link(uri, entity_uri(e.id))}), "
        f"listed under [{nav_section_title(kb, e.nav_section)}]"
        f"({link(uri, nav_section_uri(kb, e.nav_section))})"
        for e in elsewhere
    ]
    patterns: dict[str, list[Entity]] = {}
    for entity in _entities_sorted(own):
        for pattern_id, level in entity.patterns.items():
            if level == "typical":
                patterns.setdefault(pattern_id, []).append(entity)
    pattern_lines = [
        f"- [{kb.label('pattern', p)}]({link(uri, PATTERNS, p)}): typical of "
        + ", ".join(f"[{e.label}]({link(uri, entity_uri(e.id))})" for e in entities)
        for p, entities in sorted(patterns.items(), key=lambda item: list(kb.ids("pattern")).index(item[0]))
    ]
    figures = _figure_list(kb, uri, compartment_id)
    lines = [
        # Its own title (the navigation's "Overview" would name nine pages alike).
        _front_matter(title=title, description=_plain(term.definition), search={"boost": SEARCH_BOOST}),
        "",
        f"# {title}",
        "",
        term.definition,
        "",
        f"*Also described as:* {', '.join(term.synonyms)}.",
        "",
        calculator_button(calculator_href, "Open the calculator with this compartment"),
        "",
        "## What the essay covers {#essay}",
        "",
        *(_essay_block(kb, [compartment_id]) if section else ["Not a section of the essay.", ""]),
        "## Entities in this compartment {#entities}",
        "",
        *_entity_list(kb, uri, own),
        "",
        "## Also seen here {#also-seen-here}",
        "",
        "Entities listed elsewhere in this guide that can involve this compartment.",
        "",
        *(also or ["- None."]),
        "",
        "## Patterns to look for {#patterns}",
        "",
        *(pattern_lines or ["- None."]),
        "",
        "## Essay illustrations {#figures}",
        "",
        *(figures or ["- The essay has no figure for this compartment."]),
    ]
    return GeneratedPage(uri, _join(lines))


def group_page(kb: KnowledgeBase, group_id: str) -> GeneratedPage:
    uri = group_uri(group_id)
    section = kb.sections.get(group_id)
    title = section.title if section else GROUPS[group_id]
    own = [e for e in kb.entities.values() if e.nav_section == group_id]
    lead: list[str] = []
    if group_id in kb.vocabulary["mechanism"]:
        term = kb.term("mechanism", group_id)
        lead = [
            term.definition,
            "",
            f"The same entities, with every other cause of this mechanism, are listed under "
            f"[{term.label} mechanism]({link(uri, mechanism_uri(group_id))}).",
            "",
        ]
    figures = _figure_list(kb, uri, group_id)
    lines = [
        _front_matter(
            title=title,
            description=_plain(section.summary if section else title),
            search={"boost": SEARCH_BOOST},
        ),
        "",
        f"# {title}",
        "",
        *lead,
        "## What the essay covers {#essay}",
        "",
        *(_essay_block(kb, [group_id]) if section else ["Not a section of the essay.", ""]),
        "## Entities in this group {#entities}",
        "",
        *_entity_list(kb, uri, own),
        "",
        "## Essay illustrations {#figures}",
        "",
        *(figures or ["- The essay has no figure for this group."]),
    ]
    return GeneratedPage(uri, _join(lines))


def mechanism_page(kb: KnowledgeBase, mechanism_id: str) -> GeneratedPage:
    uri = mechanism_uri(mechanism_id)
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
            f"**[{nav_section_title(kb, nav_section)}]({link(uri, nav_section_uri(kb, nav_section))})**",
            "",
        ]
        for entity in _entities_sorted(entities):
            others = [kb.label("mechanism", m) for m in entity.mechanism if m != mechanism_id]
            extra = f" (also {', '.join(others).lower()})" if others else ""
            grouped.append(f"- [{entity.label}]({link(uri, entity_uri(entity.id))}){extra}")
        grouped.append("")
    lines = [
        _front_matter(description=_plain(term.definition), search={"boost": SEARCH_BOOST}),
        "",
        f"# {term.label} calcification",
        "",
        term.definition,
        "",
        f"*Also described as:* {', '.join(term.synonyms)}.",
        "",
        "## What the essay covers {#essay}",
        "",
        *(_essay_block(kb, sections) or ["No section of the essay is devoted to it.", ""]),
        "## Entities {#entities}",
        "",
        f"{len(members)} of the {len(kb.entities)} entities in this guide have this mechanism, "
        "grouped here by where the guide lists them.",
        "",
        *grouped,
    ]
    return GeneratedPage(uri, _join(lines))


# ------------------------------------------------------------------------------ atlas, figures


def patterns_page(kb: KnowledgeBase, drawings: Set[str]) -> GeneratedPage:
    uri = PATTERNS
    index = [
        f"- [{term.label}]({link(uri, PATTERNS, term.id)})"
        for term in kb.vocabulary["pattern"].values()
    ]
    lines = [
        _front_matter(description="Every radiographic pattern of the guide, drawn and defined."),
        "",
        "# Pattern atlas",
        "",
        "Each pattern of the guide's vocabulary with a schematic drawing made for STC Guide (the "
        "essay's radiographs are not reproduced), its definition, the words radiology reports use "
        "for it, and the entities that show it. *Typical* means a textbook case shows it; "
        "*possible* means it occurs but points to the entity less.",
        "",
        '<div class="stc-columns" markdown>',
        "",
        *index,
        "",
        "</div>",
        "",
    ]
    for term in kb.vocabulary["pattern"].values():
        showing = {
            e.id: e.patterns[term.id] for e in _entities_sorted(kb.entities.values())
            if term.id in e.patterns
        }
        drawing = _drawing(uri, term.id, term.label, drawings)
        lines += [
            f"## {term.label} {{#{term.id}}}",
            "",
            *([f'<figure class="stc-atlas-drawing" markdown="span">{drawing}</figure>', ""]
              if drawing else []),
            term.definition,
            "",
            f"*Also described as:* {', '.join(term.synonyms)}.",
            "",
            *_strength_lines(
                showing,
                lambda i: f"[{kb.entities[i].label}]({link(uri, entity_uri(i))})",
                empty="- No entity of the guide shows it.",
            ),
            "",
        ]
    return GeneratedPage(uri, _join(lines))


def figures_page(kb: KnowledgeBase) -> GeneratedPage:
    uri = FIGURES
    lines = [
        _front_matter(description="The essay's sections and figures, restated by STC Guide."),
        "",
        "# Figures of the essay",
        "",
        f"The guide is built on one pictorial essay: {kb.essay_citation} This page restates, "
        "in the project's own words, what each section of the essay covers and what each of "
        "its figures shows, with the entities it illustrates. The radiographs themselves are "
        "not reproduced: read the original article to see them"
        + (f" ({external_link(kb.essay_url, kb.essay_url)})." if kb.essay_url else "."),
        "",
        "## The essay, section by section {#essay-sections}",
        "",
    ]
    for section in kb.sections.values():
        page, anchor = section_page(kb, section.id)
        covered = "" if page == FIGURES else f" Covered in [{section.title}]({link(uri, page, anchor)})."
        numbers = [f.number for f in kb.figures.values() if f.section == section.id]
        figs = (
            " Figures: " + ", ".join(f"[{n}](#{figure_anchor(n)})" for n in numbers) + "."
            if numbers
            else ""
        )
        lines.append(
            f'- <span id="{essay_anchor(section.id)}"></span>**{section.title}.** '
            f"{section.summary}{covered}{figs}"
        )
    lines.append("")
    for figure in kb.figures.values():
        section = kb.sections[figure.section]
        page, anchor = section_page(kb, section.id)
        entities = ", ".join(
            f"[{kb.entities[e].label}]({link(uri, entity_uri(e))})" for e in figure.entities
        )
        lines += [
            f"## Figure {figure.number}: {figure.title} {{#{figure_anchor(figure.number)}}}",
            "",
            f"**Essay section:** [{section.title}]({link(uri, page, anchor)})  ",
            f"**What it shows:** {figure.shows}  ",
            f"**Look for:** {figure.look_for}  ",
            f"**Entities:** {entities}" + _article_link(kb, figure.number),
            "",
        ]
    return GeneratedPage(uri, _join(lines))


def glossary_page(kb: KnowledgeBase) -> GeneratedPage:
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


def classification_table(kb: KnowledgeBase, from_uri: str = INDEX) -> str:
    """Compartments (rows) by mechanisms (columns), each cell linking its entities.

    An entity sits in every compartment where it is typical; entities without a typical
    compartment (systemic, metabolic causes) get a last row of their own.
    """
    mechanisms = list(kb.vocabulary["mechanism"].values())
    header = "| Compartment | " + " | ".join(
        f"[{m.label}]({link(from_uri, mechanism_uri(m.id))})" for m in mechanisms
    ) + " |"
    rule = "|" + "---|" * (len(mechanisms) + 1)
    rows = [header, rule]

    def cell(entities: Iterable[Entity]) -> str:
        return "<br>".join(
            f"[{e.label}]({link(from_uri, entity_uri(e.id))})" for e in _entities_sorted(entities)
        ) or "–"

    for compartment in kb.vocabulary["compartment"].values():
        here = [e for e in kb.entities.values() if e.compartments.get(compartment.id) == "typical"]
        rows.append(
            f"| [{compartment.label}]({link(from_uri, compartment_uri(compartment.id))}) | "
            + " | ".join(cell(e for e in here if m.id in e.mechanism) for m in mechanisms)
            + " |"
        )
    anywhere = [e for e in kb.entities.values() if "typical" not in e.compartments.values()]
    if anywhere:
        rows.append(
            "| Any compartment | "
            + " | ".join(cell(e for e in anywhere if m.id in e.mechanism) for m in mechanisms)
            + " |"
        )
    table = ['<div class="stc-classification" markdown>', "", *rows, "", "</div>"]
    return "\n".join([*table, "", *_classification_cards(kb, from_uri, mechanisms)])


def _classification_cards(kb: KnowledgeBase, from_uri: str, mechanisms: list[Term]) -> list[str]:
    """The same classification as one card per compartment, for phones (the table is wider
    than a phone's column): each card lists, by mechanism, the entities typical there."""
    groups: list[tuple[str, str | None, list[Entity]]] = [(c.label, compartment_uri(c.id),
               [e for e in kb.entities.values() if e.compartments.get(c.id) == "typical"])
              for c in kb.vocabulary["compartment"].values()]
    anywhere = [e for e in kb.entities.values() if "typical" not in e.compartments.values()]
    if anywhere:
        groups.append(("Any compartment", None, anywhere))
    lines = ['<div class="stc-classification-cards" markdown>', ""]
    for label, uri, here in groups:
        title = f"[{label}]({link(from_uri, uri)})" if uri else label
        lines += ['<div class="stc-ccard" markdown>', "", f"**{title}**", ""]
        for m in mechanisms:
            members = _entities_sorted(e for e in here if m.id in e.mechanism)
            if members:
                lines.append(f"- *{m.label}:* " + ", ".join(
                    f"[{e.label}]({link(from_uri, entity_uri(e.id))})" for e in members))
        lines += ["", "</div>", ""]
    lines.append("</div>")
    return lines


def references_list(kb: KnowledgeBase) -> str:
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
        f"   *The source essay of every clinical fact in the guide.*{essay_address}",
    ]
    for reference in kb.references.values():
        address = (
            f'  \n   <span class="stc-url">{external_link(reference.url, reference.url)}</span>'
            if reference.url else ""
        )
        lines.append(
            f'1. <span id="{reference_anchor(reference.id)}"></span>{reference.citation}  \n'
            f"   *Used for:* {reference.used_for}{address}"
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
) -> list[GeneratedPage]:
    """Every virtual page. ``calculator_href(src_uri, findings)`` builds calculator links."""
    pages = [
        entity_page(
            kb, entity,
            calculator_href=calculator_href(entity_uri(entity.id), entity.typical_findings()),
            drawings=drawings,
        )
        for entity in kb.entities.values()
    ]
    pages += [
        compartment_page(
            kb, c,
            calculator_href=calculator_href(compartment_uri(c), {"compartment": [c]}),
        )
        for c in kb.vocabulary["compartment"]
    ]
    pages += [mechanism_page(kb, m) for m in kb.vocabulary["mechanism"]]
    pages += [group_page(kb, g) for g in GROUPS]
    pages += [patterns_page(kb, drawings), figures_page(kb), glossary_page(kb)]
    return pages
