"""The command line's own framing words in each language (``--lang pt-BR``).

Entity and term labels come from the knowledge base's pt-BR blocks; the ranking's sentences
(messages, fit words, reasons, discriminators) from calc/text_ddx.py, the lab sentences from
calc/text_mineral.py and the disclaimer from calc/text_web.py: this table holds only the words
that frame them on a terminal.
"""

from __future__ import annotations

from collections.abc import Mapping

from calc.ui_text import pick

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
        # the command line's own usage errors (argparse's built-in ones stay English)
        "err_unit": "'{value}' is not accepted; use {accepted}", "or": " or ",
        "err_age": "a whole number of years from 0 to 120 is expected",
        "err_top": "a whole number from 1 to {n} is expected", "err_empty": "the sentence is empty",
        "err_read": "cannot read '{path}': {reason}", "err_utf8": "the file is not UTF-8 text",
        "err_large": "the file is larger than 1 MB", "err_json": "not valid JSON (line {line}: {reason})",
        "err_nested": "the JSON is nested too deeply", "err_number": "not valid JSON (a number is too long)",
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
        "err_unit": "'{value}' não é aceito; use {accepted}", "or": " ou ",
        "err_age": "espera-se um número inteiro de anos, de 0 a 120",
        "err_top": "espera-se um número inteiro de 1 a {n}", "err_empty": "a frase está vazia",
        "err_read": "não foi possível ler '{path}': {reason}", "err_utf8": "o arquivo não é texto UTF-8",
        "err_large": "o arquivo tem mais de 1 MB", "err_json": "JSON inválido (linha {line}: {reason})",
        "err_nested": "o JSON tem níveis aninhados demais", "err_number": "JSON inválido (um número longo demais)",
    },
}


def words(lang: str) -> Mapping[str, str]:
    return pick(WORDS, lang)

