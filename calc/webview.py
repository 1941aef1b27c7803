"""What the calculator page shows beyond the engine's answer: the summary bar, the unit system,
which text chips tick which form choices, and the page's start-up words.

calc.web.compute calls ``present`` on its result so that the page (docs/assets/js/calc-*.js)
draws these texts as they are: the page writes no sentence of its own, and the rules (which
unit each system uses, what counts as "understood") live here once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from calc.knowledge import FINDING_CATEGORIES
from calc.units import ALBUMIN_UNITS, CALCIUM_UNITS, PHOSPHATE_UNITS

UNITS_KEY = "units"
"""State and URL key of the unit system: one switch that sets every analyte's unit."""

UNIT_SYSTEMS: dict[str, dict[str, str]] = {
    "conventional": {"calcium": CALCIUM_UNITS[0], "phosphate": PHOSPHATE_UNITS[0], "albumin": ALBUMIN_UNITS[0]},
    "si": {"calcium": CALCIUM_UNITS[1], "phosphate": PHOSPHATE_UNITS[1], "albumin": ALBUMIN_UNITS[1]},
}
UNIT_SYSTEM_LABELS = {"conventional": "Conventional", "si": "SI"}
LABS: tuple[str, ...] = ("calcium", "phosphate", "albumin")


def unit_system(state: Mapping[str, Any]) -> str | None:
    """The state's unit system if it names a known one, else None."""
    value = state.get(UNITS_KEY)
    return value if isinstance(value, str) and value in UNIT_SYSTEMS else None


def unit_system_note(state: Mapping[str, Any]) -> list[str]:
    """A sentence for a ``units`` value that is not a known system (nothing when it is fine)."""
    value = state.get(UNITS_KEY)
    if value in (None, "") or unit_system(state) is not None:
        return []
    shown = str(value)[:20]
    return [f"The unit system “{shown}” is not known, so each value keeps its own unit; "
            f"use {' or '.join(UNIT_SYSTEMS)}."]


def lab_units(state: Mapping[str, Any]) -> dict[str, str | None]:
    """Each analyte's unit: its own unit key wins (per-analyte override), then the system's."""
    system = unit_system(state)
    out: dict[str, str | None] = {}
    for lab in LABS:
        own = state.get(f"{lab}_unit")
        if isinstance(own, str) and own.strip():
            out[lab] = own
        else:
            out[lab] = UNIT_SYSTEMS[system][lab] if system else None
    return out


def display_system(state: Mapping[str, Any]) -> str:
    """The system the results are shown in first: the switch, else calcium's unit."""
    system = unit_system(state)
    if system:
        return system
    calcium = lab_units(state)["calcium"]
    return "si" if calcium == UNIT_SYSTEMS["si"]["calcium"] else "conventional"


def form_units() -> list[dict[str, Any]]:
    """The unit switch as the form draws it: id, label, and the unit it sets for each analyte."""
    return [
        {"id": system, "label": UNIT_SYSTEM_LABELS[system],
         "hint": " · ".join(dict.fromkeys(units.values())), "units": dict(units)}
        for system, units in UNIT_SYSTEMS.items()
    ]


def chip_form_key(category: str, term_id: str, negated: bool, known: bool) -> str | None:
    """The form choice a text chip stands for ("compartment:muscle"), or None (a negated
    finding, or one the form has no box for): the page ticks that box while the chip stands."""
    if negated or not known or category not in FINDING_CATEGORIES:
        return None
    return f"{category}:{term_id}"


def age_field_messages(state: Mapping[str, Any], notes: list[str]) -> list[dict[str, str]]:
    """A bad age as a sentence shown at the age field; ``note`` names the plain note it stands
    for (kept in ``notes`` for the command line and scripts), which the page then leaves out."""
    age_notes = [n for n in notes if n.startswith("age:")]
    if not age_notes:
        return []
    shown = str(state.get("age", ""))[:20]
    return [{"field": "age", "level": "error", "note": age_notes[0],
             "text": f"Age “{shown}” cannot be used: type a whole number of years from 0 to 120."}]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary(result: Mapping[str, Any], state: Mapping[str, Any]) -> dict[str, Any]:
    """The compact summary bar: best fit and its fit word, Ca × P and band, what was understood.

    ``entity`` is the first candidate's id (the same as the first ``data-entity`` drawn), or
    None when no finding is given. Each part is display text; ``text`` is the whole line.
    """
    ddx = result.get("ddx") or {}
    candidates = ddx.get("candidates") or []
    out: dict[str, Any] = {"entity": None, "best": None, "fit": None, "product": None,
                           "band": None, "understood": None}
    if result.get("findings_given") and candidates and ddx.get("status") not in ("empty", "not-understood"):
        first = candidates[0]
        out["entity"] = first.get("id")
        out["best"] = f"Best fit: {first.get('label')}"
        fit_text = first.get("fit_text")
        out["fit"] = fit_text if isinstance(fit_text, str) else f"fit {round(float(first.get('score', 0)) * 100)} %"
    elif not result.get("findings_given"):
        out["best"] = "No findings yet"
    else:
        out["best"] = "Nothing to rank yet"
    mineral = result.get("mineral") or {}
    shown = mineral.get("display") or {}
    if isinstance(shown.get("product"), str):
        first_si = display_system(state) == "si" and isinstance(shown.get("product_si"), str)
        out["product"] = f"Ca × P {shown['product_si'] if first_si else shown['product']}"
        band = mineral.get("band") or {}
        if isinstance(band.get("label"), str):
            out["band"] = band["label"]
    chips = result.get("chips") or []
    text = state.get("text")
    if isinstance(text, str) and text.strip():
        kept = sum(1 for c in chips if not c.get("removed"))
        out["understood"] = (_count(kept, "finding understood", "findings understood") if kept
                             else "nothing understood from the text")
    parts = [p for p in (out["best"], out["fit"], out["product"], out["band"], out["understood"]) if p]
    out["text"] = "; ".join(parts) + "."
    out["more"] = "Results"
    return out


PAGE_TEXTS: dict[str, str] = {
    "failed": "The calculator could not answer: {message}. Change a field to try again, or reload the page.",
    "check": "Check: ",
    "caution": "Caution: ",
    "note": "Note: ",
    "site_problem": "Site problem: ",
    "empty": "No findings yet. Paste a sentence or pick what you see above, and the entities will be "
             "ranked by how well they fit.",
    "ranked": "Ranked differential",
    "compatible": "Compatible causes",
    "bars": "Bars show fit, not probability: how well the findings given match each entity.",
    "fit": "fit {n} %",
    "mechanism": "Mechanism: {list}",
    "why": "Why: {fits}, {misses}",
    "fits_one": "{n} finding fits",
    "fits_many": "{n} findings fit",
    "misses_one": "{n} does not",
    "misses_many": "{n} do not",
    "why_for": "Fits: ",
    "why_against": "Does not fit: ",
    "show_more": "Show {n} more",
    "look_for": "Look for",
    "narrow": "To narrow this down",
    "mineral": "Calcium × phosphate",
    "band": "That is {band}.",
    "no_product": "Ca × P needs both calcium and phosphate as valid numbers.",
    "corrected": "Corrected calcium (Payne): ",
    "corrected_product": "; Ca × P with it: {product}",
    "working": "Working",
    "scale_caption": "Where {product} stands against the thresholds (marked on the bar):",
    "no_chips": "No findings recognised in the text yet. Use the choices below, or name a pattern, site "
                "or compartment.",
    "chips_title": "Understood from the text (remove what is wrong):",
    "chip_remove": "Remove {category}: {label}",
    "chip_put_back": "Put back {category}: {label}",
    "live_none": "No findings yet.",
    "live_best": "Best fit: {label}, {fit}, of {n} ranked.",
    "live_errors_one": "One value needs checking.",
    "live_errors_many": "{n} values need checking.",
    "copied": "Copied to the clipboard, with the link to this case.",
    "link_copied": "Link copied to the clipboard.",
    "copy_blocked": "Copying is blocked here: the text is selected below, copy it by hand.",
    "copy_area": "Result text",
}
"""Every sentence the calculator page draws around Python's answers (form answer ``texts``);
``{name}`` marks a value the page fills in (a number, a label Python wrote)."""

STARTING_TITLE = "Loading the calculator"


def starting_words(runtime_bytes: int | None) -> dict[str, str]:
    """What the page says while the calculator starts, with the download size of the build."""
    size = ""
    if runtime_bytes:
        megabytes = runtime_bytes / 1_000_000
        size = f": {megabytes:.0f} MB on the first visit, then kept for offline use" if megabytes >= 1 \
            else f": {max(1, round(runtime_bytes / 1000))} kB on the first visit, then kept for offline use"
    return {
        "title": STARTING_TITLE + size + ".",
        "detail": "You can start typing meanwhile; nothing you type is lost.",
        "slow": "The connection seems to have stopped: nothing has arrived for {seconds} seconds. "
                "You can keep waiting, or try again.",
    }
