"""Content security policy and third-party gates.

Content security policy (build_tools/csp.py writes it): every page declares, in a
``<meta http-equiv>`` ahead of anything it governs, the one site-wide policy that allows
the site's own origin only (script hashes for Material's inline scripts, never
``'unsafe-inline'`` for scripts). In Chromium, every page is loaded, Material's instant
navigation is followed, search is used and the calculator is run to a result; no policy
violation may be reported (``securitypolicyviolation`` events of the document, console
messages of pages and workers). The same run is repeated with the policy a host should send
as a response header (README, "Publishing"), which also covers the calculator's worker.

No third-party request: during the same crawl every request of the context is recorded (the
pages', the calculator's worker's, the search worker's and the service worker's: Playwright
reports all of them to the context) and must go to the site's own origin (or be
``data:``/``blob:``). Links that would make the browser connect elsewhere without a request
event (preconnect, prefetch) are excluded statically by test_site_build.py.
"""

from __future__ import annotations

import functools
import io
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import ServerFaults, SiteHandler, SiteServer

from build_tools import csp

pytestmark = pytest.mark.browser

CALCULATOR = "[data-stc-calculator]"
READY = f'{CALCULATOR}[data-state="ready"]'
BOOT_LIMIT_MS = 60_000
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')

_WATCH = """(() => {
  window.__stcCsp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__stcCsp.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`
      + ` at ${e.sourceFile || location.href}:${e.lineNumber} ${e.sample || ''}`);
  });
})();"""


# ------------------------------------------------------------------ the policy as built


def _policy_of(html: str) -> str:
    found = META.findall(html)
    assert len(found) == 1, f"{len(found)} policies"
    return found[0]


def _directives(policy: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        out[name] = sources
    return out


def test_every_page_declares_the_one_site_policy_first(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    policies = set()
    for file in pages:
        html = file.read_text(encoding="utf-8")
        policy = _policy_of(html)
        policies.add(policy)
        head = html[: html.index("<meta http-equiv=\"Content-Security-Policy\"")]
        assert re.search(r"<meta charset=", head), f"{file}: the charset must come first"
        assert not re.search(r"<(script|link|style|base)\b", head), f"{file}: something precedes the policy"
    assert len(policies) == 1, "one policy for every page (instant navigation stacks differing ones)"


def test_policy_allows_the_own_origin_only(built_site: Path) -> None:
    policy = _policy_of((built_site / "index.html").read_text(encoding="utf-8"))
    d = _directives(policy)
    assert d["default-src"] == ["'self'"]
    assert d["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in d["script-src"] and "'unsafe-eval'" not in d["script-src"]
    assert all(s.startswith("'sha256-") or s in ("'self'", "'wasm-unsafe-eval'") for s in d["script-src"])
    assert "'wasm-unsafe-eval'" in d["script-src"]
    assert d["style-src"] == ["'self'"]
    assert d["img-src"] == ["'self'", "data:"]
    assert d["worker-src"] == ["'self'", "blob:"]
    for name in ("connect-src", "manifest-src", "base-uri", "form-action", "font-src"):
        assert d[name] == ["'self'"], name
    assert d["object-src"] == ["'none'"]
    assert "frame-ancestors" not in d, "a <meta> policy cannot carry frame-ancestors"
    assert not re.search(r"https?:|\*", policy)


def test_every_inline_script_is_hashed_and_data_blocks_are_not(built_site: Path) -> None:
    hashes = set(_directives(_policy_of((built_site / "index.html").read_text(encoding="utf-8")))["script-src"])
    data_blocks = 0
    for file in sorted(built_site.rglob("*.html")):
        scan = csp.scan_page(file.read_text(encoding="utf-8"))
        assert scan.problems == [], f"{file}: {scan.problems}"
        for text in scan.inline_scripts:
            assert csp.script_hash(text) in hashes, f"{file}: inline script not in the policy: {text[:80]}"
        data_blocks += scan.data_blocks
        config = re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                           file.read_text(encoding="utf-8"), re.S)
        assert config and csp.script_hash(config.group(1)) not in hashes
    assert data_blocks >= 40


def test_scanner_refuses_what_the_policy_would_block(tmp_path: Path) -> None:
    assert csp.is_executable(None) and csp.is_executable(" Text/JavaScript ") and csp.is_executable("module")
    assert not csp.is_executable("application/json") and not csp.is_executable("text/javascript; x=1")
    page = tmp_path / "index.html"
    page.write_text('<!doctype html><html><head><meta charset="utf-8"><script>a()</script></head>'
                    '<body><p style="color:red" onclick="x()"><a href="javascript:alert(1)">x</a></p>'
                    '<style>p{}</style></body></html>', encoding="utf-8")
    with pytest.raises(csp.PolicyError) as caught:
        csp.apply_policy(tmp_path)
    message = str(caught.value)
    for expected in ("inline style", "inline event handler", "javascript: URL", "<style> element"):
        assert expected in message
    page.write_text('<!doctype html><html><head>\n  <meta charset="utf-8">\n<script>a()</script></head>'
                    '<body><script type="application/json">{}</script></body></html>', encoding="utf-8")
    first = csp.apply_policy(tmp_path)
    again = csp.apply_policy(tmp_path)  # idempotent: the policy is replaced, not added twice
    html = page.read_text(encoding="utf-8")
    assert first == again and html.count("Content-Security-Policy") == 1
    assert first.hashes == (csp.script_hash("a()"),) and first.data_blocks == 1
    assert html.index("Content-Security-Policy") < html.index("<script>")
    assert "frame-ancestors 'self'" in csp.header_policy(tmp_path)


# ------------------------------------------------------------------ the browser run


@dataclass
class Run:
    """What one visit of the whole site recorded."""

    origin: str
    violations: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0

    def foreign(self) -> list[str]:
        own = self.origin + "/"
        return sorted({u for u in self.requests
                       if not u.startswith(own) and not u.startswith(("data:", "blob:"))})


_CSP_TEXT = re.compile(r"Content[- ]Security[- ]Policy", re.I)


def visit_everything(browser: Any, base_url: str, site: Path) -> Run:
    """Every page by address, instant navigation, search, the calculator to a result."""
    run = Run(origin=base_url.rstrip("/"))
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(_WATCH)
    context.on("request", lambda r: run.requests.append(r.url))

    def console(where: str) -> Any:
        return lambda m: _CSP_TEXT.search(m.text) and run.violations.append(f"{where} console: {m.text}")

    page = context.new_page()
    page.set_default_timeout(20_000)
    page.on("console", console("page"))
    page.on("worker", lambda w: w.on("console", console(f"worker {w.url}")))
    started = time.monotonic()

    def collect(where: str) -> None:
        found = page.evaluate("window.__stcCsp || []")
        run.violations.extend(f"{where}: {v}" for v in found)
        page.evaluate("window.__stcCsp = []")

    try:
        urls = [f.relative_to(site).as_posix().removesuffix("index.html") for f in sorted(site.rglob("*.html"))]
        for url in urls:
            page.goto(base_url + url)
            collect(url or "home")
        run.pages = len(urls)

        # Instant navigation (the page content's inline script runs again): home, an entity
        # page, its calculator link; the calculator to a result; then search.
        page.goto(base_url)
        page.evaluate("window.__sameDocument = true")  # survives instant navigation only
        page.locator('.md-content a[href*="/entities/"]').first.click()  # instant: absolute
        page.wait_for_url(re.compile(r"/entities/"))
        # As a reader does: scroll, read a moment, follow the link. (With Material's
        # navigation.tracking on, the scrolled page's tracking stripped the calculator's state
        # from the address on arrival: the calculator then opened empty.)
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(400)
        page.locator('.md-content a[href*="calculator/#"]').first.click()
        page.wait_for_selector(READY, timeout=BOOT_LIMIT_MS)
        page.wait_for_selector("[data-entity]")
        assert page.evaluate("window.__sameDocument === true"), "expected instant navigation"
        page.fill("#stc-calcium", "10.5")
        page.fill("#stc-phosphate", "8")
        page.wait_for_selector("[data-product-mg2-dl2]")
        collect("instant navigation and calculator")
        page.locator(".md-search__input").click()
        page.locator(".md-search__input").press_sequentially("tophus", delay=20)
        page.wait_for_selector(".md-search-result__item")
        collect("search")
        assert page.evaluate("document.querySelectorAll('meta[http-equiv]').length") == 1
        run.seconds = time.monotonic() - started
    finally:
        context.close()
    return run


@pytest.fixture(scope="module")
def meta_run(chromium: Any, site_server: SiteServer) -> Run:
    run = visit_everything(chromium, site_server.url, site_server.root)
    print(f"\nCSP run (meta policy): {run.pages} pages, search, calculator; "
          f"{len(run.requests)} requests in {run.seconds:.1f} s")
    return run


def test_no_page_violates_its_policy(meta_run: Run) -> None:
    assert meta_run.pages >= 40
    assert meta_run.violations == [], "\n".join(meta_run.violations)


def test_no_request_leaves_the_site(meta_run: Run) -> None:
    assert any("/assets/pyodide/" in u for u in meta_run.requests), "the worker's requests were not seen"
    assert any(u.endswith("search_index.json") for u in meta_run.requests)
    assert any("/sw.js" in u for u in meta_run.requests), "the service worker's requests were not seen"
    assert meta_run.foreign() == [], meta_run.foreign()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser closing a connection mid-download is expected here


class _HeaderHandler(SiteHandler):
    """The test server's handler, plus the policy header a host should send on every file.

    It serves the session server's folder, whose sitemap names that server's origin: the
    sitemap is rewritten to this server's origin, or instant navigation would stay off.
    """

    policy = ""
    other_origin = ""

    def send_head(self):  # type: ignore[no-untyped-def]
        if self._path() != "/sitemap.xml" or not self.other_origin:
            return super().send_head()
        host, port = self.server.server_address[:2]
        own = f"http://{host}:{port}/"
        body = Path(self.translate_path("/sitemap.xml")).read_bytes().replace(
            self.other_origin.encode(), own.encode())
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()


@pytest.fixture(scope="module")
def header_server(site_server: SiteServer) -> Iterator[str]:
    handler = type("Handler", (_HeaderHandler,), {
        "faults": ServerFaults(), "policy": csp.header_policy(site_server.root),
        "other_origin": site_server.url})
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site_server.root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_the_documented_header_policy_also_holds(chromium: Any, header_server: str, site_server: SiteServer) -> None:
    """README's header (on every response, so on the worker's script too): nothing is blocked."""
    run = visit_everything(chromium, header_server, site_server.root)
    print(f"\nCSP run (header policy): {run.pages} pages in {run.seconds:.1f} s")
    assert run.violations == [], "\n".join(run.violations)
    assert run.foreign() == []


def test_a_policy_without_wasm_stops_the_worker(chromium: Any, site_server: SiteServer) -> None:
    """The gate can fail: a worker script served with a policy lacking 'wasm-unsafe-eval'."""
    handler = type("Handler", (_HeaderHandler,), {
        "faults": ServerFaults(), "policy": "default-src 'self'; script-src 'self'"})
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site_server.root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = chromium.new_context(service_workers="block")
    messages: list[str] = []
    try:
        page = context.new_page()
        page.on("worker", lambda w: w.on("console", lambda m: messages.append(m.text)))
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/calculator/")
        page.wait_for_selector(f'{CALCULATOR}[data-state="error"]', timeout=BOOT_LIMIT_MS)
        assert any(_CSP_TEXT.search(m) for m in messages), messages
    finally:
        context.close()
        server.shutdown()
        server.server_close()
