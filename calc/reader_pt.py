"""The Portuguese half of the free-text reader (issue 15): word forms, cues, labs and ages.

Brazilian reports mix Portuguese and English, so the reader has no language switch: these
words sit beside the English ones in :mod:`calc.reader`. Everything here works on folded text
(lower case, no accents): 'calcificações' is read as 'calcificacoes'. Plurals and the feminine
are reduced to one form ('calcificadas' and 'calcificado' read the same), by a few predictable
suffix rules rather than a full stemmer, so that what matches can be explained.
"""

from __future__ import annotations

import re

IRREGULAR_PT: dict[str, str] = {
    "maos": "mao", "nuvens": "nuvem", "imagens": "imagem", "margens": "margem", "jovens": "jovem",
    "homens": "homem", "paes": "pao", "graos": "grao", "orgaos": "orgao", "irmaos": "irmao",
    "tenues": "tenue", "varizes": "variz", "raizes": "raiz", "luzes": "luz", "vezes": "vez",
}

_PLURALS: tuple[tuple[str, str, int], ...] = (
    ("coes", "cao", 6), ("soes", "sao", 6), ("oes", "ao", 6),
    ("ais", "al", 5), ("eis", "el", 5), ("ois", "ol", 5), ("uis", "ul", 5),
    ("ares", "ar", 8), ("ores", "or", 7),
)
"""Portuguese plural endings: (ending, singular ending, shortest word the rule applies to).
Lengths keep short English words ('toes', 'cores', 'flares') out of the rules."""


def plural_pt(word: str) -> str | None:
    """The singular of a Portuguese plural, or None when no Portuguese rule applies."""
    if word in IRREGULAR_PT:
        return IRREGULAR_PT[word]
    for ending, singular, shortest in _PLURALS:
        if len(word) >= shortest and word.endswith(ending):
            return word[: -len(ending)] + singular
    if len(word) > 4 and word.endswith("os"):
        return word[:-1]
    return None


def gender_pt(word: str) -> str:
    """Masculine form of a folded word ending in -a ('densa' -> 'denso'); applied to every word
    in the text and in the synonyms alike, so English words change consistently too."""
    if len(word) > 4 and word.endswith("a"):
        return word[:-1] + "o"
    return word


NEGATION_PT = ("sem", "nao", "nega", "negam", "negou", "nenhum", "nenhuma", "ausencia", "ausente",
               "negativo", "negativa", "inexistente", "afastado", "afastada", "descartado", "descartada")
"""Cues that deny what follows: 'sem trauma', 'nega trauma', 'ausência de derrame'."""
POST_NEGATION_PT = ("preservada", "preservado", "preservadas", "normal", "normais", "negativo", "negativa",
                    "ausente", "ausentes", "afastado", "afastada", "descartado", "descartada", "inalterada")
"""Words after a clinical phrase that deny it: 'função renal preservada', 'PTH normal'."""
SPARING_PT = ("poupado", "poupada", "poupados", "poupadas")
"""Not 'livre': 'corpos livres' are loose bodies."""
CLAUSE_BREAKERS_PT = ("mas", "porem", "contudo", "entretanto", "todavia", "embora")
LIST_WORDS_PT = ("ou", "nem")
SCOPE_ENDERS_PT = ("com", "e", "apresenta", "apresentando", "mostra", "mostrando", "evidencia", "nota")
"""Words that close a negation's scope a few words later ('sem trauma, com massa ...')."""
IMPAIRMENT_PT = ("reduzida", "reduzido", "alterada", "alterado", "comprometida", "comprometido",
                 "diminuida", "diminuido", "prejudicada", "prejudicado", "baixa", "piora", "deteriorada")
QUALIFIED_PT = (("funcao", "renal"),)
"""'função renal' says nothing alone: it counts when negated ('preservada') or qualified."""
STOP_PHRASES_PT: tuple[tuple[tuple[str, ...], frozenset[str]], ...] = (
    (("edema", "osseo"), frozenset({"pattern"})),
    (("edema", "medular"), frozenset({"pattern"})),
    (("ombro", "congelado"), frozenset({"clinical"})),
    (("fraqueza", "muscular"), frozenset({"compartment"})),
    (("dor", "muscular"), frozenset({"compartment"})),
    (("enzima", "muscular"), frozenset({"compartment"})),
    (("enzimas", "musculares"), frozenset({"compartment"})),
)
"""Portuguese wording that looks like a finding but is not one (see STOP_PHRASES in the reader):
bone oedema is not mature bone, weakness of the muscles is not the muscle compartment."""

LAB_NAMES_PT = {
    "calcium": r"calcio\s+(?:total|serico)|calcio|calcemia",
    "phosphate": r"fosforo\s+serico|fosforo|fosfato|fosfatemia",
    "albumin": r"albumina\s+serica|albumina",
}
GAP_PT = r"|de|do|da|serico|serica|dosado|dosada"
"""'cálcio iônico' is not read: ionized calcium is not the total calcium the engine expects."""
"""Extra words allowed between a lab's name and its value in Portuguese ('cálcio sérico de 10,5')."""

AGE_PT: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<!ha )(?<!por )(?<!apos )(?<!desde )(?<!durante )(?<!faz )(?<!ha cerca de )"
               r"\b([0-9]{1,3})\s*anos\b(?!\s+(?:de\s+(?:evolucao|historia|seguimento|hd|dialise|doenca)"
               r"|apos|atras|antes))"),
    re.compile(r"\b(?:idade|id)\s*:?\s*([0-9]{1,3})\b"),
    re.compile(r"(?<![0-9.,])\b([0-9]{2,3})a\b"),
)
"""'paciente de 45 anos', 'sexo feminino, 60 anos', '45a'; not 'em HD há 10 anos' (a duration)."""
AGE_WORDS_PT: tuple[tuple[str, int], ...] = (
    ("recem", 0), ("neonato", 0), ("lactente", 1), ("bebe", 1),
    ("crianca", 8), ("menino", 8), ("menina", 8), ("pediatrico", 8), ("pediatrica", 8),
    ("adolescente", 15),
)

HD_CONTEXT = frozenset({"em", "de", "ha", "desde", "por", "dialise", "dialitico", "drc", "irc", "renal",
                        "drct", "hemodialise", "fav", "cronica", "cronico", "terminal"})
"""Words near 'HD' that make it haemodialysis; 'HD:' opening a conclusion is hipótese diagnóstica."""

PT_MARKERS = frozenset({"de", "da", "do", "das", "dos", "em", "na", "nas", "nos", "com", "ao", "aos", "um", "uma",
                        "para", "que", "sem", "pelo", "pela", "se", "ou", "nao", "entre", "junto", "sobre"})
EN_MARKERS = frozenset({"the", "of", "with", "in", "on", "at", "is", "are", "an", "to", "for", "and", "by",
                        "from", "or", "without", "seen", "there"})
"""Function words that tell a Portuguese clause from an English one: in Portuguese 'no' is 'in the'
('no tendão'), in English it denies ('no trauma')."""
PT_ENDINGS = ("cao", "coes", "ada", "adas", "ado", "ados", "ica", "icas", "ico", "icos", "osa", "osas", "oso",
              "osos", "mente", "ente", "entes", "inho", "inha", "vel", "veis", "ais", "oes")
"""Word endings typical of Portuguese (on folded words): a clause without accents or function
words still votes Portuguese ('massa calcificada lobulada no cotovelo')."""
