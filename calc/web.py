"""The one entry point the browser talks to: form state (JSON) in, everything shown (JSON) out.

The page's JavaScript holds no fact, label, unit factor or threshold: it sends the form
state or the URL fragment here and draws what comes back. The same functions build the
calculator links on entity pages, so the URL format is defined once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from calc.ddx import rank
from calc.findings import FindingsError, FindingSet, merge, parse_age, parse_findings
from calc.i18n import DEFAULT_LANGUAGE
from calc.knowledge import FINDING_CATEGORIES, KnowledgeBase, load_knowledge
from calc.mineral import compute_mineral, reference_hints
from calc.reader import MAX_TEXT_LENGTH, read_text
from calc.red_flags import must_not_miss
from calc.text_ddx import localise, localise_notice
from calc.text_start import START_TEXTS
from calc.text_web import CATEGORY_HELP as CATEGORY_HELP_BY_LANG
from calc.text_web import CATEGORY_LABELS as CATEGORY_LABELS_BY_LANG
from calc.text_web import WORDS
from calc.ui_text import lang_of, pick, say
from calc.units import ALBUMIN_UNITS, CALCIUM_UNITS, PHOSPHATE_UNITS
from calc.webview import (
    UNITS_KEY,
    age_field_messages,
    chip_form_key,
    display_system,
    form_units,
    lab_units,
    page_texts,
    starting_words,
    summary,
    unit_system_note,
)

DISCLAIMER = WORDS[DEFAULT_LANGUAGE]["disclaimer"]
LANG_KEY = "lang"
"""Request field (and accepted state key) naming the language of the answer: "en" or "pt-BR".
It never goes into the link: a shared case opens in the reader's own language."""
LIST_KEYS: tuple[str, ...] = FINDING_CATEGORIES
SCALAR_KEYS: tuple[str, ...] = (
    "text", "age", UNITS_KEY, "calcium", "calcium_unit", "phosphate", "phosphate_unit", "albumin",
    "albumin_unit",
)
REMOVED_KEY = "removed"
STATE_KEYS: tuple[str, ...] = ("text", *LIST_KEYS, "age", UNITS_KEY, "calcium", "calcium_unit", "phosphate",
                               "phosphate_unit", "albumin", "albumin_unit", REMOVED_KEY)
MAX_FRAGMENT_LENGTH = 4000
MAX_SCALAR_LENGTH = 40
TOP_CANDIDATES = 10
CATEGORY_LABELS = CATEGORY_LABELS_BY_LANG[DEFAULT_LANGUAGE]
CATEGORY_HELP = CATEGORY_HELP_BY_LANG[DEFAULT_LANGUAGE]


def _shown(value: str, limit: int = 40) -> str:
    """A piece of user input safe to quote inside a message (shortened, control characters escaped)."""
    text = value[:limit] + ("…" if len(value) > limit else "")
    return text if text.isprintable() else repr(text)[1:-1]


# ----------------------------------------------------------------------------- URL state


def fragment_for(findings: Mapping[str, Any]) -> str:
    """The calculator's URL fragment (without '#') for a finding set or a form state."""
    pairs: list[tuple[str, str]] = []
    for key in STATE_KEYS:
        value = findings.get(key)
        if value in (None, "", [], ()):
            continue
        if isinstance(value, list | tuple):
            pairs.append((key, ",".join(str(v) for v in value)))
        else:
            pairs.append((key, str(value)))
    labs = findings.get("labs")
    if isinstance(labs, Mapping):
        pairs.extend((k, str(v)) for k, v in labs.items() if k in SCALAR_KEYS)
    return urlencode(pairs, safe=",/")


def parse_fragment(fragment: str, lang: str = DEFAULT_LANGUAGE) -> tuple[dict[str, Any], list[str]]:
    """Read the URL fragment into a form state; anything unknown becomes a visible note."""
    notes: list[str] = []
    state: dict[str, Any] = {}
    if not isinstance(fragment, str):
        return state, [say(WORDS, lang, "link_unreadable")]
    fragment = fragment.lstrip("#")
    if len(fragment) > MAX_FRAGMENT_LENGTH:
        notes.append(say(WORDS, lang, "link_long", limit=MAX_FRAGMENT_LENGTH))
        fragment = fragment[:MAX_FRAGMENT_LENGTH]
    for key, value in parse_qsl(fragment, keep_blank_values=True):
        if key in LIST_KEYS or key == REMOVED_KEY:
            state.setdefault(key, []).extend(v.strip() for v in value.split(",") if v.strip())
        elif key in SCALAR_KEYS:
            limit = MAX_TEXT_LENGTH if key == "text" else MAX_SCALAR_LENGTH
            if len(value) > limit:
                notes.append(say(WORDS, lang, "param_long", key=key))
                continue
            state[key] = value
        else:
            notes.append(say(WORDS, lang, "param_unknown", key=_shown(key), known=", ".join(STATE_KEYS)))
    return state, notes


# ----------------------------------------------------------------------------- compute


def _form_findings(state: Mapping[str, Any], kb: KnowledgeBase,
                   lang: str = DEFAULT_LANGUAGE) -> tuple[FindingSet, list[str]]:
    raw = {k: state[k] for k in LIST_KEYS if k in state}
    findings, notes = parse_findings(raw, kb, strict=False, lang=lang)
    age = None
    if state.get("age") not in (None, ""):
        try:
            age = parse_age(state["age"])
        except FindingsError as exc:
            got = _shown(str(state["age"]))
            notes.append(f"{exc} (got '{got}')" if lang == DEFAULT_LANGUAGE
                         else say(WORDS, lang, "age_note", got=got))
    return FindingSet(present=findings.present, absent=findings.absent, age=age), notes


def _removed(state: Mapping[str, Any]) -> set[tuple[str, str]]:
    removed = state.get(REMOVED_KEY, [])
    if isinstance(removed, str):
        removed = removed.split(",")
    out: set[tuple[str, str]] = set()
    if isinstance(removed, list):
        for item in removed:
            if isinstance(item, str) and ":" in item:
                category, _, term_id = item.partition(":")
                out.add((category.strip(), term_id.strip()))
    return out


def _without(findings: FindingSet, removed: set[tuple[str, str]]) -> FindingSet:
    present = {c: tuple(i for i in ids if (c, i) not in removed) for c, ids in findings.present.items()}
    absent = {c: tuple(i for i in ids if (c, f"no-{i}") not in removed) for c, ids in findings.absent.items()}
    return FindingSet(present={c: v for c, v in present.items() if v},
                      absent={c: v for c, v in absent.items() if v}, age=findings.age, labs=findings.labs)


def _findings_lines(result: Mapping[str, Any], kb: KnowledgeBase, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """The findings given, one line per category (the copied text and the printed page)."""
    findings = result["findings"]
    labels = pick(CATEGORY_LABELS_BY_LANG, lang)
    parts = []
    for category in FINDING_CATEGORIES:
        ids = findings.get(category, [])
        if ids:
            parts.append(f"{labels[category]}: " + ", ".join(kb.label(category, i, lang) for i in ids))
    for category, ids in findings.get("absent", {}).items():
        parts.append(say(WORDS, lang, "not_present", category=labels[category].lower())
                     + ", ".join(kb.label(category, i, lang) for i in ids))
    if findings.get("age") is not None:
        parts.append(say(WORDS, lang, "age", age=findings["age"]))
    return parts or [say(WORDS, lang, "no_findings")]


def _plain_summary(result: Mapping[str, Any], kb: KnowledgeBase, lang: str = DEFAULT_LANGUAGE) -> str:
    words = pick(WORDS, lang)
    lines = [words["title"]]
    lines.extend(_findings_lines(result, kb, lang))
    mineral = result.get("mineral")
    if mineral and mineral.get("product_mg2_dl2") is not None:
        shown = mineral["display"]
        lines.append(words["product_line"].format(product=shown["product"], product_si=shown["product_si"])
                     + (f", {mineral['band']['label']}" if mineral.get("band") else ""))
        if "corrected_calcium" in shown:
            lines.append(words["corrected_line"].format(value=shown["corrected_calcium"],
                                                        value_si=shown["corrected_calcium_si"]))
    ddx = result["ddx"]
    candidates = ddx["candidates"][:5]
    if ddx.get("message"):
        lines.append(ddx["message"])
    if candidates and ddx.get("show_bars"):
        lines.append(words["ranked_heading"])
        for n, c in enumerate(candidates, 1):
            tied = words["tied"] if sum(o["tie"] == c["tie"] for o in ddx["candidates"]) > 1 else ""
            lines.append(f"{n}. {c['label']}: {c['fit_text']}, {round(c['score'] * 100)}%{tied}")
    elif candidates:
        lines.append(words["compatible_line"] + "; ".join(c["label"] for c in candidates))
    for d in ddx["discriminators"]:
        lines.append(words["narrow_line"].format(text=d["text"]))
    for item in ddx.get("look_for", []):
        lines.append(words["look_for_line"].format(label=item["label"], text=item["text"]))
    notice = result.get("must_not_miss")
    if notice:
        lines.append(words["notice_line"].format(title=notice["title"], flags=", ".join(notice["flags"]),
                                                 text=notice["text"], next_step=notice["next_step"]))
    lines.append(words["disclaimer"])
    return "\n".join(lines)


def compute(state: Mapping[str, Any], kb: KnowledgeBase | None = None,
            lang: str | None = None) -> dict[str, Any]:
    """Everything the calculator page shows for one form state; never raises on user input.

    ``lang`` ("en" or "pt-BR"; else the state's ``lang`` key; else English) is the language of
    every text in the answer; the link (``fragment``) is the same in every language."""
    kb = kb or load_knowledge()
    if not isinstance(state, Mapping):
        state = {}
    lang = lang_of(lang if lang is not None else state.get(LANG_KEY))
    notes: list[str] = []
    for key in state:
        if key not in STATE_KEYS and key != LANG_KEY:
            notes.append(say(WORDS, lang, "field_unknown", key=_shown(str(key))))
    form, form_notes = _form_findings(state, kb, lang)
    notes.extend(form_notes)
    field_messages = age_field_messages(state, form_notes, lang)

    text = state.get("text") or ""
    chips: list[dict[str, Any]] = []
    text_findings = FindingSet()
    text_unread = False
    if isinstance(text, str) and text.strip():
        read = read_text(text, kb, lang)
        text_unread = not read.evidence and read.findings.is_empty()
        notes.extend(read.notes)
        removed = _removed(state)
        for item in read.evidence:
            chip_id = f"no-{item.id}" if item.negated else item.id
            label = kb.label(item.category, item.id, lang)
            known = item.category in kb.vocabulary and item.id in kb.vocabulary[item.category]
            chips.append({
                "form": chip_form_key(item.category, item.id, item.negated, known),
                "key": f"{item.category}:{chip_id}",
                "category": item.category,
                "id": item.id,
                "label": say(WORDS, lang, "no_term", label=label.lower()) if item.negated else label,
                "words": item.words,
                "negated": item.negated,
                "removed": (item.category, chip_id) in removed,
            })
        text_findings = _without(read.findings, removed)
    elif text and not isinstance(text, str):
        notes.append(say(WORDS, lang, "text_not_plain"))

    merged = merge(form, text_findings)
    notes.extend(unit_system_note(state, lang))
    units = lab_units(state)
    lab_input = {k: state.get(k) for k in ("calcium", "phosphate", "albumin")}
    lab_input.update({f"{lab}_unit": unit for lab, unit in units.items()})
    for analyte in ("calcium", "phosphate", "albumin"):
        if lab_input[analyte] in (None, "") and analyte in text_findings.labs:
            lab_input[analyte] = text_findings.labs[analyte]
            lab_input[f"{analyte}_unit"] = text_findings.labs.get(f"{analyte}_unit")
    labs_given = any(lab_input[a] not in (None, "") for a in ("calcium", "phosphate", "albumin"))
    mineral = compute_mineral(
        calcium=lab_input["calcium"],
        calcium_unit=lab_input["calcium_unit"] or "mg/dL",
        phosphate=lab_input["phosphate"],
        phosphate_unit=lab_input["phosphate_unit"] or None,
        albumin=lab_input["albumin"],
        albumin_unit=lab_input["albumin_unit"] or "g/dL",
        age=merged.age,
        renal_failure="renal-failure" in merged.ids("clinical"),
        lang=lang,
    )
    ranking = rank(merged, kb, mineral.lab_states, text_given=text_unread, lang=lang)
    notes.extend(ranking.notes)
    result: dict[str, Any] = {
        "ok": True,
        "findings": merged.as_dict(),
        "findings_given": not merged.is_empty() or bool(mineral.lab_states),
        "chips": chips,
        "notes": notes,
        "mineral": mineral.as_dict() if labs_given else None,
        "ddx": localise(ranking.as_dict(top=TOP_CANDIDATES), kb, lang),
        "must_not_miss": localise_notice(must_not_miss(merged, kb), kb, lang),
        "disclaimer": say(WORDS, lang, "disclaimer"),
        "lang": lang,
        "fragment": fragment_for({k: v for k, v in state.items() if k in STATE_KEYS}),
    }
    result["summary_text"] = _plain_summary(result, kb, lang)
    result["findings_text"] = _findings_lines(result, kb, lang)
    result["summary"] = summary(result, state, lang)
    result["field_messages"] = field_messages
    result["display_units"] = display_system(state)
    return result


def form_options(kb: KnowledgeBase | None = None, lang: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """Labels and choices of the calculator form, in the order of the Approach page, in ``lang``."""
    kb = kb or load_knowledge()
    lang = lang_of(lang)
    return {
        "lang": lang,
        "categories": [
            {
                "id": category,
                "label": pick(CATEGORY_LABELS_BY_LANG, lang)[category],
                "help": pick(CATEGORY_HELP_BY_LANG, lang)[category],
                "options": [
                    {"id": t.id, "label": t.prose(lang).label, "definition": t.prose(lang).definition}
                    for t in kb.vocabulary[category].values()
                ],
            }
            for category in FINDING_CATEGORIES
        ],
        "units": {"calcium": list(CALCIUM_UNITS), "phosphate": list(PHOSPHATE_UNITS),
                  "albumin": list(ALBUMIN_UNITS)},
        "references": reference_hints(lang),
        "unit_systems": form_units(lang),
        "starting": starting_words(None, lang),
        "texts": page_texts(lang),
        "start_texts": dict(pick(START_TEXTS, lang)),  # shown while Python is not running
        "state_keys": list(STATE_KEYS),
        "disclaimer": say(WORDS, lang, "disclaimer"),
    }


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _well_formed(value: Any) -> Any:
    """Lone surrogates (JSON can carry them, text cannot be encoded with them) become U+FFFD."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_well_formed(v) for v in value]
    if isinstance(value, dict):
        return {_well_formed(k): _well_formed(v) for k, v in value.items()}
    return value


def handle(request_json: str) -> str:
    """JSON request → JSON response. Actions: 'form', 'compute' (state or fragment), 'fragment'."""
    try:
        # NaN and Infinity are not JSON: the answer would echo them and the page could not read it.
        request = _well_formed(json.loads(request_json, parse_constant=_reject_constant))
    except (TypeError, ValueError, RecursionError):
        return json.dumps({"ok": False, "error": "the request was not valid JSON"})
    if not isinstance(request, dict):
        return json.dumps({"ok": False, "error": "the request must be a JSON object"})
    action = request.get("action")
    lang = lang_of(request.get(LANG_KEY))
    try:
        if action == "form":
            return json.dumps({"ok": True, **form_options(lang=lang)}, ensure_ascii=False)
        if action == "compute":
            notes: list[str] = []
            if isinstance(request.get("fragment"), str):
                state, notes = parse_fragment(request["fragment"], lang)
            else:
                given = request.get("state")
                state = given if isinstance(given, dict) else {}
            result = compute(state, lang=lang)
            result["notes"] = notes + result["notes"]
            result["state"] = state
            return json.dumps(result, ensure_ascii=False)
        if action == "fragment":
            state, notes = parse_fragment(request.get("fragment", ""), lang)
            return json.dumps({"ok": True, "state": state, "notes": notes}, ensure_ascii=False)
    except Exception as exc:  # pragma: no cover - last line of defence for the page
        return json.dumps({"ok": False, "error": f"the calculator failed: {type(exc).__name__}"})
    return json.dumps({"ok": False, "error": "unknown action; accepted: form, compute, fragment"})
