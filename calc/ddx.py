"""Rank the essay's entities for a finding set, say why, and say how sure the ranking may be.

The model is deliberately simple and fully explainable: each finding the user gives adds the
weight of its category when the entity shows it typically, half of it when possibly, and
subtracts a share when the entity does not show it. Labs weigh by mechanism (a raised product
lifts the metastatic causes and counts only a little against local ones); age windows are
soft. Weights live in ``calc/data/weights.json``. The fit is the share of the best score the
given findings allow (never computed over less than a minimum amount of evidence), so it says
how well a cause matches what was given: it is not a probability. ``calc.ddx_explain`` turns
the scores into what the page shows (status, fit words, ties, discriminators, look-fors).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from calc.findings import FindingSet
from calc.i18n import DEFAULT_LANGUAGE
from calc.knowledge import FINDING_CATEGORIES, Entity, KnowledgeBase
from calc.text_ddx import LAB_LABELS as TEXT_LAB_LABELS
from calc.text_ddx import WORDS, detail
from calc.ui_text import say

ABNORMAL_STATES: frozenset[tuple[str, str]] = frozenset({
    ("calcium", "low"), ("calcium", "high"), ("phosphate", "low"), ("phosphate", "high"),
    ("product", "raised"),
})
LAB_LABELS = {
    (analyte, state): TEXT_LAB_LABELS[DEFAULT_LANGUAGE][f"{analyte}-{state}"]
    for analyte, state in (("calcium", "low"), ("calcium", "normal"), ("calcium", "high"), ("phosphate", "low"),
                           ("phosphate", "normal"), ("phosphate", "high"), ("product", "normal"),
                           ("product", "raised"))
}
IMPLIED_CLINICAL: Mapping[str, str] = {"secondary-hyperparathyroidism": "renal-failure"}
"""A clinical id that implies another: secondary hyperparathyroidism is one of kidney disease."""


FIT_PRECISION = 3
"""The fit is shown as a percentage with one decimal: two fits equal at that precision are a tie."""


@dataclass
class Reason:
    """One finding's contribution to one entity's score."""

    category: str
    id: str
    label: str
    points: float
    detail: str
    detail_key: str = ""
    detail_args: dict[str, Any] = field(default_factory=dict)
    absent: bool = False

    def as_dict(self) -> dict[str, Any]:
        out = {"category": self.category, "id": self.id, "label": self.label,
               "points": round(self.points, 2), "detail": self.detail, "detail_key": self.detail_key,
               "detail_args": dict(self.detail_args)}
        if self.absent:
            out["absent"] = True
        return out


def _reason(category: str, term_id: str, label: str, points: float, key: str, absent: bool = False,
            **args: Any) -> Reason:
    """A reason whose detail is written (in English) from calc/text_ddx.py and kept by key."""
    return Reason(category, term_id, label, points, detail(key, args, DEFAULT_LANGUAGE), key, args, absent)


@dataclass
class Candidate:
    entity: Entity
    score: float
    fit: float
    reasons_for: list[Reason] = field(default_factory=list)
    reasons_against: list[Reason] = field(default_factory=list)
    ideal: float = 0.0
    fit_word: str = "weak"
    fit_text: str = "Weak fit"
    tie: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.entity.id,
            "label": self.entity.label,
            "score": round(self.fit, 3),
            "points": round(self.score, 2),
            "fit_word": self.fit_word,
            "fit_text": self.fit_text,
            "tie": self.tie,
            "mechanism": list(self.entity.mechanism),
            "nav_section": self.entity.nav_section,
            "page": self.entity.page,
            "summary": self.entity.summary,
            "for": [r.as_dict() for r in self.reasons_for],
            "against": [r.as_dict() for r in self.reasons_against],
        }


@dataclass
class Discriminator:
    category: str
    id: str
    label: str
    favours: list[str]
    disfavours: list[str]
    spread: float
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"category": self.category, "id": self.id, "label": self.label,
                "favours": self.favours, "disfavours": self.disfavours,
                "spread": round(self.spread, 2), "text": self.text}


@dataclass
class Ranking:
    candidates: list[Candidate]
    discriminators: list[Discriminator]
    notes: list[str]
    status: str = "ranked"
    message: str | None = None
    look_for: list[dict[str, str]] = field(default_factory=list)
    shown: list[Candidate] | None = None
    """The candidates the page lists: all when ranked, the compatible ones when thin, none when
    nothing was given or understood (a list of causes at 0 % would say nothing)."""

    @property
    def show_bars(self) -> bool:
        return self.status == "ranked"

    def as_dict(self, top: int | None = None) -> dict[str, Any]:
        listed = self.candidates if self.shown is None else self.shown
        chosen = listed if top is None else listed[:top]
        return {
            "status": self.status,
            "message": self.message,
            "show_bars": self.show_bars,
            "candidates": [c.as_dict() for c in chosen],
            "discriminators": [d.as_dict() for d in self.discriminators],
            "look_for": self.look_for,
            "notes": self.notes,
        }


def has_lab_profile(entity: Entity, analyte: str) -> bool:
    """Whether the entity says what this lab should be (metastatic causes, tumoral calcinosis)."""
    return analyte in entity.labs


@cache
def supported_ids(kb: KnowledgeBase) -> Mapping[str, frozenset[str]]:
    """Ids some entity lists (for or against): only these can count in the best possible score."""
    out: dict[str, set[str]] = {c: set() for c in FINDING_CATEGORIES}
    for entity in kb.entities.values():
        for category in FINDING_CATEGORIES:
            out[category].update(entity.features(category))
        out["clinical"].update(entity.clinical_against)
    return {c: frozenset(ids) for c, ids in out.items()}


class Scorer:
    """Holds the weights so that scoring and discriminators use exactly the same arithmetic."""

    def __init__(self, kb: KnowledgeBase) -> None:
        w = kb.weights
        self.kb = kb
        self.category_weight: Mapping[str, float] = w["category_weight"]
        self.lab_weight: Mapping[str, float] = w["lab_weight"]
        self.strength: Mapping[str, float] = w["strength"]
        self.miss: Mapping[str, float] = w["miss"]
        self.absent_penalty: float = w["absent_typical_penalty"]
        self.against: float = w["against_clinical"]
        self.prevalence: Mapping[str, float] = w["prevalence_bonus"]
        self.unconfirmed_metastatic: float = w["metastatic_without_systemic_clue"]
        self.abnormal_lab: float = w["abnormal_lab_penalty"]
        self.lab_cap: float = w["lab_points_without_history"]
        self.grace: float = w["age_grace_years"]
        self.ramp: float = w["age_ramp_years"]
        self.elderly_age = int(w["elderly_age"])

    def points(self, entity: Entity, category: str, term_id: str) -> float:
        """What feature() would add, without building the explanation (for discriminators)."""
        weight = self.category_weight[category]
        if category == "clinical" and term_id in entity.clinical_against:
            return -weight * self.strength[entity.clinical_against[term_id]] * self.against
        strength_name = entity.features(category).get(term_id)
        if strength_name is not None:
            return weight * self.strength[strength_name]
        return -weight * self.miss[category]

    def feature(self, entity: Entity, category: str, term_id: str) -> Reason:
        weight = self.category_weight[category]
        label = self.kb.label(category, term_id)
        if category == "clinical" and term_id in entity.clinical_against:
            strength = entity.clinical_against[term_id]
            return _reason(category, term_id, label, -weight * self.strength[strength] * self.against,
                           "against", strength=strength)
        strength_name = entity.features(category).get(term_id)
        if strength_name is not None:
            return _reason(category, term_id, label, weight * self.strength[strength_name], strength_name)
        return _reason(category, term_id, label, -weight * self.miss[category], "not-typical")

    def absent(self, entity: Entity, category: str, term_id: str) -> Reason | None:
        weight = self.category_weight[category]
        label = say(WORDS, DEFAULT_LANGUAGE, "no", label=self.kb.label(category, term_id).lower())
        if category == "clinical" and term_id in entity.clinical_against:
            strength = entity.clinical_against[term_id]
            return _reason(category, term_id, label, weight * self.strength[strength] * self.against * 0.5,
                           "absence-fits", absent=True)
        if entity.features(category).get(term_id) == "typical":
            return _reason(category, term_id, label, -weight * self.absent_penalty, "usually-present",
                           absent=True)
        return None

    def lab(self, entity: Entity, analyte: str, state: str) -> Reason | None:
        label = LAB_LABELS[(analyte, state)]
        weight = self.lab_weight[analyte]
        profile = entity.labs.get(analyte)
        if profile:
            if state in profile:
                return _reason("labs", f"{analyte}-{state}", label, weight * self.strength[profile[state]],
                               profile[state])
            return _reason("labs", f"{analyte}-{state}", label, -weight * self.miss["labs"], "does-not-fit")
        if "metastatic" in entity.mechanism or (analyte, state) not in ABNORMAL_STATES:
            return None
        return _reason("labs", f"{analyte}-{state}", label, -self.abnormal_lab, "abnormal-local")

    def age_window(self, entity: Entity) -> tuple[int, int, bool] | None:
        """The entity's usual ages; an entity typical of the elderly is usual from elderly_age."""
        if entity.age_min is not None or entity.age_max is not None:
            low = entity.age_min if entity.age_min is not None else 0
            high = entity.age_max if entity.age_max is not None else 120
            return low, high, True
        if entity.clinical.get("elderly") == "typical":
            return self.elderly_age, 120, False
        return None

    def age(self, entity: Entity, age: int) -> Reason | None:
        window = self.age_window(entity)
        if window is None:
            return None
        low, high, own = window
        weight = self.category_weight["age"]
        label = say(WORDS, DEFAULT_LANGUAGE, "age", age=age)
        outside = max(low - age, age - high, 0)
        if outside <= self.grace:
            return _reason("age", "age", label, weight, "usual-age", low=low, high=high, open=high >= 120,
                           age=age) if own else None
        share = min(1.0, (outside - self.grace) / self.ramp)
        return _reason("age", "age", label, -weight * self.miss["age"] * share, "usual-age", low=low,
                       high=high, open=high >= 120, age=age)

    def ideal(self, entity: Entity, base: float, lab_states: Mapping[str, str], age: int | None) -> float:
        """The best score this entity could reach on the given findings."""
        total = base + sum(self.lab_weight[a] for a in lab_states if has_lab_profile(entity, a))
        window = self.age_window(entity)
        if age is not None and window is not None and window[2]:
            total += self.category_weight["age"]
        return total


@cache
def scorer_for(kb: KnowledgeBase) -> Scorer:
    """One scorer per knowledge base: the weights are read once."""
    return Scorer(kb)


def implied(findings: FindingSet, kb: KnowledgeBase,
            lang: str = DEFAULT_LANGUAGE) -> tuple[FindingSet, list[str]]:
    """Add what a given value implies, so that 'age 72' counts like the 'elderly' flag."""
    notes: list[str] = []
    elderly_age = int(kb.weights["elderly_age"])
    clinical = list(findings.ids("clinical"))
    absent_clinical = findings.absent_ids("clinical")
    if findings.age is not None and findings.age > elderly_age and "elderly" not in clinical \
            and "elderly" not in absent_clinical:
        clinical.append("elderly")
        notes.append(say(WORDS, lang, "note-elderly", age=findings.age, limit=elderly_age))
    for given, meant in IMPLIED_CLINICAL.items():
        if given in clinical and meant not in clinical and meant in kb.vocabulary["clinical"]:
            clinical.append(meant)
            notes.append(say(WORDS, lang, "note-implied", given=kb.label("clinical", given, lang),
                             meant=kb.label("clinical", meant, lang)))
    present = dict(findings.present)
    if clinical:
        present["clinical"] = tuple(clinical)
    return FindingSet(present=present, absent=findings.absent, age=findings.age, labs=findings.labs), notes


def _lab_reasons(scorer: Scorer, entity: Entity, lab_states: Mapping[str, str],
                 has_history: bool) -> list[Reason]:
    reasons = [r for a, s in lab_states.items() if (r := scorer.lab(entity, a, s)) is not None]
    gained = sum(r.points for r in reasons if r.points > 0)
    if "metastatic" in entity.mechanism and not has_history and gained > scorer.lab_cap:
        share = scorer.lab_cap / gained
        for r in reasons:
            if r.points > 0:
                r.points *= share
                r.detail_key = f"capped:{r.detail_key}"
                r.detail = detail(r.detail_key, r.detail_args, DEFAULT_LANGUAGE)
    return reasons


def score_entity(scorer: Scorer, entity: Entity, findings: FindingSet,
                 lab_states: Mapping[str, str]) -> Candidate:
    reasons: list[Reason] = []
    for category in FINDING_CATEGORIES:
        for term_id in findings.ids(category):
            reasons.append(scorer.feature(entity, category, term_id))
        for term_id in findings.absent_ids(category):
            reason = scorer.absent(entity, category, term_id)
            if reason:
                reasons.append(reason)
    has_history = any(r.points > 0 and r.category == "clinical" for r in reasons)
    reasons.extend(_lab_reasons(scorer, entity, lab_states, has_history))
    if findings.age is not None:
        reason = scorer.age(entity, findings.age)
        if reason:
            reasons.append(reason)
    if "metastatic" in entity.mechanism and not any(
        r.points > 0 and r.category in ("clinical", "labs") for r in reasons
    ):
        reasons.append(_reason("clinical", "systemic-cause", say(WORDS, DEFAULT_LANGUAGE, "no-systemic"),
                               -scorer.unconfirmed_metastatic, "systemic"))
    return Candidate(
        entity=entity,
        score=math.fsum(r.points for r in reasons),  # exact: independent of summation order
        fit=0.0,
        reasons_for=sorted((r for r in reasons if r.points > 0), key=lambda r: (-r.points, r.id)),
        reasons_against=sorted((r for r in reasons if r.points < 0), key=lambda r: (r.points, r.id)),
    )


def base_ideal(scorer: Scorer, kb: KnowledgeBase, findings: FindingSet) -> float:
    """Best score over the findings some entity lists; unknown-to-all findings are neutral."""
    supported = supported_ids(kb)
    return sum(scorer.category_weight[c] for c in FINDING_CATEGORIES
               for i in findings.ids(c) if i in supported[c])


def rank(findings: FindingSet, kb: KnowledgeBase, lab_states: Mapping[str, str] | None = None,
         *, text_given: bool = False, lang: str = DEFAULT_LANGUAGE) -> Ranking:
    """Score every entity and say how far the ranking can be trusted.

    Order: the fit as shown (rounded to ``FIT_PRECISION``), then the score rounded to
    ``score_precision`` decimals (so that float summation order can never reorder equal
    evidence), then how common the entity is, then whether the essay illustrates it with a
    figure of its own, then its id. Equal shown fits share a tie group.
    """
    from calc.ddx_explain import explain  # the presentation layer builds on the scores

    lab_states = dict(lab_states or {})
    scorer = scorer_for(kb)
    given_nothing = findings.is_empty() and not lab_states
    findings, notes = implied(findings, kb, lang)
    base = base_ideal(scorer, kb, findings)
    floor = float(kb.weights["fit_floor"])
    precision = int(kb.weights["score_precision"])
    illustrated = {e for figure in kb.figures.values() for e in figure.entities}
    candidates = []
    for entity in kb.entities.values():
        candidate = score_entity(scorer, entity, findings, lab_states)
        candidate.score = round(candidate.score, precision)
        candidate.ideal = scorer.ideal(entity, base, lab_states, findings.age)
        has_evidence = candidate.ideal > 0 or bool(candidate.reasons_against)
        fit = max(0.0, min(1.0, candidate.score / max(candidate.ideal, floor))) if has_evidence else 0.0
        candidate.fit = round(fit, FIT_PRECISION)
        candidates.append(candidate)
    # The list is read by its bars, so it is ordered by the fit it shows; the score only breaks
    # equal fits (entities with an age window or a lab profile have a larger best score).
    candidates.sort(key=lambda c: (-c.fit, -c.score, -scorer.prevalence[c.entity.prevalence],
                                   c.entity.id not in illustrated, c.entity.id))
    return explain(Ranking(candidates=candidates, discriminators=[], notes=notes), scorer, kb, findings,
                   lab_states, given_nothing=given_nothing, text_given=text_given, lang=lang)
