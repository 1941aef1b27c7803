"""Red flags for a soft-tissue tumour: a 'must not miss' notice that overrides the ranking.

The essay leaves tumours out of scope, yet a calcified mass can be a sarcoma. The ranking
weighs how well findings fit each entity; a safety notice must not depend on that balance.
So the flags, the rule and every word of the notice live in ``calc/data/red-flags.json``
(with the reasoning and its sources in its comment), and :func:`must_not_miss` applies them
to a finding set: a flag marked ``alone`` raises the notice by itself; a ``mass`` flag
raises it together with any other flag.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from calc.findings import FindingSet
from calc.knowledge import FINDING_CATEGORIES, KnowledgeBase, KnowledgeError, _read_json, load_knowledge

FILE = "red-flags.json"
ROLES: tuple[str, ...] = ("alone", "mass", "support")


@dataclass(frozen=True)
class Flag:
    """One red-flag finding: a vocabulary id (present or explicitly absent) or an age band."""

    id: str
    label: str
    role: str
    category: str | None = None
    term_id: str | None = None
    absent: bool = False
    age_min: int | None = None
    age_max: int | None = None

    def present(self, findings: FindingSet) -> bool:
        if self.category is not None and self.term_id is not None:
            given = findings.absent_ids(self.category) if self.absent else findings.ids(self.category)
            return self.term_id in given
        if findings.age is None or self.age_min is None or self.age_max is None:
            return False
        return self.age_min <= findings.age <= self.age_max


@dataclass(frozen=True)
class RedFlags:
    title: str
    text: str
    next_step: str
    entities: tuple[str, ...]
    flags: tuple[Flag, ...]
    citations: tuple[str, ...] = ()


def _error(field: str, problem: str) -> KnowledgeError:
    return KnowledgeError(f"calc/data/{FILE}, field '{field}': {problem}")


def _string(raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _error(key, "must be a non-empty string")
    return value.strip()


def _flag(item: Any, kb: KnowledgeBase) -> Flag:
    if not isinstance(item, Mapping):
        raise _error("flags", f"entry {item!r} is not a mapping")
    flag_id, label, role = item.get("id"), item.get("label"), item.get("role")
    if not isinstance(flag_id, str) or not isinstance(label, str) or not label.strip():
        raise _error("flags", f"entry {item!r} needs an 'id' and a 'label'")
    if role not in ROLES:
        raise _error("flags", f"flag '{flag_id}': role must be one of {', '.join(ROLES)}")
    finding, age = item.get("finding"), item.get("age")
    if isinstance(finding, Mapping):
        category, term_id = finding.get("category"), finding.get("id")
        if category not in FINDING_CATEGORIES or term_id not in kb.vocabulary[str(category)]:
            raise _error("flags", f"flag '{flag_id}': unknown finding {category}:{term_id}")
        return Flag(flag_id, label, str(role), str(category), str(term_id), finding.get("absent") is True)
    if isinstance(age, Mapping) and isinstance(age.get("min"), int) and isinstance(age.get("max"), int):
        return Flag(flag_id, label, str(role), age_min=age["min"], age_max=age["max"])
    raise _error("flags", f"flag '{flag_id}' needs a 'finding' {{category, id}} or an 'age' {{min, max}}")


@cache
def load_red_flags(kb: KnowledgeBase | None = None) -> RedFlags:
    """Read and check the red-flag data against the vocabulary and the entities."""
    kb = kb or load_knowledge()
    raw = _read_json(FILE)
    if not isinstance(raw, Mapping):
        raise _error("(file)", "must hold one JSON object")
    entities = raw.get("entities")
    if not isinstance(entities, list) or not entities or any(e not in kb.entities for e in entities):
        raise _error("entities", f"must list entity ids of the knowledge base, got {entities!r}")
    citations = raw.get("citations", [])
    if not isinstance(citations, list):
        raise _error("citations", "must be a list of reference ids")
    for ref in citations:
        if ref not in kb.references:
            raise _error("citations", f"unknown reference '{ref}'")
    flags = raw.get("flags")
    if not isinstance(flags, list) or not flags:
        raise _error("flags", "at least one flag is required")
    return RedFlags(
        title=_string(raw, "title"),
        text=_string(raw, "text"),
        next_step=_string(raw, "next_step"),
        entities=tuple(entities),
        flags=tuple(_flag(item, kb) for item in flags),
        citations=tuple(citations),
    )


def must_not_miss(findings: FindingSet, kb: KnowledgeBase | None = None) -> dict[str, Any] | None:
    """The notice (CONTRACT.md shape) when the red-flag rule fires, else None."""
    kb = kb or load_knowledge()
    data = load_red_flags(kb)
    present = [flag for flag in data.flags if flag.present(findings)]
    fires = any(f.role == "alone" for f in present) or (
        any(f.role == "mass" for f in present) and len(present) >= 2
    )
    if not fires:
        return None
    return {
        "title": data.title,
        "text": data.text,
        "next_step": data.next_step,
        "entities": [
            {"id": e, "label": kb.entities[e].label, "page": kb.entities[e].page} for e in data.entities
        ],
        "flags": [flag.label for flag in present],
    }
