"""Read and check the Portuguese (``"pt-BR"``) blocks of the knowledge base (issue 15).

Every record that holds English prose carries one sibling ``"pt-BR"`` block with the same text
in Brazilian Portuguese and the same shape (see ``/work/coord/I18N.md``): a string for a string,
a list of the same length and order for a list, ``id`` kept on list items. Facts are never
copied into it. This module checks one block against its English record and returns typed
prose; :mod:`calc.knowledge` calls it while loading, so a missing or misshapen Portuguese text
stops loading with a message naming file, entity and field, like any other data error.
It does not import :mod:`calc.knowledge` (the loader passes its error builder in), so both
stay small.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

LANGUAGES: tuple[str, ...] = ("en", "pt-BR")
"""Languages of the guide; English is the language of the data's own fields."""
DEFAULT_LANGUAGE = "en"

RECORD_KINDS: tuple[str, ...] = ("vocabulary", "entities", "glossary", "essay", "references", "red-flags")

TRANSLATED_KINDS: frozenset[str] = frozenset(RECORD_KINDS)
"""THE SWITCH: record kinds whose Portuguese block must be present on every record.

A block that is present is always checked; a missing block is an error only for the kinds
listed here (elsewhere the English text is used). Every kind is listed: loading fails when a
Portuguese text is missing, naming file, record and field."""

REQUIRED_LANGUAGES: Mapping[str, tuple[str, ...]] = {
    kind: (("pt-BR",) if kind in TRANSLATED_KINDS else ()) for kind in RECORD_KINDS
}
"""Languages each record kind must hold besides English (derived from TRANSLATED_KINDS)."""

Fail = Callable[[str, str], Exception]
"""The loader's error builder for (field, problem); it knows the file and entity."""

Spec = Mapping[str, str]
"""English key -> shape: 'text', 'text?' (like 'text', and allowed where the English has none),
'texts' (list of strings), 'names' (new list, any length),
'item:k1,k2' (an object with those text keys), 'items:k1,k2' (a list of such objects)."""

TERM_SPEC: Spec = {"label": "text", "definition": "text", "synonyms": "names"}
GLOSSARY_SPEC: Spec = {"term": "text", "expansion": "text?", "definition": "text"}
"""A Portuguese expansion may stand where the English has none ('Tofo': 'em inglês: tophus')."""
SECTION_SPEC: Spec = {"title": "text", "summary": "text"}
FIGURE_SPEC: Spec = {"title": "text", "shows": "text", "look_for": "text"}
REFERENCE_SPEC: Spec = {"used_for": "text"}
RED_FLAGS_SPEC: Spec = {"title": "text", "text": "text", "next_step": "text", "flags": "items:label"}
ENTITY_SPEC: Spec = {
    "label": "text", "summary": "text", "key_facts": "texts", "pearls": "texts", "pitfalls": "texts",
    "lookalikes": "items:tell", "associations": "items:text", "citations": "items:note",
    "demographics": "item:text", "tell": "item:text", "imaging": "items:text", "warnings": "items:text",
    "report": "item:phrase,next_step",
    "synonyms": "names", "abbreviations": "names", "search_terms": "names", "misnomers": "names",
}
_REQUIRED_NAMES: Mapping[str, tuple[str, ...]] = {"entities": ("synonyms",), "vocabulary": ("synonyms",)}

MISSING = "Portuguese text missing"


def check_language(lang: str) -> str:
    """Return ``lang`` if the guide speaks it; otherwise raise a message naming what is accepted."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; accepted: {', '.join(LANGUAGES)}")
    return lang


def _string(value: Any, fail: Fail, fieldname: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(fieldname, MISSING)
    return value.strip()


def _names(value: Any, fail: Fail, fieldname: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(fieldname, "must be a list of non-empty Portuguese names")
    return [v.strip() for v in value]


def _item(english: Any, block: Any, keys: tuple[str, ...], fail: Fail, fieldname: str) -> dict[str, Any]:
    if not isinstance(block, dict):
        raise fail(fieldname, f"{MISSING} (an object with {', '.join(keys)} is expected)")
    # An object with its own citations (tell, report, imaging, warnings) mirrors their notes too.
    nested = isinstance(english, dict) and isinstance(english.get("citations"), list) and keys != ("note",)
    accepted = {*keys, "id", *(("citations",) if nested else ())}
    extra = set(block) - accepted
    if extra:
        raise fail(fieldname, f"unknown key '{sorted(extra)[0]}'; accepted: {', '.join(sorted(accepted))}")
    out: dict[str, Any] = {}
    if nested and "citations" in block:
        notes = _list(english["citations"], block["citations"], fail, f"{fieldname}.citations")
        out["citations"] = [_item(e, b, ("note",), fail, f"{fieldname}.citations[{i}]")
                            for i, (e, b) in enumerate(zip(english["citations"], notes, strict=True))]
    elif nested and any(isinstance(c, dict) and "note" in c for c in english["citations"]):
        raise fail(f"{fieldname}.citations", f"{MISSING} (the notes of this object's citations)")
    if isinstance(english, dict) and isinstance(english.get("id"), str):
        if block.get("id") != english["id"]:
            raise fail(f"{fieldname}.id", f"must be '{english['id']}' (same order as the English list)")
        out["id"] = english["id"]
    for key in keys:
        if isinstance(english, dict) and key in english:
            out[key] = _string(block.get(key), fail, f"{fieldname}.{key}")
        elif key in block:
            raise fail(f"{fieldname}.{key}", "has no English text to translate")
    return out


def _list(english: list[Any], block: Any, fail: Fail, fieldname: str) -> list[Any]:
    if not isinstance(block, list):
        raise fail(fieldname, f"{MISSING} (a list of {len(english)} is expected)")
    if len(block) != len(english):
        raise fail(fieldname, f"has {len(block)} entries, the English has {len(english)} (same length and order)")
    return block


def translated(record: Mapping[str, Any], spec: Spec, fail: Fail, *, lang: str = "pt-BR",
               required: bool = True, kind: str = "") -> dict[str, Any] | None:
    """Check the ``lang`` block of one record against its English text; return it cleaned.

    Returns None when the block is absent and not ``required``. Every problem names the
    field inside the block, e.g. ``pt-BR.key_facts[2]``."""
    block = record.get(lang)
    if block is None and not required:
        return None
    if not isinstance(block, dict):
        raise fail(lang, f"{MISSING} (the record needs a '{lang}' block)")
    extra = set(block) - set(spec)
    if extra:
        raise fail(f"{lang}.{sorted(extra)[0]}", f"unknown key; accepted: {', '.join(spec)}")
    out: dict[str, Any] = {}
    for key, shape in spec.items():
        name = f"{lang}.{key}"
        english = record.get(key)
        if shape == "names":
            if key in block:
                out[key] = _names(block[key], fail, name)
            elif key in _REQUIRED_NAMES.get(kind, ()):
                raise fail(name, "Portuguese names missing (a list of the names a Brazilian report uses)")
            continue
        if english is None or english == "":
            if shape == "text?" and key in block:
                out[key] = _string(block[key], fail, name)
            elif key in block:
                raise fail(name, "has no English text to translate")
            continue
        if shape in ("text", "text?"):
            out[key] = _string(block.get(key), fail, name)
        elif shape == "texts":
            items = _list(english, block.get(key), fail, name)
            out[key] = [_string(v, fail, f"{name}[{i}]") for i, v in enumerate(items)]
        elif shape.startswith("items:"):
            keys = tuple(shape[6:].split(","))
            items = _list(english, block.get(key), fail, name)
            pairs = enumerate(zip(english, items, strict=True))
            out[key] = [_item(e, b, keys, fail, f"{name}[{i}]") for i, (e, b) in pairs]
        elif shape.startswith("item:"):
            out[key] = _item(english, block.get(key), tuple(shape[5:].split(",")), fail, name)
    return out


# ----------------------------------------------------------------------------- typed prose


@dataclass(frozen=True)
class TermProse:
    """A vocabulary term's words in one language."""

    label: str
    definition: str
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class EntityProse:
    """An entity's prose in one language; lists keep the English order, look-alikes and
    associations are keyed by the other entity's id."""

    label: str
    summary: str
    key_facts: tuple[str, ...]
    pearls: tuple[str, ...]
    pitfalls: tuple[str, ...]
    lookalikes: Mapping[str, str]
    associations: Mapping[str, str]
    citation_notes: tuple[str | None, ...]
    imaging: tuple[str, ...]
    warnings: tuple[str, ...]
    demographics: str | None
    tell: str | None
    report_phrase: str | None
    report_next_step: str | None
    synonyms: tuple[str, ...]
    abbreviations: tuple[str, ...]
    search_terms: tuple[str, ...]


@dataclass(frozen=True)
class SimpleProse:
    """The text keys of a small record (section, figure, glossary term, reference) in one language."""

    texts: Mapping[str, str]

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.texts.get(key, default)


@dataclass(frozen=True)
class RedFlagsProse:
    """The must-not-miss notice in one language; ``flags`` maps flag id to label."""

    title: str
    text: str
    next_step: str
    flags: Mapping[str, str]


def term_prose(block: Mapping[str, Any]) -> TermProse:
    return TermProse(label=block["label"], definition=block["definition"], synonyms=tuple(block["synonyms"]))


def entity_prose(block: Mapping[str, Any]) -> EntityProse:
    """Typed prose from a block already checked by :func:`translated` with ENTITY_SPEC."""
    report = block.get("report", {})
    return EntityProse(
        label=block["label"],
        summary=block["summary"],
        key_facts=tuple(block.get("key_facts", ())),
        pearls=tuple(block.get("pearls", ())),
        pitfalls=tuple(block.get("pitfalls", ())),
        lookalikes={i["id"]: i["tell"] for i in block.get("lookalikes", ())},
        associations={i["id"]: i["text"] for i in block.get("associations", ())},
        citation_notes=tuple(i.get("note") for i in block.get("citations", ())),
        imaging=tuple(i["text"] for i in block.get("imaging", ())),
        warnings=tuple(i["text"] for i in block.get("warnings", ())),
        demographics=block.get("demographics", {}).get("text"),
        tell=block.get("tell", {}).get("text"),
        report_phrase=report.get("phrase"),
        report_next_step=report.get("next_step"),
        synonyms=tuple(block.get("synonyms", ())),
        abbreviations=tuple(block.get("abbreviations", ())),
        search_terms=(*block.get("search_terms", ()), *block.get("misnomers", ())),
    )


def simple_prose(block: Mapping[str, Any]) -> SimpleProse:
    return SimpleProse(texts={k: v for k, v in block.items() if isinstance(v, str)})


def red_flags_prose(block: Mapping[str, Any]) -> RedFlagsProse:
    return RedFlagsProse(title=block["title"], text=block["text"], next_step=block["next_step"],
                         flags={f["id"]: f["label"] for f in block["flags"]})


def required(kind: str, lang: str = "pt-BR") -> bool:
    """Whether records of ``kind`` must carry a ``lang`` block (see TRANSLATED_KINDS)."""
    return lang in REQUIRED_LANGUAGES.get(kind, ())
