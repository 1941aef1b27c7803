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
    gate = narrow.server.faults.hold("/assets/calc/")   # the wheel: Python waits for it
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
