"""The depth a radiologist expects on an entity page, read and validated from an entity file.

An entity may carry, besides what the essay says, what cross-sectional imaging adds
(``imaging``), a suggested report phrase with the next step (``report``), who gets it
(``demographics``), the one classic tell (``tell``), safety points shown as warnings
(``warnings``), and a flag for entities outside the essay's scope (``beyond_essay``).
Every statement carries its own citations, so a page can say where each one comes from;
a statement without a source is an error, never a silent omission. Parsing is kept here,
apart from :mod:`calc.knowledge`, so that the core loader stays small.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from calc.i18n import Fail

DEPTH_FIELDS: tuple[str, ...] = (
    "imaging", "report", "demographics", "tell", "warnings", "beyond_essay",
)
"""Optional entity fields read by :func:`parse_depth`."""

C = TypeVar("C")
Cite = Callable[[Any, str], tuple[C, ...]]
"""Validates a list of citation mappings for a named field and returns the citations."""


@dataclass(frozen=True)
class Statement:
    """One sourced sentence: the text and where it comes from."""

    text: str
    citations: tuple[Any, ...]


@dataclass(frozen=True)
class ReportAdvice:
    """A suggested phrase for the report and the next step, with their sources."""

    phrase: str
    next_step: str
    citations: tuple[Any, ...]


@dataclass(frozen=True)
class Depth:
    """Everything an entity page shows beyond the essay's own account."""

    imaging: tuple[Statement, ...] = ()
    report: ReportAdvice | None = None
    demographics: Statement | None = None
    tell: Statement | None = None
    warnings: tuple[Statement, ...] = ()
    beyond_essay: bool = False

    def is_empty(self) -> bool:
        return not (self.imaging or self.report or self.demographics or self.tell
                    or self.warnings or self.beyond_essay)


def _text(value: Any, fieldname: str, key: str, fail: Fail) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(fieldname, f"'{key}' must be a non-empty string")
    return value.strip()


def _sourced(value: Any, fieldname: str, keys: tuple[str, ...], cite: Cite[Any],
             fail: Fail) -> tuple[dict[str, str], tuple[Any, ...]]:
    """One sourced object ({text, citations} or {phrase, next_step, citations}): its texts and
    its citations, every key checked, at least one citation required."""
    accepted = (*keys, "citations")
    if not isinstance(value, Mapping):
        quoted = [f"'{key}'" for key in accepted]
        raise fail(fieldname, f"must be a mapping with {', '.join(quoted[:-1])} and {quoted[-1]}")
    extra = set(value) - set(accepted)
    if extra:
        raise fail(fieldname, f"unknown key '{sorted(extra)[0]}'; accepted: {', '.join(accepted)}")
    texts = {key: _text(value.get(key), fieldname, key, fail) for key in keys}
    citations = value.get("citations")
    if not isinstance(citations, list) or not citations:
        raise fail(fieldname, f"'{texts[keys[0]][:40]}' needs at least one citation (essay section or reference)")
    return texts, cite(citations, fieldname)


def _statement(value: Any, fieldname: str, cite: Cite[Any], fail: Fail) -> Statement:
    texts, citations = _sourced(value, fieldname, ("text",), cite, fail)
    return Statement(text=texts["text"], citations=citations)


def _statements(value: Any, fieldname: str, cite: Cite[Any], fail: Fail) -> tuple[Statement, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise fail(fieldname, "must be a list of {text, citations}")
    return tuple(_statement(item, fieldname, cite, fail) for item in value)


def parse_depth(record: Mapping[str, Any], cite: Cite[Any], fail: Fail) -> Depth:
    """Read the optional depth fields of one entity record; raise ``fail(...)`` on bad input."""
    report = None
    raw_report = record.get("report")
    if raw_report is not None:
        texts, citations = _sourced(raw_report, "report", ("phrase", "next_step"), cite, fail)
        report = ReportAdvice(phrase=texts["phrase"], next_step=texts["next_step"], citations=citations)
    beyond = record.get("beyond_essay", False)
    if not isinstance(beyond, bool):
        raise fail("beyond_essay", "must be true or false")
    demographics = record.get("demographics")
    tell = record.get("tell")
    return Depth(
        imaging=_statements(record.get("imaging"), "imaging", cite, fail),
        report=report,
        demographics=None if demographics is None else _statement(demographics, "demographics", cite, fail),
        tell=None if tell is None else _statement(tell, "tell", cite, fail),
        warnings=_statements(record.get("warnings"), "warnings", cite, fail),
        beyond_essay=beyond,
    )
