"""What a ranking may claim: its status, ties, fit words, discriminators and look-fors.

The scores alone overstate what thin input knows. This module decides, from the same weights,
whether the findings can separate the causes at all ('thin' input is said, and the page lists
compatible causes without bars), which candidates are tied, which word (strong, partial, weak)
describes each fit, what question would best separate the leaders (never the leader's own
name, never a finding that barely moves them apart) and which associated condition to look for.
"""

from __future__ import annotations

from collections.abc import Mapping

from calc.ddx import LAB_LABELS, Candidate, Discriminator, Ranking, Scorer, supported_ids
from calc.findings import FindingSet
from calc.i18n import DEFAULT_LANGUAGE
from calc.knowledge import LAB_STATES, Entity, KnowledgeBase
from calc.reader import fold
from calc.text_ddx import FIT_TEXT as TEXT_FIT
from calc.text_ddx import MESSAGES as TEXT_MESSAGES
from calc.text_ddx import WORDS
from calc.ui_text import pick

FIT_TEXT = TEXT_FIT[DEFAULT_LANGUAGE]
MESSAGES = TEXT_MESSAGES[DEFAULT_LANGUAGE]


def _assign_ties(candidates: list[Candidate]) -> None:
    group = 0
    previous: float | None = None
    for candidate in candidates:
        if candidate.fit != previous:
            group += 1
            previous = candidate.fit
        candidate.tie = group


def _fit_word(fit: float, kb: KnowledgeBase, ranked: bool) -> str:
    words = kb.weights["fit_words"]
    if fit >= words["strong"] and ranked:
        return "strong"
    if fit >= words["partial"]:
        return "partial"
    return "weak"


def _informative(kb: KnowledgeBase, findings: FindingSet) -> bool:
    """A pattern or compartment some entity lists, or a clinical clue specific to a few causes."""
    supported = supported_ids(kb)
    if any(i in supported[c] for c in ("pattern", "compartment") for i in findings.ids(c)):
        return True
    limit = int(kb.weights["specific_clinical_max_entities"])
    nonspecific = set(kb.weights["nonspecific_clinical"])
    for term_id in findings.ids("clinical"):
        if term_id in nonspecific:
            continue
        typical = sum(e.clinical.get(term_id) == "typical" for e in kb.entities.values())
        if 0 < typical <= limit:
            return True
    return False


def _status(ranking: Ranking, kb: KnowledgeBase, findings: FindingSet, lab_states: Mapping[str, str],
            given_nothing: bool, text_given: bool, lang: str = DEFAULT_LANGUAGE) -> tuple[str, str | None]:
    messages = pick(TEXT_MESSAGES, lang)
    if given_nothing:
        return ("not-understood", messages["not-understood"]) if text_given else ("empty", messages["empty"])
    if not _informative(kb, findings):
        only_labs = bool(lab_states) and not any(findings.ids(c) for c in ("pattern", "compartment", "site"))
        return "thin", messages["thin-labs" if only_labs else "thin-imaging"]
    first_group = sum(c.tie == ranking.candidates[0].tie for c in ranking.candidates)
    if first_group >= int(kb.weights["thin_tie_size"]):
        return "thin", messages["thin-tie"]
    return "ranked", None


def short_name(entity: Entity) -> str:
    """The label without its bracketed gloss: 'Milwaukee shoulder', not the long form every time."""
    return entity.label.split(" (")[0].strip()


def _names(entity: Entity) -> set[str]:
    return {fold(n) for n in (entity.label, *entity.synonyms)}


def _circular(kb: KnowledgeBase, category: str, term_id: str, favoured: list[Entity]) -> bool:
    """A question that only names the favoured disease ('Primary hyperparathyroidism?')."""
    if category != "clinical":
        return False
    term = kb.term(category, term_id)
    words = {fold(term.label), *(fold(s) for s in term.synonyms)}
    return any(words & _names(entity) for entity in favoured)


def _options(scorer: Scorer, kb: KnowledgeBase, top: list[Candidate], findings: FindingSet,
             lab_states: Mapping[str, str]) -> list[tuple[str, str, str, list[float], list[bool]]]:
    """Every unused finding that moves the contenders apart by at least the minimum spread."""
    min_spread = float(kb.weights["discriminator_min_spread"])
    options = []
    generic = set(kb.weights["non_discriminating_clinical"])
    for category in ("clinical", "pattern", "compartment", "distribution", "site"):
        used = {*findings.ids(category), *findings.absent_ids(category)}
        if category == "clinical":
            used |= generic
        listed = {t for c in top for t in c.entity.features(category)}
        if category == "clinical":
            listed |= {t for c in top for t in c.entity.clinical_against}
        for term_id in kb.ids(category):
            if term_id in used or term_id not in listed:
                continue  # listed by no contender: it moves them all alike
            deltas = [scorer.points(c.entity, category, term_id) for c in top]
            if max(deltas) - min(deltas) < min_spread:
                continue
            typical = [c.entity.features(category).get(term_id) == "typical" for c in top]
            options.append((category, term_id, kb.label(category, term_id), deltas, typical))
    for analyte, states in LAB_STATES.items():
        if analyte in lab_states:
            continue
        for state in states:
            deltas, typical = [], []
            for c in top:
                reason = scorer.lab(c.entity, analyte, state)
                deltas.append(reason.points if reason else 0.0)
                typical.append(c.entity.labs.get(analyte, {}).get(state) == "typical")
            options.append(("labs", f"{analyte}-{state}", LAB_LABELS[(analyte, state)], deltas, typical))
    return options


def discriminators(scorer: Scorer, kb: KnowledgeBase, top: list[Candidate], findings: FindingSet,
                   lab_states: Mapping[str, str]) -> list[Discriminator]:
    """Questions that would move the contenders apart, one per category, clearest first."""
    if len(top) < 2:
        return []
    shown = int(kb.weights["discriminators_shown"])
    min_spread = float(kb.weights["discriminator_min_spread"])
    options = _options(scorer, kb, top, findings, lab_states)
    ranked = sorted(options, key=lambda o: (-(max(o[3]) - min(o[3])), o[0], o[1]))
    chosen: list[Discriminator] = []
    used_categories: set[str] = set()
    for category, term_id, label, deltas, typical in ranked:
        spread = max(deltas) - min(deltas)
        if spread < min_spread or category in used_categories:
            continue
        best, worst = max(deltas), min(deltas)
        favoured = [i for i, d in enumerate(deltas) if d == best]
        if len(favoured) == len(top) or not all(typical[i] for i in favoured):
            continue
        favours = [top[i].entity for i in favoured]
        disfavours = [top[i].entity for i, d in enumerate(deltas) if d == worst]
        if _circular(kb, category, term_id, favours):
            continue
        fav_labels = WORDS[DEFAULT_LANGUAGE]["and"].join(short_name(e) for e in favours[:2])
        dis_labels = WORDS[DEFAULT_LANGUAGE]["and"].join(short_name(e) for e in disfavours[:2])
        text = WORDS[DEFAULT_LANGUAGE]["discriminator"].format(label=label, favours=fav_labels,
                                                               disfavours=dis_labels)
        chosen.append(Discriminator(category, term_id, label, [e.id for e in favours],
                                    [e.id for e in disfavours], spread, text))
        used_categories.add(category)
        if len(chosen) >= shown:
            break
    return chosen


def look_for(kb: KnowledgeBase, ranking: Ranking) -> list[dict[str, str]]:
    """Conditions associated with the leading cause(s) that are worth checking for."""
    leaders = [c for c in ranking.candidates if c.tie == ranking.candidates[0].tie]
    leader_ids = {c.entity.id for c in leaders}
    out: list[dict[str, str]] = []
    for candidate in leaders:
        for assoc in candidate.entity.associations:
            if assoc.id in leader_ids or any(item["id"] == assoc.id for item in out):
                continue
            other = kb.entities[assoc.id]
            out.append({"id": other.id, "label": other.label, "page": other.page, "text": assoc.text})
    return out


def explain(ranking: Ranking, scorer: Scorer, kb: KnowledgeBase, findings: FindingSet,
            lab_states: Mapping[str, str], *, given_nothing: bool, text_given: bool,
            lang: str = DEFAULT_LANGUAGE) -> Ranking:
    """Fill in status, message, ties, fit words, the shown list, discriminators and look-fors."""
    candidates = ranking.candidates
    _assign_ties(candidates)
    ranking.status, ranking.message = _status(ranking, kb, findings, lab_states, given_nothing, text_given,
                                             lang)
    ranked = ranking.status == "ranked"
    for candidate in candidates:
        # A metastatic cause with no systemic disorder given cannot be a strong fit, however well
        # the image matches (essay: metastatic calcification needs a systemic disorder).
        unconfirmed = any(r.id == "systemic-cause" for r in candidate.reasons_against)
        candidate.fit_word = _fit_word(candidate.fit, kb, ranked and not unconfirmed)
        candidate.fit_text = pick(TEXT_FIT, lang)[candidate.fit_word]
    if ranking.status in ("empty", "not-understood"):
        ranking.shown = []
        ranking.notes.append(pick(WORDS, lang)["note-none"])
        return ranking
    if not ranked:
        ranking.shown = [c for c in candidates if c.score > 0] or candidates[:5]
        return ranking
    # A cause that nothing given supports (0 % fit) is not part of a ranking.
    ranking.shown = [c for c in candidates if c.fit > 0] or candidates[:1]
    top_n = int(kb.weights["discriminator_candidates"])
    margin = float(kb.weights["contender_margin"])
    contenders = [c for c in candidates[:top_n] if c.score >= candidates[0].score - margin]
    contenders = contenders if len(contenders) >= 2 else candidates[:2]
    ranking.discriminators = discriminators(scorer, kb, contenders, findings, lab_states)
    ranking.look_for = look_for(kb, ranking)
    return ranking
