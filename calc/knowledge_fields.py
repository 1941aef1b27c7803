"""Strict readers for one record's fields: every error names the file, the record and the field.

Shared by the loaders of :mod:`calc.knowledge` and :mod:`calc.knowledge_entities`: a text, a
list of texts, the record's translations (checked against its English by :mod:`calc.i18n`) and
its citations (each naming an essay section, figures or a reference that exists).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from calc.i18n import DEFAULT_LANGUAGE, LANGUAGES, Spec, required, translated
from calc.knowledge_records import Citation, EssayFigure, EssaySection, KnowledgeError, Reference


class Where:
    """Builds error messages that always say file, entity and field."""

    def __init__(self, file: str, entity: str | None = None) -> None:
        self.file = file
        self.entity = entity

    def error(self, fieldname: str, problem: str) -> KnowledgeError:
        who = f", entity '{self.entity}'" if self.entity else ""
        return KnowledgeError(f"calc/data/{self.file}{who}, field '{fieldname}': {problem}")


def field_text(where: Where, record: Mapping[str, Any], key: str, *, required: bool = True) -> str:
    value = record.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise where.error(key, "must be a non-empty string")
    return value.strip()


def field_texts(where: Where, record: Mapping[str, Any], key: str, *, min_items: int = 0) -> tuple[str, ...]:
    value = record.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise where.error(key, "must be a list of non-empty strings")
    if len(value) < min_items:
        raise where.error(key, f"needs at least {min_items} item(s), has {len(value)}")
    return tuple(v.strip() for v in value)


def translations_of[T](where: Where, record: Mapping[str, Any], spec: Spec, kind: str,
                       build: Callable[[Mapping[str, Any]], T]) -> dict[str, T]:
    """The record's blocks in the languages besides English, checked against its English text."""
    out: dict[str, T] = {}
    for lang in LANGUAGES:
        if lang == DEFAULT_LANGUAGE:
            continue
        block = translated(record, spec, where.error, lang=lang, required=required(kind, lang), kind=kind)
        if block is not None:
            out[lang] = build(block)
    return out


def citations_of(where: Where, record: Mapping[str, Any], sections: Mapping[str, EssaySection],
               figures: Mapping[int, EssayFigure], refs: Mapping[str, Reference],
               fieldname: str = "citations") -> tuple[Citation, ...]:
    value = record.get("citations")
    if not isinstance(value, list) or not value:
        raise where.error(fieldname, "at least one citation (essay section or reference) is required")
    out: list[Citation] = []
    for item in value:
        if not isinstance(item, dict):
            raise where.error(fieldname, f"entry {item!r} is not a mapping")
        section, reference = item.get("section"), item.get("reference")
        figs = item.get("figures", [])
        if section is None and reference is None:
            raise where.error(fieldname, "each citation names a 'section' or a 'reference'")
        if section is not None and section not in sections:
            raise where.error(fieldname, f"unknown essay section '{section}'")
        if reference is not None and reference not in refs:
            raise where.error(fieldname, f"unknown reference '{reference}'")
        if not isinstance(figs, list) or any(f not in figures for f in figs):
            raise where.error(fieldname, f"unknown figure number in {figs!r}")
        note = item.get("note")
        out.append(Citation(section=section, figures=tuple(figs), reference=reference,
                            note=note if isinstance(note, str) else None))
    return tuple(out)
