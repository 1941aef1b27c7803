"""Unit factors and number parsing for the laboratory inputs.

Every factor is derived from a molar mass or a definition, named once here, and cited, so
that the calculator, the pages and the browser all convert with the same numbers. Values are
kept in conventional units (mg/dL, g/dL) inside the engine and converted only at the edges.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from calc.ui_text import decimal

CALCIUM_MOLAR_MASS_G_PER_MOL = 40.08
"""Standard atomic weight of calcium (the factor follows from it by arithmetic; KDOQI 2003 guideline 6,
reference 'kdoqi-2003', pairs 8.4 mg/dL with 2.10 mmol/L and 10.2 mg/dL with 2.54 mmol/L)."""

PHOSPHORUS_MOLAR_MASS_G_PER_MOL = 30.97
"""Standard atomic weight of phosphorus. Labs report inorganic phosphate as phosphorus, so the
molar mass of P (not of PO4) converts it (arithmetic from the molar mass)."""

CALCIUM_MG_DL_PER_MMOL_L = CALCIUM_MOLAR_MASS_G_PER_MOL / 10
"""1 mmol/L of calcium = 4.008 mg/dL (mg/dL × 0.2495 = mmol/L)."""

PHOSPHATE_MG_DL_PER_MMOL_L = PHOSPHORUS_MOLAR_MASS_G_PER_MOL / 10
"""1 mmol/L of phosphate = 3.097 mg/dL (mg/dL × 0.3229 = mmol/L)."""

ALBUMIN_G_L_PER_G_DL = 10.0
"""1 g/dL = 10 g/L, by definition of the units."""

PRODUCT_MG2_DL2_PER_MMOL2_L2 = CALCIUM_MG_DL_PER_MMOL_L * PHOSPHATE_MG_DL_PER_MMOL_L
"""1 mmol²/L² of Ca × P = 12.41 mg²/dL² (the product of the two factors above)."""

CALCIUM_UNITS: tuple[str, ...] = ("mg/dL", "mmol/L")
PHOSPHATE_UNITS: tuple[str, ...] = ("mg/dL", "mmol/L")
ALBUMIN_UNITS: tuple[str, ...] = ("g/dL", "g/L")

_UNIT_SPELLINGS: dict[str, str] = {
    "mg/dl": "mg/dL",
    "mgdl": "mg/dL",
    "mg/100ml": "mg/dL",
    "mmol/l": "mmol/L",
    "mmoll": "mmol/L",
    "g/dl": "g/dL",
    "gdl": "g/dL",
    "g/l": "g/L",
    "gl": "g/L",
}

_NUMBER = re.compile(r"^[+]?(?:[0-9]{1,6}(?:[.,][0-9]{1,6})?|[.,][0-9]{1,6})$")
MAX_INPUT_LENGTH = 32


class InputError(ValueError):
    """A value the user typed cannot be used; the message says what is accepted."""

    def __init__(self, field: str, message: str, kind: str = "other", shown: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.kind = kind
        """What went wrong ('empty', 'long', 'not_number', 'unit', 'other'): the key of the
        message in another language (calc/text_mineral.py)."""
        self.shown = shown


def parse_number(field: str, raw: object) -> float:
    """Read a plain decimal number as people type it, with a point or a decimal comma.

    Exponents, NaN, infinities, signs other than '+', thousands separators and anything
    longer than a lab value are refused, so a pasted payload never becomes a number.
    """
    if isinstance(raw, bool):
        raise InputError(field, f"{field}: a number is expected, not a true/false value")
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str):
        text = raw.strip()
        if not text:
            raise InputError(field, f"{field}: empty; type a number such as 9.6 or 9,6", "empty")
        if len(text) > MAX_INPUT_LENGTH:
            raise InputError(field, f"{field}: too long; type a number such as 9.6 or 9,6", "long")
        if not _NUMBER.match(text):
            shown = text if text.isprintable() else repr(text)
            raise InputError(
                field,
                f"{field}: '{shown}' is not a plain decimal number; "
                "accepted: digits with an optional point or comma, such as 9.6 or 9,6",
                "not_number", shown,
            )
        value = float(text.replace(",", "."))
    else:
        raise InputError(field, f"{field}: a number is expected, got {type(raw).__name__}")
    if not math.isfinite(value):
        raise InputError(field, f"{field}: not a finite number; type a number such as 9.6")
    return value


def normalise_unit(field: str, raw: object, accepted: tuple[str, ...]) -> str:
    """Map the spellings people use ('mg/dl', 'mmol/l') onto the canonical unit names."""
    if not isinstance(raw, str):
        raise InputError(field, f"{field}: unit must be one of {', '.join(accepted)}", "unit", "?")
    key = raw.strip().lower().replace(" ", "")
    unit = _UNIT_SPELLINGS.get(key)
    if unit is None or unit not in accepted:
        shown = raw if len(raw) <= MAX_INPUT_LENGTH and raw.isprintable() else "that value"
        raise InputError(field, f"{field}: unit '{shown}' is not accepted; use {' or '.join(accepted)}",
                         "unit", shown)
    return unit


def calcium_to_mg_dl(value: float, unit: str) -> float:
    return value * CALCIUM_MG_DL_PER_MMOL_L if unit == "mmol/L" else value


def phosphate_to_mg_dl(value: float, unit: str) -> float:
    return value * PHOSPHATE_MG_DL_PER_MMOL_L if unit == "mmol/L" else value


def albumin_to_g_dl(value: float, unit: str) -> float:
    return value / ALBUMIN_G_L_PER_G_DL if unit == "g/L" else value


def calcium_mmol_l(mg_dl: float) -> float:
    return mg_dl / CALCIUM_MG_DL_PER_MMOL_L


def phosphate_mmol_l(mg_dl: float) -> float:
    return mg_dl / PHOSPHATE_MG_DL_PER_MMOL_L


def product_mmol2_l2(mg2_dl2: float) -> float:
    return mg2_dl2 / PRODUCT_MG2_DL2_PER_MMOL2_L2


# --- How results are written (the page, the command line and the copied summary) -----------

PRODUCT_UNIT_CONVENTIONAL = "mg²/dL²"
PRODUCT_UNIT_SI = "mmol²/L²"
PRODUCT_DIGITS = {PRODUCT_UNIT_CONVENTIONAL: 1, PRODUCT_UNIT_SI: 2}
"""Decimals shown for a product; intermediate values are never rounded (Methods page)."""
CALCIUM_DIGITS = {"mg/dL": 2, "mmol/L": 2}
RANGE_DIGITS = {"mg/dL": 1, "mmol/L": 2, "g/dL": 1, "g/L": 0}
"""Decimals of a reference range as the form shows it, per unit."""


def show_product(mg2_dl2: float, lang: str = "en") -> str:
    """A Ca × P product in mg²/dL², as shown: "84.0 mg²/dL²" ("84,0 mg²/dL²" in Portuguese)."""
    return decimal(f"{mg2_dl2:.{PRODUCT_DIGITS[PRODUCT_UNIT_CONVENTIONAL]}f}", lang) + f" {PRODUCT_UNIT_CONVENTIONAL}"


def show_product_si(mg2_dl2: float, lang: str = "en") -> str:
    """The same product in mmol²/L², as shown: "6.77 mmol²/L²"."""
    value = product_mmol2_l2(mg2_dl2)
    return decimal(f"{value:.{PRODUCT_DIGITS[PRODUCT_UNIT_SI]}f} {PRODUCT_UNIT_SI}", lang)


def show_range(low: float, high: float, unit: str, lang: str = "en") -> str:
    """A range already in ``unit``, as shown: "8.5–10.5 mg/dL", "35–50 g/L"."""
    digits = RANGE_DIGITS[unit]
    return decimal(f"{low:.{digits}f}–{high:.{digits}f} {unit}", lang)


def show_calcium(mg_dl: float, unit: str = "mg/dL", lang: str = "en") -> str:
    """A calcium value given in mg/dL, shown in ``unit``: "10.90 mg/dL", "2.72 mmol/L"."""
    value = mg_dl if unit == "mg/dL" else calcium_mmol_l(mg_dl)
    return decimal(f"{value:.{CALCIUM_DIGITS[unit]}f} {unit}", lang)


@dataclass(frozen=True)
class Quantity:
    """A value as typed, with its unit, and its conventional-unit equivalent."""

    value: float
    unit: str
    conventional: float
