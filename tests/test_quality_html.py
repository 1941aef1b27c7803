"""HTML gate: the Nu Html Checker (vnu.jar, pinned in package-lock.json) on every built page.

One ``java -jar vnu.jar --errors-only --format json <every page>`` call; the test fails on any
error that ``tests/quality/vnu-allowlist.txt`` does not cover. That file lists, with a
reason each, only what the theme writes and the project cannot change; it is read strictly
(a malformed entry or one that matches nothing fails too).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import IN_CI, REPO_ROOT

pytestmark = pytest.mark.site

VNU = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ALLOWLIST = Path(__file__).parent / "quality" / "vnu-allowlist.txt"
_KEYS = ("message", "message-regex", "extract", "reason")


@dataclass
class Allowed:
    """One reviewed entry of the allow-list."""

    line: int
    reason: str
    message: str | None = None
    message_regex: re.Pattern[str] | None = None
    extract: re.Pattern[str] | None = None

    def covers(self, error: dict[str, Any]) -> bool:
        text = str(error.get("message", ""))
        if self.message is not None and text != self.message:
            return False
        if self.message_regex is not None and not self.message_regex.fullmatch(text):
            return False
        return self.extract is None or bool(self.extract.search(str(error.get("extract", ""))))


def load_allowlist(path: Path = ALLOWLIST) -> list[Allowed]:
    """The entries of the allow-list; raises ValueError naming the line of a malformed one."""
    entries: list[Allowed] = []
    block: dict[str, str] = {}
    start = 0
    key = ""

    def finish() -> None:
        if not block:
            return
        where = f"{path.name}:{start}"
        if not block.get("reason", "").strip():
            raise ValueError(f"{where}: every entry needs a reason")
        if ("message" in block) == ("message-regex" in block):
            raise ValueError(f"{where}: give exactly one of 'message' and 'message-regex'")
        try:
            entries.append(Allowed(
                line=start,
                reason=block["reason"],
                message=block.get("message"),
                message_regex=re.compile(block["message-regex"]) if "message-regex" in block else None,
                extract=re.compile(block["extract"]) if "extract" in block else None,
            ))
        except re.error as exc:
            raise ValueError(f"{where}: bad regular expression: {exc}") from exc

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if raw.startswith("#"):
            continue
        if not raw.strip():
            finish()
            block, key = {}, ""
            continue
        if raw[0].isspace():
            if not key:
                raise ValueError(f"{path.name}:{number}: continuation line without a key")
            block[key] += " " + raw.strip()
            continue
        key, sep, value = raw.partition(":")
        key = key.strip()
        if not sep or key not in _KEYS:
            raise ValueError(f"{path.name}:{number}: expected one of {', '.join(_KEYS)}")
        if key in block:
            raise ValueError(f"{path.name}:{number}: '{key}' given twice in one entry")
        if not block:
            start = number
        block[key] = value.strip()
    finish()
    return entries


def _java() -> str:
    java = shutil.which("java")
    problem = None
    if java is None:
        problem = "java is not installed (apt-get install default-jre-headless)"
    elif not VNU.is_file():
        problem = f"{VNU} is missing (run `npm ci`)"
    if problem:
        if IN_CI:
            pytest.fail(f"{problem} (CI=true: the HTML gate must run)", pytrace=False)
        pytest.skip(problem)
    assert java is not None
    return java


@pytest.fixture(scope="module")
def vnu_errors(built_site: Path) -> list[dict[str, Any]]:
    """Every error the checker reports over every built page (one run)."""
    java = _java()
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 40, pages
    started = time.monotonic()
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    # The checker writes its report to standard error; exit status 1 means "errors found".
    report = result.stderr.strip() or result.stdout.strip()
    try:
        messages: list[dict[str, Any]] = json.loads(report)["messages"]
    except (ValueError, KeyError) as exc:
        pytest.fail(f"vnu.jar gave no JSON report (exit {result.returncode}): {report[:2000]}",
                    pytrace=False)
        raise AssertionError from exc
    print(f"\nvnu.jar: {len(pages)} pages checked in {time.monotonic() - started:.1f} s, "
          f"{len(messages)} messages")
    for message in messages:
        url = str(message.get("url", ""))
        message["page"] = url.split(str(built_site), 1)[-1].lstrip("/") if url else "?"
    return messages


def test_allowlist_is_well_formed_and_explained() -> None:
    for entry in load_allowlist():
        assert len(entry.reason) >= 40, f"line {entry.line}: explain the reason"


def test_every_page_is_valid_html(vnu_errors: list[dict[str, Any]]) -> None:
    entries = load_allowlist()
    unexplained = []
    used: set[int] = set()
    for error in vnu_errors:
        # Every message counts, errors as well as "non-document-error" (the checker failed).
        covering = [e for e in entries if error.get("type") == "error" and e.covers(error)]
        if covering:
            used.add(covering[0].line)
            continue
        extract = re.sub(r"\s+", " ", str(error.get("extract", ""))).strip()
        unexplained.append(f"{error['page']}:{error.get('lastLine', '?')}: {error.get('type')}: "
                           f"{error.get('message')}  [{extract}]")
    assert unexplained == [], "\n".join(unexplained)
    stale = [f"line {e.line}: {e.message or e.message_regex}" for e in entries if e.line not in used]
    assert stale == [], f"allow-list entries that match nothing (remove them): {stale}"


def test_checker_finds_errors_in_broken_markup(tmp_path: Path) -> None:
    """The gate can fail: a page with a misnested element and a duplicate id is reported."""
    java = _java()
    page = tmp_path / "broken.html"
    page.write_text('<!doctype html><html lang="en"><head><title>x</title></head><body>'
                    '<p id="a"><div id="a">x</div></p></body></html>', encoding="utf-8")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", str(page)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    assert any("Duplicate ID" in m["message"] for m in messages), messages
    assert not any(e.covers(m) for e in load_allowlist() for m in messages)
