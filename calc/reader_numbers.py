"""Numbers in a report sentence: the labs with their units, and the age.

Part of the free-text reader (:mod:`calc.reader`), kept apart because it reads with regular
expressions over the folded text, not with the vocabulary's phrases: 'calcium 10.5 mg/dL',
'Ca 2,6', 'P 7', '45-year-old', 'aged 12', and words for an age group ('child') read as a
typical age with a note. A unit left out is guessed from the value and said in a note.
"""

from __future__ import annotations

import re

from calc import reader_pt as pt
from calc.findings import MAX_AGE

_NUM = r"([0-9]{1,3}(?:[.,][0-9]{1,3})?)"
_GAP = r"(?:\s*(?:level|levels|is|was|of|=|:|at|serum|total|measured|~" + pt.GAP_PT + r")\s*|\s+)*"
_LAB_NAMES = {
    "calcium": r"total\s+calcium|serum\s+calcium|calcium|ca|" + pt.LAB_NAMES_PT["calcium"],
    "phosphate": r"phosphate|phosphorus|phosphorous|phos|po4|pi|p|" + pt.LAB_NAMES_PT["phosphate"],
    "albumin": r"albumin|alb|" + pt.LAB_NAMES_PT["albumin"],
}
_LAB_UNITS = {"calcium": r"(mg\s*/\s*dl|mmol\s*/\s*l|mg|mmol)?", "phosphate": r"(mg\s*/\s*dl|mmol\s*/\s*l|mg|mmol)?",
              "albumin": r"(g\s*/\s*dl|g\s*/\s*l)?"}
_LABS = {name: re.compile(r"\b(?:" + names + r")\b" + _GAP + _NUM + r"\s*" + _LAB_UNITS[name])
         for name, names in _LAB_NAMES.items()}
_AGE = (
    re.compile(r"\b([0-9]{1,3})\s*-?\s*(?:year|yr)s?\s*-?\s*old\b"),
    re.compile(r"\b(?:age|aged)\s*:?\s*([0-9]{1,3})\b"),
    re.compile(r"\b([0-9]{1,3})\s*(?:yo|y/o|y\.o\.|yr|yrs|years of age)\b"),
    re.compile(r"(?<![0-9.,])\b([0-9]{1,3})\s?(?:f|m)\b(?!\s*/)"),
    *pt.AGE_PT,
)
AGE_WORDS: tuple[tuple[str, int], ...] = (
    ("newborn", 0), ("neonate", 0), ("infant", 1), ("baby", 1), ("toddler", 2),
    ("child", 8), ("boy", 8), ("girl", 8), ("schoolchild", 8),
    ("adolescent", 15), ("teenager", 15), ("teen", 15), ("teenage", 15), *pt.AGE_WORDS_PT,
)
"""Words for an age group, read as a typical age when no number is written (said in a note)."""


def _unit(raw: str | None) -> str | None:
    if not raw:
        return None
    compact = raw.replace(" ", "")
    return {"mg/dl": "mg/dL", "mg": "mg/dL", "mmol/l": "mmol/L", "mmol": "mmol/L",
            "g/dl": "g/dL", "g/l": "g/L"}.get(compact)


def read_numbers(folded: str, words: frozenset[str], lang: str = "en") -> tuple[
        dict[str, object], int | None, list[str], list[tuple[int, int]]]:
    """Labs (value and unit, a unit guessed from the value is said in a note) and the age in a
    folded text whose words are ``words``; also the spans they used."""
    from calc.text_web import WORDS
    from calc.ui_text import decimal, pick

    words_ = pick(WORDS, lang)
    labs: dict[str, object] = {}
    notes: list[str] = []
    used: list[tuple[int, int]] = []
    for analyte, pattern in _LABS.items():
        for match in pattern.finditer(folded):
            if analyte == "calcium" and re.match(r"\s*[x×*]\s*p", folded[match.end(0):]) is not None:
                continue
            before = folded[max(0, match.start() - 4):match.start()]
            if analyte == "phosphate" and re.search(r"[x×*]\s*$", before):
                continue
            value = match.group(1).replace(",", ".")
            unit = _unit(match.group(2))
            if unit is None:
                number = float(value)
                if analyte == "calcium":
                    unit = "mmol/L" if number < 5 else "mg/dL"
                elif analyte == "phosphate":
                    unit = None
                else:
                    unit = "g/L" if number > 10 else "g/dL"
                if unit:
                    notes.append(words_["reader_no_unit"].format(analyte=words_[analyte],
                                                                 value=decimal(value, lang), unit=unit))
            labs[analyte] = value
            if unit:
                labs[f"{analyte}_unit"] = unit
            used.append((match.start(), match.end()))
            break
    if "phosphate" in labs and "phosphate_unit" not in labs:
        unit = "mmol/L" if labs.get("calcium_unit") == "mmol/L" else "mg/dL"
        labs["phosphate_unit"] = unit
        notes.append(words_["reader_no_unit_p"].format(value=decimal(str(labs["phosphate"]), lang), unit=unit))
    age = None
    for age_pattern in _AGE:
        found = age_pattern.search(folded)
        if found and int(found.group(1)) <= MAX_AGE:
            age = int(found.group(1))
            used.append((found.start(), found.end()))
            break
    if age is None:
        for word, typical_age in AGE_WORDS:
            if word in words or f"{word}s" in words or (word == "child" and "children" in words):
                age = typical_age
                notes.append(words_["reader_age_word"].format(word=word, age=typical_age))
                break
    return labs, age, notes, used
