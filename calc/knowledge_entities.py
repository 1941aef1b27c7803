"""Read and check one entity file, and the links between entities once all are read.

An entity's features name vocabulary ids with a strength, its labs name analyte states, its
look-alikes and associations name other entities, and every part is sourced. A mistake stops
loading with a message naming file, entity and field (see :mod:`calc.knowledge_fields`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from calc.depth import parse_depth
from calc.knowledge_fields import Where, citations_of, field_text, field_texts
from calc.knowledge_records import (
    LAB_STATES,
    NAV_SECTIONS,
    PREVALENCES,
    STRENGTHS,
    Association,
    Entity,
    EssayFigure,
    EssaySection,
    LookAlike,
    Reference,
    Term,
)

# Entity field -> vocabulary category whose ids it may use.
_FEATURE_FIELDS: dict[str, str] = {
    "compartments": "compartment",
    "patterns": "pattern",
    "sites": "site",
    "distributions": "distribution",
    "clinical": "clinical",
    "clinical_against": "clinical",
}


def _strength_map(
    where: Where, record: Mapping[str, Any], key: str, allowed: Mapping[str, Term]
) -> dict[str, str]:
    value = record.get(key, {})
    if not isinstance(value, dict):
        raise where.error(key, "must be a mapping of id to strength")
    for term_id, strength in value.items():
        if term_id not in allowed:
            raise where.error(
                key, f"unknown id '{term_id}'; accepted: {', '.join(sorted(allowed))}"
            )
        if strength not in STRENGTHS:
            raise where.error(key, f"strength of '{term_id}' must be one of {', '.join(STRENGTHS)}")
    return dict(value)


def _labs(where: Where, record: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    value = record.get("labs", {})
    if not isinstance(value, dict):
        raise where.error("labs", "must be a mapping")
    labs: dict[str, dict[str, str]] = {}
    for analyte, states in value.items():
        if analyte not in LAB_STATES or not isinstance(states, dict):
            raise where.error("labs", f"unknown analyte '{analyte}'; accepted: {', '.join(LAB_STATES)}")
        for state, strength in states.items():
            if state not in LAB_STATES[analyte] or strength not in STRENGTHS:
                raise where.error(
                    "labs",
                    f"'{analyte}: {state}: {strength}' is not accepted; states are "
                    f"{', '.join(LAB_STATES[analyte])}, strengths {', '.join(STRENGTHS)}",
                )
        labs[analyte] = dict(states)
    return labs


def load_entity(file: str, record: Any, vocabulary: Mapping[str, Mapping[str, Term]],
                sections: Mapping[str, EssaySection], figures: Mapping[int, EssayFigure],
                refs: Mapping[str, Reference]) -> Entity:
    """One entity file's record (``file`` names it in errors), checked field by field."""
    if not isinstance(record, dict):
        raise Where(file).error("(file)", "must hold one JSON object")
    entity_id = record.get("id")
    where = Where(file, entity_id if isinstance(entity_id, str) else None)
    if not isinstance(entity_id, str) or f"entities/{entity_id}.json" != file:
        raise where.error("id", "must be a string equal to the file name")
    mechanism = field_texts(where, record, "mechanism", min_items=1)
    for mech in mechanism:
        if mech not in vocabulary["mechanism"]:
            raise where.error("mechanism", f"unknown mechanism '{mech}'")
    nav = field_text(where, record, "nav_section")
    if nav not in NAV_SECTIONS:
        raise where.error("nav_section", f"'{nav}' is not one of {', '.join(NAV_SECTIONS)}")
    prevalence = field_text(where, record, "prevalence")
    if prevalence not in PREVALENCES:
        raise where.error("prevalence", f"'{prevalence}' is not one of {', '.join(PREVALENCES)}")
    features = {
        key: _strength_map(where, record, key, vocabulary[category])
        for key, category in _FEATURE_FIELDS.items()
    }
    if not features["compartments"] and nav not in ("metastatic",):
        raise where.error("compartments", "an entity outside the metastatic group needs a compartment")
    if not features["patterns"]:
        raise where.error("patterns", "at least one pattern is required")
    age = record.get("age")
    age_min = age_max = None
    if age is not None:
        if not isinstance(age, dict) or set(age) - {"min", "max"}:
            raise where.error("age", "must be null or a mapping with 'min' and/or 'max'")
        age_min, age_max = age.get("min"), age.get("max")
        for bound in (age_min, age_max):
            if bound is not None and (not isinstance(bound, int) or not 0 <= bound <= 120):
                raise where.error("age", f"bound {bound!r} is not a whole number of years from 0 to 120")
    lookalikes = []
    for item in record.get("lookalikes", []):
        if not isinstance(item, dict):
            raise where.error("lookalikes", f"entry {item!r} is not a mapping")
        other = item.get("id")
        if not isinstance(other, str) or not other:
            raise where.error("lookalikes", f"entry {item!r} has no id")
        lookalikes.append(LookAlike(id=other, tell=field_text(where, item, "tell")))
    associations = []
    raw_associations = record.get("associations", [])
    if not isinstance(raw_associations, list):
        raise where.error("associations", "must be a list of {\"id\", \"text\"} mappings")
    for item in raw_associations:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
            raise where.error("associations", f"entry {item!r} needs an entity 'id' and a 'text'")
        associations.append(Association(id=item["id"], text=field_text(where, item, "text")))
    depth = parse_depth(
        record,
        lambda items, name: citations_of(where, {"citations": items}, sections, figures, refs, name),
        where.error,
    )
    return Entity(
        id=entity_id,
        label=field_text(where, record, "label"),
        synonyms=field_texts(where, record, "synonyms"),
        abbreviations=field_texts(where, record, "abbreviations"),
        search_terms=field_texts(where, record, "search_terms"),
        mechanism=mechanism,
        nav_section=nav,
        prevalence=prevalence,
        compartments=features["compartments"],
        patterns=features["patterns"],
        sites=features["sites"],
        distributions=features["distributions"],
        clinical=features["clinical"],
        clinical_against=features["clinical_against"],
        labs=_labs(where, record),
        age_min=age_min,
        age_max=age_max,
        summary=field_text(where, record, "summary"),
        key_facts=field_texts(where, record, "key_facts", min_items=1),
        pearls=field_texts(where, record, "pearls"),
        pitfalls=field_texts(where, record, "pitfalls"),
        lookalikes=tuple(lookalikes),
        citations=citations_of(where, record, sections, figures, refs),
        associations=tuple(associations),
        depth=depth,
    )


def check_cross_references(entities: Mapping[str, Entity], figures: Mapping[int, EssayFigure]) -> None:
    """Look-alikes, associations and figures name entities that exist; no name is two entities'."""
    for entity in entities.values():
        for look in entity.lookalikes:
            if look.id not in entities:
                raise Where(f"entities/{entity.id}.json", entity.id).error(
                    "lookalikes", f"look-alike '{look.id}' is not an entity"
                )
            if look.id == entity.id:
                raise Where(f"entities/{entity.id}.json", entity.id).error(
                    "lookalikes", "an entity cannot be its own look-alike"
                )
        for assoc in entity.associations:
            if assoc.id not in entities or assoc.id == entity.id:
                raise Where(f"entities/{entity.id}.json", entity.id).error(
                    "associations", f"'{assoc.id}' is not another entity"
                )
    for figure in figures.values():
        for entity_id in figure.entities:
            if entity_id not in entities:
                raise Where("essay.json", f"figure {figure.number}").error(
                    "entities", f"unknown entity '{entity_id}'"
                )
    owner: dict[str, str] = {}
    for entity in entities.values():
        for name in (entity.label, *entity.synonyms):
            key = name.casefold()
            if key in owner and owner[key] != entity.id:
                raise Where(f"entities/{entity.id}.json", entity.id).error(
                    "synonyms", f"'{name}' is also a name of '{owner[key]}'"
                )
            owner[key] = entity.id
