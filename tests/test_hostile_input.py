"""Hostile input: malformed and malicious values never run, never crash, always get a message.

The values are listed in ``tests/quality/hostile.txt`` (script and HTML payloads, javascript:
URLs, 10 000-character strings, Unicode tricks, control characters, NaN and friends,
exponents, other bases, units that do not exist, JSON fragments, SQL-ish strings, path
traversal). Every value goes through:

- ``calc.web.handle`` (the browser's only entry point): as each number field and unit, the
  age, the text, a pattern id and an unknown key of a form state, and in the URL fragment
  (quoted and raw); the answer is always well-formed JSON with ``"ok": true``, and a refused
  number carries an error for its field, whose text starts with the field's name;
- the command line, in this process (every argument of ``capp`` and ``ddx``, and ``--findings``
  on standard input) and as real ``python -m calc`` processes (``capp --calcium`` and
  ``ddx --text``): exit status 0 or 2, never a traceback, and a refused value's one line
  names its argument;
- the page (the values marked ``[ui]``): typed into every field of the calculator in Chromium
  and put into its address; no dialog opens, ``window.__pwned`` stays undefined, no element is
  made from the input, nothing is logged as an error, and each number field shows its message.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import quote

import pytest
from conftest import REPO_ROOT, PageWatch

from calc import cli
from calc.knowledge import FINDING_CATEGORIES, load_knowledge
from calc.web import handle

PAYLOAD_FILE = Path(__file__).parent / "quality" / "hostile.txt"
NUMBER_FIELDS = ("calcium", "phosphate", "albumin")
UNIT_FIELDS = ("calcium_unit", "phosphate_unit", "albumin_unit")
CALCULATOR = "[data-stc-calculator]"
READY = f'{CALCULATOR}[data-state="ready"]'
BOOT_LIMIT_MS = 60_000

_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[nrt\\])")
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}


@dataclass(frozen=True)
class Payload:
    line: int
    value: str
    ui: bool

    @property
    def label(self) -> str:
        shown = self.value if len(self.value) <= 40 else f"{self.value[:30]}…({len(self.value)} chars)"
        return f"line {self.line} {shown!r}"


def _decode(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        escape = match.group(1)
        return chr(int(escape[1:], 16)) if escape[0] in "xuU" else _SIMPLE[escape]

    return _ESCAPE.sub(one, text)


def load_payloads(path: Path = PAYLOAD_FILE) -> list[Payload]:
    payloads = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("# ") or raw == "#":
            continue
        ui = raw.startswith("[ui] ")
        text = raw.removeprefix("[ui] ")
        repeat = re.fullmatch(r"@repeat (\d+) (.+)", text)
        value = _decode(repeat.group(2)) * int(repeat.group(1)) if repeat else _decode(text)
        payloads.append(Payload(number, value, ui))
    return payloads


PAYLOADS = load_payloads()
UI_PAYLOADS = [p for p in PAYLOADS if p.ui]


def _strict_json(text: str) -> Any:
    def refuse(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def ask(request: dict[str, Any]) -> dict[str, Any]:
    """calc.web.handle as the worker calls it; the answer must be strict JSON with ok: true."""
    answer = handle(json.dumps(request))
    data = _strict_json(answer)
    assert isinstance(data, dict) and data.get("ok") is True, answer[:300]
    return data


def _errors_for(data: dict[str, Any], field: str) -> list[str]:
    mineral = data.get("mineral") or {}
    return [m["text"] for m in mineral.get("messages", []) if m["field"] == field and m["level"] == "error"]


def _quote(value: str) -> str:
    """Percent-encoded as a browser does (a lone surrogate becomes U+FFFD)."""
    return quote(re.sub("[\ud800-\udfff]", "\ufffd", value), safe="")


def _mentions(notes: list[str], key: str) -> bool:
    return any(note.startswith(f"{key}:") or f"'{key}'" in note for note in notes)


# ----------------------------------------------------------------------------- the list


def test_the_list_is_long_and_varied() -> None:
    values = [p.value for p in PAYLOADS]
    assert len(values) >= 50
    assert len(set(values)) == len(values), "a value is listed twice"
    assert max(map(len, values)) > 10_000
    assert len(UI_PAYLOADS) >= 15
    for needle in ("<script", "onerror", "javascript:", "\u202e", "\u200b", "\x00", "NaN", "Infinity",
                   "1e308", "0x", "DROP TABLE", "../", "{\"", "\uff11", "furlong"):
        assert any(needle in v for v in values), needle


# ----------------------------------------------------------------------------- calc.web.handle


def test_handle_refuses_every_value_in_every_number_field_by_name() -> None:
    problems = []
    for payload in PAYLOADS:
        for field in NUMBER_FIELDS:
            state = {"calcium": "10", "phosphate": "5", field: payload.value}
            data = ask({"action": "compute", "state": state})
            errors = _errors_for(data, field)
            if not errors or not all(e.lower().startswith((f"{field}:", f"{field} ")) for e in errors):
                problems.append(f"{payload.label} as {field}: {errors}")
        for field in UNIT_FIELDS:
            lab = field.removesuffix("_unit")
            data = ask({"action": "compute", "state": {"calcium": "10", "phosphate": "5", "albumin": "4",
                                                       field: payload.value}})
            if not _errors_for(data, field):
                problems.append(f"{payload.label} as {field}: no message (lab {lab})")
    assert problems == [], "\n".join(problems)


def test_handle_notes_every_bad_age_pattern_key_and_survives_any_text() -> None:
    kb = load_knowledge()
    problems = []
    for payload in PAYLOADS:
        value = payload.value
        data = ask({"action": "compute", "state": {"age": value}})
        digits = value.strip()
        accepted = digits.isdecimal() and len(digits) <= 3 and int(digits) <= 120
        if not accepted and not _mentions(data["notes"], "age"):
            problems.append(f"{payload.label} as age: no note ({data['notes']})")
        data = ask({"action": "compute", "state": {"pattern": [value], "site": value}})
        if not data["notes"]:
            problems.append(f"{payload.label} as pattern: no note")
        data = ask({"action": "compute", "state": {value: "1"}})
        if not any("is not known" in n for n in data["notes"]):
            problems.append(f"{payload.label} as a key: no note ({data['notes']})")
        data = ask({"action": "compute", "state": {"text": value}})
        for chip in data["chips"]:
            if chip["category"] not in FINDING_CATEGORIES or chip["id"] not in kb.vocabulary[chip["category"]]:
                problems.append(f"{payload.label} as text: chip {chip['key']} is not a vocabulary id")
        if len(value) > 2000 and not any(n.startswith("text:") for n in data["notes"]):
            problems.append(f"{payload.label} as text: no note about the length")
    assert problems == [], "\n".join(problems)


def test_handle_reads_every_value_from_the_url_fragment() -> None:
    problems = []
    for payload in PAYLOADS:
        value = payload.value
        for key in ("calcium", "age", "text", "pattern"):
            # Quoted, as the page writes links; raw, as someone may type them (then "&" and "="
            # inside the value split it, so only "no crash" is asked of the raw form).
            for fragment, quoted in ((f"#{key}={_quote(value)}", True), (f"#{key}={value}", False)):
                data = ask({"action": "compute", "fragment": fragment})
                notes = data["notes"]
                if quoted and key == "calcium" and not (
                        _errors_for(data, "calcium") or _mentions(notes, "calcium")
                        or any("longer than" in n for n in notes)):
                    problems.append(f"{payload.label} in #{key}=: no message ({notes})")
                ask({"action": "fragment", "fragment": fragment})
        data = ask({"action": "compute", "fragment": "#" + _quote(value) + "=1&calcium=10"})
        if not any("not known" in n or "longer than" in n or "too long" in n for n in data["notes"]):
            problems.append(f"{payload.label} as a fragment key: no note ({data['notes']})")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("request_json", [
    "", "null", "[]", "\"compute\"", "{", "[" * 100_000, "{\"action\": \"compute\", \"state\": NaN}",
    "{\"action\": \"compute\", \"state\": {\"calcium\": Infinity}}", "{\"action\": \"\\ud800\"}",
    "{\"action\": \"compute\", \"state\": {\"calcium\": [1], \"age\": {}, \"text\": 5, \"pattern\": \"x\"}}",
    "{\"action\": \"compute\", \"state\": {\"pattern\": [null, 1, [\"cppd\"]], \"removed\": 7}}",
    "{\"action\": \"compute\", \"fragment\": 12}", "{\"action\": \"form\", \"x\": \"\\u0000\"}",
], ids=lambda r: r[:30])
def test_handle_answers_any_request_with_json(request_json: str) -> None:
    data = _strict_json(handle(request_json))
    assert isinstance(data, dict) and isinstance(data.get("ok"), bool)
    if not data["ok"]:
        assert not data["error"].startswith("the calculator failed"), data  # a caught crash


# ----------------------------------------------------------------------------- the command line


def run_main(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            mock.patch.object(sys, "stdin", io.StringIO(stdin)):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


_REFUSE_ALL = ("--calcium", "--phosphate", "--albumin", "--calcium-unit", "--phosphate-unit", "--albumin-unit",
               "--findings")
_REFUSE_UNLESS_INT = ("--top", "--age")
CAPP = ["capp", "--calcium", "10", "--phosphate", "5", "--albumin", "4", "--age", "40"]


def _with(argv: list[str], option: str, value: str) -> list[str]:
    argv = list(argv)
    if option in argv:
        at = argv.index(option)
        argv[at + 1] = value
    else:
        argv += [option, value]
    return argv


def test_cli_refuses_every_value_by_argument_name() -> None:
    problems = []
    for payload in PAYLOADS:
        cases = [(_with(CAPP, option, payload.value), option) for option in
                 ("--calcium", "--phosphate", "--albumin", "--age", "--calcium-unit", "--phosphate-unit",
                  "--albumin-unit")]
        cases += [(["ddx", "--text", payload.value], "--text"),
                  (["ddx", "--text", "rice grain", "--top", payload.value], "--top"),
                  (["ddx", "--findings", "-"], "--findings")]
        for argv, option in cases:
            try:
                code, out, err = run_main(argv, stdin=payload.value)
            except SystemExit as exc:  # argparse's own exit (e.g. --help) is not expected here
                problems.append(f"{payload.label} {option}: SystemExit {exc.code}")
                continue
            except Exception as exc:
                problems.append(f"{payload.label} {option}: {type(exc).__name__}: {exc}"[:300])
                continue
            if code not in (0, 2):
                problems.append(f"{payload.label} {option}: exit {code}")
            elif code == 2 and (err.count("\n") != 1 or option not in err):
                problems.append(f"{payload.label} {option}: the message does not name it: {err[:200]!r}")
            elif code == 0 and (option in _REFUSE_ALL
                                or (option in _REFUSE_UNLESS_INT and not _whole_number(payload.value))):
                problems.append(f"{payload.label} {option}: accepted ({out[:80]!r})")
    assert problems == [], "\n".join(problems)


def _whole_number(value: str) -> bool:
    """Python's int() reads it (digits of any script, a sign, underscores): argparse's type=int."""
    try:
        int(value)
    except ValueError:
        return False
    return True


def _arguable(value: str) -> bool:
    """Whether a value can be a process argument at all (no NUL, no lone surrogate)."""
    return "\x00" not in value and not re.search("[\ud800-\udfff]", value)


def test_cli_processes_never_print_a_traceback() -> None:
    runs = []
    for payload in PAYLOADS:
        if not _arguable(payload.value):
            continue
        runs.append((payload, ["capp", "--calcium", payload.value, "--phosphate", "5"], 2))
        runs.append((payload, ["ddx", "--text", payload.value], 0))

    def one(case: tuple[Payload, list[str], int]) -> str | None:
        payload, args, expected = case
        result = subprocess.run([sys.executable, "-m", "calc", *args], cwd=REPO_ROOT, capture_output=True,
                                text=True, encoding="utf-8", errors="replace", timeout=60, check=False)
        if "Traceback" in result.stderr or result.returncode not in (expected, 2):
            return f"{payload.label} {args[0]}: exit {result.returncode}: {result.stderr[-300:]!r}"
        if result.returncode == 2 and (args[1] not in result.stderr or result.stderr.count("\n") != 1):
            # e.g. "-Infinity" reads as an option: "--text: expected one argument" is right
            return f"{payload.label}: the message does not name {args[1]}: {result.stderr!r}"
        return None

    with ThreadPoolExecutor(max_workers=4) as pool:
        problems = [p for p in pool.map(one, runs) if p]
    assert len(runs) >= 100
    assert problems == [], "\n".join(problems)


# ----------------------------------------------------------------------------- the page


_ALARMS = """() => ({
  pwned: typeof window.__pwned,
  handlers: document.querySelectorAll('[onerror],[onload],[onclick],[onmouseover],[srcdoc]').length,
  jsLinks: [...document.querySelectorAll('a[href]')].filter(a => /^\\s*javascript:/i.test(a.getAttribute('href'))).length,
  tags: Object.fromEntries(['script', 'img', 'iframe', 'svg', 'style', 'object', 'embed', 'base', 'link',
    'meta', 'form', 'textarea', 'input'].map(t => [t, document.getElementsByTagName(t).length])),
})"""

_ANSWERED = """() => {
  const view = window.__stcCalc && window.__stcCalc.view;
  return !!(view && view.lastResponse) && !document.querySelector('[data-stc-calculator]').hasAttribute('aria-busy');
}"""


_ANSWERS_THE_FORM = """() => {
  const view = window.__stcCalc && window.__stcCalc.view;
  const answer = view && view.lastResponse;
  if (!answer || document.querySelector('[data-stc-calculator]').hasAttribute('aria-busy')) return false;
  // The answer drawn is the one for what the fields hold now (typing may have sent earlier,
  // partial states); the engine turns lone surrogates into U+FFFD.
  const state = answer.state || {};
  const clean = (v) => v.replace(/[\uD800-\uDFFF]/gu, '\uFFFD');
  const value = (name) => document.getElementById('stc-' + name).value;
  const text = value('text');
  return ['calcium', 'phosphate', 'albumin', 'age'].every((k) => (state[k] || '') === clean(value(k).trim()))
    && (state.text || '') === (text.trim() === '' ? '' : clean(text));
}"""


_SHOWN_MESSAGES = """(fields) => Object.fromEntries(fields.map((f) => {
  const box = document.querySelector(`[data-stc-msg="${f}"]`);
  return [f, {shown: box && box.offsetParent !== null ? box.innerText : '',
              invalid: document.getElementById('stc-' + f).getAttribute('aria-invalid')}];
}))"""

_FIELD_MESSAGES = """(fields) => {
  // Each number field shows its own message, which starts with the field's name, and is
  // marked invalid; or the notes name it (a link parameter too long to be read).
  const notes = document.querySelector('[data-stc="notes"]').innerText;
  return fields.every((f) => {
    const box = document.querySelector(`[data-stc-msg="${f}"]`);
    const shown = box && box.offsetParent !== null ? box.innerText : '';
    const invalid = document.getElementById('stc-' + f).getAttribute('aria-invalid') === 'true';
    const named = shown.toLowerCase().startsWith(f + ':') || shown.toLowerCase().startsWith(f + ' ');
    return (named && invalid) || notes.includes(`'${f}'`) || notes.includes('longer than');
  });
}"""


_NOTES_NAME_THE_KEY = """() => {
  const notes = document.querySelector('[data-stc="notes"]');
  return !!notes && /not known|longer than/.test(notes.innerText);
}"""


def _fresh_answer(page: Any) -> None:
    page.evaluate("window.__stcCalc.view.lastResponse = null")


def _check_page(page: Any, watch: PageWatch, payload: Payload, baseline: dict[str, Any], dialogs: list[str],
                where: str, problems: list[str], answered: str = _ANSWERED) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    label = f"{payload.label} {where}"
    page.wait_for_function(answered, timeout=15_000)
    try:
        page.wait_for_function(_FIELD_MESSAGES, arg=list(NUMBER_FIELDS), timeout=5_000)
    except PlaywrightTimeout:
        shown = page.evaluate(_SHOWN_MESSAGES, list(NUMBER_FIELDS))
        problems.append(f"{label}: no visible message naming each number field: {shown}")
    alarms = page.evaluate(_ALARMS)
    if dialogs:
        problems.append(f"{label}: dialog {dialogs}")
        dialogs.clear()
    if alarms["pwned"] != "undefined" or alarms["handlers"] or alarms["jsLinks"]:
        problems.append(f"{label}: executed or injected: {alarms}")
    if alarms["tags"] != baseline["tags"]:
        problems.append(f"{label}: elements changed {baseline['tags']} -> {alarms['tags']}")
    if watch.page_errors or watch.console_errors:
        problems.append(f"{label}: errors {watch.page_errors} {watch.console_errors}")
        watch.page_errors.clear()
        watch.console_errors.clear()


@pytest.mark.browser
def test_page_fields_and_address_show_hostile_values_as_text(phone: PageWatch) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = phone.page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(phone.server.url + "calculator/")
    page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
    page.wait_for_function(_ANSWERED)
    baseline = page.evaluate(_ALARMS)
    problems: list[str] = []

    for payload in UI_PAYLOADS:
        _fresh_answer(page)
        for field in (*NUMBER_FIELDS, "age", "text"):
            page.fill(f"#stc-{field}", payload.value)
        _check_page(page, phone, payload, baseline, dialogs, "typed", problems, _ANSWERS_THE_FORM)
        notes = page.inner_text('[data-stc="notes"]')
        # A bad age is said at the age field (calc.webview.age_field_messages), else in the notes.
        at_field = page.inner_text('[data-stc-msg="age"]')
        if not payload.value.strip().isdecimal() and "age:" not in notes and not at_field.startswith("Age "):
            problems.append(f"{payload.label} typed: no note for the age ({notes[:200]!r})")
        for chip in page.locator(".stc-chip").all():
            if not re.fullmatch(r"[a-z]+:(no-)?[a-z0-9-]+", chip.get_attribute("data-key") or ""):
                problems.append(f"{payload.label} typed: odd chip {chip.get_attribute('data-key')!r}")

    for payload in UI_PAYLOADS:
        _fresh_answer(page)
        fragment = "&".join(f"{key}={_quote(payload.value)}" for key in (*NUMBER_FIELDS, "text", "pattern"))
        fragment += f"&{_quote(payload.value[:60])}=1"
        page.evaluate("f => { location.hash = f; }", fragment)
        _check_page(page, phone, payload, baseline, dialogs, "in the address", problems)
        # Waited for, not read once: an answer to the previous state still on its way can be the
        # first one drawn after the address changed (seen once on a busy machine).
        try:
            page.wait_for_function(_NOTES_NAME_THE_KEY, timeout=10_000)
        except PlaywrightTimeout:
            notes = page.inner_text('[data-stc="notes"]')
            problems.append(f"{payload.label} in the address: no note on the unknown key ({notes[:200]!r})")

    print(f"\n{len(UI_PAYLOADS)} values typed into 5 fields and put into the address")
    assert problems == [], "\n".join(problems)
    phone.assert_clean()
