"""The page's language travels to Python (issue 15): with ``<html lang="pt-BR">`` the answers
come back in Portuguese. The Portuguese page itself is built by the pt/ site; this test sets
the attribute on the English page, which is exactly what the scripts read on each request."""

from __future__ import annotations

import pytest
from conftest import PageWatch
from test_browser_calculator import BOOT_LIMIT_MS, READY, ROOT, open_calculator, wait_first_entity

pytestmark = pytest.mark.browser


def test_requests_carry_the_page_language(phone: PageWatch) -> None:
    page = phone.page
    open_calculator(phone)
    page.evaluate("() => { document.documentElement.lang = 'pt-BR'; }")
    page.fill("#stc-text", "calcificações em grão de arroz nos músculos da coxa")
    page.fill("#stc-calcium", "10,5")
    page.fill("#stc-phosphate", "8")
    wait_first_entity(page, "cysticercosis")
    page.wait_for_function(
        "() => { const s = document.querySelector('.stc-summary__best');"
        " return s && s.textContent.startsWith('Melhor ajuste: Cisticercose'); }", timeout=10_000)
    band = page.inner_text(f"{ROOT} .stc-band")
    assert "84,0" in page.inner_text(ROOT) and "ensaio" in band
    assert "lang" not in page.evaluate("() => location.hash")
    assert page.get_attribute(ROOT, "data-state") == READY.split('"')[1]
    phone.assert_clean()


def test_the_portuguese_page_writes_the_band_as_a_sentence(phone: PageWatch) -> None:
    """On pt/calculator/ the page's own words are Portuguese too: the band reads "O produto está
    ..." for an adult and for a child (it once read "Isto está criança: ...")."""
    page = phone.page
    page.goto(phone.server.url + "pt/calculator/")
    page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
    page.fill("#stc-calcium", "10,5")
    page.fill("#stc-phosphate", "8")
    page.wait_for_function("() => (document.querySelector('.stc-band') || {}).textContent", timeout=10_000)
    band = page.inner_text(f"{ROOT} .stc-band")
    assert band.startswith("O produto está acima da faixa de 60–70 do ensaio"), band
    page.fill("#stc-age", "5")
    page.wait_for_function(
        "() => ((document.querySelector('.stc-band') || {}).textContent || '').includes('pediátrica')",
        timeout=10_000)
    band = page.inner_text(f"{ROOT} .stc-band")
    assert band.startswith("O produto está acima da meta pediátrica do KDOQI 2005"), band
    assert "criança:" not in band
    phone.assert_clean()


def _failure(phone: PageWatch, path: str) -> str:
    page = phone.page
    page.goto(phone.server.url + path)
    page.wait_for_selector(f'{ROOT}[data-state="error"]', timeout=BOOT_LIMIT_MS)
    return page.inner_text("[data-stc=status]")


def test_a_start_that_fails_is_told_in_the_pages_language(phone: PageWatch) -> None:
    """The start-up and failure sentences come from calc/text_start.py through the page, not from
    the scripts: calc.zip that cannot be downloaded is named in Portuguese on pt/calculator/ (the
    worker's own sentence, with the words the page sent it) and in English on calculator/."""
    phone.server.faults.missing.add("/assets/calc/")
    pt = _failure(phone, "pt/calculator/")
    assert "A calculadora não foi carregada." in pt, pt
    assert "A calculadora não conseguiu baixar calc.zip (HTTP 404)" in pt, pt
    assert "Use “Tentar de novo”" in pt and "calculator" not in pt, pt
    en = _failure(phone, "calculator/")
    assert "The calculator failed to load." in en, en
    assert "The calculator could not download calc.zip (HTTP 404)" in en, en


def test_a_worker_that_cannot_load_and_a_slow_start_are_told_in_portuguese(phone: PageWatch) -> None:
    """The page's own failure sentences (calc-client.js) on pt/calculator/: the worker script
    missing, then a start that stalls (its title; the detail is calc.webview's "slow" words)."""
    phone.server.faults.missing.add("/assets/js/calc-worker.js")
    text = _failure(phone, "pt/calculator/")
    assert "A calculadora não foi carregada." in text, text
    assert "O processo de fundo da calculadora falhou ou não pôde ser baixado" in text, text
    phone.server.faults.missing.clear()
    phone.server.faults.slow["/assets/calc/"] = 6.0
    page = phone.page
    page.add_init_script("window.__stcCalcBootTimeoutMs = 1000")
    page.goto(phone.server.url + "pt/calculator/")
    # Waited for as text: bytes still arriving (a busy machine) withdraw the note until a silence.
    page.wait_for_function(
        "() => (document.querySelector('[data-stc=status-title]') || {}).textContent"
        " === 'A calculadora está demorando mais que o normal para iniciar.'", timeout=BOOT_LIMIT_MS)
    page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
