"""The command line's own words in each language, and Portuguese labels for a ddx result.

``python -m calc ddx --lang pt-BR`` prints entity and term labels from the knowledge base's
pt-BR blocks and these framing words in Portuguese. Sentences composed by other modules
(ranking messages, discriminator and mineral texts, notes, the disclaimer) are still English:
they move here or to the data when those modules speak both languages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from calc.knowledge import KnowledgeBase
from calc.red_flags import load_red_flags

WORDS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "understood": "Understood:", "not": "not {category}", "age": "age",
        "ranked": "Ranked (fit is a score, not a probability; '=' marks a tie):",
        "compatible": "Compatible causes (too little to rank them):",
        "for": "for", "against": "against", "narrow": "To narrow it down: {text}",
        "look_for": "Look for: {label}. {text}", "red_flags": "red flags", "consider": "consider",
        "next_step": "next step", "note": "note",
        "compartment": "compartment", "pattern": "pattern", "site": "site", "distribution": "distribution",
        "clinical": "clinical",
    },
    "pt-BR": {
        "understood": "Compreendido:", "not": "ausente ({category})", "age": "idade",
        "ranked": "Classificação (o ajuste é uma pontuação, não uma probabilidade; '=' marca empate):",
        "compatible": "Causas compatíveis (dados insuficientes para classificá-las):",
        "for": "a favor", "against": "contra", "narrow": "Para estreitar: {text}",
        "look_for": "Procure: {label}. {text}", "red_flags": "sinais de alerta", "consider": "considere",
        "next_step": "próximo passo", "note": "nota",
        "compartment": "compartimento", "pattern": "padrão", "site": "local", "distribution": "distribuição",
        "clinical": "clínica",
        "discriminator": "{label}? Favoreceria {favours} em vez de {disfavours}.",
        "fit:strong": "Ajuste forte", "fit:partial": "Ajuste parcial", "fit:weak": "Ajuste fraco",
    },
}


def words(lang: str) -> Mapping[str, str]:
    return WORDS.get(lang, WORDS["en"])


def _term(kb: KnowledgeBase, item: Mapping[str, Any], lang: str) -> str:
    category, term_id = item.get("category"), item.get("id")
    if isinstance(category, str) and category in kb.vocabulary and term_id in kb.vocabulary[category]:
        return kb.label(category, str(term_id), lang)
    return str(item.get("label", ""))


def localise(data: dict[str, Any], kb: KnowledgeBase, lang: str) -> dict[str, Any]:
    """The ddx result with entity and term labels (and texts held in the data) in ``lang``."""
    if lang == "en":
        return data
    for candidate in data["candidates"]:
        candidate["label"] = kb.entity_label(candidate["id"], lang)
        candidate["fit_text"] = words(lang).get(f"fit:{candidate.get('fit_word')}", candidate.get("fit_text"))
        for key in ("for", "against"):
            for reason in candidate[key]:
                reason["label"] = _term(kb, reason, lang)
    leader = data["candidates"][0]["id"] if data["candidates"] else None
    for item in data["look_for"]:
        item["label"] = kb.entity_label(item["id"], lang)
        if leader:
            item["text"] = kb.entities[leader].prose(lang).associations.get(item["id"], item["text"])
    for item in data["discriminators"]:
        item["label"] = _term(kb, item, lang)
        item["text"] = words(lang)["discriminator"].format(
            label=item["label"],
            favours=", ".join(kb.entity_label(i, lang) for i in item["favours"]),
            disfavours=", ".join(kb.entity_label(i, lang) for i in item["disfavours"]))
    notice = data.get("must_not_miss")
    prose = kb.red_flags_text.get(lang)
    if notice:
        notice["entities"] = [{**e, "label": kb.entity_label(e["id"], lang)} for e in notice["entities"]]
        if prose:
            notice.update(title=prose.title, text=prose.text, next_step=prose.next_step)
            by_label = {f.label: f.id for f in load_red_flags(kb).flags}
            notice["flags"] = [prose.flags.get(by_label.get(f, ""), f) for f in notice["flags"]]
    return data
