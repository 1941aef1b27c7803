"""Calcium × phosphate product and albumin-corrected calcium, with their caveats.

The essay ties metastatic calcification to a product raised above about 60–70 (mg²/dL²); the
other thresholds shown beside it are quoted from named guidelines. Each number here is a named
constant with the id of its source in ``calc/data/references.json`` (or 'essay'), so that the
methods page can list exactly what the calculator uses and nothing unsourced is ever shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from calc.findings import FindingSet
from calc.text_mineral import NAMES, TEXT
from calc.ui_text import num, pick
from calc.units import (
    ALBUMIN_G_L_PER_G_DL,
    ALBUMIN_UNITS,
    CALCIUM_MG_DL_PER_MMOL_L,
    CALCIUM_UNITS,
    PHOSPHATE_MG_DL_PER_MMOL_L,
    PHOSPHATE_UNITS,
    PRODUCT_UNIT_CONVENTIONAL,
    InputError,
    albumin_to_g_dl,
    calcium_mmol_l,
    calcium_to_mg_dl,
    normalise_unit,
    parse_number,
    phosphate_mmol_l,
    phosphate_to_mg_dl,
    product_mmol2_l2,
    show_calcium,
    show_product,
    show_product_si,
    show_range,
)


@dataclass(frozen=True)
class Threshold:
    """A product value quoted from a source, in mg²/dL²."""

    id: str
    value_mg2_dl2: float
    label: str
    source: str


@dataclass(frozen=True)
class Range:
    """A lower and upper bound in conventional units, with the source of the numbers."""

    low: float
    high: float
    source: str


# --- Product thresholds (mg²/dL²) -------------------------------------------------------
ESSAY_METASTATIC_LOW = Threshold(
    "essay-60", 60.0, "lower end of the essay's 60–70 range for metastatic calcification", "essay"
)
ESSAY_METASTATIC_HIGH = Threshold(
    "essay-70", 70.0, "upper end of the essay's 60–70 range for metastatic calcification", "essay"
)
KDOQI_ADULT_TARGET = Threshold(
    "kdoqi-55", 55.0, "KDOQI 2003 target in CKD stages 3–5: below 55", "kdoqi-2003"
)
KDOQI_CHILD_TARGET = Threshold(
    "kdoqi-child-65", 65.0, "KDOQI 2005 paediatric target under 12 years: below 65",
    "kdoqi-2005-paediatric",
)
ADULT_THRESHOLDS: tuple[Threshold, ...] = (KDOQI_ADULT_TARGET, ESSAY_METASTATIC_LOW, ESSAY_METASTATIC_HIGH)

PAEDIATRIC_AGE_LIMIT = 18
"""Below this age the adult bands are not applied: the cut at 18 is this project's ('design');
the limits used below it are those of the KDOQI 2005 paediatric guideline."""
KDOQI_CHILD_AGE_LIMIT = 12
"""KDOQI 2005 uses 65 mg²/dL² under 12 years and 55 in adolescents."""

# --- Paediatric phosphate ranges (KDOQI 2005 paediatric guideline 4, background) -----------
PAEDIATRIC_PHOSPHATE_MG_DL: tuple[tuple[int, Range], ...] = (
    (0, Range(4.8, 7.4, "kdoqi-2005-paediatric")),   # infants (first months of life)
    (1, Range(4.5, 5.8, "kdoqi-2005-paediatric")),   # ages 1-2
    (3, Range(3.5, 5.5, "kdoqi-2005-paediatric")),   # mid-childhood
)
"""Serum phosphate is higher in growing children; from PAEDIATRIC_ADULT_PHOSPHATE_AGE the guideline
says values have fallen to adult ones, so the adult range applies. Calcium keeps the adult range
(the guideline asks for the laboratory's normal range) and the product is read against the
paediatric KDOQI targets (KDOQI_CHILD_TARGET under 12, KDOQI_ADULT_TARGET from 12)."""
PAEDIATRIC_ADULT_PHOSPHATE_AGE = 13

# --- Adult reference ranges (conventional units) ------------------------------------------
CALCIUM_REFERENCE_MG_DL = Range(9.0, 10.5, "jhm-2021")
"""Circulating total calcium of about 9–10.5 mg/dL (Kenny et al. 2021); each laboratory's own
range takes precedence, which the calculator page says."""
PHOSPHATE_REFERENCE_MG_DL = Range(2.5, 4.5, "hyperphosphatemia-accessmedicine")

# --- Plausibility: outside these a value is refused as a typo or a unit error --------------
# These are input checks chosen by this project, not clinical values: they are set far
# outside any laboratory's reference or critical limits, so that only a typo or a wrong unit
# is refused. No source states them, and the Methods page says so ('design').
CALCIUM_PLAUSIBLE_MG_DL = Range(3.0, 20.0, "design")
PHOSPHATE_PLAUSIBLE_MG_DL = Range(0.3, 20.0, "design")
ALBUMIN_PLAUSIBLE_G_DL = Range(0.5, 7.0, "design")

# --- Critical values: inside plausibility but worth a strong warning ------------------------
CALCIUM_CRITICAL_MG_DL = Range(6.6, 12.9, "kost-1990")
"""Mean low and high critical limits of a US survey, 1.65 and 3.22 mmol/L (Kost 1990).
No phosphate critical limit is shown: no source read for this project states one."""
ALBUMIN_CORRECTION_UNRELIABLE_BELOW_G_DL = 2.0
"""Below this albumin the page warns that the correction is least trustworthy. The cut is this
project's ('design'); Kenny et al. 2021 ('jhm-2021') show the correction misleading at an
albumin of 1.5 g/dL."""

IONIZED_CALCIUM_BAND_MG_DL = Range(4.5, 5.5, "jhm-2021")
"""Free (ionized) calcium of about 4.5–5.5 mg/dL (Kenny et al. 2021): a 'total' value here was
probably an ionized result."""

UNIT_MIXUP_CALCIUM_BELOW_MG_DL = 4.0
"""A calcium 'in mg/dL' below this is far under the ionized range (4.5 mg/dL, 'jhm-2021') and
under the lowest critical limit (6.6 mg/dL, 'kost-1990'): almost surely a value in mmol/L. The
cut itself is an input check of this project ('design')."""

# --- Albumin correction ---------------------------------------------------------------------
# The calculator uses the widely used 0.8 form, Ca + 0.8 × (4.0 − albumin) in mg/dL and g/dL
# (0.02 mmol/L per g/L): stated by Medscape's calculator ('medscape-calcium-correction') and
# the form of the worked case in Kenny et al. 2021 ('jhm-2021'). It is often called "Payne's
# formula", but Payne et al. 1973 ('payne-1973') published Ca − albumin + 4.0, a slope of 1.0.
CORRECTION_SOURCE = "medscape-calcium-correction"
PAYNE_REFERENCE_ALBUMIN_G_DL = 4.0
PAYNE_COEFFICIENT_MG_DL_PER_G_DL = 0.8
PAYNE_1973_COEFFICIENT_MG_DL_PER_G_DL = 1.0
"""The slope of the 1973 paper's own equation, quoted on the Methods page; not used."""


@dataclass
class Message:
    """Something the user should read: an error that stops a result, a warning or a note."""

    level: str
    field: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"level": self.level, "field": self.field, "text": self.text}


@dataclass
class MineralResult:
    """Everything the calculator shows about the labs, in both unit systems."""

    calcium_mg_dl: float | None = None
    phosphate_mg_dl: float | None = None
    albumin_g_dl: float | None = None
    product_mg2_dl2: float | None = None
    corrected_calcium_mg_dl: float | None = None
    corrected_product_mg2_dl2: float | None = None
    band: dict[str, str] | None = None
    working: list[str] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    lab_states: dict[str, str] = field(default_factory=dict)
    thresholds: list[dict[str, Any]] = field(default_factory=list)
    paediatric: bool = False
    lang: str = "en"

    @property
    def ok(self) -> bool:
        return not any(m.level == "error" for m in self.messages)

    def as_dict(self) -> dict[str, Any]:
        def rounded(value: float | None, digits: int) -> float | None:
            return None if value is None else round(value, digits)

        ca, p = self.calcium_mg_dl, self.phosphate_mg_dl
        corr = self.corrected_calcium_mg_dl
        return {
            "calcium_mg_dl": rounded(ca, 2),
            "calcium_mmol_l": rounded(None if ca is None else calcium_mmol_l(ca), 3),
            "phosphate_mg_dl": rounded(p, 2),
            "phosphate_mmol_l": rounded(None if p is None else phosphate_mmol_l(p), 3),
            "albumin_g_dl": rounded(self.albumin_g_dl, 2),
            "product_mg2_dl2": rounded(self.product_mg2_dl2, 1),
            "product_mmol2_l2": rounded(
                None if self.product_mg2_dl2 is None else product_mmol2_l2(self.product_mg2_dl2), 2
            ),
            "corrected_calcium_mg_dl": rounded(corr, 2),
            "corrected_calcium_mmol_l": rounded(None if corr is None else calcium_mmol_l(corr), 3),
            "corrected_product_mg2_dl2": rounded(self.corrected_product_mg2_dl2, 1),
            "corrected_product_mmol2_l2": rounded(
                None
                if self.corrected_product_mg2_dl2 is None
                else product_mmol2_l2(self.corrected_product_mg2_dl2),
                2,
            ),
            "display": self.display(),
            "band": self.band,
            "thresholds": self.thresholds,
            "working": self.working,
            "lab_states": self.lab_states,
            "paediatric": self.paediatric,
            "messages": [m.as_dict() for m in self.messages],
        }

    def display(self) -> dict[str, str]:
        """The results as written, with their units, for the page (which formats no number)."""
        lang = self.lang
        shown: dict[str, str] = {"scale_unit": PRODUCT_UNIT_CONVENTIONAL}
        if self.product_mg2_dl2 is not None:
            shown["product"] = show_product(self.product_mg2_dl2, lang)
            shown["product_si"] = show_product_si(self.product_mg2_dl2, lang)
        if self.corrected_calcium_mg_dl is not None:
            shown["corrected_calcium"] = show_calcium(self.corrected_calcium_mg_dl, "mg/dL", lang)
            shown["corrected_calcium_si"] = show_calcium(self.corrected_calcium_mg_dl, "mmol/L", lang)
        if self.corrected_product_mg2_dl2 is not None:
            shown["corrected_product"] = show_product(self.corrected_product_mg2_dl2, lang)
            shown["corrected_product_si"] = show_product_si(self.corrected_product_mg2_dl2, lang)
        return shown


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
            result.thresholds = [_threshold_dict(limit, lang)]
            result.messages.append(Message("warning", "age", t["children"]))
        else:
            result.band = product_band(product, lang)
            result.thresholds = [_threshold_dict(th, lang) for th in ADULT_THRESHOLDS]
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


def phosphate_reference(age: int | None) -> Range:
    """The phosphate range for an age: paediatric bands below 13 years, else the adult range."""
    if age is None or age >= PAEDIATRIC_ADULT_PHOSPHATE_AGE:
        return PHOSPHATE_REFERENCE_MG_DL
    chosen = PAEDIATRIC_PHOSPHATE_MG_DL[0][1]
    for from_age, rng in PAEDIATRIC_PHOSPHATE_MG_DL:
        if age >= from_age:
            chosen = rng
    return chosen


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


def _threshold_dict(threshold: Threshold, lang: str = "en") -> dict[str, Any]:
    return {
        "id": threshold.id,
        "value_mg2_dl2": threshold.value_mg2_dl2,
        "value_mmol2_l2": round(product_mmol2_l2(threshold.value_mg2_dl2), 2),
        "display": f"{_g(threshold.value_mg2_dl2, lang)} {PRODUCT_UNIT_CONVENTIONAL} "
                   f"({show_product_si(threshold.value_mg2_dl2, lang)})",
        "label": threshold.label if lang == "en" else pick(TEXT, lang).get(threshold.id, threshold.label),
        "source": threshold.source,
    }


def methods_table() -> list[dict[str, Any]]:
    """Every number the calculator uses, with its source: the methods page prints this."""
    rows: list[dict[str, Any]] = [_threshold_dict(t) for t in (*ADULT_THRESHOLDS, KDOQI_CHILD_TARGET)]
    for name, rng, unit in (
        ("adult total calcium reference", CALCIUM_REFERENCE_MG_DL, "mg/dL"),
        ("adult phosphate reference", PHOSPHATE_REFERENCE_MG_DL, "mg/dL"),
        ("ionized calcium range (a 'total' value here is questioned)", IONIZED_CALCIUM_BAND_MG_DL, "mg/dL"),
        ("calcium critical limits (warning)", CALCIUM_CRITICAL_MG_DL, "mg/dL"),
        ("accepted calcium (input check)", CALCIUM_PLAUSIBLE_MG_DL, "mg/dL"),
        ("accepted phosphate (input check)", PHOSPHATE_PLAUSIBLE_MG_DL, "mg/dL"),
        ("accepted albumin (input check)", ALBUMIN_PLAUSIBLE_G_DL, "g/dL"),
        ("phosphate reference under 1 year", PAEDIATRIC_PHOSPHATE_MG_DL[0][1], "mg/dL"),
        ("phosphate reference at 1–2 years", PAEDIATRIC_PHOSPHATE_MG_DL[1][1], "mg/dL"),
        ("phosphate reference at 3–12 years", PAEDIATRIC_PHOSPHATE_MG_DL[2][1], "mg/dL"),
    ):
        rows.append({"id": name, "label": f"{name}: {rng.low:g}–{rng.high:g} {unit}", "source": rng.source})
    return rows
