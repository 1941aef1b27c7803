"""The calculator page builds the theme's search index after its first answer (search-later.js).

The index's download and the search worker's build would share the cores and the connection
with the calculator's Python start. On the calculator page they wait until its first answer, or
until the reader goes to search; then search works as on every other page.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import PageWatch

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


def test_the_index_waits_for_the_first_answer_then_search_works(phone: PageWatch) -> None:
    gate = phone.server.faults.hold("/assets/calc/")   # calc.zip: the start waits for the test
    page = phone.page
    page.goto(phone.server.url + "calculator/#pattern=rice-grain")
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.__stcSearchLater && window.document$")
    page.wait_for_timeout(500)   # the theme asks for its index right after its start
    assert page.get_attribute(ROOT, "data-state") == "loading"
    assert index_requests(phone) == [], "the index was downloaded during the calculator's start"
    assert page.evaluate("window.__stcSearchLater.released") is False
    gate.set()
    page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
    page.wait_for_function("() => window.__stcSearchLater.released === true")
    assert search(page, "pseudogout").endswith("/entities/cppd/")
    assert len(index_requests(phone)) == 1
    phone.assert_clean()


def test_going_to_search_during_the_start_lets_the_index_through(phone: PageWatch) -> None:
    gate = phone.server.faults.hold("/assets/calc/")
    page = phone.page
    page.goto(phone.server.url + "calculator/")
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.__stcSearchLater && window.document$")
    assert search(page, "pseudogout").endswith("/entities/cppd/")
    assert page.get_attribute(ROOT, "data-state") == "loading", "the calculator was not held"
    gate.set()
    page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
    phone.assert_clean()


def test_other_pages_load_their_index_as_usual(phone: PageWatch) -> None:
    page = phone.page
    page.goto(phone.server.url + "glossary/")
    page.wait_for_function("() => window.document$")
    assert page.evaluate("window.__stcSearchLater === undefined")
    assert search(page, "pseudogout").endswith("/entities/cppd/")
    phone.assert_clean()
