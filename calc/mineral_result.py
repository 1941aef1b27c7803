"""What the lab calculator answers: its messages and its result, in both unit systems.

Kept apart from :mod:`calc.mineral` (which fills it) so that the record and the way it is
written for the page (``as_dict``, ``display``) stay one small module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from calc.units import (
    PRODUCT_UNIT_CONVENTIONAL,
    calcium_mmol_l,
    phosphate_mmol_l,
    product_mmol2_l2,
    show_calcium,
    show_product,
    show_product_si,
)


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
