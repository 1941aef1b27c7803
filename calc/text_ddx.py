"""The ranking's words in each language, and the ranking's answer rewritten in one (issue 15).

calc.ddx and calc.ddx_explain write English from these tables; :func:`localise` rewrites a
ranking's JSON (``Ranking.as_dict``) in another language from the ids it carries: labels of
entities and terms come from the knowledge base's pt-BR prose, the framing words from here.
Reasons carry ``detail_key`` and ``detail_args`` so that no English sentence is parsed back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from calc.i18n import DEFAULT_LANGUAGE
from calc.knowledge import KnowledgeBase
from calc.ui_text import pick, say

FIT_TEXT: Mapping[str, Mapping[str, str]] = {
    "en": {"strong": "Strong fit", "partial": "Partial fit", "weak": "Weak fit"},
    "pt-BR": {"strong": "Ajuste forte", "partial": "Ajuste parcial", "weak": "Ajuste fraco"},
}
MESSAGES: Mapping[str, Mapping[str, str]] = {
    "en": {
        "empty": ("Add a finding (the pattern, the compartment, the site or the clinical context) to rank "
                  "the causes."),
        "not-understood": ("Nothing in the text was recognised. Write what the radiograph shows and where, "
                           "for example 'rice-grain calcifications in the thigh muscles' or 'thin linear "
                           "calcification of the knee menisci, 75-year-old', or pick findings in the form."),
        "thin-imaging": "Add the pattern or the compartment to rank the causes.",
        "thin-labs": ("Labs alone point to a mechanism, not to one cause: add the pattern, the compartment or "
                      "the history to rank the causes."),
        "thin-tie": ("Several causes fit these findings equally well: add the pattern, the compartment or the "
                     "clinical context to separate them."),
    },
    "pt-BR": {
        "empty": ("Acrescente um achado (o padrão, o compartimento, o local ou o contexto clínico) para "
                  "ordenar as causas."),
        "not-understood": ("Nada no texto foi reconhecido. Escreva o que a radiografia mostra e onde, por "
                           "exemplo 'calcificações em grão de arroz nos músculos da coxa' ou 'calcificação "
                           "linear fina dos meniscos do joelho, 75 anos', ou escolha achados no formulário."),
        "thin-imaging": "Acrescente o padrão ou o compartimento para ordenar as causas.",
        "thin-labs": ("Os exames laboratoriais, sozinhos, apontam um mecanismo, não uma causa: acrescente o "
                      "padrão, o compartimento ou a história para ordenar as causas."),
        "thin-tie": ("Várias causas se ajustam igualmente bem a estes achados: acrescente o padrão, o "
                     "compartimento ou o contexto clínico para separá-las."),
    },
}
LAB_LABELS: Mapping[str, Mapping[str, str]] = {
    "en": {"calcium-low": "Calcium low", "calcium-normal": "Calcium normal", "calcium-high": "Calcium high",
           "phosphate-low": "Phosphate low", "phosphate-normal": "Phosphate normal",
           "phosphate-high": "Phosphate high", "product-normal": "Ca × P not raised",
           "product-raised": "Ca × P raised"},
    "pt-BR": {"calcium-low": "Cálcio baixo", "calcium-normal": "Cálcio normal", "calcium-high": "Cálcio alto",
              "phosphate-low": "Fósforo baixo", "phosphate-normal": "Fósforo normal",
              "phosphate-high": "Fósforo alto", "product-normal": "Ca × P não elevado",
              "product-raised": "Ca × P elevado"},
}
"""Keyed '<analyte>-<state>', the id a lab reason carries."""

WORDS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "typical": "typical", "possible": "possible",
        "against": "argues against it ({strength})", "against-typical": "argues against it",
        "against-possible": "may argue against it", "not-typical": "not typical of it",
        "absence-fits": "its absence fits", "usually-present": "usually present",
        "does-not-fit": "does not fit", "abnormal-local": "abnormal labs count a little against a local cause",
        "usual-age": "usual age {span}", "span": "{low}–{high}", "span-open": "{low} or older",
        "capped": "{detail}; labs without its history count only in part",
        "systemic": "metastatic calcification needs a systemic disorder",
        "no-systemic": "no systemic cause given", "age": "age {age}", "no": "no {label}",
        "discriminator": "{label}? It would favour {favours} over {disfavours}.", "and": " and ",
        "note-elderly": "age {age} counted as 'elderly (over {limit})'",
        "note-implied": "'{given}' counted as '{meant}'",
        "note-none": "no findings yet: no cause is ranked",
    },
    "pt-BR": {
        "typical": "achado típico", "possible": "achado possível",
        "against": "fala contra ({strength})", "against-typical": "fala contra",
        "against-possible": "pode falar contra", "not-typical": "incomum nesta entidade",
        "absence-fits": "a ausência se ajusta", "usually-present": "costuma estar presente",
        "does-not-fit": "não se ajusta",
        "abnormal-local": "exames alterados contam um pouco contra uma causa local",
        "usual-age": "idade habitual: {span}", "span": "{low}–{high} anos",
        "span-open": "{low} anos ou mais",
        "capped": "{detail}; exames sem a história correspondente contam só em parte",
        "systemic": "a calcificação metastática requer um distúrbio sistêmico",
        "no-systemic": "nenhuma causa sistêmica informada", "age": "{age} anos", "no": "sem {label}",
        "discriminator": "{label}? Favoreceria {favours} em vez de {disfavours}.", "and": " e ",
        "note-elderly": "a idade de {age} anos conta como 'idoso (acima de {limit})'",
        "note-implied": "'{given}' conta como '{meant}'",
        "note-none": "nenhum achado ainda: nenhuma causa foi ordenada",
    },
}


def words(lang: str = DEFAULT_LANGUAGE) -> Mapping[str, str]:
    return pick(WORDS, lang)


def short_label(kb: KnowledgeBase, entity_id: str, lang: str) -> str:
    """An entity's label without its bracketed gloss, in ``lang``."""
    return kb.entity_label(entity_id, lang).split(" (")[0].strip()


def reason_label(kb: KnowledgeBase, reason: Mapping[str, Any], lang: str) -> str:
    """A reason's finding as shown: a term, its absence, a lab state, an age."""
    category, term_id, label = reason.get("category"), str(reason.get("id")), str(reason.get("label", ""))
    if category == "labs":
        return pick(LAB_LABELS, lang).get(term_id, label)
    if category == "age":
        return say(WORDS, lang, "age", age=reason.get("detail_args", {}).get("age", ""))
    if term_id == "systemic-cause":
        return say(WORDS, lang, "no-systemic")
    if isinstance(category, str) and category in kb.vocabulary and term_id in kb.vocabulary[category]:
        term = kb.label(category, term_id, lang)
        return say(WORDS, lang, "no", label=term.lower()) if reason.get("absent") else term
    return label


def detail(key: str, args: Mapping[str, Any], lang: str) -> str:
    """A reason's detail from its key: 'typical', 'usual-age' with its span, a capped lab..."""
    table = words(lang)
    if key == "against":
        # One phrase per strength where the language has it ("pode falar contra"): an adjective
        # for the strength would have to agree with whatever finding it follows.
        strength = str(args.get("strength"))
        if f"against-{strength}" in table:
            return table[f"against-{strength}"]
        return table["against"].format(strength=table.get(strength, strength))
    if key == "usual-age":
        span = table["span-open" if args.get("open") else "span"].format(low=args.get("low"), high=args.get("high"))
        return table["usual-age"].format(span=span)
    if key.startswith("capped:"):
        return table["capped"].format(detail=detail(key.removeprefix("capped:"), args, lang))
    return table.get(key, key)


def localise(data: dict[str, Any], kb: KnowledgeBase, lang: str) -> dict[str, Any]:
    """A ranking's JSON (and its must-not-miss notice, when present) rewritten in ``lang``."""
    if lang == DEFAULT_LANGUAGE:
        return data
    for candidate in data["candidates"]:
        entity = kb.entities.get(candidate["id"])
        candidate["label"] = kb.entity_label(candidate["id"], lang)
        candidate["fit_text"] = pick(FIT_TEXT, lang).get(candidate.get("fit_word", ""), candidate.get("fit_text"))
        if entity is not None:
            candidate["summary"] = entity.prose(lang).summary
        candidate["mechanism_labels"] = [kb.label("mechanism", m, lang).lower() for m in candidate["mechanism"]]
        for key in ("for", "against"):
            for reason in candidate[key]:
                reason["label"] = reason_label(kb, reason, lang)
                reason["detail"] = detail(reason.get("detail_key", ""), reason.get("detail_args", {}), lang)
    leader = data["candidates"][0]["id"] if data["candidates"] else None
    for item in data["look_for"]:
        item["label"] = kb.entity_label(item["id"], lang)
        if leader:
            item["text"] = kb.entities[leader].prose(lang).associations.get(item["id"], item["text"])
    table = words(lang)
    for item in data["discriminators"]:
        item["label"] = reason_label(kb, item, lang)
        item["text"] = table["discriminator"].format(
            label=item["label"],
            favours=table["and"].join(short_label(kb, i, lang) for i in item["favours"][:2]),
            disfavours=table["and"].join(short_label(kb, i, lang) for i in item["disfavours"][:2]))
    return data


def localise_notice(notice: dict[str, Any] | None, kb: KnowledgeBase, lang: str) -> dict[str, Any] | None:
    """The must-not-miss notice in ``lang``: its prose from red-flags.json's pt-BR block."""
    if notice is None or lang == DEFAULT_LANGUAGE:
        return notice
    from calc.red_flags import load_red_flags

    notice["entities"] = [{**e, "label": kb.entity_label(e["id"], lang)} for e in notice["entities"]]
    prose = kb.red_flags_text.get(lang)
    if prose:
        notice.update(title=prose.title, text=prose.text, next_step=prose.next_step)
        by_label = {f.label: f.id for f in load_red_flags(kb).flags}
        notice["flags"] = [prose.flags.get(by_label.get(f, ""), f) for f in notice["flags"]]
    return notice

