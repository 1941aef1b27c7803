"""What the calculator page shows beyond the engine's answer: the summary bar, the unit system,
which text chips tick which form choices, and the page's start-up words.

calc.web.compute calls ``present`` on its result so that the page (docs/assets/js/calc-*.js)
draws these texts as they are: the page writes no sentence of its own, and the rules (which
unit each system uses, what counts as "understood") live here once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from calc.i18n import DEFAULT_LANGUAGE
from calc.knowledge import FINDING_CATEGORIES
from calc.text_web import PAGE_TEXTS as PAGE_TEXTS_BY_LANG
from calc.text_web import UNIT_SYSTEM_LABELS as UNIT_SYSTEM_LABELS_BY_LANG
from calc.text_web import WORDS
from calc.ui_text import num, pick, say
from calc.units import ALBUMIN_UNITS, CALCIUM_UNITS, PHOSPHATE_UNITS

UNITS_KEY = "units"
"""State and URL key of the unit system: one switch that sets every analyte's unit."""

UNIT_SYSTEMS: dict[str, dict[str, str]] = {
    "conventional": {"calcium": CALCIUM_UNITS[0], "phosphate": PHOSPHATE_UNITS[0], "albumin": ALBUMIN_UNITS[0]},
    "si": {"calcium": CALCIUM_UNITS[1], "phosphate": PHOSPHATE_UNITS[1], "albumin": ALBUMIN_UNITS[1]},
}
UNIT_SYSTEM_LABELS = UNIT_SYSTEM_LABELS_BY_LANG[DEFAULT_LANGUAGE]
LABS: tuple[str, ...] = ("calcium", "phosphate", "albumin")


def unit_system(state: Mapping[str, Any]) -> str | None:
    """The state's unit system if it names a known one, else None."""
    value = state.get(UNITS_KEY)
    return value if isinstance(value, str) and value in UNIT_SYSTEMS else None


def unit_system_note(state: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """A sentence for a ``units`` value that is not a known system (nothing when it is fine)."""
    value = state.get(UNITS_KEY)
    if value in (None, "") or unit_system(state) is not None:
        return []
    shown = str(value)[:20]
    return [say(WORDS, lang, "units_unknown", value=shown, accepted=pick(WORDS, lang)["or"].join(UNIT_SYSTEMS))]


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


def form_units(lang: str = DEFAULT_LANGUAGE) -> list[dict[str, Any]]:
    """The unit switch as the form draws it: id, label, and the unit it sets for each analyte."""
    return [
        {"id": system, "label": pick(UNIT_SYSTEM_LABELS_BY_LANG, lang)[system],
         "hint": " · ".join(dict.fromkeys(units.values())), "units": dict(units)}
        for system, units in UNIT_SYSTEMS.items()
    ]


def chip_form_key(category: str, term_id: str, negated: bool, known: bool) -> str | None:
    """The form choice a text chip stands for ("compartment:muscle"), or None (a negated
    finding, or one the form has no box for): the page ticks that box while the chip stands."""
    if negated or not known or category not in FINDING_CATEGORIES:
        return None
    return f"{category}:{term_id}"


def age_field_messages(state: Mapping[str, Any], notes: list[str],
                       lang: str = DEFAULT_LANGUAGE) -> list[dict[str, str]]:
    """A bad age as a sentence shown at the age field; ``note`` names the plain note it stands
    for (kept in ``notes`` for the command line and scripts), which the page then leaves out."""
    age_notes = [n for n in notes if n.startswith(("age:", "idade:"))]
    if not age_notes:
        return []
    shown = str(state.get("age", ""))[:20]
    return [{"field": "age", "level": "error", "note": age_notes[0],
             "text": say(WORDS, lang, "age_bad", value=shown)}]


def _count(n: int, one: str, many: str, lang: str) -> str:
    return say(WORDS, lang, one if n == 1 else many, n=n)


def summary(result: Mapping[str, Any], state: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
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
        out["best"] = say(WORDS, lang, "best", label=first.get("label"))
        fit_text = first.get("fit_text")
        out["fit"] = fit_text if isinstance(fit_text, str) else \
            say(WORDS, lang, "fit_percent", n=round(float(first.get("score", 0)) * 100))
    elif not result.get("findings_given"):
        out["best"] = say(WORDS, lang, "no_findings_yet")
    else:
        out["best"] = say(WORDS, lang, "nothing_to_rank")
    mineral = result.get("mineral") or {}
    shown = mineral.get("display") or {}
    if isinstance(shown.get("product"), str):
        first_si = display_system(state) == "si" and isinstance(shown.get("product_si"), str)
        out["product"] = say(WORDS, lang, "product_bar", product=shown["product_si"] if first_si else shown["product"])
        band = mineral.get("band") or {}
        if isinstance(band.get("label"), str):
            out["band"] = band["label"]
    chips = result.get("chips") or []
    text = state.get("text")
    if isinstance(text, str) and text.strip():
        kept = sum(1 for c in chips if not c.get("removed"))
        out["understood"] = (_count(kept, "understood_one", "understood_many", lang) if kept
                             else say(WORDS, lang, "understood_none"))
    parts = [p for p in (out["best"], out["fit"], out["product"], out["band"], out["understood"]) if p]
    out["text"] = "; ".join(parts) + "."
    out["more"] = say(WORDS, lang, "more")
    return out


PAGE_TEXTS: dict[str, str] = dict(PAGE_TEXTS_BY_LANG[DEFAULT_LANGUAGE])
"""The page's English sentences (calc/text_web.py holds every language; form answer ``texts``)."""

STARTING_TITLE = WORDS[DEFAULT_LANGUAGE]["starting_title"]


def page_texts(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Every sentence the calculator page draws around Python's answers, in ``lang``."""
    return dict(pick(PAGE_TEXTS_BY_LANG, lang))


def starting_words(runtime_bytes: int | None, lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """What the page says while the calculator starts, with the download size of the build."""
    size = ""
    if runtime_bytes:
        megabytes = runtime_bytes / 1_000_000
        size = say(WORDS, lang, "starting_mb", n=num(megabytes, ".0f", lang)) if megabytes >= 1 \
            else say(WORDS, lang, "starting_kb", n=max(1, round(runtime_bytes / 1000)))
    return {
        "title": say(WORDS, lang, "starting_title") + size + ".",
        "detail": say(WORDS, lang, "starting_detail"),
        "slow": pick(WORDS, lang)["starting_slow"],
    }
