"""The command line's own framing words in each language (``--lang pt-BR``).

Entity and term labels come from the knowledge base's pt-BR blocks; the ranking's sentences
(messages, fit words, reasons, discriminators) from calc/text_ddx.py, the lab sentences from
calc/text_mineral.py and the disclaimer from calc/text_web.py: this table holds only the words
that frame them on a terminal.
"""

from __future__ import annotations

from collections.abc import Mapping

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
        "corrected": "Corrected calcium (0.8 form) = {value} = {value_si}",
        "corrected_product": "Ca × P with corrected calcium = {product}", "working": "Working:",
        "source": "source", "error": "error", "warning": "warning",
    },
    "pt-BR": {
        "understood": "Reconhecido:", "not": "ausente ({category})", "age": "idade",
        "ranked": "Ordenação (o ajuste é uma pontuação, não uma probabilidade; '=' marca empate):",
        "compatible": "Causas compatíveis (dados insuficientes para ordená-las):",
        "for": "a favor", "against": "contra", "narrow": "Para estreitar: {text}",
        "look_for": "Procure: {label}. {text}", "red_flags": "sinais de alerta", "consider": "considere",
        "next_step": "próximo passo", "note": "nota",
        "compartment": "compartimento", "pattern": "padrão", "site": "local", "distribution": "distribuição",
        "clinical": "contexto clínico",
        "corrected": "Cálcio corrigido (fórmula com 0,8) = {value} = {value_si}",
        "corrected_product": "Ca × P com o cálcio corrigido = {product}", "working": "Cálculo:",
        "source": "fonte", "error": "erro", "warning": "aviso",
    },
}


def words(lang: str) -> Mapping[str, str]:
    return WORDS.get(lang, WORDS["en"])

