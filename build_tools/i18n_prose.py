"""The ONE way the page builders read knowledge-base prose, in a given language.

Every text a generated page takes from ``calc/data`` (an entity's summary, a term's label, a
figure's caption...) goes through :func:`text` (one string) or :func:`texts` (a list), both
thin wrappers of :func:`_lookup`. Today they return the English field of the typed record,
except for names in Portuguese (``label``, ``synonyms``, ``abbreviations``, ``search_terms``
of entities and vocabulary terms), read from the staging table ``calc/data/i18n/pt-BR.json``
so that the Portuguese navigation and search already know the Portuguese names.

WIRING POINT (coordinator, after the i18n-core merge): replace the body of :func:`_lookup`
with the typed access to the ``"pt-BR"`` blocks (calc/i18n.py, calc/knowledge.py) and drop
:func:`_staging`. Nothing else in build_tools reads Portuguese prose.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

EN = "en"
PT = "pt-BR"
LANGS = (EN, PT)

_NAME_FIELDS = {"label", "synonyms", "abbreviations", "search_terms"}


@functools.cache
def _staging() -> dict[str, Any]:
    """INTERIM: the terminology staging table (labels and names only), until the typed
    ``pt-BR`` access exists."""
    try:
        raw = resources.files("calc").joinpath("data/i18n/pt-BR.json").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return {}
    data: dict[str, Any] = json.loads(raw)
    return data


def _staged_names(record: Any, field: str) -> Any:
    table = _staging()
    entry: Any = None
    record_id = getattr(record, "id", None)
    category = getattr(record, "category", None)
    if category is not None:
        entry = table.get("vocabulary", {}).get(category, {}).get(record_id)
    elif record_id is not None:
        entry = table.get("entities", {}).get(record_id)
    if not isinstance(entry, dict):
        return None
    if field == "search_terms":
        return entry.get("misnomers")
    return entry.get(field)


def _english(record: Any, field_path: str) -> Any:
    value = record
    for part in field_path.split("."):
        value = value[int(part)] if part.isdigit() else getattr(value, part)
    return value


def _lookup(record: Any, field_path: str, lang: str) -> Any:
    """The field's value in ``lang``: the single place that knows where Portuguese lives."""
    if lang not in LANGS:
        raise ValueError(f"unknown language '{lang}'; accepted: {', '.join(LANGS)}")
    english = _english(record, field_path)
    if lang == PT and field_path in _NAME_FIELDS:
        staged = _staged_names(record, field_path)
        if staged:
            return staged
    return english


def text(record: Any, field_path: str, lang: str) -> str:
    """One prose string of ``record`` (``field_path`` like ``"summary"`` or
    ``"report.phrase"``) in ``lang``."""
    return str(_lookup(record, field_path, lang))


def texts(record: Any, field_path: str, lang: str) -> list[str]:
    """A list of strings (key facts, pearls, synonyms...) of ``record`` in ``lang``."""
    value = _lookup(record, field_path, lang)
    return [str(item) for item in (value or ())]
