"""Search in Portuguese: accents and plurals folded at build time, Portuguese names indexed.

Material appends ``*`` to what the reader types and lunr skips its pipeline (and so any
stemmer) for such terms; the Portuguese index therefore carries, for each word of a page
whose folded or singular form differs, those forms (``title_folded`` / ``text_folded``): a
reader who types "calcificacao" or "calcificacoes" finds "calcificações". Entity, compartment
and mechanism pages get their Portuguese names, synonyms, abbreviations and misnomers (and
their English names, which Brazilian readers use too) in ``synonyms``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from build_tools import pages, search
from build_tools.i18n_prose import EN, PT, texts
from calc.knowledge import KnowledgeBase

_PLURALS: tuple[tuple[str, str], ...] = (
    ("ções", "ção"), ("coes", "cao"), ("ões", "ão"), ("oes", "ao"), ("ães", "ão"),
    ("ãos", "ão"), ("aos", "ao"), ("éis", "el"), ("eis", "el"), ("óis", "ol"), ("ois", "ol"),
    ("ais", "al"), ("uis", "ul"), ("ns", "m"), ("res", "r"), ("zes", "z"), ("les", "l"),
)
"""Portuguese plural endings and their singular (checked in this order; else a final -s)."""


def singular(word: str) -> str:
    """A Portuguese word's likely singular ("calcificações" -> "calcificação"). Rough on
    purpose: an extra wrong form only adds a token nobody types."""
    lower = word.casefold()
    if len(lower) < 4:
        return lower
    for plural, single in _PLURALS:
        if lower.endswith(plural):
            return lower[: -len(plural)] + single
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return lower[:-1]
    return lower


_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def forms(word: str) -> set[str]:
    """The folded and singular forms of ``word`` that differ from it."""
    lower = word.casefold()
    folded = search.fold(lower)
    return {folded, singular(lower), search.fold(singular(lower))} - {lower}


def extra_words(text: str) -> str:
    """The new forms of every word of ``text`` (tags dropped), once each, in order."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(_TAG.sub(" ", html.unescape(text))):
        for form in sorted(forms(word)):
            seen.setdefault(form, None)
    return " ".join(seen)


def _names(kb: KnowledgeBase, record: object, *fields: str) -> list[str]:
    return [name for lang in (PT, EN) for field in fields for name in texts(record, field, lang)]


def pt_extras(kb: KnowledgeBase, url_of: Callable[[str], str]) -> dict[str, search.Extras]:
    """Names per document location (relative to ``pt/``) of the Portuguese index."""
    english = search.search_extras(kb, url_of)
    extras: dict[str, search.Extras] = {}

    def plus(location: str, names: Iterable[str]) -> None:
        base = english.get(location, search.Extras())
        words = [*names, *base.synonyms]
        every = [w for name in words for w in (name, *sorted(forms(name)))]
        extras[location] = search.Extras(synonyms=search._unique(every), findings=base.findings)

    for entity in kb.entities.values():
        plus(url_of(pages.entity_uri(entity.id)),
             _names(kb, entity, "label", "synonyms", "abbreviations", "search_terms"))
    for term in kb.vocabulary["compartment"].values():
        plus(url_of(pages.compartment_uri(term.id)), _names(kb, term, "label"))
    for term in kb.vocabulary["mechanism"].values():
        plus(url_of(pages.mechanism_uri(term.id)), _names(kb, term, "label", "synonyms"))
        if term.id in pages.GROUPS:
            plus(url_of(pages.group_uri(term.id)), _names(kb, term, "label", "synonyms"))
    for location, extra in english.items():
        extras.setdefault(location, extra)
    return extras


def rewrite_pt_index(path: Path, kb: KnowledgeBase, url_of: Callable[[str], str]) -> str:
    """Rewrite the Portuguese index in place; returns a line for the build log."""
    index = json.loads(path.read_text(encoding="utf-8"))
    enriched = search.enrich_index(index, pt_extras(kb, url_of))
    for doc in enriched["docs"]:
        for source, target in (("title", "title_folded"), ("text", "text_folded")):
            value = doc.get(source)
            added = extra_words(value) if isinstance(value, str) else ""
            if added:
                doc[target] = added
            else:
                doc.pop(target, None)
    body = json.dumps(enriched, ensure_ascii=False, separators=(",", ":"))
    path.write_text(body, encoding="utf-8")
    docs = enriched["docs"]
    return (f"Portuguese search index: {len(docs)} documents, "
            f"{sum(1 for d in docs if 'synonyms' in d)} with names, {len(body.encode()) / 1024:.0f} KiB")
