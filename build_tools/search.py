"""Accent folding and synonyms for Material's lunr search index.

Lunr folds no accents ("Monckeberg" does not find "Mönckeberg") and knows no synonyms
("pseudogout" does not find the CPPD page). Material's search worker, however, indexes every
field named in the index's ``config.fields``, with its boost. After the search plugin has
written ``search/search_index.json``, :func:`rewrite_search_index` adds:

``title_folded`` / ``text_folded``
    the words of the title and text that folding changes, folded ("Mönckeberg" ->
    "Monckeberg"), only on documents that have such words. Material's lunr ignores field
    length (``b(0)``), so these short fields score like the full text would; the title copy
    keeps the title's boost so that a folded query finds a title as well as an exact one.
``synonyms``
    the words people use for the page's subject: an entity's label, synonyms, abbreviations
    and search terms (misnomers such as "pseudogout" included), with their folded forms, on
    the entity page's main document. Boosted like a title.
    Compartment, mechanism and group pages get their own label (and a mechanism's
    synonyms) the same way.
``findings``
    descriptive words: the vocabulary synonyms of an entity's typical patterns and clinical
    setting on its page, of each pattern on its atlas section, of each compartment on its
    page. A low boost: they help a report's wording find the right page
    without letting a shared description outrank the entity that is named.

An entity page's main document shows the entity's summary as its text (what a search result
displays), not the page's opening names, calculator button and notice. Near misses of an
entity's own abbreviations ("CPDD" for CPPD) are among its findings.

An abbreviation shared by several entities (HADD) is a name only of the entity whose names
include the abbreviation's glossary expansion (calcific tendinopathy: "hydroxyapatite
deposition disease"); for the others it is a finding.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_tools import pages
from calc.knowledge import KnowledgeBase

EXTRA_FIELDS: dict[str, float] = {
    "title_folded": 1e3,
    "text_folded": 1.0,
    "synonyms": 1e3,
    "findings": 10.0,
}
"""Boosts of the fields added to the index (Material's own: title 1e3, text 1, tags 1e6)."""

_DEFAULT_FIELDS: dict[str, dict[str, float]] = {
    "title": {"boost": 1e3},
    "text": {"boost": 1.0},
    "tags": {"boost": 1e6},
}
_FINDING_SOURCES = ("pattern", "clinical")
"""Categories whose typical ids lend their synonyms to an entity's ``findings`` field."""

_NOT_DECOMPOSED = str.maketrans({
    "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i",
})


def fold(text: str) -> str:
    """``text`` without accents: NFKD, combining marks dropped, a few letters transliterated."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_NOT_DECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_TAG = re.compile(r"<[^>]*>")


def folded_words(text: str) -> str:
    """The words of ``text`` (HTML tags dropped) that folding changes, folded, in order."""
    words = _TAG.sub(" ", html.unescape(text)).split()
    return " ".join(fold(word) for word in words if fold(word) != word)


@dataclass(frozen=True)
class Extras:
    """Words added to one search document (by location)."""

    synonyms: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    summary: str | None = None
    """Shown as the result's text instead of the page's opening (names, buttons, notice)."""


@dataclass(frozen=True)
class IndexStats:
    documents: int
    folded: int
    with_synonyms: int
    with_findings: int
    size_bytes: int


def _unique(words: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for word in words:
        for form in (word, fold(word)):
            seen.setdefault(form.casefold(), form)
    return tuple(seen.values())


def abbreviation_owners(kb: KnowledgeBase) -> dict[str, str]:
    """Abbreviation -> entity, for abbreviations several entities share and one clearly owns."""
    holders: dict[str, list[str]] = {}
    for entity in kb.entities.values():
        for abbreviation in entity.abbreviations:
            holders.setdefault(abbreviation, []).append(entity.id)
    expansions = {t.term: t.expansion.casefold() for t in kb.glossary if t.expansion}
    owners: dict[str, str] = {}
    for abbreviation, ids in holders.items():
        if len(ids) < 2 or abbreviation not in expansions:
            continue
        named = [
            i for i in ids
            if expansions[abbreviation] in {n.casefold() for n in (kb.entities[i].label,
                                                                    *kb.entities[i].synonyms)}
        ]
        if len(named) == 1:
            owners[abbreviation] = named[0]
    return owners


def near_misses(abbreviation: str) -> tuple[str, ...]:
    """Slips of an abbreviation: one letter typed as another letter of it, or two neighbours
    swapped ("CPPD" -> "CPDD", "CDPD", ...), so that a near miss still finds the page."""
    word = abbreviation.upper()
    if len(word) < 3 or not word.isalpha():
        return ()
    out: set[str] = set()
    letters = set(word)
    for i, letter in enumerate(word):
        for other in letters - {letter}:
            out.add(word[:i] + other + word[i + 1:])
        if i + 1 < len(word) and word[i + 1] != letter:
            out.add(word[:i] + word[i + 1] + letter + word[i + 2:])
    out.discard(word)
    return tuple(sorted(out))


def search_extras(kb: KnowledgeBase, url_of: Callable[[str], str]) -> dict[str, Extras]:
    """Extra words per search-document location; ``url_of`` maps a source URI to its URL."""
    owners = abbreviation_owners(kb)
    extras: dict[str, Extras] = {}
    for entity in kb.entities.values():
        names: list[str] = [entity.label, *entity.synonyms, *entity.search_terms]
        shared: list[str] = []
        for abbreviation in entity.abbreviations:
            owner = owners.get(abbreviation)
            (names if owner in (None, entity.id) else shared).append(abbreviation)
        described = [
            synonym
            for category in _FINDING_SOURCES
            for term_id, level in entity.features(category).items()
            if level == "typical"
            for synonym in kb.term(category, term_id).synonyms
        ]
        # Near misses of the abbreviations the entity is named by, unless one is itself a name
        # of something else (an abbreviation of another entity, say).
        taken = {a.upper() for e in kb.entities.values() for a in e.abbreviations}
        slips = [slip for abbreviation in names if abbreviation.isupper()
                 for slip in near_misses(abbreviation) if slip not in taken]
        extras[url_of(pages.entity_uri(entity.id))] = Extras(
            synonyms=_unique(names), findings=_unique([*shared, *described, *slips]),
            summary=entity.summary,
        )
    atlas = url_of(pages.PATTERNS)
    for term in kb.vocabulary["pattern"].values():
        extras[f"{atlas}#{term.id}"] = Extras(findings=_unique(term.synonyms))
    # An entity's abbreviation that the reader also maps onto a compartment ("CPPD", and its slip
    # "CPDD", onto intra-articular) must not let the compartment page outrank the entity's own.
    abbreviations = {slip.casefold() for e in kb.entities.values() for a in e.abbreviations
                     for slip in (a, *near_misses(a))}
    for term in kb.vocabulary["compartment"].values():
        extras[url_of(pages.compartment_uri(term.id))] = Extras(
            synonyms=_unique([term.label]),
            findings=_unique([w for w in term.synonyms if w.casefold() not in abbreviations]),
        )
    for term in kb.vocabulary["mechanism"].values():
        named = Extras(synonyms=_unique([term.label, *term.synonyms]))
        extras[url_of(pages.mechanism_uri(term.id))] = named
        if term.id in pages.GROUPS:
            extras[url_of(pages.group_uri(term.id))] = named
    return extras


def enrich_index(index: Mapping[str, Any], extras: Mapping[str, Extras]) -> dict[str, Any]:
    """A copy of a Material search index with the extra fields declared and filled."""
    config = dict(index["config"])
    fields = {**_DEFAULT_FIELDS, **config.get("fields", {})}
    fields.update({name: {"boost": boost} for name, boost in EXTRA_FIELDS.items()})
    config["fields"] = fields
    docs = []
    for doc in index["docs"]:
        doc = dict(doc)
        extra = extras.get(doc["location"])
        if extra and extra.summary:
            doc["text"] = f"<p>{html.escape(extra.summary, quote=False)}</p>"
        for source, target in (("title", "title_folded"), ("text", "text_folded")):
            value = doc.get(source)
            folded = folded_words(value) if isinstance(value, str) else ""
            if folded:
                doc[target] = folded
        if extra and extra.synonyms:
            doc["synonyms"] = " · ".join(extra.synonyms)
        if extra and extra.findings:
            doc["findings"] = " · ".join(extra.findings)
        docs.append(doc)
    return {**index, "config": config, "docs": docs}


def rewrite_search_index(path: Path, extras: Mapping[str, Extras]) -> IndexStats:
    """Rewrite Material's ``search_index.json`` in place with the extra fields."""
    index = json.loads(path.read_text(encoding="utf-8"))
    enriched = enrich_index(index, extras)
    text = json.dumps(enriched, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    docs = enriched["docs"]
    return IndexStats(
        documents=len(docs),
        folded=sum(1 for d in docs if "title_folded" in d or "text_folded" in d),
        with_synonyms=sum(1 for d in docs if "synonyms" in d),
        with_findings=sum(1 for d in docs if "findings" in d),
        size_bytes=len(text.encode("utf-8")),
    )
