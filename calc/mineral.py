"""Calcium × phosphate product and albumin-corrected calcium, with their caveats.

Reads the typed labs (refusing typos and unit mix-ups with a message that says what is
accepted), computes the product and the corrected calcium, places the product against the
quoted thresholds and gives the engine a low/normal/high state per analyte. The numbers and
their sources live in :mod:`calc.mineral_limits`, the result record in
:mod:`calc.mineral_result`; both are re-exported here, the calculator's one front door.
"""

from __future__ import annotations

from collections.abc import Callable

from calc.findings import FindingSet
from calc.mineral_limits import (
    ADULT_THRESHOLDS,
    ALBUMIN_CORRECTION_UNRELIABLE_BELOW_G_DL,
    ALBUMIN_PLAUSIBLE_G_DL,
    CALCIUM_CRITICAL_MG_DL,
    CALCIUM_PLAUSIBLE_MG_DL,
    CALCIUM_REFERENCE_MG_DL,
    CORRECTION_SOURCE,
    ESSAY_METASTATIC_HIGH,
    ESSAY_METASTATIC_LOW,
    IONIZED_CALCIUM_BAND_MG_DL,
    KDOQI_ADULT_TARGET,
    KDOQI_CHILD_AGE_LIMIT,
    KDOQI_CHILD_TARGET,
    PAEDIATRIC_ADULT_PHOSPHATE_AGE,
    PAEDIATRIC_AGE_LIMIT,
    PAEDIATRIC_PHOSPHATE_MG_DL,
    PAYNE_1973_COEFFICIENT_MG_DL_PER_G_DL,
    PAYNE_COEFFICIENT_MG_DL_PER_G_DL,
    PAYNE_REFERENCE_ALBUMIN_G_DL,
    PHOSPHATE_PLAUSIBLE_MG_DL,
    PHOSPHATE_REFERENCE_MG_DL,
    UNIT_MIXUP_CALCIUM_BELOW_MG_DL,
    Range,
    Threshold,
    methods_table,
    phosphate_reference,
    threshold_dict,
)
from calc.mineral_result import Message, MineralResult
from calc.text_mineral import NAMES, TEXT
from calc.ui_text import num, pick
from calc.units import (
    ALBUMIN_G_L_PER_G_DL,
    ALBUMIN_UNITS,
    CALCIUM_MG_DL_PER_MMOL_L,
    CALCIUM_UNITS,
    PHOSPHATE_MG_DL_PER_MMOL_L,
    PHOSPHATE_UNITS,
    InputError,
    albumin_to_g_dl,
    calcium_mmol_l,
    calcium_to_mg_dl,
    normalise_unit,
    parse_number,
    phosphate_mmol_l,
    phosphate_to_mg_dl,
    show_calcium,
    show_product,
    show_product_si,
    show_range,
)

__all__ = [
    "ADULT_THRESHOLDS",
    "ALBUMIN_CORRECTION_UNRELIABLE_BELOW_G_DL",
    "ALBUMIN_PLAUSIBLE_G_DL",
    "CALCIUM_CRITICAL_MG_DL",
    "CALCIUM_PLAUSIBLE_MG_DL",
    "CALCIUM_REFERENCE_MG_DL",
    "CORRECTION_SOURCE",
    "ESSAY_METASTATIC_HIGH",
    "ESSAY_METASTATIC_LOW",
    "IONIZED_CALCIUM_BAND_MG_DL",
    "KDOQI_ADULT_TARGET",
    "KDOQI_CHILD_AGE_LIMIT",
    "KDOQI_CHILD_TARGET",
    "PAEDIATRIC_ADULT_PHOSPHATE_AGE",
    "PAEDIATRIC_AGE_LIMIT",
    "PAEDIATRIC_PHOSPHATE_MG_DL",
    "PAYNE_1973_COEFFICIENT_MG_DL_PER_G_DL",
    "PAYNE_COEFFICIENT_MG_DL_PER_G_DL",
    "PAYNE_REFERENCE_ALBUMIN_G_DL",
    "PHOSPHATE_PLAUSIBLE_MG_DL",
    "PHOSPHATE_REFERENCE_MG_DL",
    "UNIT_MIXUP_CALCIUM_BELOW_MG_DL",
    "Message",
    "MineralResult",
    "Range",
    "Threshold",
    "compute_mineral",
    "lab_states",
    "methods_table",
    "mineral_of",
    "phosphate_reference",
    "product_band",
    "reference_hints",
    "threshold_dict",
]


def _fmt(value: float, digits: int = 1, lang: str = "en") -> str:
    return num(value, f".{digits}f", lang)


def _g(value: float, lang: str = "en") -> str:
    return num(value, "g", lang)


def product_band(product_mg2_dl2: float, lang: str = "en") -> dict[str, str]:
    """Where an adult product stands against the quoted thresholds (each band names a source)."""
    if product_mg2_dl2 < KDOQI_ADULT_TARGET.value_mg2_dl2:
        band, source = "below-55", "kdoqi-2003"
    elif product_mg2_dl2 < ESSAY_METASTATIC_LOW.value_mg2_dl2:
        band, source = "55-60", "kdoqi-2003"
    elif product_mg2_dl2 <= ESSAY_METASTATIC_HIGH.value_mg2_dl2:
        band, source = "60-70", "essay"
    else:
        band, source = "above-70", "essay"
    return {"id": band, "label": pick(TEXT, lang)[band], "source": source}


def _state(value: float, reference: Range) -> str:
    if value < reference.low:
        return "low"
    if value > reference.high:
        return "high"
    return "normal"


def _read(
    field_name: str, raw: object, unit_raw: object, units: tuple[str, ...], result: MineralResult
) -> tuple[float, str] | None:
    lang = result.lang
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        unit = normalise_unit(f"{field_name}_unit", unit_raw if unit_raw is not None else units[0], units)
        return parse_number(field_name, raw), unit
    except InputError as exc:
        text = _as_sentence(str(exc)) if lang == "en" else pick(TEXT, lang)[f"input_{exc.kind}"].format(
            name=_name(field_name, lang), shown=exc.shown, accepted=pick(TEXT, lang)["or"].join(units))
        result.messages.append(Message("error", exc.field, text))
        return None


def _as_sentence(text: str) -> str:
    """An input error as a sentence for people: "calcium: empty; type…" → "Calcium: empty; type…." """
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def _name(field_name: str, lang: str = "en") -> str:
    return pick(NAMES, lang).get(field_name, field_name[:1].upper() + field_name[1:])


def _trim(value: float, lang: str = "en") -> str:
    """Two decimals without trailing zeros: 0.75, 5, 0.1."""
    return num(float(f"{value:.2f}"), "g", lang)


def _plausible(field_name: str, value_conv: float, typed: float, unit: str, plausible: Range,
               to_other_unit: Callable[[float], float], result: MineralResult) -> bool:
    """Refuse a value outside the accepted range, naming the range in both unit systems."""
    if plausible.low <= value_conv <= plausible.high:
        return True
    conventional, other = ("g/dL", "g/L") if field_name == "albumin" else ("mg/dL", "mmol/L")
    lang = result.lang
    hint = (f"{_g(plausible.low, lang)}–{_g(plausible.high, lang)} {conventional}, "
            f"{_trim(to_other_unit(plausible.low), lang)}–{_trim(to_other_unit(plausible.high), lang)} {other}")
    result.messages.append(Message("error", field_name, pick(TEXT, lang)["outside"].format(
        name=_name(field_name, lang), typed=_g(typed, lang), unit=unit, hint=hint)))
    return False


def _si_value_looks_conventional(field_name: str, value: float, unit: str, conv: float, plausible: Range,
                                 result: MineralResult) -> bool:
    """A value typed in mmol/L that would be impossible in mg/dL was almost surely typed in mg/dL."""
    if unit == "mmol/L" and conv > plausible.high and value <= plausible.high:
        lang = result.lang
        result.messages.append(Message("error", field_name, pick(TEXT, lang)["si_conventional"].format(
            name=_name(field_name, lang), value=_g(value, lang), conv=_fmt(conv, 1, lang))))
        return True
    return False


def _warn_if_critical(field_name: str, conv: float, critical: Range, result: MineralResult) -> None:
    if not critical.low <= conv <= critical.high:
        lang = result.lang
        result.messages.append(Message("warning", field_name, pick(TEXT, lang)["critical"].format(
            name=_name(field_name, lang), conv=_fmt(conv, 1, lang), low=_g(critical.low, lang),
            high=_g(critical.high, lang))))


def compute_mineral(
    calcium: object = None,
    calcium_unit: object = "mg/dL",
    phosphate: object = None,
    phosphate_unit: object = None,
    albumin: object = None,
    albumin_unit: object = "g/dL",
    age: int | None = None,
    renal_failure: bool = False,
    lang: str = "en",
) -> MineralResult:
    """Compute product, corrected calcium, band and caveats; never raises on user input."""
    result = MineralResult(lang=lang)
    t = pick(TEXT, lang)

    def g(value: float) -> str:
        return _g(value, lang)

    def f(value: float, digits: int = 1) -> str:
        return _fmt(value, digits, lang)

    if phosphate_unit is None:
        phosphate_unit = "mmol/L" if calcium_unit in ("mmol/L", "mmol/l") else "mg/dL"
    ca = _read("calcium", calcium, calcium_unit, CALCIUM_UNITS, result)
    p = _read("phosphate", phosphate, phosphate_unit, PHOSPHATE_UNITS, result)
    alb = _read("albumin", albumin, albumin_unit, ALBUMIN_UNITS, result)
    result.paediatric = age is not None and age < PAEDIATRIC_AGE_LIMIT

    ca_mg = p_mg = alb_g = None
    if ca is not None:
        value, unit = ca
        conv = calcium_to_mg_dl(value, unit)
        if unit == "mg/dL" and value < CALCIUM_PLAUSIBLE_MG_DL.low and 1.0 <= value <= 5.0:
            as_mmol = value * CALCIUM_MG_DL_PER_MMOL_L
            result.messages.append(Message("error", "calcium",
                                           t["ca_too_low"].format(value=g(value), as_mmol=f(as_mmol))))
        elif not _si_value_looks_conventional("calcium", value, unit, conv, CALCIUM_PLAUSIBLE_MG_DL, result) \
                and _plausible("calcium", conv, value, unit, CALCIUM_PLAUSIBLE_MG_DL, calcium_mmol_l, result):
            ca_mg = conv
            if unit == "mg/dL" and conv < UNIT_MIXUP_CALCIUM_BELOW_MG_DL:
                result.messages.append(Message("warning", "calcium", t["ca_extremely_low"].format(
                    value=g(value), as_mmol=f(value * CALCIUM_MG_DL_PER_MMOL_L))))
            if IONIZED_CALCIUM_BAND_MG_DL.low <= conv <= IONIZED_CALCIUM_BAND_MG_DL.high:
                result.messages.append(Message("warning", "calcium", t["ionized"]))
            _warn_if_critical("calcium", conv, CALCIUM_CRITICAL_MG_DL, result)
    if p is not None:
        value, unit = p
        conv = phosphate_to_mg_dl(value, unit)
        if not _si_value_looks_conventional("phosphate", value, unit, conv, PHOSPHATE_PLAUSIBLE_MG_DL, result) \
                and _plausible("phosphate", conv, value, unit, PHOSPHATE_PLAUSIBLE_MG_DL, phosphate_mmol_l, result):
            p_mg = conv
    if alb is not None:
        value, unit = alb
        conv = albumin_to_g_dl(value, unit)
        if unit == "g/dL" and value > ALBUMIN_PLAUSIBLE_G_DL.high and value <= 70:
            result.messages.append(Message("error", "albumin",
                                           t["alb_too_high"].format(value=g(value), as_g_dl=f(value / 10))))
        elif unit == "g/L" and conv < ALBUMIN_PLAUSIBLE_G_DL.low and value >= 0.5:
            result.messages.append(Message("error", "albumin", t["alb_too_low"].format(value=g(value))))
        elif _plausible("albumin", conv, value, unit, ALBUMIN_PLAUSIBLE_G_DL,
                        lambda g_dl: g_dl * ALBUMIN_G_L_PER_G_DL, result):
            alb_g = conv

    if ca is not None and p is not None and ca[1] != p[1]:
        # The trap of a unit left behind: flag it at the phosphate field with both readings.
        other = "mg/dL" if p[1] == "mmol/L" else "mmol/L"
        as_other = phosphate_to_mg_dl(p[0], other)
        result.messages.append(Message("warning", "phosphate", t["mixed"].format(
            ca_unit=ca[1], p_unit=p[1], value=g(p[0]), other=other, as_other=f(as_other))))

    result.calcium_mg_dl, result.phosphate_mg_dl, result.albumin_g_dl = ca_mg, p_mg, alb_g
    if ca_mg is not None and ca is not None and ca[1] == "mmol/L":
        result.working.append(t["work_ca"].format(value=g(ca[0]), factor=f(CALCIUM_MG_DL_PER_MMOL_L, 3),
                                                  mg=f(ca_mg, 2)))
    if p_mg is not None and p is not None and p[1] == "mmol/L":
        result.working.append(t["work_p"].format(value=g(p[0]), factor=f(PHOSPHATE_MG_DL_PER_MMOL_L, 3),
                                                 mg=f(p_mg, 2)))

    if ca_mg is not None and alb_g is not None:
        corrected = ca_mg + PAYNE_COEFFICIENT_MG_DL_PER_G_DL * (PAYNE_REFERENCE_ALBUMIN_G_DL - alb_g)
        result.corrected_calcium_mg_dl = corrected
        result.working.append(t["work_corrected"].format(
            ca=f(ca_mg, 2), k=num(PAYNE_COEFFICIENT_MG_DL_PER_G_DL, "", lang),
            ref=num(PAYNE_REFERENCE_ALBUMIN_G_DL, "", lang), alb=f(alb_g, 2),
            value=show_calcium(corrected, "mg/dL", lang), value_si=show_calcium(corrected, "mmol/L", lang)))
        result.messages.append(Message("note", "albumin", t["corrected_estimate"]))
        if alb_g < ALBUMIN_CORRECTION_UNRELIABLE_BELOW_G_DL:
            result.messages.append(Message("warning", "albumin", t["alb_unreliable"].format(
                limit=g(ALBUMIN_CORRECTION_UNRELIABLE_BELOW_G_DL))))
        if renal_failure:
            result.messages.append(Message("warning", "albumin", t["renal"]))

    if ca_mg is not None and p_mg is not None:
        product = ca_mg * p_mg
        result.product_mg2_dl2 = product
        result.working.append(t["work_product"].format(
            ca=f(ca_mg, 2), p=f(p_mg, 2), product=show_product(product, lang),
            product_si=show_product_si(product, lang)))
        if result.corrected_calcium_mg_dl is not None:
            corrected_product = result.corrected_calcium_mg_dl * p_mg
            result.corrected_product_mg2_dl2 = corrected_product
            result.working.append(t["work_corrected_product"].format(
                ca=f(result.corrected_calcium_mg_dl, 2), p=f(p_mg, 2),
                product=show_product(corrected_product, lang), product_si=show_product_si(corrected_product, lang)))
        if result.paediatric:
            limit = KDOQI_CHILD_TARGET if age is not None and age < KDOQI_CHILD_AGE_LIMIT else KDOQI_ADULT_TARGET
            side = t["above"] if product >= limit.value_mg2_dl2 else t["below"]
            result.band = {"id": "paediatric", "source": "kdoqi-2005-paediatric",
                           "label": t["paediatric"].format(limit=g(limit.value_mg2_dl2), side=side)}
            result.thresholds = [threshold_dict(limit, lang)]
            result.messages.append(Message("warning", "age", t["children"]))
        else:
            result.band = product_band(product, lang)
            result.thresholds = [threshold_dict(th, lang) for th in ADULT_THRESHOLDS]
            if age is None:
                result.messages.append(Message("note", "age", t["no_age"]))
        result.messages.append(Message("note", "product", t["kdigo"]))

    # In kidney failure the uncorrected total calcium tracks free calcium better (Lian and Åsberg 2018).
    corrected_for_state = None if renal_failure else result.corrected_calcium_mg_dl
    result.lab_states.update(lab_states(ca_mg, corrected_for_state, p_mg, result.product_mg2_dl2,
                                        age if result.paediatric else None))
    return result


def mineral_of(findings: FindingSet, lang: str = "en") -> MineralResult:
    """The labs of a finding set through the calculator: one path for the command line and
    the scripts and tests that score the ranking (the page first merges its form's fields
    with the labs read from the text, see :func:`calc.web.compute`)."""
    labs = findings.labs
    return compute_mineral(
        calcium=labs.get("calcium"), calcium_unit=labs.get("calcium_unit", "mg/dL"),
        phosphate=labs.get("phosphate"), phosphate_unit=labs.get("phosphate_unit"),
        albumin=labs.get("albumin"), albumin_unit=labs.get("albumin_unit", "g/dL"),
        age=findings.age, renal_failure="renal-failure" in findings.ids("clinical"), lang=lang,
    )


def lab_states(ca_mg: float | None, corrected_ca_mg: float | None, p_mg: float | None,
               product: float | None, child_age: int | None) -> dict[str, str]:
    """Low/normal/high per analyte for the engine; a child's values against children's ranges."""
    states: dict[str, str] = {}
    calcium_for_state = corrected_ca_mg or ca_mg
    if calcium_for_state is not None:
        states["calcium"] = _state(calcium_for_state, CALCIUM_REFERENCE_MG_DL)
    if p_mg is not None:
        states["phosphate"] = _state(p_mg, phosphate_reference(child_age))
    if product is not None:
        if child_age is None:
            limit = ESSAY_METASTATIC_LOW
        else:
            limit = KDOQI_CHILD_TARGET if child_age < KDOQI_CHILD_AGE_LIMIT else KDOQI_ADULT_TARGET
        states["product"] = "raised" if product >= limit.value_mg2_dl2 else "normal"
    return states


def reference_hints(lang: str = "en") -> dict[str, dict[str, str]]:
    """The adult reference range of each lab, written for every unit the form offers.

    Shown beside each field so that a value can be read at a glance; the numbers are the
    constants above (and their sources, on the Methods page), converted with calc.units.
    """

    def span(low: float, high: float, unit: str) -> str:
        return pick(TEXT, lang)["reference"].format(range=show_range(low, high, unit, lang))

    ca, p = CALCIUM_REFERENCE_MG_DL, PHOSPHATE_REFERENCE_MG_DL
    alb = PAYNE_REFERENCE_ALBUMIN_G_DL

    def albumin(value: str) -> str:
        return pick(TEXT, lang)["albumin_normal"].format(value=value)

    return {
        "calcium": {"mg/dL": span(ca.low, ca.high, "mg/dL"),
                    "mmol/L": span(calcium_mmol_l(ca.low), calcium_mmol_l(ca.high), "mmol/L")},
        "phosphate": {"mg/dL": span(p.low, p.high, "mg/dL"),
                      "mmol/L": span(phosphate_mmol_l(p.low), phosphate_mmol_l(p.high), "mmol/L")},
        "albumin": {"g/dL": albumin(f"{_g(alb, lang)} g/dL"),
                    "g/L": albumin(f"{_g(alb * ALBUMIN_G_L_PER_G_DL, lang)} g/L")},
    }


