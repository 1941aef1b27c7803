"""The calculator page starts the theme's bundle after its first answer (theme-later.js).

The bundle's start-up work would share the cores with the calculator's Python start. On the
calculator page it waits for the first answer, or for the reader to touch anything outside the
calculator; the theme then works as on every other page, instant navigation included, and the
site's own scripts still hear of every page instant navigation shows.
"""

from __future__ import annotations

import re
import threading

import pytest
from conftest import PageWatch

pytestmark = pytest.mark.browser

ROOT = "[data-stc-calculator]"
READY = f'{ROOT}[data-state="ready"]'
BOOT_LIMIT_MS = 60_000
LOADED = "() => window.__stcThemeLater && window.__stcThemeLater.loaded === true"


def bundle_requests(watch: PageWatch) -> list[str]:
    return [url for url in watch.requests if re.search(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$", url)]


def open_held(watch: PageWatch, fragment: str = "") -> threading.Event:
    """Open the calculator with calc.zip held back (Python cannot start); the gate that frees it."""
    gate: threading.Event = watch.server.faults.hold("/assets/calc/")
    watch.page.goto(watch.server.url + "calculator/" + fragment)
    watch.page.wait_for_load_state("load")
    return gate


def test_the_theme_waits_for_the_first_answer(phone: PageWatch) -> None:
    gate = open_held(phone, "#pattern=rice-grain")
    page = phone.page
    page.wait_for_timeout(500)
    assert page.get_attribute(ROOT, "data-state") == "loading"
    assert page.evaluate("window.__stcThemeLater.requested") is False
    assert page.evaluate("typeof window.component$") == "undefined"
    assert bundle_requests(phone) == []
    gate.set()
    page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
    page.wait_for_function(LOADED, timeout=15_000)
    assert page.evaluate("typeof window.component$") == "object"
    assert page.evaluate("typeof window.document$.pipe") == "function", "the theme's own document$"
    # calculator.js, sw-register.js and stc-a11y.js subscribed to the stand-in at DOMContentLoaded.
    assert page.evaluate("window.__stcThemeLater.handedOver") >= 3
    assert len(bundle_requests(phone)) == 1
    phone.assert_clean()


def test_touching_the_header_during_the_start_loads_the_theme(phone: PageWatch) -> None:
    gate = open_held(phone)
    page = phone.page
    page.click(".md-header label[for=__drawer]")   # the menu opens by CSS, the theme follows
    page.wait_for_function(LOADED, timeout=15_000)
    assert page.is_checked("#__drawer")
    assert page.get_attribute(ROOT, "data-state") == "loading", "the calculator was not held"
    gate.set()
    page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
    phone.assert_clean()


def test_typing_in_the_calculator_does_not_load_the_theme(phone: PageWatch) -> None:
    gate = open_held(phone)
    page = phone.page
    page.click("#stc-calcium")
    page.keyboard.type("10.5")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__stcThemeLater.requested") is False
    gate.set()
    page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
    page.wait_for_function(LOADED, timeout=15_000)
    phone.assert_clean()


def test_instant_navigation_away_and_back_keeps_the_calculator(phone: PageWatch) -> None:
    page = phone.page
    page.goto(phone.server.url + "calculator/#pattern=rice-grain")
    page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
    page.wait_for_function(LOADED, timeout=15_000)
    page.evaluate("window.__sameDocument = true")   # survives only instant navigation
    page.click(".md-header label[for=__drawer]")
    page.locator(".md-nav--primary a.md-nav__link[href$='glossary/']").first.click()
    page.wait_for_url(re.compile(r"/glossary/$"))
    page.wait_for_selector("h1")
    assert page.evaluate("window.__sameDocument") is True, "instant navigation reloaded the page"
    page.go_back()
    page.wait_for_url(re.compile(r"/calculator/"))
    page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
    assert page.evaluate("window.__sameDocument") is True
    # calculator.js's subscription, handed over to the theme, attached the swapped-in form.
    assert page.evaluate("window.__stcCalc.generation") == 1   # booted once
    page.wait_for_function("() => document.querySelector('#stc-pattern-rice-grain').checked")
    phone.assert_clean()


def test_other_pages_load_the_bundle_as_usual(phone: PageWatch) -> None:
    page = phone.page
    page.goto(phone.server.url + "glossary/")
    page.wait_for_function("() => typeof window.component$ === 'object'")
    assert page.evaluate("window.__stcThemeLater === undefined")
    phone.assert_clean()


def test_a_theme_bundle_that_cannot_load_leaves_the_calculator_working(phone: PageWatch) -> None:
    phone.server.faults.missing.add("/assets/javascripts/bundle.")
    page = phone.page
    page.goto(phone.server.url + "calculator/#pattern=rice-grain")
    page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
    page.wait_for_function("() => window.__stcThemeLater.failed === true", timeout=15_000)
    page.wait_for_function(
        "() => (document.querySelector('[data-entity]') || {textContent: ''}).textContent.length > 0")
    page.click(".md-header label[for=__drawer]")   # the menu still opens (CSS)
    assert page.is_checked("#__drawer")
    assert page.evaluate("window.__stcThemeLater.loaded") is False
    assert phone.page_errors == []
    assert all("404" in error for error in phone.console_errors), phone.console_errors
