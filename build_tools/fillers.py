"""Markdown the hooks put into hand-written pages at a marker: the classification table on
the home page, the reference list on the About page, and the abbreviation tooltips."""

from __future__ import annotations

from collections.abc import Iterable

from build_tools.i18n_prose import EN, text
from build_tools.i18n_strings import strings
from build_tools.page_parts import entities_sorted, external_link
from build_tools.site_map import (
    ESSAY_ANCHOR,
    INDEX,
    compartment_uri,
    entity_uri,
    link,
    mechanism_uri,
    reference_anchor,
)
from calc.knowledge import Entity, KnowledgeBase, Term


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
            for e in entities_sorted(entities, lang)
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
            members = entities_sorted((e for e in here if m.id in e.mechanism), lang)
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
