"""The ONE way the page builders read knowledge-base prose, in a given language.

Every text a generated page takes from ``calc/data`` (an entity's summary, a term's label, a
figure's caption, a depth statement...) goes through :func:`text` (one string) or
:func:`texts` (a list), both thin wrappers of :func:`_lookup`, which asks the knowledge base's
typed access (:mod:`calc.i18n`): ``prose(lang)`` of entities and vocabulary terms,
``text(key, lang)`` of sections, figures, references and glossary terms. Depth statements,
report advice and citations are parts of an entity: their translation is found through the
entity they belong to (:func:`_parts`).
"""

from __future__ import annotations

import functools
import html
import re
from typing import Any

from calc.depth import ReportAdvice, Statement
from calc.i18n import LANGUAGES
from calc.knowledge import Citation, KnowledgeBase, load_knowledge

EN = "en"
PT = "pt-BR"
LANGS = LANGUAGES


def _english(record: Any, field_path: str) -> Any:
    value = record
    for part in field_path.split("."):
        value = value[int(part)] if part.isdigit() else getattr(value, part)
    return value


@functools.cache
def _parts(kb: KnowledgeBase, lang: str) -> dict[tuple[str, Any], Any]:
    """Each entity's depth statements, report advice and citations -> their text in ``lang``.

    Keyed by (kind, record): the records are frozen dataclasses, equal when their English and
    sources are equal, and then their translations are the same too."""
    found: dict[tuple[str, Any], Any] = {}
    for entity in kb.entities.values():
        if lang not in entity.translations:
            continue
        prose, depth = entity.prose(lang), entity.depth
        for english, said in ((depth.imaging, prose.imaging), (depth.warnings, prose.warnings)):
            for statement, words in zip(english, said, strict=True):
                found[("statement", statement)] = words
        for single, said_once in ((depth.demographics, prose.demographics), (depth.tell, prose.tell)):
            if single is not None and said_once:
                found[("statement", single)] = said_once
        if depth.report is not None:
            found[("report", depth.report)] = (prose.report_phrase, prose.report_next_step)
        for citation, note in zip(entity.citations, prose.citation_notes, strict=True):
            if citation.note and note:
                found[("citation", citation)] = note
    return found


def _part(record: Any, field_path: str, lang: str) -> Any:
    parts = _parts(load_knowledge(), lang)
    if isinstance(record, Statement) and field_path == "text":
        return parts.get(("statement", record))
    if isinstance(record, ReportAdvice) and field_path in ("phrase", "next_step"):
        pair = parts.get(("report", record))
        return pair[0 if field_path == "phrase" else 1] if pair else None
    if isinstance(record, Citation) and field_path == "note":
        return parts.get(("citation", record))
    return None


def _prose_field(record: Any, field_path: str, lang: str) -> Any:
    """A field of ``record.prose(lang)``; 'lookalikes.2.tell' and 'associations.0.text' name an
    item of a list, whose translation the prose keys by the other entity's id."""
    prose = record.prose(lang)
    parts = field_path.split(".")
    if len(parts) == 3 and parts[0] in ("lookalikes", "associations") and parts[1].isdigit():
        other = getattr(record, parts[0])[int(parts[1])].id
        return getattr(prose, parts[0]).get(other)
    return getattr(prose, field_path, None)


def _lookup(record: Any, field_path: str, lang: str) -> Any:
    """The field's value in ``lang``: the single place that knows where Portuguese lives."""
    if lang not in LANGS:
        raise ValueError(f"unknown language '{lang}'; accepted: {', '.join(LANGS)}")
    english = _english(record, field_path)
    if lang == EN:
        return english
    if hasattr(record, "prose"):
        translated = _prose_field(record, field_path, lang)
    elif hasattr(record, "translations") and hasattr(record, "text"):
        translated = record.text(field_path, lang)
    else:
        translated = _part(record, field_path, lang)
    return translated if translated not in (None, "", ()) else english


def text(record: Any, field_path: str, lang: str) -> str:
    """One prose string of ``record`` (``field_path`` like ``"summary"`` or
    ``"report.phrase"``) in ``lang``."""
    return str(_lookup(record, field_path, lang))


def texts(record: Any, field_path: str, lang: str) -> list[str]:
    """A list of strings (key facts, pearls, synonyms...) of ``record`` in ``lang``."""
    value = _lookup(record, field_path, lang)
    return [str(item) for item in (value or ())]


_AUTHOR_PAIR = re.compile(r"^([A-ZÀ-Þ][\w'-]*) and ([A-ZÀ-Þ][\w'-]*)(,? .*\d{4}.*)$")
"""Two authors and a year ('Beall and Scofield 1995'); a title ('Pearls and Pitfalls ...') is not."""


_PT_SHORT_WORDS = (
    ("(adults)", "(adultos)"), ("(children)", "(crianças)"), ("Eurorad case ", "caso Eurorad "),
    ("Medscape calcium correction", "Medscape: correção do cálcio"),
    ("milk-alkali syndrome", "síndrome leite-álcali"), ("hyperphosphatemia", "hiperfosfatemia"),
    ("(SVS guideline)", "(diretriz da SVS)"), (", ch. ", ", cap. "),
)
"""The English descriptive words of references.json's short names, as a Portuguese sentence says
them; authors, journals, sites and a book's title stay as published."""


def short_name(reference: Any, lang: str) -> str:
    """A reference's short name ('Beall and Scofield 1995') as a sentence in ``lang`` cites it:
    the authors' names stay, the joining word is the language's ('Beall e Scofield 1995'), and
    so are the framing words ('KDOQI 2003 (adultos)', 'caso Eurorad 17191')."""
    short = str(reference.short)
    if lang != PT:
        return short
    for english, portuguese in _PT_SHORT_WORDS:
        short = short.replace(english, portuguese)
    pair = _AUTHOR_PAIR.match(short)
    return f"{pair[1]} e {pair[2]}{pair[3]}" if pair else short


def cited_title(citation: str) -> str:
    """A published citation, marked as English text (it stays as published on every page;
    ``lang`` lets a screen reader read it as English on a Portuguese page)."""
    return f'<cite lang="en">{html.escape(citation, quote=False)}</cite>'
