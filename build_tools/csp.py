"""A content security policy for every built page, as ``<meta http-equiv>``.

Called by ``on_post_build`` in ``build_tools/hooks.py`` as the very last step, so that it sees
every page in its final form (search index, runtime, offline files already written).

The policy allows the site's own origin only::

    default-src 'self'; script-src 'self' 'sha256-…' … 'wasm-unsafe-eval'; style-src 'self';
    img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:;
    manifest-src 'self'; base-uri 'self'; form-action 'self'; object-src 'none'

- ``script-src``: the site's files plus the SHA-256 hash of every inline script that Material
  emits (the ``__md_scope`` helpers, the palette and tab restorers). A ``<script>`` whose
  ``type`` is not a JavaScript type (``application/json`` configuration) is a data block: it
  never runs and needs no hash. Never ``'unsafe-inline'``.
- ``'wasm-unsafe-eval'``: Pyodide compiles WebAssembly. It runs in a dedicated worker, which
  takes its policy from the worker script's own response headers (the document's meta policy
  does not reach it in Chromium and Firefox); the document keeps the keyword as well so that
  the calculator also works where a worker inherits its creator's policy. Compiling
  WebAssembly still needs a script allowed by the rest of ``script-src`` to ask for it.
- ``style-src 'self'``: the pages hold no ``<style>`` element and no ``style`` attribute;
  scripts set styles through the CSSOM (``element.style``), which a policy does not restrict.
- One policy for the whole site, the same text on every page: Material's instant navigation
  appends a new page's head elements that differ from the current ones, and every appended
  ``<meta http-equiv="Content-Security-Policy">`` adds a policy that is enforced on top of
  the others. Identical policies keep a visitor's session at exactly this one policy, so the
  hash list is the union over all pages (the ``__md_scope`` helper differs with page depth,
  and the tab restorer in the page content is run again after every instant navigation).

A meta policy cannot carry ``frame-ancestors``, ``report-uri`` or ``sandbox``; a host should
also send :func:`header_policy` as a ``Content-Security-Policy`` response header (README,
"Publishing"): it adds ``frame-ancestors`` and also covers the calculator's worker.

Run ``python -m build_tools.csp site/`` to print the header for a built site.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

SELF = "'self'"
WASM = "'wasm-unsafe-eval'"

POLICY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", (SELF,)),
    ("script-src", (SELF,)),          # + inline-script hashes + 'wasm-unsafe-eval'
    ("style-src", (SELF,)),
    ("img-src", (SELF, "data:")),
    ("font-src", (SELF,)),
    ("connect-src", (SELF,)),
    ("worker-src", (SELF, "blob:")),
    ("manifest-src", (SELF,)),
    ("base-uri", (SELF,)),
    ("form-action", (SELF,)),
    ("object-src", ("'none'",)),
)
"""The directives of every page, in order; ``script-src`` is completed per site."""

HEADER_ONLY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("frame-ancestors", (SELF,)),
)
"""Directives a ``<meta>`` policy cannot carry (the browser ignores them there)."""

# The HTML standard's JavaScript MIME type essences, plus the other script types that run
# or are parsed as script ("module", import maps, speculation rules) and so are checked
# against script-src. Anything else is a data block.
_EXECUTABLE_TYPES = frozenset({
    "", "module", "importmap", "speculationrules",
    "application/ecmascript", "application/javascript", "application/x-ecmascript",
    "application/x-javascript", "text/ecmascript", "text/javascript", "text/javascript1.0",
    "text/javascript1.1", "text/javascript1.2", "text/javascript1.3", "text/javascript1.4",
    "text/javascript1.5", "text/jscript", "text/livescript", "text/x-ecmascript",
    "text/x-javascript",
})
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href"})
_META_CHARSET = re.compile(r"<meta\s+charset=[\"']?[\w-]+[\"']?\s*/?>", re.I)
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.I)
_EXISTING = re.compile(
    r"[ \t]*<meta\s+http-equiv=[\"']?content-security-policy[\"']?\s+content=\"[^\"]*\"\s*/?>\n?",
    re.I,
)


class PolicyError(RuntimeError):
    """A page holds something the policy would block; the message names page and element."""


def script_hash(source: str) -> str:
    """The CSP source expression for an inline script's text (as the browser hashes it)."""
    normalized = source.replace("\r\n", "\n").replace("\r", "\n")  # HTML input preprocessing
    digest = hashlib.sha256(normalized.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def is_executable(script_type: str | None) -> bool:
    """Whether a ``<script type=…>`` runs (or is parsed as script), i.e. is subject to CSP."""
    return (script_type or "").strip().lower() in _EXECUTABLE_TYPES


@dataclass
class PageScan:
    """What one HTML file holds that matters to the policy."""

    inline_scripts: list[str] = field(default_factory=list)   # texts of executable inline scripts
    data_blocks: int = 0                                       # inline scripts that never run
    problems: list[str] = field(default_factory=list)          # what the policy would block


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = PageScan()
        self._script: tuple[bool, list[str]] | None = None   # (inline and executable, text)

    def _element(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            name = name.lower()
            if name.startswith("on") and len(name) > 2:
                self.scan.problems.append(f"<{tag} {name}=…>: inline event handler")
            elif name == "style":
                self.scan.problems.append(f"<{tag} style=\"{(value or '')[:40]}\">: inline style")
            elif name in _URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.scan.problems.append(f"<{tag} {name}=\"{(value or '')[:40]}\">: javascript: URL")
        if tag == "style":
            self.scan.problems.append("<style> element")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)
        if tag == "script":
            values = dict(attrs)
            inline = "src" not in values
            if inline and not is_executable(values.get("type")):
                self.scan.data_blocks += 1
                inline = False
            self._script = (inline, [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            inline, parts = self._script
            if inline:
                self.scan.inline_scripts.append("".join(parts))
            self._script = None


def scan_page(html: str) -> PageScan:
    """Inline scripts and policy problems of one page."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.scan


def policy_text(hashes: Iterable[str], *, header: bool = False) -> str:
    """The policy with the given script hashes (sorted); ``header`` adds header-only directives."""
    directives = [*POLICY, *HEADER_ONLY] if header else list(POLICY)
    parts = []
    for name, sources in directives:
        if name == "script-src":
            sources = (*sources, *sorted(set(hashes)), WASM)
        parts.append(" ".join((name, *sources)))
    return "; ".join(parts)


def meta_element(policy: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


def insert_meta(html: str, policy: str) -> str:
    """The page with its policy right after ``<meta charset>``, before anything it governs.

    An existing policy element (of an earlier run) is replaced.
    """
    html = _EXISTING.sub("", html)
    element = meta_element(policy)
    anchor = _META_CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        raise PolicyError("the page has no <head> to hold the policy")
    indent = ""
    line_start = html.rfind("\n", 0, anchor.start()) + 1
    if html[line_start:anchor.start()].strip() == "":
        indent = html[line_start:anchor.start()]
    if anchor.re is _HEAD:
        indent += "  "
    return f"{html[:anchor.end()]}\n{indent}{element}{html[anchor.end():]}"


@dataclass(frozen=True)
class SitePolicy:
    policy: str
    pages: int
    hashes: tuple[str, ...]
    data_blocks: int


def html_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


def site_hashes(files: Sequence[Path], site_dir: Path) -> tuple[set[str], int]:
    """The hashes of every inline script in ``files``; raises on anything the policy blocks."""
    hashes: set[str] = set()
    data_blocks = 0
    problems: list[str] = []
    for path in files:
        scan = scan_page(path.read_text(encoding="utf-8"))
        hashes.update(script_hash(text) for text in scan.inline_scripts)
        data_blocks += scan.data_blocks
        relative = path.relative_to(site_dir).as_posix()
        problems.extend(f"{relative}: {problem}" for problem in scan.problems)
    if problems:
        shown = "\n  ".join(problems[:20])
        raise PolicyError(
            "The content security policy would block these (move styles to "
            f"docs/stylesheets/extra.css and scripts to files under docs/assets/js):\n  {shown}"
            + (f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else "")
        )
    return hashes, data_blocks


def apply_policy(site_dir: Path) -> SitePolicy:
    """Write the site's policy into every HTML page of ``site_dir``."""
    files = html_pages(site_dir)
    hashes, data_blocks = site_hashes(files, site_dir)
    policy = policy_text(hashes)
    for path in files:
        html = path.read_text(encoding="utf-8")
        updated = insert_meta(html, policy)
        if updated != html:
            path.write_text(updated, encoding="utf-8")
    return SitePolicy(policy=policy, pages=len(files), hashes=tuple(sorted(hashes)),
                      data_blocks=data_blocks)


def header_policy(site_dir: Path) -> str:
    """The ``Content-Security-Policy`` header a host should send for every file of the site."""
    hashes, _ = site_hashes(html_pages(site_dir), site_dir)
    return policy_text(hashes, header=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or not Path(args[0]).is_dir():
        print("usage: python -m build_tools.csp SITE_DIR   (prints the header policy)",
              file=sys.stderr)
        return 2
    print(header_policy(Path(args[0])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
