"""What the calculator page carries from the build, so that it need not wait for Python.

- The form: its labels, choices, units and notice, exactly as ``calc.web.handle`` answers
  ``{"action": "form"}``, as JSON in the ``data-form`` attribute of an empty, hidden element
  inside the calculator (``FORM_MARKER`` in docs/calculator.md), so that instant navigation
  brings it along with the page content. The page (calc-form.js) draws the whole form from it at once,
  while the worker is still starting, and does not ask the worker for it. Not a
  ``<script type="application/json">``: Material re-inserts the scripts of the content it
  swaps in without their ``type``, which would run the JSON as a script.
- A copy of ``runtime.json`` in the page's ``<head>`` (``RUNTIME_HOLDER_ID``, written by
  overrides/main.html and filled after the runtime is placed), as a JSON data block (it never
  runs, so the content security policy needs no hash for it; ``<`` ``>`` ``&`` are escaped so
  that nothing in it can end the element): calc-early.js hands it to the worker it starts,
  which then skips downloading runtime.json before it can begin.
- calc-early.js itself, written into the page in place of its ``<script src>``
  (:func:`inline_early_start`), so that the worker starts without waiting for that request.
- The theme's bundle, not as a ``<script src>`` but as theme-later.js's ``data-stc-bundle``
  (:func:`hold_theme_bundle`): it loads the bundle after the first answer.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from html import escape as html_escape
from pathlib import Path
from typing import Any

from markupsafe import Markup

FORM_MARKER = "<!-- calculator-form -->"
FORM_HOLDER_ID = "stc-calc-form"
RUNTIME_HOLDER_ID = "stc-calc-runtime"
CALCULATOR_PAGE = Path("calculator", "index.html")

_STATUS_TITLE = re.compile(r'(<p class="stc-status__title" data-stc="status-title">)(.*?)(</p>)', re.DOTALL)

WORKER_ATTRIBUTE = "data-stc-worker"
_EARLY_START = re.compile(rf'<script src="[^"]*assets/js/calc-early\.js" ({WORKER_ATTRIBUTE}="[^"]*") async></script>')
EARLY_START_SOURCE = Path("assets", "js", "calc-early.js")

_THEME_BUNDLE = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')
BUNDLE_ATTRIBUTE = "data-stc-bundle"

_RUNTIME_HOLDER = re.compile(
    rf'(<script type="application/json" id="{RUNTIME_HOLDER_ID}">)(.*?)(</script>)', re.DOTALL
)


LANGUAGE_PAGES: dict[str, tuple[str, Path]] = {
    "en": ("calculator.md", CALCULATOR_PAGE),
    "pt-BR": ("pt/calculator.md", Path("pt", "calculator", "index.html")),
}
"""Each language's calculator page: its source (docs/...) and its built file. The Portuguese twin
is written by the pt/ site; whichever twins are built get the form and loading title in their
language (hooks.py asks :func:`page_language` and calls :func:`embed_runtimes`)."""


def page_language(src_uri: str) -> str | None:
    """The language of a calculator page's source, or None for any other page."""
    return next((lang for lang, (source, _) in LANGUAGE_PAGES.items() if source == src_uri), None)


class CalculatorPageError(RuntimeError):
    """The calculator page lacks a place the build fills; the message names it."""


def data_block(element_id: str, value: Any) -> str:
    """``value`` as a JSON data block that no content can break out of."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def form_block(lang: str = "en") -> str:
    """The form's holder, from the engine's own answer (the page never holds a second copy),
    in the page's language (``lang``: "en", or "pt-BR" for the Portuguese twin of the page)."""
    from calc.web import handle

    answer = json.loads(handle(json.dumps({"action": "form", "lang": lang})))
    if not isinstance(answer, dict) or answer.get("ok") is not True:
        raise CalculatorPageError(f"calc.web did not answer the form request: {answer!r}")
    text = json.dumps(answer, ensure_ascii=False, separators=(",", ":"))
    return f'<div id="{FORM_HOLDER_ID}" hidden data-form="{html.escape(text, quote=True)}"></div>'


def embed_runtime(site_dir: Path, runtime: Mapping[str, Any], lang: str = "en",
                  page_path: Path = CALCULATOR_PAGE) -> Path:
    """Fill the calculator page's copy of runtime.json and its loading title (with the download
    size, written by calc.webview in ``lang``); return the page's path. The Portuguese twin is
    filled by a second call: ``embed_runtime(site_dir, runtime, "pt-BR", Path("pt", "calculator",
    "index.html"))``."""
    from calc.webview import starting_words

    page = site_dir / page_path
    try:
        html = page.read_text(encoding="utf-8")
    except OSError as exc:
        raise CalculatorPageError(f"{page_path} was not built: {exc}") from exc
    filled, count = _RUNTIME_HOLDER.subn(
        lambda _: data_block(RUNTIME_HOLDER_ID, dict(runtime)), html, count=1
    )
    if count != 1:
        raise CalculatorPageError(
            f'{page_path} has no <script type="application/json" id="{RUNTIME_HOLDER_ID}">'
            " in its head: overrides/main.html writes it for the page whose front matter says "
            "stc_calculator: true"
        )
    # runtime.json counts what a first visit downloads (build_tools.runtime): the page states it.
    title = html_escape(starting_words(int(runtime.get("firstVisitBytes", 0)), lang)["title"], quote=False)
    filled = _STATUS_TITLE.sub(lambda m: m.group(1) + title + m.group(3), filled, count=1)
    filled = inline_early_start(filled, site_dir, page_path)
    if filled != html:
        page.write_text(filled, encoding="utf-8")
    return page


def inline_early_start(html: str, site_dir: Path, page_path: Path) -> str:
    """The page with calc-early.js's code written in place of its ``<script src>``: on a repeat
    visit every request passes through the service worker, and waiting for this one created the
    worker 40–60 ms after the navigation instead of about 10 ms (issue 14's note, session 7).
    Its leading comment stays in the file; the worker's address, which overrides/main.html
    writes in ``data-stc-worker``, stays on the element. build_tools/csp.py hashes the inline
    copy with the page's other inline scripts."""
    found = _EARLY_START.search(html)
    if found is None and f"<script {WORKER_ATTRIBUTE}=" in html:
        return html   # written in already
    if found is None:
        raise CalculatorPageError(
            f"{page_path} has no <script src=\"…assets/js/calc-early.js\" {WORKER_ATTRIBUTE}=…"
            " async> in its head: "
            "overrides/main.html writes it for the page whose front matter says stc_calculator: true"
        )
    try:
        source = (site_dir / EARLY_START_SOURCE).read_text(encoding="utf-8")
    except OSError as exc:
        raise CalculatorPageError(f"{EARLY_START_SOURCE} was not built: {exc}") from exc
    code = re.sub(r"\A\s*/\*.*?\*/\s*", "", source, count=1, flags=re.DOTALL)
    if "</script" in code.lower() or "<!--" in code:
        raise CalculatorPageError(f"{EARLY_START_SOURCE} holds text that would end or hide an inline <script>")
    inline = f"<script {found.group(1)}>{code.rstrip()}</script>"
    return html[: found.start()] + inline + html[found.end():]


def hold_theme_bundle(scripts: str, loader_href: str) -> Markup:
    """The theme's script block (Material's ``{% block scripts %}``, as overrides/main.html
    renders it for the calculator page) with the bundle's ``<script src>`` replaced by
    theme-later.js (``loader_href``), the bundle's address in ``data-stc-bundle``: the bundle's
    start-up work (some 100 ms of main thread) then waits for the calculator's first answer
    instead of sharing the cores with Python's start (issue 14's note, session 8)."""
    text = str(scripts)
    found = _THEME_BUNDLE.findall(text)
    if len(found) != 1:
        raise CalculatorPageError(
            f"the theme's scripts hold {len(found)} <script src=\"…assets/javascripts/bundle.<hash>.min.js\">"
            " elements, not 1: Material for MkDocs changed how it loads its bundle; look at its"
            " base.html and build_tools/calcpage.py (hold_theme_bundle)"
        )
    held = _THEME_BUNDLE.sub(
        lambda m: f'<script src="{html_escape(loader_href)}" {BUNDLE_ATTRIBUTE}="{m.group(1)}"></script>',
        text,
    )
    return Markup(held)


def embed_runtimes(site_dir: Path, runtime: Mapping[str, Any]) -> list[Path]:
    """:func:`embed_runtime` for the English page and every language twin that was built."""
    return [embed_runtime(site_dir, runtime, lang, built) for lang, (_, built) in LANGUAGE_PAGES.items()
            if lang == "en" or (site_dir / built).is_file()]
