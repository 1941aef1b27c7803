"""Offline use: service worker, web app manifest, icons and the offline copy (zip, file://).

The browser tests drive the session's Debian Chromium (conftest.py) against real builds:

- the session's build (``built_site``, made by ``mkdocs build``, so with the offline zip),
  served at the root of a local server;
- two more builds for a sub-path (``/stc/``), with ``site_url`` set to the address they are
  served from (instant navigation needs it): version 1, and version 2 whose home page
  carries a marker. Version 2 replaces version 1 on the same address to test updates.

"Offline" means both: the browser context is offline and the server answers 503 to
everything, so nothing can silently come from the network.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import PHONE, SITE_URL_IN_CONFIG, SiteHandler, snapshot_kept

from build_tools import icons, offline, offline_copy, runtime
from build_tools.i18n_strings_offline import EN_OFFLINE, PT_OFFLINE

REPO_ROOT = Path(__file__).resolve().parent.parent
ROOT = "[data-stc-calculator]"
READY = f'{ROOT}[data-state="ready"]'
OFFLINE_READY = '[data-stc-offline="ready"]'
BOOT_LIMIT_MS = 60_000
RICE_GRAIN = "rice-grain calcifications in the thigh muscles of a patient from an endemic area"
V2_MARKER = "This is version two of the guide, for the offline update test."
GZIP_COPY_SUFFIXES = tuple(f"{name}.gz" for name in runtime.GZIP_COPIES)
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


# ----------------------------------------------------------------------------- builds


BUILD_SCRIPT = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config_file, site_dir, site_url, docs_dir = sys.argv[1:5]
overrides = {"site_dir": site_dir, "site_url": site_url, "strict": True}
if docs_dir:
    overrides["docs_dir"] = docs_dir
build(load_config(config_file, **overrides))
"""


def start_build(site_dir: Path, site_url: str, docs_dir: Path | None = None) -> subprocess.Popen[str]:
    """A strict build run from Python (so no offline zip: that is `mkdocs build`'s)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", offline.ZIP_ENV: "0"}
    return subprocess.Popen(
        [sys.executable, "-c", BUILD_SCRIPT, str(REPO_ROOT / "mkdocs.yml"), str(site_dir), site_url,
         str(docs_dir or "")],
        cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def finish_build(process: subprocess.Popen[str]) -> None:
    output, _ = process.communicate(timeout=600)
    if process.returncode != 0:
        pytest.fail(f"build failed:\n{output}", pytrace=False)


# ----------------------------------------------------------------------------- a server


@dataclass
class Served:
    """What a test server serves, and what it was asked for."""

    root: Path
    prefix: str = "/"                   # the site's path on the server ("/" or "/stc/")
    site_url: str = ""                  # the build's site_url: sitemap.xml is rewritten to `url`
    down: bool = False                  # answer 503 to everything
    gzip_copies: str = "served"         # the runtime's gzip copies: "served", "missing" (404),
                                        # "encoded" (sent as the file, "Content-Encoding: gzip")
                                        # or "recompressed" (gzipped again in transit)
    url: str = ""
    requests: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        """Back to a working host (after a test that took it down or changed its copies)."""
        self.down = False
        self.gzip_copies = "served"

    def count(self, site_path: str) -> int:
        with self.lock:
            return sum(1 for path in self.requests if path == self.prefix + site_path)


class _Handler(SimpleHTTPRequestHandler):
    extensions_map = SiteHandler.extensions_map
    served: Served

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        served = self.served
        path = unquote(urlsplit(self.path).path)
        with served.lock:
            served.requests.append(path)
        if served.down:
            self.send_error(503, "down on purpose: the test is offline")
            return None
        if not path.startswith(served.prefix):
            if path + "/" == served.prefix:
                self.send_response(301)
                self.send_header("Location", served.prefix)
                self.end_headers()
                return None
            self.send_error(404)
            return None
        self.directory = str(served.root)
        if path == served.prefix + "sitemap.xml" and served.site_url:
            # Material's instant navigation only follows links that sitemap.xml lists under
            # the page's origin (see conftest.site_server).
            text = (served.root / "sitemap.xml").read_text(encoding="utf-8")
            data = text.replace(served.site_url, served.url).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            return _Bytes(data)
        if path.endswith(GZIP_COPY_SUFFIXES) and served.gzip_copies != "served":
            return self._gzip_copy(path)
        return super().send_head()

    def _gzip_copy(self, path: str) -> _Bytes | None:
        """A host without the copies; one that sends a .gz as the file it packs (Apache's
        "AddEncoding gzip .gz"): the browser then unpacks it before the service worker sees
        it; or one that compresses every response, the .gz too: unpacked once, still gzip."""
        if self.served.gzip_copies == "missing":
            self.send_error(404)
            return None
        data = (self.served.root / path[len(self.served.prefix):]).read_bytes()
        recompressed = self.served.gzip_copies == "recompressed"
        if recompressed:
            data = gzip.compress(data, compresslevel=1)
        self.send_response(200)
        self.send_header("Content-Type", "application/gzip" if recompressed
                         else self.guess_type(path.removesuffix(".gz")))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return _Bytes(data)

    def translate_path(self, path: str) -> str:
        site_path = urlsplit(path).path[len(self.served.prefix) - 1:]
        return super().translate_path(site_path)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # every byte comes from the server or the SW
        super().end_headers()


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


class Server:
    def __init__(self, served: Served) -> None:
        handler = type("Handler", (_Handler,), {"served": served})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        served.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{served.prefix}"
        self.served = served
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def root_server(built_site: Path) -> Iterator[Served]:
    served = Served(root=built_site, prefix="/", site_url=SITE_URL_IN_CONFIG)
    server = Server(served)
    try:
        yield served
    finally:
        server.close()


@dataclass
class SubpathSites:
    served: Served
    v1: Path
    v2: Path


@pytest.fixture(scope="session")
def subpath_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SubpathSites]:
    """Versions 1 and 2 built for http://127.0.0.1:<port>/stc/ (built side by side)."""
    work = tmp_path_factory.mktemp("subpath")
    served = Served(root=work / "v1", prefix="/stc/")
    server = Server(served)
    docs = work / "docs-v2"
    shutil.copytree(REPO_ROOT / "docs", docs)
    index = docs / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + f"\n\n{V2_MARKER}\n", encoding="utf-8")
    started = time.monotonic()
    builds = [start_build(work / "v1", served.url), start_build(work / "v2", served.url, docs)]
    try:
        for process in builds:
            finish_build(process)
        print(f"\nversions 1 and 2 built in {time.monotonic() - started:.1f} s")
        yield SubpathSites(served=served, v1=work / "v1", v2=work / "v2")
    finally:
        server.close()


# ----------------------------------------------------------------------------- the browser side


@dataclass
class Watch:
    page: Any
    context: Any = None
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def watch_context(context: Any) -> Watch:
    watch = Watch(page=None, context=context)
    context.on("request", lambda r: watch.requests.append(r.url))

    def attach(page: Any) -> None:
        page.on("pageerror", lambda e: watch.page_errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))

    context.on("page", attach)
    watch.page = context.new_page()
    return watch


@contextmanager
def watched(browser: Any, served: Served | None = None, **options: Any) -> Iterator[Watch]:
    """A new browser context with one watched page, closed after the test; the test server, if
    any, is then back to a working host (Served.reset)."""
    context = browser.new_context(**options)
    try:
        yield watch_context(context)
    finally:
        context.close()
        if served is not None:
            served.reset()


def wait_controlled(page: Any) -> None:
    page.wait_for_function("() => !!navigator.serviceWorker.controller", timeout=30_000)


SNAPSHOT_CACHE_PREFIX = "stc-guide-snapshot:"
"""The calculator worker's own cache for its memory snapshot (calc-worker.js), not the service
worker's: the service worker neither fills nor cleans it."""


def cache_names(page: Any) -> list[str]:
    """The service worker's caches."""
    return sorted(name for name in page.evaluate("caches.keys()")
                  if not name.startswith(SNAPSHOT_CACHE_PREFIX))


def cached_hashes(page: Any) -> dict[str, str]:
    """Every entry of every service-worker cache: URL -> "sha256-<base64>" of its body."""
    return dict(page.evaluate("""async (skipped) => {
        const out = {};
        for (const name of await caches.keys()) {
            if (name.startsWith(skipped)) continue;
            const cache = await caches.open(name);
            for (const request of await cache.keys()) {
                const body = await (await cache.match(request)).arrayBuffer();
                const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
                out[request.url] = "sha256-" + btoa(String.fromCharCode(...digest));
            }
        }
        return out;
    }""", SNAPSHOT_CACHE_PREFIX))


def open_calculator(page: Any, url: str) -> int:
    page.goto(url)
    page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
    return int(page.get_attribute(ROOT, "data-ready-ms") or 0)


def compute(page: Any) -> None:
    """A differential and a Ca × P product, checked through the page's data hooks."""
    page.fill("#stc-text", RICE_GRAIN)
    page.wait_for_function(
        "() => { const e = document.querySelector('[data-entity]');"
        " return e && e.dataset.entity === 'cysticercosis'; }", timeout=15_000)
    page.fill("#stc-calcium", "10.5")
    page.fill("#stc-phosphate", "8.0")
    page.wait_for_function(
        "() => { const e = document.querySelector('[data-product-mg2-dl2]');"
        " return e && Math.abs(parseFloat(e.dataset.productMg2Dl2) - 84) < 0.05; }", timeout=15_000)


def search(page: Any, query: str) -> list[str]:
    """Type into Material's search box; the result links."""
    box = page.locator("input[data-md-component=search-query]")
    if box.is_visible():
        box.click()          # wide screens: the box is in the header
    else:
        page.locator(".md-header label[for='__search']").first.click()
        box.wait_for(state="visible", timeout=10_000)
    box.fill("")
    box.type(query, delay=20)
    first = page.locator(".md-search-result__item > a").first
    first.wait_for(timeout=20_000)
    links = page.locator(".md-search-result__item > a").evaluate_all("as => as.map(a => a.href)")
    page.keyboard.press("Escape")
    return [str(link) for link in links]


def go_offline(context: Any, served: Served) -> None:
    served.down = True
    context.set_offline(True)


def wait_snapshot_kept(page: Any, served: Served) -> None:
    """The calculator's worker keeps its memory snapshot a moment after its first answer (its
    own cache, not the service worker's): a download still on its way when the test goes
    offline would reach the server during the offline part."""
    # As a function: Playwright evaluates a bare expression with eval(), which the site's CSP refuses.
    page.wait_for_function(f"() => {snapshot_kept(served.prefix)}", timeout=60_000)


def runtime_downloads(served: Served, site_dir: Path) -> dict[str, int]:
    """How often each runtime file reached the server; a file with a gzip copy as that copy
    (which the service worker unpacks), never as itself."""
    settings = offline.read_settings(site_dir / "sw.js")
    counts = {}
    for path in sorted(settings["runtime"]):
        copy = settings["gzipCopies"].get(path)
        if copy:
            assert served.count(path) == 0, f"{path} was downloaded itself, not its gzip copy"
            counts[path] = served.count(copy["path"])
        else:
            counts[path] = served.count(path)
    return counts


def check_guide_offline(browser: Any, served: Served, site_dir: Path) -> None:
    """One visit to a page and one to the calculator, then everything works offline."""
    base = served.url
    served.reset()
    with watched(browser, served, **DESKTOP) as watch:
        page = watch.page
        context = watch.context
        served.requests.clear()
        page.goto(base)
        wait_controlled(page)
        started = time.monotonic()
        ms = open_calculator(page, base + "calculator/")
        page.wait_for_selector(OFFLINE_READY, timeout=30_000)
        print(f"online: calculator ready in {ms} ms, ready offline after "
              f"{time.monotonic() - started:.1f} s")
        assert "Ready offline" in page.inner_text(OFFLINE_READY)
        # The runtime was downloaded once, by the calculator's worker, and cached on the way.
        counts = runtime_downloads(served, site_dir)
        assert counts == dict.fromkeys(counts, 1), f"runtime downloads: {counts}"
        names = cache_names(page)
        assert len(names) == 1 and names[0].startswith(f"stc-guide:{served.prefix}:")
        wait_snapshot_kept(page, served)

        go_offline(context, served)
        asked = len(served.requests)

        # A full reload of the calculator: it boots from the cache and computes.
        page.reload()
        page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
        print(f"offline: calculator ready in {page.get_attribute(ROOT, 'data-ready-ms')} ms")
        compute(page)

        # Instant navigation to another page (the window survives: no reload).
        page.evaluate("window.__stcSameWindow = true")
        page.locator("a.md-nav__link[href$='approach/']").first.click()
        page.wait_for_url("**/approach/", timeout=15_000)
        page.wait_for_selector("h1", timeout=15_000)
        assert page.evaluate("window.__stcSameWindow === true"), "instant navigation reloaded the page"
        assert "approach" in page.title().lower() or page.inner_text("h1")

        # Full loads of other pages, a reload, directory URLs and a generated page.
        page.goto(base + "glossary/")
        assert page.inner_text("h1").strip()
        page.reload()
        assert page.inner_text("h1").strip()
        page.goto(base + "entities/monckeberg-sclerosis/")
        assert "nckeberg" in page.inner_text("h1")

        # Search, typed into Material's search box.
        results = search(page, "Monckeberg")
        assert any("entities/monckeberg-sclerosis/" in link for link in results), results

        # A new tab: a page, then the calculator, which computes.
        tab = context.new_page()
        tab.goto(base + "about/")
        assert "About" in tab.inner_text("h1")
        open_calculator(tab, base + "calculator/")
        compute(tab)
        tab.wait_for_selector(OFFLINE_READY, timeout=30_000)

        # Only the browser's own update checks of sw.js (answered 503) reached the server:
        # Chromium's offline emulation does not cover them, which is why the server is down too.
        reached = [path for path in served.requests[asked:] if path != served.prefix + "sw.js"]
        assert reached == [], "offline pages reached the server"
        assert watch.page_errors == [], watch.page_errors
        assert [text for text in watch.console_errors if "net::ERR_INTERNET_DISCONNECTED" not in text] == []


# ----------------------------------------------------------------------------- the built files


@pytest.fixture(scope="session")
def sw_settings(built_site: Path) -> dict[str, Any]:
    return offline.read_settings(built_site / "sw.js")


def test_precache_lists_every_page_and_no_runtime_file(built_site: Path, sw_settings: dict[str, Any]) -> None:
    precache = sw_settings["precache"]
    pages = sorted(path.relative_to(built_site).as_posix() for path in built_site.rglob("*.html"))
    assert len(pages) > 40
    assert set(pages) <= set(precache)
    for needed in ("search/search_index.json", "sitemap.xml", "manifest.webmanifest",
                   "assets/js/calculator.js", "assets/js/calc-worker.js", "assets/js/sw-register.js",
                   *icons.all_site_paths()):
        assert needed in precache, needed
    assert any(path.startswith("assets/javascripts/bundle.") for path in precache)
    assert any(path.startswith("assets/stylesheets/main.") for path in precache)
    # Of the theme's lunr files, only what the Portuguese index loads (the English one needs none).
    lunr = sorted(path for path in precache if path.startswith("assets/javascripts/lunr/"))
    assert lunr == ["assets/javascripts/lunr/min/lunr.pt.min.js",
                    "assets/javascripts/lunr/min/lunr.stemmer.support.min.js"]

    # The runtime is exactly runtime.json and what it names; none of it is precached.
    runtime_json = json.loads((built_site / offline_copy.RUNTIME_JSON).read_text(encoding="utf-8"))
    named = {offline_copy.RUNTIME_JSON, runtime_json["stdLibURL"], runtime_json["lockFileURL"],
             runtime_json["calcURL"], *(runtime_json["indexURL"] + name for name in runtime.RUNTIME_FILES)}
    assert set(sw_settings["runtime"]) == named
    assert not any(path.startswith(("assets/pyodide/", "assets/calc/")) for path in precache)
    assert not any(path.startswith("downloads/") or path.endswith(".map") for path in precache)
    assert sw_settings["checkFirst"] == [offline_copy.RUNTIME_JSON]

    # Each entry carries the hash of the file as built.
    for path in ("index.html", "search/search_index.json", offline_copy.RUNTIME_JSON):
        want = {**precache, **sw_settings["runtime"]}[path]
        assert want == offline.integrity(built_site / path)
    print(f"\nprecache: {len(precache)} files, "
          f"{sum((built_site / p).stat().st_size for p in precache) / 1e6:.1f} MB; runtime: "
          f"{sum((built_site / p).stat().st_size for p in sw_settings['runtime']) / 1e6:.1f} MB")


def test_runtime_gzip_copies_unpack_to_the_files(built_site: Path, sw_settings: dict[str, Any]) -> None:
    """The wasm and Pyodide's JavaScript each have a gzip copy beside them, which the service
    worker downloads instead (a host that does not compress sends a third of the bytes): it
    unpacks to the file byte for byte, has no time in its header (a reproducible build), and
    is neither precached nor in the offline copy (which has no service worker)."""
    index = json.loads((built_site / offline_copy.RUNTIME_JSON).read_text(encoding="utf-8"))["indexURL"]
    copies = sw_settings["gzipCopies"]
    assert copies == {index + name: {"path": f"{index}{name}.gz", "type": kind}
                      for name, kind in runtime.GZIP_COPIES.items()}
    for path, copy in copies.items():
        packed = (built_site / copy["path"]).read_bytes()
        original = (built_site / path).read_bytes()
        assert gzip.decompress(packed) == original, path
        assert packed[4:8] == bytes(4), f"{copy['path']}: a time in the gzip header"
        assert len(packed) < len(original) / 3, (path, len(packed), len(original))
        # The type it is served as is the one a host gives the file itself.
        assert copy["type"] == SiteHandler.extensions_map["." + path.rsplit(".", 1)[1]]
        print(f"\n{copy['path']}: {len(packed):,} B for {len(original):,} B")
    assert not any(path.endswith(".gz") for path in sw_settings["precache"])
    with zipfile.ZipFile(built_site / offline_copy.ZIP_URI) as zipped:
        assert not [name for name in zipped.namelist() if name.endswith(GZIP_COPY_SUFFIXES)]


def test_cache_name_follows_the_content_of_the_build(built_site: Path, sw_settings: dict[str, Any],
                                                     tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    assert offline.service_worker_settings(copy)["version"] == sw_settings["version"]
    (copy / "glossary" / "index.html").write_text("changed", encoding="utf-8")
    assert offline.service_worker_settings(copy)["version"] != sw_settings["version"]


@pytest.mark.parametrize("page", ["index.html", "calculator/index.html", "entities/cppd/index.html",
                                  "pt/entities/cppd/index.html", "404.html"])
def test_every_page_names_the_one_service_worker_and_its_settings(built_site: Path, page: str) -> None:
    """calc-early.js and sw-register.js read sw.js's address, its registration options and the
    calculator's wait for control from the page's <head> (one copy, from build_tools/offline.py)."""
    html = (built_site / page).read_text(encoding="utf-8")
    head = html[:html.index("</head>")]
    found = re.search(rf'<script type="application/json" id="{offline.PAGE_SETTINGS_ID}">(.*?)</script>', head)
    assert found, f"{page}: no service-worker settings in the <head>"
    settings = json.loads(found.group(1))
    # The error page is served at any depth: its links start from site_url's path.
    page_url = SITE_URL_IN_CONFIG + ("some/missing/page/" if page == "404.html" else page)
    assert urljoin(page_url, settings["url"]) == SITE_URL_IN_CONFIG + "sw.js", settings["url"]
    assert settings["options"] == offline.SW_REGISTRATION_OPTIONS
    assert settings["controlWaitMs"] == offline.CONTROL_WAIT_MS
    for script in ("calc-early.js", "sw-register.js"):
        text = (REPO_ROOT / "docs" / "assets" / "js" / script).read_text(encoding="utf-8")
        held = [fact for fact in ('"../../sw.js"', "updateViaCache", str(offline.CONTROL_WAIT_MS))
                if re.search(rf"(?<![\w.]){re.escape(fact)}(?![\w])", text)]
        assert not held, f"{script} holds its own copy of {held}"


def test_manifest_and_icons(built_site: Path) -> None:
    manifest = json.loads((built_site / offline.MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["short_name"] == "STC Guide" and manifest["name"]
    assert manifest["start_url"] == "./" and manifest["scope"] == "./"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#3f51b5" and manifest["background_color"]
    purposes = {}
    for icon in manifest["icons"]:
        path = built_site / icon["src"]
        assert path.is_file(), icon
        if icon["type"] == "image/png":
            width, height = icons.png_size(path.read_bytes())
            assert icon["sizes"] == f"{width}x{height}"
            purposes[(width, icon["purpose"])] = True
        else:
            assert path.read_text(encoding="utf-8").startswith("<svg")
    assert {(192, "any"), (512, "any"), (512, "maskable")} <= set(purposes)
    # Drawn by the project, the same bytes every time.
    assert (built_site / "assets/icons/icon-512.png").read_bytes() == icons.png(512, "any")

    # Linked from every page, relative to it (404.html: from the site's root, as it is served
    # at any depth).
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        depth = len(page.relative_to(built_site).parts) - 1
        href = "/manifest.webmanifest" if page.name == "404.html" else "../" * depth + "manifest.webmanifest"
        assert f'<link rel="manifest" href="{href}">' in html, page


def test_about_page_links_the_offline_zip(built_site: Path) -> None:
    html = (built_site / "about" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../downloads/stc-guide-offline.zip" download>' in html
    assert "python3 -m http.server" in html
    assert (built_site / offline_copy.ZIP_URI).is_file()
    # The preview and the copy's own About page say something else.
    assert "make build" in offline.about_section(mode="preview")
    assert "offline copy" in offline.about_section(mode="copy")


def test_offline_zip_is_sorted_dated_and_reproducible(built_site: Path, tmp_path: Path) -> None:
    archive = built_site / offline_copy.ZIP_URI
    with zipfile.ZipFile(archive) as zipped:
        infos = zipped.infolist()
        names = [info.filename for info in infos]
        assert names == sorted(names)
        assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert all(name.startswith("stc-guide/") for name in names)
        for needed in ("index.html", "calculator.html", "search/search_index.js",
                       offline_copy.SHIM_URI, offline_copy.RUNTIME_DATA, "README.txt"):
            assert f"stc-guide/{needed}" in names, needed
        assert not any(name.endswith((".map", "sitemap.xml", "sw.js")) for name in names)
        index = zipped.read("stc-guide/index.html").decode("utf-8")
    assert "unpkg" not in index and "//cdn" not in index
    assert 'href="about.html"' in index  # no directory URLs in the copy

    # Two fresh builds side by side (the session's build may predate an edit of the sources).
    started = time.monotonic()
    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(
            lambda name: offline_copy.build_offline_zip(tmp_path / f"{name}.zip", work_dir=tmp_path / name),
            ("first", "second"))
    print(f"\noffline zip: {archive.stat().st_size / 1e6:.1f} MB; two more built in "
          f"{time.monotonic() - started:.1f} s ({first.build_seconds:.1f} s build, "
          f"{first.zip_seconds:.1f} s zip)")
    assert first.path.read_bytes() == second.path.read_bytes()


def test_zip_is_made_by_build_only() -> None:
    saved = os.environ.pop(offline.ZIP_ENV, None)
    try:
        assert offline.zip_wanted("build") and offline.zip_wanted("gh-deploy")
        assert not offline.zip_wanted("serve") and not offline.zip_wanted(None)
        os.environ[offline.ZIP_ENV] = "0"
        assert not offline.zip_wanted("build")
    finally:
        os.environ.pop(offline.ZIP_ENV, None)
        if saved is not None:
            os.environ[offline.ZIP_ENV] = saved


def test_preview_service_worker_caches_nothing(tmp_path: Path) -> None:
    offline.write_dev_service_worker(tmp_path)
    text = (tmp_path / "sw.js").read_text(encoding="utf-8")
    assert "fetch" not in text.replace("prefetch", "")
    assert "caches.delete" in text


# ----------------------------------------------------------------------------- browser: offline


@pytest.mark.browser
def test_guide_works_offline_after_one_visit(chromium: Any, root_server: Served, built_site: Path) -> None:
    check_guide_offline(chromium, root_server, built_site)


@pytest.mark.browser
def test_landing_on_the_calculator_first_also_makes_it_ready_offline(
    chromium: Any, root_server: Served, built_site: Path
) -> None:
    """On a first visit the calculator waits a moment for the service worker to take control
    (calc-early.js registers it from the <head>), so its worker's downloads pass through it and
    are kept: still one download of each file (the server forbids HTTP caching), and the
    calculator is ready offline."""
    served = root_server
    with watched(chromium, served, **PHONE) as watch:
        page = watch.page
        served.requests.clear()
        open_calculator(page, served.url + "calculator/")
        page.wait_for_selector(OFFLINE_READY, timeout=60_000)
        counts = runtime_downloads(served, built_site)
        assert counts == dict.fromkeys(counts, 1), f"runtime downloads: {counts}"
        # Started from the <head> (calc-early.js registered the service worker and waited for
        # it), not from calculator.js at the end of the page.
        assert page.evaluate("window.__stcCalc.startedEarly") is True
        # The line is in the page's language (the build's words, not the script's), in the place
        # the page kept for it (one line, no other inserted: nothing moved when it came).
        assert page.inner_text(OFFLINE_READY).strip() == EN_OFFLINE["offline_ready"]
        assert page.locator("[data-stc-offline]").count() == 1

        go_offline(watch.context, served)
        page.reload()
        page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
        compute(page)
        page.goto(served.url + "patterns/")
        assert page.inner_text("h1").strip()
        # The Portuguese calculator, offline too, says it in Portuguese.
        page.goto(served.url + "pt/calculator/")
        page.wait_for_selector(OFFLINE_READY, timeout=BOOT_LIMIT_MS)
        assert page.inner_text(OFFLINE_READY).strip() == PT_OFFLINE["offline_ready"]
        assert watch.page_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("host", ["missing", "encoded", "recompressed"])
def test_calculator_is_kept_whatever_the_host_does_with_the_gzip_copies(
    chromium: Any, root_server: Served, built_site: Path, host: str
) -> None:
    """A host without the runtime's gzip copies (an upload that left them out): the service
    worker downloads the files themselves. A host that sends a copy with "Content-Encoding:
    gzip": the browser has unpacked it, and it is used as it is. A host that compresses the
    copy again: unpacked once by the browser, once by the service worker. Each way the
    calculator starts, each file is kept once, and "keep for offline" fills a cache that lost
    them."""
    served = root_server
    settings = offline.read_settings(built_site / "sw.js")
    copies = settings["gzipCopies"]
    with watched(chromium, served, **PHONE) as watch:
        page = watch.page
        served.gzip_copies = host
        served.requests.clear()
        open_calculator(page, served.url + "calculator/")
        page.wait_for_selector(OFFLINE_READY, timeout=60_000)
        compute(page)
        for path, copy in copies.items():
            assert (served.count(path), served.count(copy["path"])) == ((1, 1) if host == "missing" else (0, 1))

        # The runtime files are lost from the cache: the page's "offline-status" with
        # {complete: true} (sw-register.js) downloads them again, the same way.
        served.requests.clear()
        status = page.evaluate("""async (paths) => {
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const path of paths) await cache.delete(new URL(path, location.origin + "/").href);
            }
            const channel = new MessageChannel();
            const answer = new Promise((resolve) => { channel.port1.onmessage = (e) => resolve(e.data); });
            navigator.serviceWorker.controller.postMessage({ type: "offline-status", complete: true }, [channel.port2]);
            return await answer;
        }""", list(copies))
        assert status["missing"] == [] and "error" not in status, status
        for path, copy in copies.items():
            assert (served.count(path), served.count(copy["path"])) == ((1, 1) if host == "missing" else (0, 1))

        go_offline(watch.context, served)
        page.reload()
        page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
        compute(page)
        assert watch.page_errors == []


@pytest.mark.browser
def test_guide_works_offline_under_a_sub_path(chromium: Any, subpath_sites: SubpathSites) -> None:
    served = subpath_sites.served
    served.root = subpath_sites.v1
    check_guide_offline(chromium, served, subpath_sites.v1)


@pytest.mark.browser
def test_new_version_replaces_the_old_one_whole(chromium: Any, subpath_sites: SubpathSites) -> None:
    served = subpath_sites.served
    base = served.url
    v1, v2 = (offline.read_settings(site / "sw.js") for site in (subpath_sites.v1, subpath_sites.v2))
    assert v1["version"] != v2["version"]
    v1_cache, v2_cache = (f"stc-guide:{served.prefix}:{s['version']}" for s in (v1, v2))

    served.root = subpath_sites.v1
    context = chromium.new_context(**DESKTOP)
    watch = watch_context(context)
    page = watch.page
    try:
        page.goto(base)
        wait_controlled(page)
        open_calculator(page, base + "calculator/")
        page.wait_for_selector(OFFLINE_READY, timeout=30_000)
        assert cache_names(page) == [v1_cache]

        # Version 2 is published at the same address.
        served.root = subpath_sites.v2
        page.goto(base)
        notice = page.locator("[data-stc-update]")
        notice.locator("[data-stc-update-reload]").wait_for(timeout=30_000)
        assert notice.get_attribute("role") == "status"
        assert "new version" in notice.inner_text().lower()
        # Until the reader accepts, the page is version 1, whole.
        assert V2_MARKER not in page.inner_text("article")
        assert cache_names(page) == sorted([v1_cache, v2_cache])

        with page.expect_navigation(timeout=30_000):
            notice.locator("[data-stc-update-reload]").click()
        page.wait_for_selector("article", timeout=15_000)
        assert V2_MARKER in page.inner_text("article")
        page.wait_for_function(f"async () => (await caches.keys()).join() === {json.dumps(v2_cache)}",
                               timeout=15_000)

        # The calculator of version 2 fills version 2's cache; every cached byte is version 2's.
        open_calculator(page, base + "calculator/")
        page.wait_for_selector(OFFLINE_READY, timeout=30_000)
        assert cache_names(page) == [v2_cache]
        cached = cached_hashes(page)
        want = {served.url + path: digest for path, digest in {**v2["precache"], **v2["runtime"]}.items()}
        for url, digest in cached.items():
            key = url if url in want else url + "index.html"
            assert want.get(key) == digest, f"{url} is not version 2's"
        assert len(cached) == len(want)

        # And it works offline.
        go_offline(context, served)
        page.goto(base)
        assert V2_MARKER in page.inner_text("article")
        open_calculator(page, base + "calculator/")
        compute(page)
        assert watch.page_errors == []
    finally:
        context.close()
        served.reset()
        served.root = subpath_sites.v1


# ----------------------------------------------------------------------------- browser: the offline copy


@pytest.mark.browser
def test_offline_copy_works_from_a_folder(chromium: Any, built_site: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(built_site / offline_copy.ZIP_URI) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / offline_copy.ZIP_FOLDER
    with watched(chromium, **DESKTOP) as watch:
        page = watch.page
        page.goto(folder.joinpath("index.html").as_uri())
        assert page.inner_text("h1").strip()
        page.goto(folder.joinpath("glossary.html").as_uri())
        assert "Glossary" in page.inner_text("h1")

        results = search(page, "Monckeberg")
        assert results[0].split("?")[0] == folder.joinpath("entities/monckeberg-sclerosis.html").as_uri()

        started = time.monotonic()
        page.goto(folder.joinpath("calculator.html").as_uri())
        page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
        print(f"\nfile:// calculator ready in {time.monotonic() - started:.2f} s "
              f"(page: {page.get_attribute(ROOT, 'data-ready-ms')} ms)")
        compute(page)
        link = page.locator("[data-entity] a").first.get_attribute("href")
        assert link == "entities/cysticercosis.html"
        assert not page.locator("[data-stc-offline]").is_visible()  # no service worker here

        foreign = [url for url in watch.requests if not url.startswith(("file:", "data:", "blob:", "about:"))]
        assert foreign == []
        assert watch.page_errors == []
        assert watch.console_errors == []


@pytest.mark.browser
def test_offline_copy_says_how_to_open_it_when_the_calculator_cannot_start(
    chromium: Any, built_site: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(built_site / offline_copy.ZIP_URI) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / offline_copy.ZIP_FOLDER
    (folder / offline_copy.RUNTIME_DATA).unlink()
    context = chromium.new_context(**PHONE)
    page = context.new_page()
    try:
        page.goto(folder.joinpath("calculator.html").as_uri())
        page.wait_for_selector(f'{ROOT}[data-state="error"]', timeout=30_000)
        text = page.inner_text('[data-stc="status"]')
        assert "python3 -m http.server" in text
        assert "The calculator could not start from this folder." in text, text
        # The Portuguese page says it in Portuguese (calc/text_start.py, written into the page).
        page.goto(folder.joinpath("pt", "calculator.html").as_uri())
        page.wait_for_selector(f'{ROOT}[data-state="error"]', timeout=30_000)
        text = page.inner_text('[data-stc="status"]')
        assert "A calculadora não conseguiu iniciar a partir desta pasta." in text, text
        assert "O navegador não carregou runtime-data.js da pasta." in text, text
        assert "python3 -m http.server" in text and "folder" not in text, text
    finally:
        context.close()
