"""The calculator and the site on phones (360, 390 and 412 px wide, touch), issue 13.

Each test drives Debian Chromium on the built site (tests/conftest.py) and checks one thing a
reader with a phone and one thumb needs: nothing typed is lost while the calculator starts,
the answer stays in view, the form folds, units switch at once, share, print and back work.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from conftest import PageWatch, SiteServer, open_page

pytestmark = pytest.mark.browser

ROOT = "[data-stc-calculator]"
READY = f'{ROOT}[data-state="ready"]'
BOOT_LIMIT_MS = 60_000
WIDTHS = (360, 390, 412)


def phone_at(chromium: Any, server: SiteServer, width: int, **options: Any) -> tuple[Any, PageWatch]:
    return open_page(chromium, server, viewport={"width": width, "height": 800},
                     device_scale_factor=2, is_mobile=True, has_touch=True, **options)


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def narrow(request: Any, chromium: Any, site_server: SiteServer) -> Iterator[PageWatch]:
    """A fresh touch page at 360, 390 or 412 px; server faults reset after."""
    context, watch = phone_at(chromium, site_server, request.param)
    try:
        yield watch
    finally:
        context.close()
        site_server.faults.reset()


def test_typing_while_the_start_is_held_back_is_kept(narrow: PageWatch) -> None:
    """Letters typed while Python starts, and while its first answer is applied, all stay."""
    gate = narrow.server.faults.hold("/assets/calc/")   # calc.zip: Python waits for it
    page = narrow.page
    page.goto(narrow.server.url + "calculator/#text=" + quote("calcified") + "&calcium=10")
    # The shared link's text is in the box at once, before Python has started.
    assert page.input_value("#stc-text") == "calcified"
    assert page.get_attribute(ROOT, "data-state") == "loading"
    page.locator("#stc-text").press("End")
    page.keyboard.type(" mass in", delay=20)
    gate.set()   # Python now starts and answers while the typing goes on
    page.keyboard.type(" the thigh muscles, no trauma, endemic area", delay=60)
    page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
    page.keyboard.type(" again", delay=30)
    expected = "calcified mass in the thigh muscles, no trauma, endemic area again"
    assert page.input_value("#stc-text") == expected
    page.wait_for_function("t => decodeURIComponent(location.hash.replace(/\\+/g, ' ')).includes(t)",
                           arg=expected, timeout=10_000)
    assert page.input_value("#stc-calcium") == "10"
    narrow.assert_clean()


RICE_GRAIN = "rice-grain calcifications in the thigh muscles, endemic area"


def open_ready(watch: PageWatch, fragment: str = "") -> Any:
    page = watch.page
    page.goto(watch.server.url + "calculator/" + fragment)
    page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
    return page


def in_view(page: Any, selector: str) -> bool:
    return bool(page.evaluate(
        """s => { const r = document.querySelector(s).getBoundingClientRect();
                  return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight + 1; }""", selector))


def test_summary_bar_in_view_beside_the_text_box(narrow: PageWatch) -> None:
    page = open_ready(narrow, "#text=" + quote(RICE_GRAIN) + "&calcium=10.5&phosphate=8")
    page.wait_for_selector("[data-entity]")
    page.locator("#stc-text").scroll_into_view_if_needed()
    page.focus("#stc-text")
    bar = page.locator("[data-stc=summary]")
    page.wait_for_function("() => { const b = document.querySelector('[data-stc=summary]');"
                           " return b && !b.hidden && b.dataset.summaryEntity; }")
    assert in_view(page, "#stc-text") and in_view(page, "[data-stc=summary]")
    first = page.locator("[data-entity]").first.get_attribute("data-entity")
    assert bar.get_attribute("data-summary-entity") == first == "cysticercosis"
    text = bar.inner_text()
    assert "Cysticercosis" in text and "Ca × P" in text and "4 findings understood" in text
    height = bar.evaluate("b => b.getBoundingClientRect().height")
    assert height <= 80, f"the summary bar is {height} px tall"
    # How well the first entity fits is never the part cut off (its line ends in an ellipsis).
    fit = bar.evaluate("""b => { const f = b.querySelector('.stc-summary__fit');
        const line = f.parentElement.getBoundingClientRect(), box = f.getBoundingClientRect();
        return {text: f.textContent, shown: box.left >= line.left - 0.5 && box.right <= line.right + 0.5}; }""")
    assert fit["text"].endswith(" fit") and fit["shown"], fit
    bar.tap()
    page.wait_for_function("() => Math.abs(document.querySelector('#stc-results').getBoundingClientRect().top) < 120")
    assert "#text=" in page.url   # the tap did not replace the case's address
    narrow.assert_clean()


def test_groups_fold_and_chips_and_ticks_are_one_state(narrow: PageWatch) -> None:
    page = open_ready(narrow, "#text=" + quote(RICE_GRAIN))
    page.wait_for_selector(".stc-chip")
    opened = page.evaluate("() => Object.fromEntries([...document.querySelectorAll('details.stc-group')]"
                           ".map(d => [d.dataset.group, d.open]))")
    assert opened == {"compartment": True, "pattern": True, "site": False, "distribution": False,
                      "clinical": False, "labs": True}
    # The folded Site group shows what the text ticked in it.
    assert page.inner_text('[data-stc-chosen="site"]') == "Thigh"
    assert page.locator('[data-stc-chosen="site"]').is_visible()
    # A chip from the text ticks its box; removing the chip unticks it, putting it back ticks it.
    assert page.is_checked("#stc-compartment-muscle")
    page.locator('.stc-chip[data-key="compartment:muscle"]').tap()
    page.wait_for_function("() => !document.querySelector('#stc-compartment-muscle').checked")
    page.wait_for_function("() => location.hash.includes('removed=compartment:muscle')"
                           " || decodeURIComponent(location.hash).includes('removed=compartment:muscle')")
    page.locator('.stc-chip[data-key="compartment:muscle"]').tap()
    page.wait_for_function("() => document.querySelector('#stc-compartment-muscle').checked")
    # Unticking the box removes the chip; the state sent holds no second copy of it.
    assert "compartment=muscle" not in page.url
    page.click('label[for="stc-compartment-muscle"]')
    page.wait_for_selector('.stc-chip--removed[data-key="compartment:muscle"]')
    assert not page.is_checked("#stc-compartment-muscle")
    narrow.assert_clean()


def test_unit_switch_sets_every_analyte_and_flags_mixed_units(narrow: PageWatch) -> None:
    page = open_ready(narrow)
    page.click('label[for="stc-units-si"]')
    units = page.evaluate("() => ['calcium', 'phosphate', 'albumin'].map(l =>"
                          " document.querySelector(`[data-stc-units=${l}] input:checked`).value)")
    assert units == ["mmol/L", "mmol/L", "g/L"]
    page.fill("#stc-calcium", "2.6")
    page.fill("#stc-phosphate", "1.9")
    page.wait_for_selector('.stc-product[data-first="si"]')
    assert page.inner_text(".stc-product").startswith("Ca × P = 4.94 mmol²/L²")
    page.wait_for_function("() => location.hash.includes('units=si')")
    # Per-analyte override: phosphate back to mg/dL is flagged at the field, in the warning colour.
    page.locator('[data-stc-units="phosphate"] label', has_text="mg/dL").click()
    message = page.locator('[data-stc-msg="phosphate"] .stc-msg--warning')
    message.wait_for(timeout=10_000)
    assert "mixed units" in message.inner_text() and "1.9 mmol/L = 5.9 mg/dL" in message.inner_text()
    assert "stc-input--warning" in (page.get_attribute("#stc-phosphate", "class") or "")
    colours = page.evaluate("""() => {
        const c = s => getComputedStyle(document.querySelector(s));
        return [c('[data-stc-msg=phosphate] .stc-msg--warning').color,
                c('[data-stc-units=calcium] .stc-unit:has(input:checked)').backgroundColor]; }""")
    assert colours[0] != colours[1]
    # A link with units=si alone sets the units of the form.
    page.goto(narrow.server.url + "calculator/#units=si&calcium=2.5&phosphate=1.5")
    page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
    # Only the fragment changed: the page is the same and was ready already, with an SI product
    # on it; wait for the link's own answer to fill the form (it once raced the check below).
    page.wait_for_function("() => document.querySelector('#stc-calcium').value === '2.5'"
                           " && document.querySelector('#stc-phosphate').value === '1.5'")
    page.wait_for_selector('.stc-product[data-first="si"]')
    assert page.is_checked("#stc-units-si")
    narrow.assert_clean()


def test_share_and_copy_include_the_link(chromium: Any, site_server: SiteServer) -> None:
    context, watch = phone_at(chromium, site_server, 390)
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_server.origin)
        page = watch.page
        page.add_init_script("Object.defineProperty(navigator, 'share', {value: undefined, configurable: true})")
        open_ready(watch, "#text=" + quote(RICE_GRAIN))
        page.wait_for_selector("[data-entity]")
        page.click("[data-stc=share]")
        page.wait_for_function("() => document.querySelector('[data-stc=copy-status]').textContent !== ''")
        assert page.evaluate("navigator.clipboard.readText()") == page.url
        page.click("[data-stc=copy]")
        page.wait_for_function("() => document.querySelector('[data-stc=copy-status]').textContent.includes('link')")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert "Cysticercosis" in copied and copied.rstrip().endswith(page.url)
        watch.assert_clean()
    finally:
        context.close()
    # Where the browser has a share sheet, Share hands it the link.
    context, watch = phone_at(chromium, site_server, 360)
    try:
        page = watch.page
        page.add_init_script("window.__shared = []; Object.defineProperty(navigator, 'share',"
                             " {value: d => { window.__shared.push(d); return Promise.resolve(); },"
                             " configurable: true})")
        open_ready(watch, "#text=" + quote(RICE_GRAIN))
        page.click("[data-stc=share]")
        page.wait_for_function("() => window.__shared.length === 1")
        assert page.evaluate("window.__shared[0].url") == page.url
        watch.assert_clean()
    finally:
        context.close()


def test_a_case_prints_on_one_a4_page(narrow: PageWatch) -> None:
    page = open_ready(narrow, "#" + "&".join(["text=" + quote(RICE_GRAIN + ", no trauma"), "age=40",
                                              "calcium=10.5", "phosphate=8", "albumin=3.2"]))
    page.wait_for_selector("[data-entity]")
    page.emulate_media(media="print")
    visible_boxes = page.evaluate("() => [...document.querySelectorAll('input, textarea, button')]"
                                  ".filter(e => e.offsetParent !== null).length")
    assert visible_boxes == 0
    printed = page.evaluate("() => document.querySelector('.md-content').innerText")
    for needed in ("Pattern: Rice-grain", "Cysticercosis", "Ca × P", "Corrected calcium", "Educational use only"):
        assert needed in printed, needed
    assert "127.0.0.1" not in printed
    pdf = page.pdf(format="A4", print_background=True)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages == 1, f"the case prints on {pages} pages"
    narrow.assert_clean()


def test_back_from_an_entity_page_returns_to_the_same_place(narrow: PageWatch) -> None:
    page = open_ready(narrow, "#text=" + quote(RICE_GRAIN) + "&calcium=10&phosphate=4")
    page.wait_for_selector("[data-entity]")
    page.click("#stc-group-clinical")   # open a folded group: it is open again after "back"
    link = page.locator("[data-entity] .stc-cand__name").nth(1)
    link.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -100)")
    y = page.evaluate("scrollY")
    url = page.url
    link.click()
    page.wait_for_url("**/entities/**")
    page.go_back()
    page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
    page.wait_for_selector("[data-entity]")
    # The same cause is on screen again, where the reader left it: nothing is inserted above it
    # meanwhile (the "ready offline" line fills a place the page keeps for it).
    page.wait_for_function(
        """y => {
            const cause = document.querySelectorAll('[data-entity] .stc-cand__name')[1];
            const top = cause && cause.getBoundingClientRect().top;
            return Math.abs(scrollY - y) < 60 && top > 0 && top < innerHeight - 20;
        }""", arg=y, timeout=30_000)
    assert page.url == url
    assert page.evaluate("document.querySelector('details[data-group=clinical]').open")
    narrow.assert_clean()


def test_home_quick_links_stay_on_one_line(narrow: PageWatch) -> None:
    page = narrow.page
    page.goto(narrow.server.url)
    assert page.evaluate("matchMedia('(pointer: coarse)').matches")
    links = page.evaluate("""() => [...document.querySelectorAll('.stc-quick-links li > a:first-child')]
        .map(a => [a.textContent, a.getClientRects().length, a.getBoundingClientRect().height])""")
    assert len(links) >= 8
    for text, lines, height in links:
        assert lines == 1 and height >= 44, (text, lines, height)
    narrow.assert_clean()


def test_every_page_has_its_own_title(built_site: Any) -> None:
    import re
    titles: dict[str, str] = {}
    for path in sorted(built_site.rglob("*.html")):
        if "downloads" in path.parts:
            continue
        found = re.search(r"<title>([^<]*)</title>", path.read_text(encoding="utf-8"))
        if found is None or path.name == "404.html":
            continue
        title = found.group(1)
        assert title not in titles, f"{path} and {titles[title]} are both titled {title!r}"
        titles[title] = str(path)
    assert len(titles) > 40


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_drawings_show_mineral_bright_on_dark(chromium: Any, site_server: SiteServer, scheme: str) -> None:
    def luminance(css: str) -> float:
        import re
        r, g, b = (int(v) for v in re.findall(r"\d+", css)[:3])
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    context, watch = phone_at(chromium, site_server, 360, color_scheme=scheme)
    try:
        page = watch.page
        page.goto(site_server.url + "patterns/")
        img = page.locator(".stc-pattern img, .stc-atlas-drawing img").first
        style = img.evaluate("i => [getComputedStyle(i).filter, getComputedStyle(i).backgroundColor]")
        assert style[0] == "invert(1)" and luminance(style[1]) > 200   # light field, inverted: dark
        open_ready(watch)
        frame, mineral = page.locator(".stc-drawing-frame").first.evaluate(
            "f => [getComputedStyle(f).backgroundColor,"
            " getComputedStyle(f.querySelector('.stc-drawing')).backgroundColor]")
        assert luminance(frame) < 40 and luminance(mineral) > 200
        watch.assert_clean()
    finally:
        context.close()


def test_classification_is_cards_on_a_phone_and_a_table_on_a_wide_screen(
    chromium: Any, site_server: SiteServer
) -> None:
    for width, cards in ((360, True), (1280, False)):
        context, watch = open_page(chromium, site_server, viewport={"width": width, "height": 800},
                                   is_mobile=width < 800, has_touch=width < 800)
        try:
            page = watch.page
            page.goto(site_server.url)
            assert page.locator(".stc-classification-cards").is_visible() is cards
            assert page.locator(".stc-classification table").is_visible() is not cards
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            if cards:
                assert page.locator(".stc-ccard").count() >= 6
            watch.assert_clean()
        finally:
            context.close()


FAKE_RESULT = {
    "ok": True, "findings_given": True, "chips": [], "notes": [], "mineral": None, "disclaimer": "D.",
    "fragment": "text=x", "summary_text": "S", "findings_text": ["Pattern: X"],
    "summary": {"entity": "synovial-sarcoma", "best": "Best fit: Synovial sarcoma", "fit": "Partial fit",
                "product": None, "band": None, "understood": "2 findings understood",
                "text": "Best fit: Synovial sarcoma; Partial fit.", "more": "Results"},
    "must_not_miss": {"title": "Do not miss a tumour", "text": "A growing mass with mineral inside.",
                      "next_step": "Refer for cross-sectional imaging.",
                      "entities": [{"id": "synovial-sarcoma", "label": "Synovial sarcoma",
                                    "page": "entities/synovial-sarcoma/"}],
                      "flags": ["Enlarging or growing mass"]},
    "ddx": {"status": "thin", "message": "Add the pattern or the compartment to rank the causes.",
            "show_bars": False, "discriminators": [],
            "look_for": [{"id": "hyperparathyroidism", "label": "Hyperparathyroidism",
                          "page": "entities/hyperparathyroidism/", "text": "Check calcium."}],
            "candidates": [
                {"id": "synovial-sarcoma", "label": "Synovial sarcoma", "score": 0.5, "fit_word": "partial",
                 "fit_text": "Partial fit", "tie": 1, "page": "entities/synovial-sarcoma/", "for": [], "against": []},
                {"id": "myositis-ossificans", "label": "Myositis ossificans", "score": 0.5, "fit_word": "partial",
                 "fit_text": "Partial fit", "tie": 1, "page": "entities/myositis-ossificans/", "for": [],
                 "against": []},
                {"id": "<b>bad", "label": "<img src=x onerror=alert(1)>", "score": 2}]},
}


def test_new_result_keys_are_drawn_when_present(narrow: PageWatch) -> None:
    """An answer with the keys other branches add (CONTRACT.md), given to the page directly."""
    page = open_ready(narrow)
    page.evaluate("r => { window.__stcCalc.request = () => Promise.resolve(r); }", FAKE_RESULT)
    page.fill("#stc-text", "a growing calcified mass")
    page.wait_for_selector("[data-stc=must-not-miss]:not([hidden])")
    alert = page.inner_text("[data-stc=must-not-miss]")
    assert "Do not miss a tumour" in alert and "Synovial sarcoma" in alert and "Refer for" in alert
    assert page.locator(".stc-ddx .stc-fit__track").count() == 0   # status "thin": no bars
    assert "Add the pattern or the compartment" in page.inner_text("[data-stc=ddx]")
    ranks = page.locator(".stc-cand__rank").all_inner_texts()
    assert ranks == ["1=", "1="]   # tied, and the malformed candidate is left out
    assert page.get_attribute("[data-entity]", "data-fit-word") == "partial"
    assert page.locator("[data-look-for=hyperparathyroidism] a").count() == 1
    assert page.get_attribute("[data-stc=summary]", "data-summary-entity") == "synovial-sarcoma"
    assert page.evaluate("document.querySelectorAll('[onerror]').length") == 0
    narrow.assert_clean()


def test_start_up_bar_follows_bytes_and_the_limit_waits_while_they_arrive(narrow: PageWatch) -> None:
    """The page side of the worker's progress messages (CONTRACT.md): the bar fills from the
    bytes received, and the start-up limit counts from the last bytes, not from the start."""
    gate = narrow.server.faults.hold("/assets/calc/")   # Python cannot become ready meanwhile
    page = narrow.page
    page.add_init_script("window.__stcCalcBootTimeoutMs = 1500")
    page.goto(narrow.server.url + "calculator/")
    status = page.inner_text("[data-stc=status]")
    assert "Loading the calculator:" in status and "MB on the first visit, then kept for offline use" in status
    assert "Pyodide" not in status
    for step in range(1, 9):   # 4 s of steady bytes: longer than the 1.5 s limit
        page.evaluate("n => window.__stcCalc.onMessage({type: 'progress', received: n * 1000, total: 10000})",
                      step)
        page.wait_for_timeout(500)
        assert "taking unusually long" not in page.inner_text("[data-stc=status]")
    width = page.evaluate("() => document.querySelector('[data-stc=progress-bar]').style.width")
    assert width == "80%"
    # No more bytes: the limit is reached, with a note and a retry button.
    page.wait_for_selector("[data-stc=retry]:not([hidden])", timeout=5_000)
    assert "nothing has arrived for 2 seconds" in page.inner_text("[data-stc=status]")
    gate.set()
    page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
    narrow.assert_clean()
