"""Free text → finding set: read a sentence from a report the way a colleague would.

The reader knows only the vocabulary's synonyms (``calc/data/vocabulary.json``); it folds case
and accents, reduces plurals, lets a few words stand between the words of a phrase ('round
calcified bodies' matches 'round ... bodies'), honours simple negation ('no trauma', 'normal
kidney function') and picks up labs and age written with numbers (:mod:`calc.reader_numbers`).
It returns the words it used for each id, so the reader's guesses can be shown as removable
chips.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from calc import reader_pt as pt
from calc.findings import FindingSet
from calc.i18n import LANGUAGES
from calc.knowledge import FINDING_CATEGORIES, KnowledgeBase
from calc.reader_numbers import read_numbers

MAX_TEXT_LENGTH = 2000
MAX_GAP = 2
"""Words allowed between two words of a synonym phrase."""
NEGATION_WINDOW = 4
_NEGATION = ("no", "not", "without", "absent", "negative", "denies", "deny", "denied", "free",
             "normal", "nor", "never", "neither", "unremarkable", *pt.NEGATION_PT)
CLAUSE_BREAKERS = frozenset({"but", "however", "although", "whereas", "while", "yet", *pt.CLAUSE_BREAKERS_PT})
_POST_NEGATION = ("preserved", "normal", "intact", "unremarkable", "negative", "excluded",
                  "absent", "unlikely", *pt.POST_NEGATION_PT)
"""Words after a clinical phrase that deny it: 'renal function preserved', 'PTH normal'."""
POST_NEGATION_WINDOW = 2
_SPARING = ("spared", "sparing", "uninvolved", "free", *pt.SPARING_PT)
"""Words after any finding that deny it: 'muscle spared'."""
_LIST_WORDS = ("or", "nor", *pt.LIST_WORDS_PT)
"""A negation crosses a comma only inside a list: 'no trauma, burn or surgery'."""
_SCOPE_ENDERS = ("with", "and", "showing", "show", "has", "have", *pt.SCOPE_ENDERS_PT)
_QUALIFIED = (("renal", "function"), ("kidney", "function"), *pt.QUALIFIED_PT)
"""Phrases that say nothing alone ('renal function'): they count when negated or qualified."""
_IMPAIRMENT = ("impaired", "impairment", "reduced", "poor", "abnormal", "deranged",
               "decreased", "worsening", "failing", "compromised", "declining", "low", *pt.IMPAIRMENT_PT)
_STOP_PHRASES: tuple[tuple[tuple[str, ...], frozenset[str]], ...] = (
    (("bone", "marrow", "edema"), frozenset({"pattern"})),
    (("marrow", "edema"), frozenset({"pattern"})),
    (("frozen", "shoulder"), frozenset({"clinical"})),
    (("muscle", "weakness"), frozenset({"compartment"})),
    (("muscle", "pain"), frozenset({"compartment"})),
    (("muscle", "enzyme"), frozenset({"compartment"})),
    *pt.STOP_PHRASES_PT,
)
"""Report wording that looks like a finding but is not one: marrow oedema is not mature bone,
a frozen shoulder is not progressive immobility, weakness of the muscles is a clinical clue and
not the muscle compartment. The words stay free for the other categories."""

_IRREGULAR = {
    "menisci": "meniscus", "fasciae": "fascia", "bursae": "bursa", "tophi": "tophus",
    "phalanges": "phalanx", "feet": "foot", "vertebrae": "vertebra", "trabeculae": "trabecula",
    "cysticerci": "cysticercus", "calcaneal": "calcaneal", "joints": "joint",
    "fibres": "fibre", "fibers": "fibre", "fiber": "fibre", "centre": "center",
    "haemodialysis": "hemodialysis", "haematoma": "hematoma", "haemangioma": "hemangioma",
    "oedema": "edema", "calcified": "calcified", "calcific": "calcific", "ossified": "ossified",
    "rounded": "round", "lobulated": "lobulated", "bodies": "body", "grains": "grain",
    "children": "child", "women": "woman", "men": "man", "was": "was", "has": "has", "is": "is",
    "this": "this", "its": "its", "bilateralis": "bilateral",
}
_KEEP_S = ("ss", "us", "is", "os", "xis", "sis")


def fold(text: str) -> str:
    """Lower-case and strip accents: 'Mönckeberg' and 'Monckeberg' read the same."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def stem(word: str) -> str:
    """Reduce plural, feminine and British variants to one form; deliberately small and predictable.

    Portuguese plurals and the feminine ('calcificadas' -> 'calcificado') are reduced by
    :mod:`calc.reader_pt`; the same function reads the synonyms and the text, so both meet."""
    return pt.gender_pt(_singular(word))


def _singular(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    singular = pt.plural_pt(word)
    if singular is not None:
        return singular
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(_KEEP_S):
        return word[:-1]
    return word


def _stems(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(stem(w) for w in words)


NEGATION_CUES = _stems(_NEGATION)
POST_NEGATION_CUES = _stems(_POST_NEGATION)
SPARING_CUES = _stems(_SPARING)
LIST_WORDS = _stems(_LIST_WORDS)
SCOPE_ENDERS = _stems(_SCOPE_ENDERS)
IMPAIRMENT_WORDS = _stems(_IMPAIRMENT)
QUALIFIED_PHRASES = frozenset(tuple(stem(w) for w in words) for words in _QUALIFIED)
STOP_PHRASES = tuple((tuple(stem(w) for w in words), categories) for words, categories in _STOP_PHRASES)
"""Report wording that looks like a finding but is not one (see _STOP_PHRASES)."""

_TOKEN = re.compile(r"[a-z0-9]+")
_BREAK = re.compile(r"[.;:!?\n()\[\]]")


@dataclass(frozen=True)
class Token:
    stem: str
    start: int
    end: int
    clause: int
    comma_before: bool = False


def tokenize(folded: str) -> list[Token]:
    """Tokens with character spans; clauses end at sentence punctuation and 'but'."""
    tokens: list[Token] = []
    clause = 0
    position = 0
    for match in _TOKEN.finditer(folded):
        if _BREAK.search(folded, position, match.start()):
            clause += 1
        word = match.group()
        if word in CLAUSE_BREAKERS:
            clause += 1
        comma = "," in folded[position:match.start()]
        tokens.append(Token(stem(word), match.start(), match.end(), clause, comma))
        position = match.end()
    return tokens


def _portuguese_no(tokens: list[Token], original: str, portuguese_words: frozenset[str]) -> list[Token]:
    """In Portuguese 'no' means 'in the' ('no tendão'), so it stops being a negation cue.

    A clause votes by its function words, accented words and Portuguese endings; when the vote
    is even, the next word decides ('no cotovelo' is Portuguese, 'no trauma' stays English)."""
    votes: dict[int, int] = {}
    for token in tokens:
        word = original[token.start:token.end]
        portuguese = not word.isascii() or word.lower().endswith(pt.PT_ENDINGS) or token.stem in pt.PT_MARKERS
        vote = portuguese - (token.stem in pt.EN_MARKERS)
        votes[token.clause] = votes.get(token.clause, 0) + vote
    out = list(tokens)
    for i, t in enumerate(tokens):
        if t.stem != "no":
            continue
        following = tokens[i + 1].stem if i + 1 < len(tokens) else ""
        if votes[t.clause] > 0 or (votes[t.clause] == 0 and following in portuguese_words):
            out[i] = Token("em", t.start, t.end, t.clause, t.comma_before)
    return out


@dataclass(frozen=True)
class Phrase:
    category: str
    term_id: str
    words: tuple[str, ...]


@cache
def _phrases(kb: KnowledgeBase) -> tuple[Phrase, ...]:
    phrases: list[Phrase] = []
    for category in FINDING_CATEGORIES:
        for term in kb.vocabulary[category].values():
            names = {s for lang in LANGUAGES for s in term.prose(lang).synonyms}
            for synonym in {*names, term.id.replace("-", " ")}:
                words = tuple(stem(w) for w in _TOKEN.findall(fold(synonym)))
                if words:
                    phrases.append(Phrase(category, term.id, words))
    # Longer phrases first so that containment can be resolved greedily.
    # (Words only the Portuguese synonyms use are collected by _portuguese_words.)
    return tuple(sorted(phrases, key=lambda p: (-len(p.words), p.category, p.term_id, p.words)))


@cache
def _portuguese_words(kb: KnowledgeBase) -> frozenset[str]:
    """Stems found in the Portuguese synonyms and in no English one ('cotovelo', 'ombro')."""
    words: dict[str, set[str]] = {"en": set(), "pt-BR": set()}
    for category in FINDING_CATEGORIES:
        for term in kb.vocabulary[category].values():
            for lang in words:
                for synonym in term.prose(lang).synonyms:
                    words[lang].update(stem(w) for w in _TOKEN.findall(fold(synonym)))
    return frozenset(words["pt-BR"] - words["en"])


@dataclass(frozen=True)
class Evidence:
    """One id the reader found, the words that gave it, and whether they were negated."""

    category: str
    id: str
    words: str
    negated: bool
    start: int
    end: int

    def as_dict(self) -> dict[str, object]:
        return {"category": self.category, "id": self.id, "words": self.words, "negated": self.negated}


@dataclass(frozen=True)
class ReadResult:
    findings: FindingSet
    evidence: tuple[Evidence, ...]
    notes: tuple[str, ...]


def _find(phrase: Phrase, tokens: list[Token],
          where: dict[str, list[int]] | None = None) -> list[tuple[int, int]]:
    """Index spans (first, last token) where the phrase occurs, allowing small gaps.

    ``where`` maps each stem to its token positions, so that only the places where the
    phrase's first word occurs are tried (this keeps a read well under a millisecond)."""
    spans: list[tuple[int, int]] = []
    first = phrase.words[0]
    starts = where.get(first, ()) if where is not None else [i for i, t in enumerate(tokens) if t.stem == first]
    for i in starts:
        token = tokens[i]
        position = i
        for word in phrase.words[1:]:
            found = None
            for j in range(position + 1, min(position + 2 + MAX_GAP, len(tokens))):
                if tokens[j].clause != token.clause:
                    break
                if tokens[j].stem == word:
                    found = j
                    break
            if found is None:
                break
            position = found
        else:
            spans.append((i, position))
    return spans


def _in_list(tokens: list[Token], start: int, end: int, clause: int) -> bool:
    return any(t.stem in LIST_WORDS and t.clause == clause for t in tokens[start:end])


def _negated(tokens: list[Token], first: int, last: int, phrase: Phrase) -> bool:
    """Negation with a scope: a cue before it (up to a comma, unless in a list), inside it, or after
    a clinical phrase ('renal function preserved')."""
    if phrase.words[0] in NEGATION_CUES:
        return False
    clause = tokens[first].clause
    if any(t.stem in NEGATION_CUES and t.stem not in phrase.words for t in tokens[first + 1:last]):
        return True
    cues = POST_NEGATION_CUES | SPARING_CUES if phrase.category == "clinical" else SPARING_CUES
    for t in tokens[last + 1:last + 1 + POST_NEGATION_WINDOW]:
        if t.clause != clause or t.comma_before:
            break
        if t.stem in cues:
            return True
    for k in range(first - 1, max(-1, first - 1 - NEGATION_WINDOW), -1):
        if tokens[k].clause != clause:
            return False
        if tokens[k + 1].comma_before and not _in_list(tokens, k + 1, last + 4, clause):
            return False
        if tokens[k].stem in NEGATION_CUES:
            return True
        if tokens[k].stem in SCOPE_ENDERS and k < first - 2:
            return False
    return False


AMBIGUOUS_ABBREVIATIONS: dict[str, tuple[str, str, frozenset[str]]] = {
    "dm": ("diabetes", "dermatomyositis", frozenset({"dermatomyositis", "proximal-muscle-weakness"})),
}
"""An abbreviation read one way alone and another way in context: 'DM' is diabetes, unless the
text also gives a clue to dermatomyositis (a rash, myositis, proximal weakness)."""


def _in_context(evidence: list[Evidence], folded: str) -> list[Evidence]:
    clinical = {e.id for e in evidence if e.category == "clinical" and not e.negated}
    out = []
    for item in evidence:
        if fold(item.words).strip() == "hd" and not _haemodialysis(item, folded):
            continue
        rule = AMBIGUOUS_ABBREVIATIONS.get(fold(item.words).strip())
        if rule and item.category == "clinical" and item.id == rule[0] and clinical & rule[2]:
            item = Evidence(item.category, rule[1], item.words, item.negated, item.start, item.end)
        out.append(item)
    return out


def _haemodialysis(item: Evidence, folded: str) -> bool:
    """'HD' is haemodialysis near a renal word ('em HD', 'DRC em HD'), not 'HD:' (hipótese diagnóstica)."""
    if re.match(r"\s*:", folded[item.end:]):
        return False
    near = _TOKEN.findall(folded[max(0, item.start - 25):item.end + 25])
    return any(word in pt.HD_CONTEXT for word in near)


def _qualified(tokens: list[Token], first: int, last: int) -> bool:
    near = tokens[max(0, first - 2):first] + tokens[last + 1:last + 3]
    return any(t.stem in IMPAIRMENT_WORDS and t.clause == tokens[first].clause for t in near)


def _stopped(tokens: list[Token]) -> dict[str, set[int]]:
    """Token positions each category may not use (see STOP_PHRASES)."""
    blocked: dict[str, set[int]] = {}
    for words, categories in STOP_PHRASES:
        for first, last in _find(Phrase("", "", words), tokens):
            for category in categories:
                blocked.setdefault(category, set()).update(range(first, last + 1))
    return blocked


def read_text(text: str, kb: KnowledgeBase, lang: str = "en") -> ReadResult:
    """Read one or a few sentences; never raises on any string."""
    notes: list[str] = []
    if len(text) > MAX_TEXT_LENGTH:
        from calc.text_web import WORDS
        from calc.ui_text import say

        notes.append(say(WORDS, lang, "reader_truncated", limit=MAX_TEXT_LENGTH))
        text = text[:MAX_TEXT_LENGTH]
    folded = fold(text)
    if len(folded) != len(text):
        # NFKD can lengthen ligatures; spans then refer to the folded text, which is what we show.
        text = folded
    labs, age, number_notes, _ = read_numbers(folded, frozenset(_TOKEN.findall(folded)), lang)
    notes.extend(number_notes)
    tokens = _portuguese_no(tokenize(folded), text if len(text) == len(folded) else folded, _portuguese_words(kb))

    taken: dict[str, list[tuple[int, int]]] = {c: [] for c in FINDING_CATEGORIES}
    blocked = _stopped(tokens)
    where: dict[str, list[int]] = {}
    for position, token in enumerate(tokens):
        where.setdefault(token.stem, []).append(position)
    evidence: list[Evidence] = []
    for phrase in _phrases(kb):
        if phrase.words[0] not in where:
            continue
        for first, last in _find(phrase, tokens, where):
            spans = taken[phrase.category]
            if any(a <= first and last <= b for a, b in spans):
                continue  # inside a longer phrase of the same category: the longer one wins
            if blocked.get(phrase.category, set()) & set(range(first, last + 1)):
                continue
            negated = _negated(tokens, first, last, phrase)
            if phrase.words in QUALIFIED_PHRASES and not negated and not _qualified(tokens, first, last):
                continue
            spans.append((first, last))
            start, end = tokens[first].start, tokens[last].end
            evidence.append(Evidence(
                category=phrase.category,
                id=phrase.term_id,
                words=text[start:end],
                negated=negated,
                start=start,
                end=end,
            ))
    evidence = _in_context(evidence, folded)
    evidence.sort(key=lambda e: (e.start, e.category, e.id))

    present: dict[str, list[str]] = {c: [] for c in FINDING_CATEGORIES}
    absent: dict[str, list[str]] = {c: [] for c in FINDING_CATEGORIES}
    for item in evidence:
        target = absent if item.negated else present
        if item.id not in target[item.category]:
            target[item.category].append(item.id)
    for category in FINDING_CATEGORIES:
        absent[category] = [i for i in absent[category] if i not in present[category]]

    # One chip per id: keep the first words that gave it, negated or not as it was decided.
    chips: dict[tuple[str, str], Evidence] = {}
    for item in evidence:
        key = (item.category, item.id)
        is_present = item.id in present[item.category]
        if item.negated == (not is_present) and key not in chips:
            chips[key] = item
    findings = FindingSet(
        present={c: tuple(v) for c, v in present.items() if v},
        absent={c: tuple(v) for c, v in absent.items() if v},
        age=age,
        labs=labs,
    )
    return ReadResult(findings=findings, evidence=tuple(chips.values()), notes=tuple(notes))
