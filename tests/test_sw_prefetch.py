"""The service worker leaves a browser's prefetch of a page to the network.

Firefox prefetches every page's ``<link rel="next">`` once the page has loaded (Material's
keyboard shortcuts need those links). Answered by the worker, such a prefetch gained nothing (the
worker holds every page) and, when Firefox cancelled it because the reader moved on, Firefox
logged "A ServiceWorker intercepted the request and encountered an unexpected error" as an error
of the page (issue 14). Firefox does not show the worker the prefetch's ``Sec-Purpose`` header,
so the worker knows it by its shape: a page asked for in "no-cors" mode with no destination.

Chromium sends the same shape for ``fetch(url, {mode: "no-cors"})``, so the rule is checked here
with the server answering 404 for the page: a normal fetch still gets the cached copy, a
prefetch-shaped one goes to the server. The Firefox engine tests check the message is gone.
"""

from __future__ import annotations

import time

import pytest
from conftest import PageWatch, SiteServer

pytestmark = pytest.mark.browser

PAGE = "entities/cppd/"

CACHED = f"""async () => {{
  for (const name of await caches.keys()) {{
    if (await (await caches.open(name)).match(new URL("{PAGE}index.html", location.href).href)) return true;
  }}
  return false;
}}"""

STATUSES = f"""async () => {{
  const cors = await fetch("{PAGE}");
  const prefetch = await fetch("{PAGE}", {{mode: "no-cors"}});
  return {{cors: cors.status, prefetch: prefetch.status}};
}}"""


def test_a_prefetch_of_a_page_goes_to_the_network(phone: PageWatch, site_server: SiteServer) -> None:
    page = phone.page
    page.goto(site_server.url)
    page.wait_for_function("() => !!navigator.serviceWorker.controller", timeout=60_000)
    deadline = time.monotonic() + 120
    while not page.evaluate(CACHED):  # the worker fills its cache once the page has loaded
        assert time.monotonic() < deadline, f"{PAGE} never reached the service worker's cache"
        time.sleep(0.25)
    site_server.faults.missing.add("/" + PAGE)  # the server has lost the page from now on
    assert page.evaluate(STATUSES) == {"cors": 200, "prefetch": 404}
    phone.console_errors = [e for e in phone.console_errors if "404" not in e]  # the prefetch's own 404
    phone.assert_clean()
