"""The calculator page starts the theme's scripts after its first answer (theme-later.js).

The theme's start-up, its search index download and its search worker's build would share the
cores and the connection with the calculator's Python start. On the calculator page they wait
until its first answer, or until the reader goes to the header or search; then the theme, and
search, work as on every other page.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import PageWatch, SiteServer, open_page

pytestmark = pytest.mark.browser

ROOT = "[data-stc-calculator]"
READY = f'{ROOT}[data-state="ready"]'
BOOT_LIMIT_MS = 60_000
RESULT = ".md-search-result__item > a"


def index_requests(watch: PageWatch) -> list[str]:
    return [url for url in watch.requests if url.endswith("/search/search_index.json")]


def search(page: Any, query: str) -> str:
    """Search from the header, as a reader on a phone does; the first result's address."""
    page.click('label[for="__search"]')
    page.fill(".md-search__input", query)
    page.press(".md-search__input", "End")   # the theme searches on key presses (fill sends none)
    first = page.locator(RESULT).first
    first.wait_for(timeout=20_000)
    return (first.get_attribute("href") or "").split("?")[0]


def bundle_requests(watch: PageWatch) -> list[str]:
    return [url for url in watch.requests if re.search(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$", url)]


def test_the_theme_waits_for_the_first_answer_then_works(phone: PageWatch) -> None:
    gate = phone.server.faults.hold("/assets/calc/")   # calc.zip: the start waits for the test
    page = phone.page
    page.goto(phone.server.url + "calculator/#pattern=rice-grain")
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.__stcThemeLater")
    page.wait_for_timeout(500)
    assert page.get_attribute(ROOT, "data-state") == "loading"
    assert bundle_requests(phone) == [], "the theme's bundle was loaded during the calculator's start"
    assert index_requests(phone) == [], "the index was downloaded during the calculator's start"
    assert page.evaluate("window.__stcThemeLater.released") is False
    assert page.evaluate("window.document$.stcStandIn === true"), "the theme started during the hold"
    # Meanwhile the page is styled as with its theme started, and its menu (plain CSS) opens.
    assert page.evaluate("document.documentElement.classList.contains('js')")
    gate.set()
    page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
    page.wait_for_function("() => window.__stcThemeLater.loaded === true && window.document$")
    assert search(page, "pseudogout").endswith("/entities/cppd/")
    assert len(index_requests(phone)) == 1
    assert len(bundle_requests(phone)) == 1
    # The theme started: its palette switch works (it sets the colour scheme it shows).
    assert page.evaluate("!!document.querySelector('[data-md-component=palette]')")
    phone.assert_clean()


def test_going_to_search_during_the_start_starts_the_theme(phone: PageWatch) -> None:
    gate = phone.server.faults.hold("/assets/calc/")
    page = phone.page
    page.goto(phone.server.url + "calculator/")
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.__stcThemeLater && !window.__stcThemeLater.released")
    assert search(page, "pseudogout").endswith("/entities/cppd/")
    assert page.get_attribute(ROOT, "data-state") == "loading", "the calculator was not held"
    gate.set()
    page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
    phone.assert_clean()


def test_other_pages_load_their_index_as_usual(phone: PageWatch) -> None:
    page = phone.page
    page.goto(phone.server.url + "glossary/")
    page.wait_for_function("() => window.document$")
    assert page.evaluate("window.__stcThemeLater === undefined")
    assert search(page, "pseudogout").endswith("/entities/cppd/")
    phone.assert_clean()


@pytest.mark.parametrize("scheme, shown", [("dark", "slate"), ("light", "default")])
def test_the_colour_scheme_is_the_themes_from_the_start(chromium: Any, site_server: SiteServer,
                                                         scheme: str, shown: str) -> None:
    """While the theme waits, the page already shows the scheme the theme will choose (the
    system's, for a reader who chose none) and one palette button; nothing changes when it starts."""
    context, watch = open_page(chromium, site_server, color_scheme=scheme)
    try:
        gate = site_server.faults.hold("/assets/calc/")
        page = watch.page
        page.goto(site_server.url + "calculator/")
        page.wait_for_function("() => window.__stcThemeLater && !window.__stcThemeLater.released")
        held = page.evaluate(PALETTE)
        assert held["scheme"] == shown
        assert held["buttons"] == 1
        gate.set()
        page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
        page.wait_for_function("() => window.__stcThemeLater.loaded === true && window.document$")
        page.wait_for_timeout(300)   # the theme's palette start
        assert page.evaluate(PALETTE) == held
        watch.assert_clean()
    finally:
        context.close()
        site_server.faults.reset()


PALETTE = """(() => ({
  scheme: document.body.getAttribute('data-md-color-scheme'),
  primary: document.body.getAttribute('data-md-color-primary'),
  accent: document.body.getAttribute('data-md-color-accent'),
  buttons: Array.from(document.querySelectorAll('input[name=__palette] + label')).filter((l) => !l.hidden).length,
  shownButton: (Array.from(document.querySelectorAll('input[name=__palette] + label')).find((l) => !l.hidden) || {}).htmlFor,
}))()"""
