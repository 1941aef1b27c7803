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
        # the command line's own usage errors (argparse's built-in ones: ARGPARSE below)
        "err_unit": "'{value}' is not accepted; use {accepted}", "or": " or ",
        "err_top": "a whole number from 1 to {n} is expected", "err_empty": "the sentence is empty",
        "err_read": "cannot read '{path}': {reason}", "err_utf8": "the file is not UTF-8 text",
        "err_large": "the file is larger than 1 MB", "err_json": "not valid JSON (line {line}: {reason})",
        "err_nested": "the JSON is nested too deeply", "err_number": "not valid JSON (a number is too long)",
        "argument": "argument {name}: {message}", "knowledge_base": "knowledge base",
        # --help
        "description": "STC Guide calculator (medical education only).",
        "h_capp": "calcium × phosphate product and corrected calcium",
        "h_calcium": "total serum calcium, e.g. 10.5 or 10,5", "h_phosphate": "serum phosphate (as phosphorus)",
        "h_phosphate_unit": "defaults to the calcium's unit system",
        "h_albumin": "serum albumin, for the corrected calcium",
        "h_age": "age in years (bands differ in children)", "h_renal": "patient has kidney failure",
        "h_json": "print JSON", "h_lang": "language of the output",
        "h_ddx": "ranked differential from findings or a sentence", "h_text": "a sentence from a report",
        "h_findings": "finding-set JSON file, or - for standard input",
        "h_top": "how many candidates to print (1 to the number of entities)",
        "h_ddx_lang": "language of the labels (the text may be in either language)",
        "h_vocab": "every id with its label",
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
        "err_top": "espera-se um número inteiro de 1 a {n}", "err_empty": "a frase está vazia",
        "err_read": "não foi possível ler '{path}': {reason}", "err_utf8": "o arquivo não é texto UTF-8",
        "err_large": "o arquivo tem mais de 1 MB", "err_json": "JSON inválido (linha {line}: {reason})",
        "err_nested": "o JSON tem níveis aninhados demais", "err_number": "JSON inválido (um número longo demais)",
        "argument": "argumento {name}: {message}", "knowledge_base": "base de conhecimento",
        "description": "Calculadora do STC Guide (apenas para ensino médico).",
        "h_capp": "produto cálcio × fósforo e cálcio corrigido",
        "h_calcium": "cálcio sérico total, p. ex. 10.5 ou 10,5", "h_phosphate": "fósforo sérico (como fósforo)",
        "h_phosphate_unit": "por padrão, o mesmo sistema de unidades do cálcio",
        "h_albumin": "albumina sérica, para o cálcio corrigido",
        "h_age": "idade em anos (as faixas diferem em crianças)", "h_renal": "paciente com insuficiência renal",
        "h_json": "imprimir JSON", "h_lang": "idioma da saída",
        "h_ddx": "diagnóstico diferencial ordenado a partir de achados ou de uma frase",
        "h_text": "uma frase de um laudo",
        "h_findings": "arquivo JSON com os achados, ou - para a entrada padrão",
        "h_top": "quantas causas imprimir (de 1 ao número de entidades)",
        "h_ddx_lang": "idioma dos rótulos (o texto pode estar em qualquer um dos dois idiomas)",
        "h_vocab": "cada id com o seu rótulo",
    },
}

ARGPARSE: Mapping[str, Mapping[str, str]] = {
    "pt-BR": {
        "usage: ": "uso: ",
        "positional arguments": "argumentos posicionais",
        "options": "opções",
        "show this help message and exit": "mostra esta ajuda e sai",
        "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
        "the following arguments are required: %s": "os seguintes argumentos são obrigatórios: %s",
        "one of the arguments %s is required": "um dos argumentos %s é obrigatório",
        "not allowed with argument %s": "não é permitido junto com o argumento %s",
        "unrecognized arguments: %s": "argumentos não reconhecidos: %s",
        "expected one argument": "espera-se um valor",
        "expected at most one argument": "espera-se no máximo um valor",
        "expected at least one argument": "espera-se ao menos um valor",
        "ignored explicit argument %r": "argumento explícito ignorado: %r",
        "ambiguous option: %(option)s could match %(matches)s":
            "opção ambígua: %(option)s pode corresponder a %(matches)s",
        "unexpected option string: %s": "opção inesperada: %s",
        "invalid %(type)s value: %(value)r": "valor inválido (tipo %(type)s): %(value)r",
        "invalid choice: %(value)r (choose from %(choices)s)":
            "opção inválida: %(value)r (escolha entre %(choices)s)",
        "can't open '%(filename)s': %(error)s": "não foi possível abrir '%(filename)s': %(error)s",
    },
}
"""argparse's own words (it asks gettext for them), in the languages other than English."""


def words(lang: str) -> Mapping[str, str]:
    return pick(WORDS, lang)

