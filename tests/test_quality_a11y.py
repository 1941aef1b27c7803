"""Accessibility gate: axe-core on every built page, WCAG 2.1 A and AA, zero violations.

Every HTML page of the built site is checked in Debian Chromium in four variants (light and
dark colour scheme, 360 px phone width and 1280 px desktop width), one browser context per
variant, page after page. The palette follows the system (mkdocs.yml's first palette entry
is "(prefers-color-scheme)"), so the context's emulated colour scheme picks it; each variant
asserts that the page really shows the scheme it claims. The same variants also check:

- the search dialog open with results;
- the calculator while it loads (the page holds back calc.zip), with results shown
  (findings, labs, an invalid value with its message, every "why" box opened), and after a
  failed start (the runtime missing).

Rules are never switched off: where the theme fell short, it is fixed with its own override
mechanisms (``overrides/partials/*.html``, ``overrides/assets/javascripts/stc-a11y.js`` and the
last section of ``docs/stylesheets/extra.css``). axe-core comes from ``node_modules`` (pinned in
package-lock.json) and is injected with ``add_script_tag``; the contexts bypass the pages'
content security policy for that (the policy itself is tested in test_quality_csp.py) and
block the service worker (its cache would answer for files the server is told to withhold).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from conftest import IN_CI, REPO_ROOT, SiteServer

pytestmark = pytest.mark.browser

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCHEMES = {"light": "default", "dark": "slate"}
WIDTHS = {"phone": 360, "desktop": 1280}
VARIANTS = [(scheme, width) for scheme in SCHEMES for width in WIDTHS]
CALCULATOR = "[data-stc-calculator]"
BOOT_LIMIT_MS = 60_000
CALC_ZIP = "**/assets/calc/*/calc.zip"
RESULTS_FRAGMENT = "#" + "&".join([
    "text=" + quote("rice-grain calcifications in the thigh muscles of a patient from an "
                    "endemic area, no trauma"),
    "calcium=10.5", "phosphate=8.0", "albumin=abc", "age=45",
])
"""Chips, a ranked list with "Show more", the Ca × P scale, and one invalid value."""

_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' ')),
  }));
}"""


def _require_axe() -> Path:
    if not AXE.is_file():
        message = f"{AXE} is missing (run `npm ci`)"
        if IN_CI:
            pytest.fail(f"{message} (CI=true: the accessibility gate must run)", pytrace=False)
        pytest.skip(message)
    return AXE


def site_pages(site: Path) -> list[str]:
    """Every built HTML page as a URL path under the site root ("", "entities/gout/", "404.html")."""
    urls = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        urls.append(relative.removesuffix("index.html"))
    return urls


def run_axe(page: Any, where: str) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, one line per node."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(_RUN_AXE, WCAG_TAGS)
    return [f"{where}: {v['id']} ({v['impact']}: {v['help']}) at {node}"
            for v in found for node in v["nodes"]]


def _check_scheme(page: Any, scheme: str, where: str) -> None:
    shown = page.get_attribute("body", "data-md-color-scheme")
    assert shown == SCHEMES[scheme], f"{where}: expected the {scheme} scheme, the page shows {shown}"


@dataclass
class Variant:
    page: Any
    scheme: str   # "light" | "dark"
    width: str    # "phone" | "desktop"


@pytest.fixture(params=VARIANTS, ids=[f"{s}-{w}" for s, w in VARIANTS])
def variant(request: pytest.FixtureRequest, chromium: Any, site_server: SiteServer) -> Iterator[Variant]:
    """One browser context per variant (scheme, width) and a page in it."""
    _require_axe()
    scheme, width = request.param
    context = chromium.new_context(
        viewport={"width": WIDTHS[width], "height": 800}, color_scheme=scheme, bypass_csp=True,
        service_workers="block")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        yield Variant(page, scheme, width)
    finally:
        context.close()
        site_server.faults.reset()


def test_axe_core_is_the_pinned_version() -> None:
    source = _require_axe().read_text(encoding="utf-8")[:400]
    assert f"axe v{AXE_VERSION}" in source, source[:200]


def test_every_page_has_no_wcag_violation(variant: Variant, site_server: SiteServer) -> None:
    page, scheme, width = variant.page, variant.scheme, variant.width
    pages = site_pages(site_server.root)
    assert len(pages) >= 40, pages
    started = time.monotonic()
    violations: list[str] = []
    for url in pages:
        page.goto(site_server.url + url)
        _check_scheme(page, scheme, url or "home")
        violations += run_axe(page, url or "home")

    # The search dialog, open, with results.
    page.goto(site_server.url)
    page.keyboard.press("/")
    page.locator(".md-search__input").press_sequentially("calcific", delay=20)
    page.wait_for_selector(".md-search-result__item")
    violations += run_axe(page, "search dialog with results")
    print(f"\naxe, {scheme} {width}: {len(pages)} pages + search in {time.monotonic() - started:.1f} s")
    assert violations == [], "\n".join(violations)


def test_calculator_has_no_wcag_violation_in_any_state(variant: Variant, site_server: SiteServer) -> None:
    page, scheme, width = variant.page, variant.scheme, variant.width
    started = time.monotonic()
    violations: list[str] = []

    # Loading: the worker's request for calc.zip is held back (never answered); closing
    # the page then drops it, so the server never sees it. The whole form is there already.
    held: list[Any] = []
    page.route(CALC_ZIP, lambda route: held.append(route))
    page.goto(site_server.url + "calculator/")
    page.wait_for_selector(f'{CALCULATOR}[data-state="loading"] [data-stc="status"]:not([hidden])')
    _check_scheme(page, scheme, "calculator")
    page.wait_for_selector(f'{CALCULATOR} [data-category="pattern"] input', state="attached")
    deadline = time.monotonic() + 15
    while not held and time.monotonic() < deadline:   # the worker starts once the page settles
        page.wait_for_timeout(100)
    assert held, "the worker did not ask for calc.zip"
    violations += run_axe(page, "calculator, loading")
    assert page.get_attribute(CALCULATOR, "data-state") == "loading"
    context = page.context
    page.close()
    page = context.new_page()
    page.set_default_timeout(20_000)

    # Ready, with results.
    page.goto(site_server.url + "calculator/" + RESULTS_FRAGMENT)
    page.wait_for_selector(f'{CALCULATOR}[data-state="ready"]', timeout=BOOT_LIMIT_MS)
    page.wait_for_selector("[data-entity]")
    page.wait_for_selector('[data-stc-msg="albumin"] .stc-msg')
    page.evaluate(f"document.querySelectorAll('{CALCULATOR} details').forEach(d => {{ d.open = true; }})")
    assert page.locator(".stc-chip").count() > 0
    assert page.get_attribute("#stc-albumin", "aria-invalid") == "true"
    violations += run_axe(page, "calculator, results")

    # A start that failed: the runtime files are missing.
    page.goto("about:blank")
    site_server.faults.missing.add("/assets/pyodide/")
    page.goto(site_server.url + "calculator/")
    page.wait_for_selector(f'{CALCULATOR}[data-state="error"] [data-stc="retry"]:not([hidden])',
                           timeout=BOOT_LIMIT_MS)
    violations += run_axe(page, "calculator, failed start")
    print(f"\naxe, calculator, {scheme} {width}: 3 states in {time.monotonic() - started:.1f} s")
    assert violations == [], "\n".join(violations)


# ------------------------------------------------------------------ the theme overrides

_THEME = Path(__import__("material").__file__).parent / "templates"
_OVERRIDES = REPO_ROOT / "overrides"
_ADDED = {
    "partials/search.html": (
        '<div class="md-search" data-md-component="search" role="dialog">',
        '<div class="md-search" data-md-component="search" role="dialog" '
        "aria-label=\"{{ lang.t('search') }}\">",
    ),
    "partials/progress.html": (
        '<div class="md-progress" data-md-component="progress" role="progressbar">',
        '<div class="md-progress" data-md-component="progress" role="progressbar" '
        'aria-label="{{ stc_t.loading_page }}">',
    ),
}


@pytest.mark.parametrize("partial", sorted(_ADDED))
def test_overridden_partials_differ_from_the_theme_only_by_the_fix(partial: str) -> None:
    """A copied partial must follow the installed theme: after an upgrade, copy it again."""
    def body(text: str) -> str:
        return re.sub(r"^\{#-.*?-#\}\n", "", text, flags=re.S)

    theme = body((_THEME / partial).read_text(encoding="utf-8"))
    ours = body((_OVERRIDES / partial).read_text(encoding="utf-8"))
    old, new = _ADDED[partial]
    assert old in theme, f"the theme's {partial} changed: review the override"
    assert ours == theme.replace(old, new), f"overrides/{partial} drifted from the theme's copy"

