"""Command line: ``python -m calc capp | ddx | vocab``.

It calls the same functions as the browser, so a result can be checked at a terminal. Bad
arguments exit with status 2 and one line on stderr that names the argument and what is
accepted; results exit 0.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn

from calc.cli_text import ARGPARSE, words
from calc.ddx import rank
from calc.findings import MAX_AGE, FindingsError, age_range, merge, parse_findings
from calc.i18n import LANGUAGES
from calc.knowledge import FINDING_CATEGORIES, KnowledgeError, load_knowledge
from calc.mineral import compute_mineral, mineral_of
from calc.reader import read_text
from calc.red_flags import must_not_miss
from calc.text_ddx import localise, localise_notice
from calc.text_web import WORDS as WEB_WORDS
from calc.ui_text import num
from calc.units import ALBUMIN_UNITS, CALCIUM_UNITS, PHOSPHATE_UNITS, show_product

MAX_FINDINGS_BYTES = 1_000_000


class UsageError(Exception):
    """A bad argument: reported as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _shown(value: str) -> str:
    """User input quoted in a message: control characters escaped, so it stays one harmless line."""
    return value if value.isprintable() else repr(value)[1:-1]


def _unit_choice(accepted: tuple[str, ...], lang: str) -> Any:
    lookup = {u.lower(): u for u in accepted}
    say = words(lang)

    def convert(value: str) -> str:
        unit = lookup.get(value.strip().lower())
        if unit is None:
            raise argparse.ArgumentTypeError(
                say["err_unit"].format(value=_shown(value[:30]), accepted=say["or"].join(accepted)))
        return unit

    return convert


@contextlib.contextmanager
def _argparse_speaks(lang: str) -> Iterator[None]:
    """argparse takes its own words ('usage:', 'the following arguments are required') from
    gettext through its module-level ``_``; while the parser is built and used, that function
    answers from calc/cli_text.py's ARGPARSE table, so ``--lang pt-BR`` covers them too."""
    catalogue = ARGPARSE.get(lang)
    if not catalogue:
        yield
        return
    module = vars(argparse)
    original = module["_"]
    module["_"] = lambda message: catalogue.get(message, message)
    try:
        yield
    finally:
        module["_"] = original


def _requested_lang(argv: Sequence[str]) -> str:
    """The --lang value, read before parsing so that the parser's own checks (a unit) speak it too."""
    for index, arg in enumerate(argv):
        value = argv[index + 1] if arg == "--lang" and index + 1 < len(argv) else arg.removeprefix("--lang=")
        if (arg == "--lang" or arg.startswith("--lang=")) and value in LANGUAGES:
            return value
    return "en"


def _build_parser(lang: str = "en") -> _Parser:
    say = words(lang)
    parser = _Parser(prog="python -m calc", description=say["description"])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    capp = sub.add_parser("capp", help=say["h_capp"], description=say["h_capp"])
    capp.add_argument("--calcium", required=True, help=say["h_calcium"])
    capp.add_argument("--calcium-unit", type=_unit_choice(CALCIUM_UNITS, lang), default="mg/dL")
    capp.add_argument("--phosphate", required=True, help=say["h_phosphate"])
    capp.add_argument("--phosphate-unit", type=_unit_choice(PHOSPHATE_UNITS, lang), default=None,
                      help=say["h_phosphate_unit"])
    capp.add_argument("--albumin", help=say["h_albumin"])
    capp.add_argument("--albumin-unit", type=_unit_choice(ALBUMIN_UNITS, lang), default="g/dL")
    capp.add_argument("--age", type=int, help=say["h_age"])
    capp.add_argument("--renal-failure", action="store_true", help=say["h_renal"])
    capp.add_argument("--json", action="store_true", help=say["h_json"])
    capp.add_argument("--lang", choices=LANGUAGES, default="en", help=say["h_lang"])

    ddx = sub.add_parser("ddx", help=say["h_ddx"], description=say["h_ddx"])
    source = ddx.add_mutually_exclusive_group(required=True)
    source.add_argument("--text", help=say["h_text"])
    source.add_argument("--findings", help=say["h_findings"])
    ddx.add_argument("--top", type=int, default=5, help=say["h_top"])
    ddx.add_argument("--json", action="store_true", help=say["h_json"])
    ddx.add_argument("--lang", choices=LANGUAGES, default="en", help=say["h_ddx_lang"])

    vocab = sub.add_parser("vocab", help=say["h_vocab"], description=say["h_vocab"])
    vocab.add_argument("--json", action="store_true", help=say["h_json"])
    return parser


def _argument(name: str, message: str, lang: str) -> str:
    """A usage error about one argument, worded like argparse's own ('argument --top: ...')."""
    return words(lang)["argument"].format(name=name, message=message)


def _capp(args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    if args.age is not None and not 0 <= args.age <= MAX_AGE:
        raise UsageError(_argument("--age", age_range(args.lang), args.lang))
    result = compute_mineral(
        calcium=args.calcium, calcium_unit=args.calcium_unit,
        phosphate=args.phosphate, phosphate_unit=args.phosphate_unit,
        albumin=args.albumin, albumin_unit=args.albumin_unit,
        age=args.age, renal_failure=args.renal_failure, lang=args.lang,
    )
    say = words(args.lang)
    errors = [m for m in result.messages if m.level == "error"]
    if errors:
        raise UsageError(_argument(f"--{errors[0].field.replace('_', '-')}", errors[0].text, args.lang))
    data = result.as_dict()
    shown = data["display"]
    lines = [f"Ca × P = {shown['product']} = {shown['product_si']}"]
    if data["band"]:
        lines.append(f"  {data['band']['label']} ({say['source']}: {data['band']['source']})")
    if "corrected_calcium" in shown:
        lines.append(say["corrected"].format(value=shown["corrected_calcium"], value_si=shown["corrected_calcium_si"]))
        lines.append(say["corrected_product"].format(product=shown["corrected_product"]))
    lines.append(say["working"])
    lines.extend(f"  {w}" for w in data["working"])
    for message in data["messages"]:
        lines.append(f"{say.get(message['level'], message['level'])}: {message['text']}")
    lines.append(WEB_WORDS[args.lang]["disclaimer"])
    return data, "\n".join(lines)


def _read_findings_file(path: str, lang: str = "en") -> Any:
    say = words(lang)
    try:
        if path == "-":
            text = sys.stdin.read(MAX_FINDINGS_BYTES + 1)
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read(MAX_FINDINGS_BYTES + 1)
    except OSError as exc:
        raise UsageError(_argument("--findings", say["err_read"].format(path=_shown(path[:80]), reason=exc.strerror),
                                   lang)) from exc
    except UnicodeDecodeError as exc:
        raise UsageError(_argument("--findings", say["err_utf8"], lang)) from exc
    if len(text) > MAX_FINDINGS_BYTES:
        raise UsageError(_argument("--findings", say["err_large"], lang))
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(_argument("--findings", say["err_json"].format(line=exc.lineno, reason=exc.msg),
                                   lang)) from exc
    except RecursionError as exc:
        raise UsageError(_argument("--findings", say["err_nested"], lang)) from exc
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise UsageError(_argument("--findings", say["err_number"], lang)) from exc


def _ddx(args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    kb = load_knowledge()
    if not 1 <= args.top <= len(kb.entities):
        raise UsageError(_argument("--top", words(args.lang)["err_top"].format(n=len(kb.entities)), args.lang))
    evidence: list[dict[str, Any]] = []
    notes: list[str] = []
    if args.text is not None:
        if not args.text.strip():
            raise UsageError(_argument("--text", words(args.lang)["err_empty"], args.lang))
        read = read_text(args.text, kb, args.lang)
        findings = read.findings
        text_unread = not read.evidence and findings.is_empty()
        evidence = [e.as_dict() for e in read.evidence]
        notes.extend(read.notes)
    else:
        text_unread = False
        raw = _read_findings_file(args.findings, args.lang)
        try:
            findings, _ = parse_findings(raw, kb, strict=True, lang=args.lang)
        except FindingsError as exc:
            raise UsageError(_argument("--findings", str(exc), args.lang)) from exc
        findings = merge(findings, findings)
    labs = findings.labs
    mineral = mineral_of(findings, args.lang)
    if args.findings is not None:
        errors = [m for m in mineral.messages if m.level == "error"]
        if errors:
            raise UsageError(_argument("--findings", f"labs.{errors[0].text}", args.lang))
    ranking = rank(findings, kb, mineral.lab_states, text_given=text_unread, lang=args.lang)
    data: dict[str, Any] = {
        "findings": findings.as_dict(),
        "evidence": evidence,
        **ranking.as_dict(top=args.top),
        "mineral": mineral.as_dict() if labs else None,
        "must_not_miss": localise_notice(must_not_miss(findings, kb), kb, args.lang),
        "notes": notes + ranking.notes + [m.text for m in mineral.messages if m.level != "note"],
    }
    lang = args.lang
    data = localise(data, kb, lang)
    say = words(lang)
    lines = [say["understood"]]
    for category in FINDING_CATEGORIES:
        ids = findings.ids(category)
        if ids:
            lines.append(f"  {say[category]}: " + ", ".join(kb.label(category, i, lang) for i in ids))
        absent = findings.absent_ids(category)
        if absent:
            lines.append(f"  {say['not'].format(category=say[category])}: "
                         + ", ".join(kb.label(category, i, lang) for i in absent))
    if findings.age is not None:
        lines.append(f"  {say['age']}: {findings.age}")
    if mineral.product_mg2_dl2 is not None:
        lines.append(f"  Ca × P: {show_product(mineral.product_mg2_dl2, lang)}")
    if data["message"]:
        lines.append(data["message"])
    if data["show_bars"]:
        lines.append(say["ranked"])
    elif data["candidates"]:
        lines.append(say["compatible"])
    ties = [c["tie"] for c in data["candidates"]]
    for n, candidate in enumerate(data["candidates"], 1):
        if not data["show_bars"]:
            lines.append(f"{n:>2}. {candidate['label']}")
            continue
        bar = "█" * round(candidate["score"] * 20)
        tied = "=" if ties.count(candidate["tie"]) > 1 else " "
        lines.append(f"{n:>2}.{tied}{candidate['label']:<58} {candidate['fit_text']:<15} "
                     f"{num(candidate['score'] * 100, '5.1f', lang)}% {bar}")
        pros = "; ".join(f"{r['label']} ({r['detail']})" for r in candidate["for"][:4])
        cons = "; ".join(f"{r['label']} ({r['detail']})" for r in candidate["against"][:3])
        if pros:
            lines.append(f"      {say['for']}: {pros}")
        if cons:
            lines.append(f"      {say['against']}: {cons}")
    for d in data["discriminators"]:
        lines.append(say["narrow"].format(text=d["text"]))
    for item in data["look_for"]:
        lines.append(say["look_for"].format(label=item["label"], text=item["text"]))
    notice = data["must_not_miss"]
    if notice:
        lines.append(f"{notice['title'].upper()}")
        lines.append(f"  {say['red_flags']}: {', '.join(notice['flags'])}")
        lines.append(f"  {notice['text']}")
        lines.append(f"  {say['consider']}: " + ", ".join(e["label"] for e in notice["entities"]))
        lines.append(f"  {say['next_step']}: {notice['next_step']}")
    lines.extend(f"{say['note']}: {n}" for n in data["notes"])
    lines.append(WEB_WORDS[lang]["disclaimer"])
    return data, "\n".join(lines)


def _vocab(args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    kb = load_knowledge()
    data: dict[str, Any] = {
        "entities": {e.id: e.label for e in kb.entities.values()},
        **{category: {t.id: t.label for t in terms.values()} for category, terms in kb.vocabulary.items()},
    }
    lines = []
    for section, mapping in data.items():
        lines.append(f"{section}:")
        lines.extend(f"  {key:<40} {label}" for key, label in mapping.items())
    return data, "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _requested_lang(argv)
    try:
        with _argparse_speaks(lang):
            args = _build_parser(lang).parse_args(argv)
        handler = {"capp": _capp, "ddx": _ddx, "vocab": _vocab}[args.command]
        data, text = handler(args)
    except UsageError as exc:
        print(f"{words(lang)['error']}: {exc}", file=sys.stderr)
        return 2
    except KnowledgeError as exc:
        print(f"{words(lang)['error']}: {words(lang)['knowledge_base']}: {exc}", file=sys.stderr)
        return 2
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(text)
    return 0
