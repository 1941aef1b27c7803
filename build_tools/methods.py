"""Tables of the Methods page, generated from the engine's own constants and weights.

The page must show exactly the numbers the calculator uses, so they are read from ``calc``
at build time rather than typed into the Markdown a second time. Every word around them comes
from :mod:`build_tools.i18n_strings` in the page's language (``lang``), numbers with the
language's decimal mark.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from build_tools.i18n_prose import EN, short_name, text
from build_tools.i18n_strings import decimal, strings
from calc import mineral, units
from calc.knowledge import KnowledgeBase
from calc.text_mineral import TEXT as MINERAL_TEXT

THRESHOLDS_MARKER = "<!-- methods:thresholds -->"
UNITS_MARKER = "<!-- methods:units -->"
WEIGHTS_MARKER = "<!-- methods:weights -->"
STATE_KEYS_MARKER = "<!-- methods:url-keys -->"
RED_FLAGS_MARKER = "<!-- methods:red-flags -->"


def _words(lang: str) -> Mapping[str, str]:
    return strings(lang)


def _n(value: float, spec: str, lang: str) -> str:
    """A number as the page's language writes it (decimal comma in Portuguese)."""
    return decimal(format(value, spec), lang)


def _source(kb: KnowledgeBase, source_id: str, lang: str = EN) -> str:
    if source_id == "essay":
        return _words(lang)["m_src_essay"]
    if source_id == "design":
        return _words(lang)["m_src_design"]
    return short_name(kb.references[source_id], lang)


def _engine_row(kb: KnowledgeBase, row: Mapping[str, Any], lang: str) -> str:
    """A row of :func:`calc.mineral.methods_table`: the engine's English label, or its
    translation by the row's id with the engine's numbers in the language's notation (a
    threshold's words are the calculator's own, calc/text_mineral.py, never a second copy)."""
    value = f" ({decimal(row['display'], lang)})" if "display" in row else ""
    label = str(row["label"])
    if lang != EN:
        name = MINERAL_TEXT.get(lang, {}).get(row["id"]) or _words(lang).get(f"m_t_{row['id']}")
        if not name:
            raise ValueError(f"build_tools/i18n_strings_methods.py: no {lang} label for the Methods "
                             f"row 'm_t_{row['id']}' (a new row of calc.mineral.methods_table?)")
        numbers = label[len(row["id"]):] if label.startswith(f"{row['id']}: ") else ""
        label = name + decimal(numbers, lang)
    return f"| {label}{value} | {_source(kb, row['source'], lang)} |"


def thresholds_table(kb: KnowledgeBase, lang: str = EN) -> str:
    t = _words(lang)

    def src(source_id: str) -> str:
        return _source(kb, source_id, lang)

    rows = [t["m_th_head"], "|---|---|"]
    rows.extend(_engine_row(kb, row, lang) for row in mineral.methods_table())
    coef = _n(mineral.PAYNE_COEFFICIENT_MG_DL_PER_G_DL, "g", lang)
    ref = _n(mineral.PAYNE_REFERENCE_ALBUMIN_G_DL, "g", lang)
    rows.append(f"| {t['m_row_albumin'].format(coef=coef, ref=ref)} | "
                f"{src(mineral.CORRECTION_SOURCE)}; {src('jhm-2021')} |")
    slope = _n(mineral.PAYNE_1973_COEFFICIENT_MG_DL_PER_G_DL, "g", lang)
    rows.append(f"| {t['m_row_payne'].format(ref=ref, slope=slope)} | {src('payne-1973')} |")
    below = _n(mineral.ALBUMIN_CORRECTION_UNRELIABLE_BELOW_G_DL, "g", lang)
    misleading = t["m_row_unreliable_src"].format(value=_n(1.5, "g", lang), source=src("jhm-2021"))
    rows.append(f"| {t['m_row_unreliable'].format(value=below)} | {src('design')}; {misleading} |")
    mixup = _n(mineral.UNIT_MIXUP_CALCIUM_BELOW_MG_DL, "g", lang)
    rows.append(f"| {t['m_row_mixup'].format(value=mixup)} | {src('design')} |")
    guideline = t["m_row_paediatric_src"].format(source=src("kdoqi-2005-paediatric"))
    rows.append(f"| {t['m_row_paediatric'].format(age=mineral.PAEDIATRIC_AGE_LIMIT)} | "
                f"{src('design')}; {guideline} |")
    rows.append(f"| {t['m_row_child'].format(age=mineral.KDOQI_CHILD_AGE_LIMIT)} | "
                f"{src('kdoqi-2005-paediatric')} |")
    return "\n".join(rows)


def units_table(kb: KnowledgeBase, lang: str = EN) -> str:
    t = _words(lang)

    def factor(value: float, spec: str) -> str:
        return _n(value, spec, lang)

    def reverse(value: float) -> str:
        return f"({t['m_un_reverse']} × {factor(1 / value, '.4f')})"

    ca, p = units.CALCIUM_MG_DL_PER_MMOL_L, units.PHOSPHATE_MG_DL_PER_MMOL_L
    rows = [t["m_un_head"], "|---|---|---|"]
    rows.append(f"| {t['m_un_calcium']} | × {factor(ca, '.3f')} {reverse(ca)} | "
                f"{t['m_un_mass_calcium'].format(mass=factor(units.CALCIUM_MOLAR_MASS_G_PER_MOL, 'g'))} |")
    rows.append(f"| {t['m_un_phosphate']} | × {factor(p, '.3f')} {reverse(p)} | "
                f"{t['m_un_mass_phosphorus'].format(mass=factor(units.PHOSPHORUS_MOLAR_MASS_G_PER_MOL, 'g'))} |")
    rows.append(f"| {t['m_un_albumin']} | × {factor(units.ALBUMIN_G_L_PER_G_DL, 'g')} | {t['m_un_definition']} |")
    rows.append(f"| {t['m_un_product']} | × {factor(units.PRODUCT_MG2_DL2_PER_MMOL2_L2, '.2f')} | "
                f"{t['m_un_both']} |")
    note = t["m_un_note"].format(source=_source(kb, "kdoqi-2003", lang), mg=factor(8.4, "g"),
                                 mmol=factor(2.10, ".2f"))
    return "\n".join(rows) + "\n\n" + note


def weights_table(kb: KnowledgeBase, lang: str = EN) -> str:
    t = _words(lang)
    w: Any = kb.weights

    def g(value: float) -> str:
        return _n(value, "g", lang)

    rows = [t["m_w_head"], "|---|---|---|---|"]
    typical, possible = w["strength"]["typical"], w["strength"]["possible"]
    for category, weight in w["category_weight"].items():
        miss = weight * w["miss"][category]
        if category == "age":
            rows.append(f"| {t['m_w_age'].format(years=g(w['age_grace_years']))} "
                        f"| {g(weight)} | – | {t['m_w_up_to'].format(value=g(miss))} |")
            continue
        rows.append(f"| {t[f'm_cat_{category}']} | {g(weight * typical)} | {g(weight * possible)} | {g(miss)} |")
    for analyte, weight in w["lab_weight"].items():
        rows.append(f"| {t['m_w_lab'].format(analyte=t[f'm_lab_{analyte}'])} | {g(weight * typical)} | "
                    f"{g(weight * possible)} | {g(weight * w['miss']['labs'])} |")
    bonus = ", ".join(f"{t[f'm_prev_{k}']} {_n(v, '+g', lang)}" for k, v in w["prevalence_bonus"].items())
    rows.append("")
    rows.extend(f"- {line}" for line in (
        t["m_w_abnormal"].format(value=g(w["abnormal_lab_penalty"])),
        t["m_w_no_history"].format(value=g(w["lab_points_without_history"])),
        t["m_w_against"].format(value=g(w["against_clinical"])),
        t["m_w_absent"].format(value=g(w["absent_typical_penalty"])),
        t["m_w_no_clue"].format(value=g(w["metastatic_without_systemic_clue"])),
        t["m_w_age_ramp"].format(grace=g(w["age_grace_years"]), ramp=g(w["age_ramp_years"]),
                                 elderly=w["elderly_age"]),
        t["m_w_fit"].format(floor=g(w["fit_floor"]), strong=f"{w['fit_words']['strong']:.0%}",
                            partial=f"{w['fit_words']['partial']:.0%}"),
        t["m_w_rounding"].format(digits=w["score_precision"], size=w["thin_tie_size"]),
        t["m_w_prevalence"].format(bonus=bonus),
        t["m_w_discriminators"].format(candidates=w["discriminator_candidates"], margin=g(w["contender_margin"]),
                                       spread=g(w["discriminator_min_spread"]), shown=w["discriminators_shown"]),
    ))
    return "\n".join(rows)


def red_flags_list(kb: KnowledgeBase, lang: str = EN) -> str:
    """The red-flag rule of calc/data/red-flags.json, as the calculator applies it."""
    from calc.red_flags import load_red_flags

    t = _words(lang)
    data = load_red_flags(kb)
    prose = kb.red_flags_text.get(lang) if lang != EN else None
    if lang != EN and prose is None:
        raise ValueError(f"calc/data/red-flags.json has no {lang} block")

    def flag_label(flag: Any) -> str:
        return prose.flags.get(flag.id, flag.label) if prose else str(flag.label)

    lines = [f"- **{flag_label(flag)}**: {t[f'm_rf_{flag.role}']}." for flag in data.flags]
    labels = [text(kb.entities[e], "label", lang) for e in data.entities]
    names = ", ".join(labels[:-1]) + f" {t['m_rf_and']} {labels[-1]}" if len(labels) > 1 else labels[0]
    sources = ", ".join(short_name(kb.references[r], lang) for r in data.citations)
    next_step = prose.next_step if prose else data.next_step
    return "\n".join([
        *lines,
        "",
        t["m_rf_names"].format(names=names, next_step=next_step),
        t["m_rf_sources"].format(sources=sources),
    ])


def url_keys() -> str:
    from calc.web import STATE_KEYS

    return ", ".join(f"`{k}`" for k in STATE_KEYS)


def fill(markdown: str, kb: KnowledgeBase, lang: str = EN) -> str:
    """The Methods page of ``lang`` (English or Portuguese) with its markers filled."""
    renderers: dict[str, Callable[[], str]] = {
        THRESHOLDS_MARKER: lambda: thresholds_table(kb, lang),
        UNITS_MARKER: lambda: units_table(kb, lang),
        WEIGHTS_MARKER: lambda: weights_table(kb, lang),
        STATE_KEYS_MARKER: url_keys,
        RED_FLAGS_MARKER: lambda: red_flags_list(kb, lang),
    }
    for marker, render in renderers.items():
        if marker in markdown:
            markdown = markdown.replace(marker, render())
    return markdown
