"""Rank the essay's entities for a finding set, say why, and say what would separate them.

The model is deliberately simple and fully explainable: each finding the user gives adds the
weight of its category when the entity shows it typically, half of it when possibly, and
subtracts a share when the entity does not show it. Weights live in ``calc/data/weights.json``;
the result is a fit score between 0 and 1 (the share of the best possible score for the same
findings), never a probability.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from calc.findings import FindingSet
from calc.knowledge import FINDING_CATEGORIES, LAB_STATES, Entity, KnowledgeBase

NON_METASTATIC_LAB_PROFILE: Mapping[str, Mapping[str, str]] = {
    "calcium": {"normal": "possible"},
    "phosphate": {"normal": "possible"},
    "product": {"normal": "possible"},
}
"""Dystrophic, iatrogenic and idiopathic entities arise without a systemic mineral disorder
(essay, 'Dystrophic and iatrogenic calcifications'): normal labs fit them a little, abnormal
labs count a little against them, unless an entity states its own lab profile."""

LAB_LABELS = {
    ("calcium", "low"): "Calcium low",
    ("calcium", "normal"): "Calcium normal",
    ("calcium", "high"): "Calcium high",
    ("phosphate", "low"): "Phosphate low",
    ("phosphate", "normal"): "Phosphate normal",
    ("phosphate", "high"): "Phosphate high",
    ("product", "normal"): "Ca × P below 60",
    ("product", "raised"): "Ca × P 60 or more",
}


@dataclass
class Reason:
    """One finding's contribution to one entity's score."""

    category: str
    id: str
    label: str
    points: float
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {"category": self.category, "id": self.id, "label": self.label,
                "points": round(self.points, 2), "detail": self.detail}


@dataclass
class Candidate:
    entity: Entity
    score: float
    fit: float
    reasons_for: list[Reason] = field(default_factory=list)
    reasons_against: list[Reason] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.entity.id,
            "label": self.entity.label,
            "score": round(self.fit, 3),
            "points": round(self.score, 2),
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

    def as_dict(self, top: int | None = None) -> dict[str, Any]:
        chosen = self.candidates if top is None else self.candidates[:top]
        return {
            "candidates": [c.as_dict() for c in chosen],
            "discriminators": [d.as_dict() for d in self.discriminators],
            "notes": self.notes,
        }


def _lab_profile(entity: Entity) -> Mapping[str, Mapping[str, str]]:
    if "metastatic" in entity.mechanism:
        return entity.labs
    return {**NON_METASTATIC_LAB_PROFILE, **entity.labs}


class _Scorer:
    """Holds the weights so that scoring and discriminators use exactly the same arithmetic."""

    def __init__(self, kb: KnowledgeBase) -> None:
        w = kb.weights
        self.kb = kb
        self.category_weight: Mapping[str, float] = w["category_weight"]
        self.strength: Mapping[str, float] = w["strength"]
        self.miss: Mapping[str, float] = w["miss"]
        self.absent_penalty: float = w["absent_typical_penalty"]
        self.against: float = w["against_clinical"]
        self.prevalence: Mapping[str, float] = w["prevalence_bonus"]
        self.unconfirmed_metastatic: float = w["metastatic_without_systemic_clue"]

    def feature(self, entity: Entity, category: str, term_id: str) -> Reason:
        weight = self.category_weight[category]
        label = self.kb.label(category, term_id)
        if category == "clinical" and term_id in entity.clinical_against:
            strength = entity.clinical_against[term_id]
            return Reason(category, term_id, label, -weight * self.strength[strength] * self.against,
                          f"argues against it ({strength})")
        strength_name = entity.features(category).get(term_id)
        if strength_name is not None:
            return Reason(category, term_id, label, weight * self.strength[strength_name], strength_name)
        return Reason(category, term_id, label, -weight * self.miss[category], "not typical of it")

    def absent(self, entity: Entity, category: str, term_id: str) -> Reason | None:
        weight = self.category_weight[category]
        label = f"no {self.kb.label(category, term_id).lower()}"
        if category == "clinical" and term_id in entity.clinical_against:
            strength = entity.clinical_against[term_id]
            return Reason(category, term_id, label, weight * self.strength[strength] * self.against * 0.5,
                          "its absence fits")
        if entity.features(category).get(term_id) == "typical":
            return Reason(category, term_id, label, -weight * self.absent_penalty, "usually present")
        return None

    def lab(self, entity: Entity, analyte: str, state: str) -> Reason | None:
        profile = _lab_profile(entity).get(analyte)
        if not profile:
            return None
        weight = self.category_weight["labs"]
        label = LAB_LABELS[(analyte, state)]
        if state in profile:
            return Reason("labs", f"{analyte}-{state}", label, weight * self.strength[profile[state]],
                          profile[state])
        return Reason("labs", f"{analyte}-{state}", label, -weight * self.miss["labs"], "does not fit")

    def age(self, entity: Entity, age: int) -> Reason | None:
        if entity.age_min is None and entity.age_max is None:
            return None
        low = entity.age_min if entity.age_min is not None else 0
        high = entity.age_max if entity.age_max is not None else 120
        weight = self.category_weight["age"]
        span = f"{low}–{high}" if entity.age_max is not None else f"{low} or older"
        if low <= age <= high:
            return Reason("age", "age", f"age {age}", weight, f"typical age {span}")
        return Reason("age", "age", f"age {age}", -weight * self.miss["age"], f"usual age {span}")


def _implied(findings: FindingSet, kb: KnowledgeBase) -> tuple[FindingSet, list[str]]:
    """Add what a given value implies, so that 'age 72' counts like the 'elderly' flag."""
    notes: list[str] = []
    elderly_age = int(kb.weights["elderly_age"])
    clinical = list(findings.ids("clinical"))
    if findings.age is not None and findings.age > elderly_age and "elderly" not in clinical \
            and "elderly" not in findings.absent_ids("clinical"):
        clinical.append("elderly")
        notes.append(f"age {findings.age} counted as 'elderly (over {elderly_age})'")
    present = dict(findings.present)
    if clinical:
        present["clinical"] = tuple(clinical)
    return FindingSet(present=present, absent=findings.absent, age=findings.age, labs=findings.labs), notes


def _score(scorer: _Scorer, entity: Entity, findings: FindingSet, lab_states: Mapping[str, str]) -> Candidate:
    reasons: list[Reason] = []
    for category in FINDING_CATEGORIES:
        for term_id in findings.ids(category):
            reasons.append(scorer.feature(entity, category, term_id))
        for term_id in findings.absent_ids(category):
            reason = scorer.absent(entity, category, term_id)
            if reason:
                reasons.append(reason)
    for analyte, state in lab_states.items():
        reason = scorer.lab(entity, analyte, state)
        if reason:
            reasons.append(reason)
    if findings.age is not None:
        reason = scorer.age(entity, findings.age)
        if reason:
            reasons.append(reason)
    if "metastatic" in entity.mechanism and not any(
        r.points > 0 and r.category in ("clinical", "labs") for r in reasons
    ):
        reasons.append(Reason("clinical", "systemic-cause", "no systemic cause given",
                              -scorer.unconfirmed_metastatic,
                              "metastatic calcification needs a systemic disorder"))
    score = sum(r.points for r in reasons) + scorer.prevalence[entity.prevalence]
    return Candidate(
        entity=entity,
        score=score,
        fit=0.0,
        reasons_for=sorted((r for r in reasons if r.points > 0), key=lambda r: -r.points),
        reasons_against=sorted((r for r in reasons if r.points < 0), key=lambda r: r.points),
    )


def _ideal(scorer: _Scorer, findings: FindingSet, lab_states: Mapping[str, str]) -> float:
    total = sum(scorer.category_weight[c] * len(findings.ids(c)) for c in FINDING_CATEGORIES)
    total += scorer.category_weight["labs"] * len(lab_states)
    if findings.age is not None:
        total += scorer.category_weight["age"]
    return total


def _discriminators(scorer: _Scorer, kb: KnowledgeBase, top: list[Candidate], findings: FindingSet,
                    lab_states: Mapping[str, str], shown: int) -> list[Discriminator]:
    if len(top) < 2:
        return []
    options: list[tuple[str, str, str, list[float]]] = []
    for category in ("clinical", "pattern", "compartment", "distribution", "site"):
        used = {*findings.ids(category), *findings.absent_ids(category)}
        for term_id in kb.ids(category):
            if term_id in used:
                continue
            deltas = [scorer.feature(c.entity, category, term_id).points for c in top]
            options.append((category, term_id, kb.label(category, term_id), deltas))
    for analyte, states in LAB_STATES.items():
        if analyte in lab_states:
            continue
        for state in states:
            deltas = []
            for c in top:
                reason = scorer.lab(c.entity, analyte, state)
                deltas.append(reason.points if reason else 0.0)
            options.append(("labs", f"{analyte}-{state}", LAB_LABELS[(analyte, state)], deltas))
    ranked = sorted(options, key=lambda o: (-(max(o[3]) - min(o[3])), o[0], o[1]))
    chosen: list[Discriminator] = []
    used_categories: set[str] = set()
    for category, term_id, label, deltas in ranked:
        spread = max(deltas) - min(deltas)
        if spread <= 0 or category in used_categories:
            continue
        best = max(deltas)
        worst = min(deltas)
        favours = [top[i].entity.id for i, d in enumerate(deltas) if d == best]
        disfavours = [top[i].entity.id for i, d in enumerate(deltas) if d == worst]
        if len(favours) == len(top):
            continue
        fav_labels = " and ".join(kb.entities[e].label for e in favours[:2])
        dis_labels = " and ".join(kb.entities[e].label for e in disfavours[:2])
        text = f"{label}? It would favour {fav_labels} over {dis_labels}."
        chosen.append(Discriminator(category, term_id, label, favours, disfavours, spread, text))
        used_categories.add(category)
        if len(chosen) >= shown:
            break
    return chosen


def rank(findings: FindingSet, kb: KnowledgeBase, lab_states: Mapping[str, str] | None = None) -> Ranking:
    """Score every entity; ties fall back to how common the entity is, then to its id."""
    lab_states = dict(lab_states or {})
    scorer = _Scorer(kb)
    findings, notes = _implied(findings, kb)
    candidates = [_score(scorer, entity, findings, lab_states) for entity in kb.entities.values()]
    ideal = _ideal(scorer, findings, lab_states)
    for candidate in candidates:
        candidate.fit = max(0.0, min(1.0, candidate.score / ideal)) if ideal > 0 else 0.0
    candidates.sort(key=lambda c: (-c.score, -scorer.prevalence[c.entity.prevalence], c.entity.id))
    if ideal == 0:
        notes.append("no findings yet: entities are listed by how common they are")
    top_n = int(kb.weights["discriminator_candidates"])
    shown = int(kb.weights["discriminators_shown"])
    margin = float(kb.weights["contender_margin"])
    contenders = [c for c in candidates[:top_n] if c.score >= candidates[0].score - margin]
    contenders = contenders if len(contenders) >= 2 else candidates[:2]
    discriminators = (
        _discriminators(scorer, kb, contenders, findings, lab_states, shown) if ideal > 0 else []
    )
    return Ranking(candidates=candidates, discriminators=discriminators, notes=notes)
