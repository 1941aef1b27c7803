"""Every number the lab calculator weighs, each with the id of its source.

The essay ties metastatic calcification to a product raised above about 60–70 (mg²/dL²); the
other thresholds shown beside it are quoted from named guidelines. Each number is a named
constant with the id of its source in ``calc/data/references.json`` (or 'essay', or 'design'
for this project's own input checks), so that the Methods page can list exactly what the
calculator uses (:func:`methods_table`) and nothing unsourced is ever shown. Kept apart from
:mod:`calc.mineral`, which computes with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from calc.text_mineral import TEXT
from calc.ui_text import num, pick
from calc.units import PRODUCT_UNIT_CONVENTIONAL, product_mmol2_l2, show_product_si


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


def phosphate_reference(age: int | None) -> Range:
    """The phosphate range for an age: paediatric bands below 13 years, else the adult range."""
    if age is None or age >= PAEDIATRIC_ADULT_PHOSPHATE_AGE:
        return PHOSPHATE_REFERENCE_MG_DL
    chosen = PAEDIATRIC_PHOSPHATE_MG_DL[0][1]
    for from_age, rng in PAEDIATRIC_PHOSPHATE_MG_DL:
        if age >= from_age:
            chosen = rng
    return chosen


def threshold_dict(threshold: Threshold, lang: str = "en") -> dict[str, Any]:
    """A quoted threshold as the page and the Methods page show it, in both unit systems."""
    return {
        "id": threshold.id,
        "value_mg2_dl2": threshold.value_mg2_dl2,
        "value_mmol2_l2": round(product_mmol2_l2(threshold.value_mg2_dl2), 2),
        "display": f"{num(threshold.value_mg2_dl2, 'g', lang)} {PRODUCT_UNIT_CONVENTIONAL} "
                   f"({show_product_si(threshold.value_mg2_dl2, lang)})",
        "label": threshold.label if lang == "en" else pick(TEXT, lang).get(threshold.id, threshold.label),
        "source": threshold.source,
    }


def methods_table() -> list[dict[str, Any]]:
    """Every number the calculator uses, with its source: the methods page prints this."""
    rows: list[dict[str, Any]] = [threshold_dict(t) for t in (*ADULT_THRESHOLDS, KDOQI_CHILD_TARGET)]
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
