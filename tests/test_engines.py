"""The guide in Firefox and WebKit, besides Chromium: the same built site and server as the
Chromium tests (conftest.py), one browser per engine for the whole session (tests/engines.py).

Each engine: the home page, an entity page, search, the calculator from a shared link, its
next start from the memory snapshot, an offline reload through the service worker, and the
``file://`` offline copy. Test ids carry the engine's name (``-k firefox``, ``-k webkit``).
Kept lean on purpose: WebKit's calculator starts several times slower than Chromium's on this
machine.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from conftest import SiteServer, _unavailable, snapshot_kept
from engines import ENGINES, Engine, EngineUnavailable, reload, wait

from build_tools import offline_copy

pytestmark = pytest.mark.browser

CALCULATOR = "[data-stc-calculator]"
SHARED_LINK = ("#text=" + quote("rice-grain calcifications in the thigh muscles of a patient from an endemic area")
               + "&calcium=10.5&phosphate=8")
FIRST_ENTITY = "cysticercosis"
PRODUCT = 84.0
BOOT_LIMIT_S = 120.0

RESULTS = f"""(() => {{
  const root = document.querySelector('{CALCULATOR}');
  const entity = document.querySelector('[data-entity]');
  const product = document.querySelector('[data-product-mg2-dl2]');
  if (!root || root.dataset.state !== 'ready' || !entity || !product) return null;
  return {{entity: entity.dataset.entity, product: parseFloat(product.dataset.productMg2Dl2),
           readyMs: root.dataset.readyMs || null}};
}})()"""


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """One browser of the engine for all the tests of this module (tests run grouped by engine)."""
    try:
        browser: Engine = ENGINES[request.param]()
    except EngineUnavailable as exc:
        _unavailable(str(exc))
    print(f"\n{browser.name} {browser.version}")
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture(scope="session")
def offline_folder(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline copy (the About page's zip) unpacked into a folder."""
    work = tmp_path_factory.mktemp("offline-copy")
    with zipfile.ZipFile(built_site / offline_copy.ZIP_URI) as archive:
        archive.extractall(work)
    return work / offline_copy.ZIP_FOLDER


def assert_no_errors(engine: Engine) -> None:
    assert engine.errors() == [], f"{engine.name}: errors in the page"


def heading(engine: Engine) -> str:
    return str(wait(engine, "document.querySelector('h1') && document.querySelector('h1').textContent.trim()",
                    timeout=30, what="the page's heading"))


def first_search_result(engine: Engine) -> str:
    return str(wait(engine, "(document.querySelector('.md-search-result__item > a') || {}).href",
                    timeout=60, what="search results"))


# The calculator page sends the theme's search index request just after its first answer
# (search-later.js). A reader who leaves the page while the service worker is still answering
# that request only makes Firefox log "A ServiceWorker intercepted the request and encountered
# an unexpected error" (a cancelled answer); a test that moves on at once would read that as a
# failure of the next step. So the tests wait, as a reader would, until that load has ended.
SEARCH_INDEX_SETTLED = """(!window.__stcSearchLater || (window.__stcSearchLater.released &&
  performance.getEntriesByType('resource').some((e) => /search_index\\.json/.test(e.name))))"""


def calculator_results(engine: Engine) -> dict[str, Any]:
    found = wait(engine, RESULTS, timeout=BOOT_LIMIT_S, what="the calculator's results")
    print(f"{engine.name}: calculator ready after {found['readyMs']} ms")
    wait(engine, SEARCH_INDEX_SETTLED, timeout=30, what="the search index loaded after the first answer")
    return dict(found)


def test_home(engine: Engine, site_server: SiteServer) -> None:
    engine.goto(site_server.url)
    assert heading(engine).startswith("STC Guide")
    assert engine.run("return document.querySelectorAll('a[href*=\"entities/\"]').length") > 5
    assert_no_errors(engine)


def test_entity_page(engine: Engine, site_server: SiteServer) -> None:
    engine.goto(site_server.url + "entities/cppd/")
    assert "CPPD" in heading(engine)
    assert engine.run("return !!document.querySelector('a[href*=\"calculator/#\"]')")
    assert_no_errors(engine)


def test_search_finds_cppd_first(engine: Engine, site_server: SiteServer) -> None:
    engine.goto(site_server.url + "?q=pseudogout")
    assert first_search_result(engine).split("?")[0] == site_server.url + "entities/cppd/"
    assert_no_errors(engine)


def test_calculator_from_a_shared_link(engine: Engine, site_server: SiteServer) -> None:
    engine.goto(site_server.url + "calculator/" + SHARED_LINK)
    results = calculator_results(engine)
    assert results["entity"] == FIRST_ENTITY
    assert results["product"] == pytest.approx(PRODUCT, abs=0.05)
    assert_no_errors(engine)


def test_next_start_restores_the_memory_snapshot(engine: Engine, site_server: SiteServer) -> None:
    """After a normal start the worker keeps a memory snapshot; the next start restores it
    (calc-worker.js, "Snapshot") and answers the same, in this engine too."""
    engine.goto(site_server.url + "calculator/" + SHARED_LINK)
    calculator_results(engine)
    wait(engine, snapshot_kept(), timeout=BOOT_LIMIT_S, what="the memory snapshot kept")
    engine.goto(site_server.url + "glossary/")   # a new document, then the calculator again
    heading(engine)
    engine.goto(site_server.url + "calculator/" + SHARED_LINK)
    results = calculator_results(engine)
    assert results["entity"] == FIRST_ENTITY
    assert results["product"] == pytest.approx(PRODUCT, abs=0.05)
    assert engine.run("return window.__stcCalc.snapshot === true"), f"{engine.name}: a normal start again"
    assert_no_errors(engine)


def test_offline_reload_through_the_service_worker(engine: Engine, site_server: SiteServer) -> None:
    engine.goto(site_server.url)  # a new document (the calculator may be open with this address)
    wait(engine, "!!navigator.serviceWorker.controller", timeout=60, what="a service worker in control")
    engine.goto(site_server.url + "calculator/" + SHARED_LINK)
    calculator_results(engine)
    wait(engine, "!!document.querySelector('[data-stc-offline=\"ready\"]')", timeout=BOOT_LIMIT_S,
         what="'Ready offline'", show="document.querySelector('[data-stc-offline]')?.textContent")
    site_server.faults.missing.add("/")  # the server answers 404 to everything from now on
    try:
        reload(engine)
        results = calculator_results(engine)
        assert results["entity"] == FIRST_ENTITY
        assert results["product"] == pytest.approx(PRODUCT, abs=0.05)
        engine.goto(site_server.url + "entities/cppd/")
        assert "CPPD" in heading(engine)
        assert_no_errors(engine)
    finally:
        site_server.faults.reset()


def test_offline_copy_from_a_folder(engine: Engine, offline_folder: Path) -> None:
    engine.goto(offline_folder.joinpath("index.html").as_uri())
    assert heading(engine).startswith("STC Guide")
    engine.goto(offline_folder.joinpath("index.html").as_uri() + "?q=pseudogout")
    first = first_search_result(engine).split("?")[0]
    assert first == offline_folder.joinpath("entities/cppd.html").as_uri()
    engine.goto(offline_folder.joinpath("calculator.html").as_uri() + SHARED_LINK)
    results = calculator_results(engine)
    assert results["entity"] == FIRST_ENTITY
    assert results["product"] == pytest.approx(PRODUCT, abs=0.05)
    assert_no_errors(engine)
