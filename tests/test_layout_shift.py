"""Nothing on a page moves while it loads (Lighthouse's Cumulative Layout Shift, issue 13).

Counted as the browser reports it (PerformanceObserver "layout-shift"), every shift, also those
the browser marks as following input: the test gives none, and in headless runs Chromium marks
early shifts so (Lighthouse counts them all). The calculator page is visited first in a fresh
profile several times: a first visit is when the service worker takes the page over while the
theme starts, and a shift that happens in some runs only must still be caught (one frame
without the site's stylesheets scored 0.7 in about a third of Lighthouse runs).
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import PHONE, SiteServer

pytestmark = pytest.mark.browser

OBSERVE = """window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__shifts.push({ at: Math.round(entry.startTime),
    value: entry.value, sources: (entry.sources || []).map((s) => s.node ? s.node.nodeName + "." +
      String(s.node.className || "").split(" ")[0] : "?") });
}).observe({ type: "layout-shift", buffered: true });"""
LIMIT = 0.02   # Lighthouse's "good" is below 0.1
READY = '[data-stc-calculator][data-state="ready"]'
FIRST_VISITS = 4


def shifts_on_a_first_visit(chromium: Any, url: str, ready: str) -> list[dict[str, Any]]:
    context = chromium.new_context(**{**PHONE, "viewport": {"width": 412, "height": 823}})
    try:
        context.add_init_script(script=OBSERVE)
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector(ready, timeout=60_000)
        page.wait_for_timeout(1000)   # what the first answer brings, and the offline line
        shifts: list[dict[str, Any]] = page.evaluate("window.__shifts")
        return shifts
    finally:
        context.close()


def test_the_calculator_does_not_move_while_it_starts(chromium: Any, site_server: SiteServer) -> None:
    for visit in range(FIRST_VISITS):
        shifts = shifts_on_a_first_visit(chromium, site_server.url + "calculator/#pattern=rice-grain",
                                         READY)
        total = sum(shift["value"] for shift in shifts)
        assert total < LIMIT, f"first visit {visit + 1}: layout shift {total:.3f}: {shifts}"


@pytest.mark.parametrize("path", ["", "entities/gout/", "pt/calculator/"])
def test_pages_do_not_move_while_they_load(chromium: Any, site_server: SiteServer, path: str) -> None:
    ready = READY if "calculator" in path else "h1"
    shifts = shifts_on_a_first_visit(chromium, site_server.url + path, ready)
    total = sum(shift["value"] for shift in shifts)
    assert total < LIMIT, f"/{path}: layout shift {total:.3f}: {shifts}"
