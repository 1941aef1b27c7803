"""Time the calculator page against a bare stock Pyodide page in Chromium (prints figures; not a test).

Builds the site (`mkdocs build`, which places the calculator runtime), copies stock Pyodide
0.25.1 (node_modules/pyodide-0.25.1, the runtime of issue 14's ratios) beside a bare page that
boots it on the main thread and runs one line, and serves both from one local server
(scripts/bench_support.py): gzip when asked, application/wasm, the cache headers a good host
sends, TCP_NODELAY, and, for the throttled runs, a phone-like link (bandwidth shared by all
connections plus latency per request) made in the server, because Chromium's own throttling
does not reach a service worker's fetches.

Three more pages, for information only: "bare-same" is the bare page on the calculator's own
runtime (0.29.5, node_modules/pyodide); "worker" starts the calculator's worker with no theme,
page or service worker around it and waits for its first answer (what the calculator page
could reach without the page competing with its worker for the CPU); "runtime" boots Pyodide
alone in a worker, with the site's standard library, no wheel, and runs one line (the floor of
any calculator built on this runtime in a worker).

One script run, one server and one Chromium binary measure, per run and for each page:

- cold: a fresh on-disk profile (empty HTTP cache, no service worker), first visit;
- warm: a second visit in a new tab of the same profile (HTTP cache filled);
- cold over the throttled link (another fresh profile; calculator and bare page only).

For each visit: ms from navigation to the first result (calculator: the Ca × P product and the
first ranked entity in the DOM, from a link fragment; bare page: runPython("1+1") returned),
body bytes the server sent (all requests of the page, its worker and any service worker, until
the network is quiet; also those finished by the first result), the longest main-thread task
before the first result and the number over 50 ms (PerformanceObserver "longtask",
buffered), and whether a service worker was registered or controlling. Medians over runs.
Then the same comparison in Firefox and WebKit (scripts/bench_engines.py): warm and cold first
result and first-visit bytes, calculator / bare. Targets: warm ≤ 0.35, cold ≤ 0.6, first-visit
bytes ≤ 0.9 (raw and gzip), no main-thread task over 50 ms.

    .venv/bin/python scripts/bench_browser.py [--runs 3] [--kbps 200] [--latency-ms 150]

Needs: `npm ci` (node_modules/pyodide), the dev venv (mkdocs, playwright), /usr/bin/chromium.
The comparison pages are made in scripts/bench_pages.py, the figures printed by
scripts/bench_report.py.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

import bench_engines  # noqa: E402
from bench_pages import (  # noqa: E402
    BARE_PREFIX,
    CALCULATOR_FRAGMENT,
    COMPARED,
    PAGES,
    PHONE,
    RUNTIME_PREFIX,
    SAME_PREFIX,
    WORKER_PREFIX,
    build_site,
    make_bare_page,
    make_runtime_page,
    make_worker_page,
)
from bench_report import KINDS, LONG_TASK_LIMIT_MS, Visit, report  # noqa: E402
from bench_support import BenchServer, probe_script, running  # noqa: E402

from build_tools.sitebuild import CHROMIUM_ARGS  # noqa: E402

IMMUTABLE = re.compile(
    r"^/(assets/pyodide/[^/]+/|assets/calc/[0-9a-f]{16}/|_bench/bare(-same)?/pyodide/[^/]+/)"
    r"|\.[0-9a-f]{8,}\.min\.(js|css)$"
)
"""Versioned or content-hashed paths: cached for a year. Everything else: no-cache + ETag."""

SNAPSHOT_CACHE = "stc-guide-snapshot:/"


SNAPSHOT_KEPT = """async ([name, limit]) => {
    for (const end = Date.now() + limit; Date.now() < end;) {
        const cache = await caches.open(name);
        if ((await cache.keys()).length) return true;
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return false;
}"""
"""In a page of the site: waits until the calculator's worker has kept its memory snapshot."""


def wait_for_snapshot(context: Any, url: str, limit_s: float = 60) -> bool:
    """Wait until the calculator's worker has kept its memory snapshot (Cache Storage)."""
    page = context.new_page()
    try:
        page.goto(url.split("#")[0].rsplit("/calculator/", 1)[0] + "/404.html", wait_until="commit")
        return bool(page.evaluate(SNAPSHOT_KEPT, [SNAPSHOT_CACHE, limit_s * 1000]))
    finally:
        page.close()


def visit(context: Any, server: BenchServer, url: str, timeout_s: float, quiet_limit_s: float,
          keep_snapshot: bool = False) -> Visit:
    """Open ``url`` in a new tab of ``context``; measure until the network is quiet. With
    ``keep_snapshot`` the tab stays open until its worker has kept the memory snapshot (the
    worker page's worker is ended with its tab, before it could keep it)."""
    problems: list[str] = []
    server.meter.reset()
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("worker", lambda w: w.on("console", lambda m: m.type == "error"
                                     and problems.append(f"worker console: {m.text}")))
    try:
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_function(
            "() => window.__bench && (window.__bench.firstResult !== null || window.__bench.error !== null)",
            timeout=timeout_s * 1000, polling=200)
        quiet = server.meter.wait_quiet(0.75, quiet_limit_s)
        bench: dict[str, Any] = page.evaluate("window.__bench")
        worker_ready = page.evaluate(
            "() => { const c = window.__stcCalc; return c && typeof c.readyMs === 'number'"
            " ? c.startedAt + c.readyMs : null; }")
        started_early = page.evaluate(
            "() => window.__stcCalc ? window.__stcCalc.startedEarly === true : null")
        # The calculator page's worker, or the worker page's (bench_pages.WORKER_PAGE) says so.
        snapshot = page.evaluate(
            "() => window.__stcCalc ? window.__stcCalc.snapshot === true"
            " : document.documentElement.hasAttribute('data-bench-snapshot')"
            " ? document.documentElement.getAttribute('data-bench-snapshot') === 'true' : null")
        registrations = page.evaluate(
            "() => navigator.serviceWorker ? navigator.serviceWorker.getRegistrations()"
            ".then(r => r.length) : 0")
        if keep_snapshot:
            page.evaluate(SNAPSHOT_KEPT, [SNAPSHOT_CACHE, 60_000])
    finally:
        page.close()
    if bench["firstResult"] is None:
        raise SystemExit(f"{url}: the page reported an error: {bench['error']}\n" + "\n".join(problems))
    first = float(bench["firstResult"])
    result_at = (float(bench["timeOrigin"]) + first) / 1000  # epoch seconds, as the server's
    responses = server.meter.responses()
    tasks = [duration for start, duration in (bench["longTasks"] or []) if start < first]
    if bench["longTasks"] is None:
        problems.append("no longtask support: task figures are missing")
    return Visit(
        first_result_ms=first,
        bytes_total=sum(r.body_bytes for r in responses),
        raw_total=sum(r.raw_bytes for r in responses),
        gzip_total=sum(r.gzip_bytes for r in responses),
        raw_by_result=sum(r.raw_bytes for r in responses if r.finished <= result_at),
        gzip_by_result=sum(r.gzip_bytes for r in responses if r.finished <= result_at),
        bytes_by_result=sum(r.body_bytes for r in responses if r.finished <= result_at),
        requests=len(responses),
        longest_task_ms=max(tasks, default=0.0),
        tasks_over_limit=sum(1 for t in tasks if t > LONG_TASK_LIMIT_MS),
        service_worker="controlling" if bench["controlled"] else "registered" if registrations else "none",
        worker_ready_ms=worker_ready,
        started_early=started_early,
        snapshot=snapshot,
        quiet=quiet,
        responses=responses,
        problems=problems,
    )


class Bench:
    def __init__(self, options: argparse.Namespace, server: BenchServer, tmp: Path, playwright: Any) -> None:
        self.options = options
        self.server = server
        self.tmp = tmp
        self.playwright = playwright
        self.urls = {"calculator": f"{server.origin}/{CALCULATOR_FRAGMENT}",
                     "bare": f"{server.origin}{BARE_PREFIX}",
                     "bare-same": f"{server.origin}{SAME_PREFIX}",
                     "worker": f"{server.origin}{WORKER_PREFIX}",
                     "runtime": f"{server.origin}{RUNTIME_PREFIX}"}
        self.visits: dict[tuple[str, str], list[Visit]] = {(p, k): [] for p in PAGES for k in KINDS}
        self.profiles = 0
        self.user_agent = ""

    def fresh_context(self) -> Any:
        # A profile on disk: an in-memory (incognito) cache keeps no large file, so warm visits
        # need one; a new folder per context is a cold start with no service worker.
        self.profiles += 1
        context = self.playwright.chromium.launch_persistent_context(
            self.tmp / f"profile-{self.profiles}",
            executable_path=self.options.chromium,
            args=CHROMIUM_ARGS,
            headless=True,
            service_workers="allow",
            **PHONE,
        )
        context.add_init_script(script=probe_script(int(self.options.timeout * 1000)))
        return context

    def run(self) -> None:
        timeout = self.options.timeout
        for run in range(self.options.runs):
            for page in PAGES if run % 2 == 0 else PAGES[::-1]:  # alternate the order
                context = self.fresh_context()
                try:
                    if not self.user_agent:
                        self.user_agent = context.pages[0].evaluate("navigator.userAgent") \
                            if context.pages else ""
                    # The worker page's tab stays open until its worker has kept the snapshot,
                    # so that its second visit is a snapshot start, as the calculator page's is
                    # (bench_report prints how many were).
                    self.visits[page, "cold"].append(
                        visit(context, self.server, self.urls[page], timeout, 15,
                              keep_snapshot=page == "worker"))
                    time.sleep(1.0)  # let the cache settle, as between two real visits
                    self.visits[page, "warm"].append(
                        visit(context, self.server, self.urls[page], timeout, 15))
                    if page == "calculator" and wait_for_snapshot(context, self.urls[page]):
                        self.visits[page, "snapshot"].append(
                            visit(context, self.server, self.urls[page], timeout, 15))
                finally:
                    context.close()
            print(f"  run {run + 1}/{self.options.runs} done", flush=True)
        if self.options.kbps <= 0:
            return
        for run in range(self.options.throttled_runs):
            for page in COMPARED if run % 2 == 0 else COMPARED[::-1]:
                context = self.fresh_context()
                self.server.link.configure(self.options.kbps * 1000, self.options.latency_ms / 1000)
                try:
                    self.visits[page, "throttled"].append(
                        visit(context, self.server, self.urls[page], timeout, 90))
                finally:
                    self.server.link.configure(0, 0)
                    context.close()
            print(f"  throttled run {run + 1}/{self.options.throttled_runs} done", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="cold+warm runs per page (default 3)")
    parser.add_argument("--throttled-runs", type=int, default=None,
                        help="throttled cold runs per page (default: --runs)")
    parser.add_argument("--kbps", type=float, default=200,
                        help="throttled link, kB/s (1 kB = 1000 B; default 200 ≈ 1.6 Mbit/s, "
                             "'Fast 4G'); 0 skips the throttled runs")
    parser.add_argument("--latency-ms", type=float, default=150,
                        help="throttled link: added before each response (default 150)")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per visit")
    parser.add_argument("--engines", default="firefox,webkit",
                        help="other engines to measure, comma-separated ('' for none; see bench_engines.py)")
    parser.add_argument("--engine-runs", type=int, default=2, help="cold+warm runs per page and engine")
    parser.add_argument("--site", type=Path,
                        help="an already built site to measure (default: build one with mkdocs)")
    options = parser.parse_args()
    if options.throttled_runs is None:
        options.throttled_runs = options.runs
    if options.runs < 1:
        parser.error("--runs must be at least 1")

    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    with TemporaryDirectory(prefix="stc-bench-") as tmp_name:
        tmp = Path(tmp_name)
        if options.site is None:
            site = tmp / "site"
            print("building the site…", flush=True)
            build_site(site)
        else:
            site = options.site.resolve()
        if not (site / "calculator" / "index.html").is_file() or not (
                site / "assets" / "calc" / "runtime.json").is_file():
            raise SystemExit(f"{site} has no calculator page or no calculator runtime")
        make_bare_page(tmp / "bare")
        make_bare_page(tmp / "bare-same", same_runtime=True)
        make_worker_page(tmp / "worker", site)
        make_runtime_page(tmp / "runtime", site)
        mounts = {"/": site, BARE_PREFIX: tmp / "bare", SAME_PREFIX: tmp / "bare-same",
                  WORKER_PREFIX: tmp / "worker", RUNTIME_PREFIX: tmp / "runtime"}
        with running(mounts, IMMUTABLE) as server, \
                sync_playwright() as playwright:
            print(f"serving {site} and the bare pages at {server.origin}; measuring…", flush=True)
            bench = Bench(options, server, tmp, playwright)
            bench.run()
            report(bench)
            engines = [name for name in options.engines.split(",") if name.strip()]
            if engines:
                print(f"\nmeasuring {', '.join(engines)}…", flush=True)
                bench_engines.report(bench_engines.measure(server, bench.urls, engines, options.engine_runs),
                                     engines)
    print(f"\n(benchmark took {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
