"""Shared fixtures: a real build of the site, a local server for it, and Debian Chromium.

The site is built once per test session into a temporary folder (with the calculator's
browser runtime, placed by the build hook) and served by a small threaded ``http.server`` on
127.0.0.1 with a random port. Browser tests drive Debian's ``/usr/bin/chromium`` through
Playwright's sync API; Playwright's own browser download is not used.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from build_tools.sitebuild import CHROMIUM_ARGS

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SITE_URL_IN_CONFIG = "http://127.0.0.1:8000/"
"""mkdocs.yml's site_url; the test build's sitemap is rewritten to the test server's origin."""

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _unavailable(reason: str) -> None:
    """Skip locally, fail in CI: a CI run must never pass by skipping the browser."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: browser tests must run)", pytrace=False)
    pytest.skip(reason)


# ----------------------------------------------------------------------------- the site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once into a temporary folder, with the calculator runtime in place."""
    site = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--clean", "-d", str(site)],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    if not (site / "assets" / "calc" / "runtime.json").is_file():
        # The build hook places the runtime; if it did not, place it here.
        sys.path.insert(0, str(REPO_ROOT))
        from build_tools.runtime import place_calculator

        place_calculator(site)
    print(f"\nsite built in {time.monotonic() - started:.1f} s: {site}")
    return site


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files with the right types; a test can break or slow chosen paths."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".svg": "image/svg+xml",
    }
    faults: ServerFaults

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _path(self) -> str:
        return self.path.split("?", 1)[0].split("#", 1)[0]

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self._path()
        faults = self.faults
        for prefix, delay in list(faults.slow.items()):
            if path.startswith(prefix):
                time.sleep(delay)
        for prefix, gate in list(faults.held.items()):
            if path.startswith(prefix):
                gate.wait(timeout=120)
        if any(path.startswith(prefix) for prefix in faults.missing):
            self.send_error(404, "broken on purpose by a test")
            return None
        return super().send_head()

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        if str(path).endswith(".wasm") and self.faults.wasm_type:
            return self.faults.wasm_type
        return super().guess_type(path)

    def end_headers(self) -> None:
        # Each test context starts cold; nothing is kept between runs of the suite.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@dataclass
class ServerFaults:
    """What the test server does wrong on purpose (reset after each test)."""

    missing: set[str] = field(default_factory=set)        # path prefixes answered with 404
    slow: dict[str, float] = field(default_factory=dict)  # path prefix -> seconds of delay
    wasm_type: str | None = None                          # Content-Type for .wasm instead
    held: dict[str, threading.Event] = field(default_factory=dict)  # prefix -> answered once set

    def hold(self, prefix: str) -> threading.Event:
        """Hold requests under ``prefix`` until the returned event is set (by the test)."""
        gate = self.held[prefix] = threading.Event()
        return gate

    def reset(self) -> None:
        self.missing.clear()
        self.slow.clear()
        for gate in self.held.values():
            gate.set()
        self.held.clear()
        self.wasm_type = None


@dataclass
class SiteServer:
    url: str          # "http://127.0.0.1:<port>/"
    root: Path
    faults: ServerFaults

    @property
    def origin(self) -> str:
        return self.url.rstrip("/")


@pytest.fixture(scope="session")
def site_server(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The built site over HTTP on 127.0.0.1 (random port)."""
    root = tmp_path_factory.mktemp("served") / "site"
    shutil.copytree(built_site, root)
    faults = ServerFaults()
    handler = type("Handler", (SiteHandler,), {"faults": faults})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    server.daemon_threads = True
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    # Material's instant navigation only treats links listed in sitemap.xml under the page's
    # origin as internal; the built sitemap names mkdocs.yml's site_url, so point it here.
    for sitemap in (root / "sitemap.xml", root / "pt" / "sitemap.xml"):  # one per language
        if sitemap.is_file():
            sitemap.write_text(sitemap.read_text(encoding="utf-8").replace(SITE_URL_IN_CONFIG, url),
                               encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield SiteServer(url=url, root=root, faults=faults)
    finally:
        server.shutdown()
        server.server_close()


# ----------------------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian Chromium driven by Playwright (sync API)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _unavailable(f"the playwright package is not installed ({exc})")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception as exc:
        manager.stop()
        pytest.fail(f"Chromium at {CHROMIUM} did not start: {exc}", pytrace=False)
    try:
        yield browser
    finally:
        browser.close()
        manager.stop()


def snapshot_kept(site_path: str = "/") -> str:
    """A JavaScript expression for polling, in any engine: truthy (the number of entries) once the
    calculator's worker has kept its memory snapshot for the site at ``site_path`` (its own
    cache, ``stc-guide-snapshot:<path>``, calc-worker.js). The first call starts the lookup;
    later calls read its result, and the lookup starts again while nothing is kept."""
    cache = json.dumps("stc-guide-snapshot:" + site_path)
    return f"""(() => {{
  if (window.__stcKept === undefined) {{
    window.__stcKept = null;
    caches.open({cache}).then((cache) => cache.keys())
      .then((keys) => {{ window.__stcKept = keys.length || undefined; }}, () => {{ window.__stcKept = undefined; }});
  }}
  return window.__stcKept;
}})()"""


PHONE = {
    "viewport": {"width": 393, "height": 851},
    "device_scale_factor": 2.75,
    "is_mobile": True,
    "has_touch": True,
}


@dataclass
class PageWatch:
    """A page plus everything it logged and requested."""

    page: Any
    server: SiteServer
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        own = self.server.origin + "/"
        return [url for url in self.requests
                if not url.startswith(own) and not url.startswith(("data:", "blob:", "about:"))]

    def assert_clean(self) -> None:
        assert self.page_errors == [], f"uncaught errors in the page: {self.page_errors}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.foreign_requests() == [], f"requests to other origins: {self.foreign_requests()}"


def open_page(browser: Any, server: SiteServer, **context_options: Any) -> tuple[Any, PageWatch]:
    """A new browser context (cold cache) with one watched page."""
    context = browser.new_context(**{**PHONE, **context_options})
    page = context.new_page()
    watch = PageWatch(page=page, server=server)
    page.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
    page.on("pageerror", lambda e: watch.page_errors.append(str(e)))
    page.on("request", lambda r: watch.requests.append(r.url))
    page.on("worker", lambda w: w.on("console", lambda m: m.type == "error"
                                     and watch.console_errors.append(f"worker: {m.text}")))
    return context, watch


@pytest.fixture
def phone(chromium: Any, site_server: SiteServer) -> Iterator[PageWatch]:
    """A fresh phone-sized page (393 × 851, touch) on the test server; faults reset after."""
    context, watch = open_page(chromium, site_server)
    try:
        yield watch
    finally:
        context.close()
        site_server.faults.reset()
