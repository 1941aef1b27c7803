"""Language choice and number writing shared by every text the calculator shows (issue 15).

The calculator speaks English and Brazilian Portuguese. Each module family keeps its words in
one table keyed by language (calc/text_web.py, calc/text_ddx.py, calc/text_mineral.py); this
module picks the language from a request and writes numbers the way that language does
(``10.5`` in English, ``10,5`` in Portuguese). Units stay as units in both ("mg/dL").
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from calc.i18n import DEFAULT_LANGUAGE, LANGUAGES

_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")


def lang_of(value: object) -> str:
    """The language a request asks for: "pt-BR" (also "pt", "pt-br", "pt_BR") or English."""
    if isinstance(value, str):
        folded = value.strip().replace("_", "-").lower()
        for lang in LANGUAGES:
            if folded == lang.lower() or folded == lang.split("-")[0].lower():
                return lang
    return DEFAULT_LANGUAGE


def decimal(text: str, lang: str) -> str:
    """A number already written with a decimal point, in ``lang``'s way: "10.5" → "10,5"."""
    return _DECIMAL_POINT.sub(",", text) if lang != "en" else text


def num(value: float, spec: str, lang: str) -> str:
    """``format(value, spec)`` with ``lang``'s decimal mark: num(10.5, ".1f", "pt-BR") == "10,5"."""
    return decimal(format(value, spec), lang)


def pick(table: Mapping[str, Mapping[str, str]], lang: str) -> Mapping[str, str]:
    """One language's words from a table keyed by language (English when it is unknown)."""
    return table.get(lang) or table[DEFAULT_LANGUAGE]


def say(table: Mapping[str, Mapping[str, str]], lang: str, key: str, /, **values: object) -> str:
    """The sentence ``key`` of ``table`` in ``lang``, with ``{name}`` filled from ``values``."""
    return pick(table, lang)[key].format(**values)
