"""Finding sets: the engine's input, parsed and validated against the vocabulary.

A finding set is what a reader saw (compartment, pattern, site, distribution, clinical
context), the age, the labs, and what was explicitly ruled out ('no trauma'). Strict parsing
is for the command line and the tests, where an unknown id is a mistake to report; lenient
parsing is for URLs and the browser form, where it becomes a visible note instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from calc.knowledge import FINDING_CATEGORIES, KnowledgeBase

LAB_KEYS: tuple[str, ...] = (
    "calcium",
    "calcium_unit",
    "phosphate",
    "phosphate_unit",
    "albumin",
    "albumin_unit",
)
TOP_LEVEL_KEYS: tuple[str, ...] = (*FINDING_CATEGORIES, "absent", "age", "labs")
MAX_AGE = 120
MAX_IDS_PER_CATEGORY = 40


class FindingsError(ValueError):
    """A finding set names an unknown key or id; the message lists what is accepted."""


@dataclass(frozen=True)
class FindingSet:
    """Validated findings. Ids keep the order in which they were given, without repeats."""

    present: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    absent: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    age: int | None = None
    labs: Mapping[str, Any] = field(default_factory=dict)

    def ids(self, category: str) -> tuple[str, ...]:
        return self.present.get(category, ())

    def absent_ids(self, category: str) -> tuple[str, ...]:
        return self.absent.get(category, ())

    def is_empty(self) -> bool:
        return not any(self.present.values()) and not any(self.absent.values()) and self.age is None and not self.labs

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {c: list(self.present[c]) for c in FINDING_CATEGORIES if self.present.get(c)}
        absent = {c: list(self.absent[c]) for c in FINDING_CATEGORIES if self.absent.get(c)}
        if absent:
            out["absent"] = absent
        if self.age is not None:
            out["age"] = self.age
        if self.labs:
            out["labs"] = dict(self.labs)
        return out


def _as_id_list(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    return None


def _unique(ids: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def age_range(lang: str = "en") -> str:
    """What an age may be, as a sentence: one wording for a finding set and the CLI's --age."""
    from calc.text_findings import WORDS as PROBLEMS
    from calc.ui_text import pick

    return pick(PROBLEMS, lang)["age_range"].format(max=MAX_AGE)


def parse_age(value: Any, lang: str = "en") -> int:
    """Whole years from 0 to 120; a float with no fraction or a digit string is accepted."""
    if isinstance(value, bool):
        raise FindingsError("age: " + age_range(lang))
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 3:
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or not 0 <= value <= MAX_AGE:
        raise FindingsError("age: " + age_range(lang))
    return value


def parse_findings(raw: Any, kb: KnowledgeBase, *, strict: bool = True,
                   lang: str = "en") -> tuple[FindingSet, list[str]]:
    """Validate a finding-set mapping; returns the set and, when lenient, notes on what was dropped
    (the notes on a category's ids in ``lang``: the calculator page shows them)."""
    from calc.text_findings import WORDS as PROBLEMS
    from calc.text_web import CATEGORY_LABELS, WORDS
    from calc.ui_text import pick

    notes: list[str] = []
    words = pick(WORDS, lang)
    say = pick(PROBLEMS, lang)

    def name(category: str) -> str:
        return category if lang == "en" else pick(CATEGORY_LABELS, lang)[category].lower()

    def problem(message: str) -> None:
        if strict:
            raise FindingsError(message)
        notes.append(message)

    if not isinstance(raw, Mapping):
        raise FindingsError(say["not_object"].format(example='{"pattern": ["rice-grain"]}'))
    for key in raw:
        if key not in TOP_LEVEL_KEYS:
            problem(say["unknown_key"].format(key=str(key)[:40], accepted=", ".join(TOP_LEVEL_KEYS)))

    def read_categories(source: Mapping[str, Any], label: str) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for category in FINDING_CATEGORIES:
            if category not in source:
                continue
            ids = _as_id_list(source[category])
            if ids is None:
                problem(words["ids_expected"].format(label=label, category=name(category)))
                continue
            accepted = kb.vocabulary[category]
            kept = []
            for term_id in ids[:MAX_IDS_PER_CATEGORY]:
                if term_id in accepted:
                    kept.append(term_id)
                else:
                    problem(words["unknown_id"].format(label=label, category=name(category), id=term_id[:40],
                                                      accepted=", ".join(accepted)))
            if kept:
                out[category] = _unique(kept)
        return out

    present = read_categories(raw, "")
    absent: dict[str, tuple[str, ...]] = {}
    if "absent" in raw:
        if isinstance(raw["absent"], Mapping):
            for key in raw["absent"]:
                if key not in FINDING_CATEGORIES:
                    problem(say["absent_unknown_key"].format(key=str(key)[:40], accepted=", ".join(FINDING_CATEGORIES)))
            absent = read_categories(raw["absent"], "absent.")
        else:
            problem(say["absent_not_object"].format(example='{"clinical": ["trauma"]}'))
    for category, ids in list(absent.items()):
        clash = set(ids) & set(present.get(category, ()))
        if clash:
            problem(say["both"].format(category=name(category), id=sorted(clash)[0]))
            absent[category] = tuple(i for i in ids if i not in clash)
    age = None
    if raw.get("age") is not None:
        try:
            age = parse_age(raw["age"], lang)
        except FindingsError as exc:
            problem(str(exc))
    labs: dict[str, Any] = {}
    if raw.get("labs") is not None:
        if isinstance(raw["labs"], Mapping):
            for key, value in raw["labs"].items():
                if key in LAB_KEYS:
                    if isinstance(value, str | int | float) and not isinstance(value, bool):
                        labs[key] = value
                    else:
                        problem(say["lab_value"].format(key=key))
                else:
                    problem(say["labs_unknown_key"].format(key=str(key)[:40], accepted=", ".join(LAB_KEYS)))
        else:
            problem(say["labs_not_object"].format(example='{"calcium": 9.4, "calcium_unit": "mg/dL"}'))
    return FindingSet(present=present, absent=absent, age=age, labs=labs), notes


def merge(base: FindingSet, extra: FindingSet) -> FindingSet:
    """Union of two finding sets (form choices plus what the free-text reader found)."""
    present = {c: _unique([*base.ids(c), *extra.ids(c)]) for c in FINDING_CATEGORIES}
    absent = {c: _unique([*base.absent_ids(c), *extra.absent_ids(c)]) for c in FINDING_CATEGORIES}
    for category in FINDING_CATEGORIES:
        absent[category] = tuple(i for i in absent[category] if i not in present[category])
    labs = {**extra.labs, **base.labs}
    return FindingSet(
        present={c: v for c, v in present.items() if v},
        absent={c: v for c, v in absent.items() if v},
        age=base.age if base.age is not None else extra.age,
        labs=labs,
    )
