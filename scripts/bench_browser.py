"""Time the calculator page against a bare stock Pyodide page in Chromium (prints figures; not a test).

Builds the site (`mkdocs build`, which places the calculator runtime), copies the stock Pyodide
runtime vendored from node_modules/pyodide (0.29.5; the issue's ratios used a 0.25.1 bare page)
beside a bare page that boots it on the main thread and runs one line, and serves both from one
local server (scripts/bench_support.py): gzip when asked, application/wasm, the cache headers a
good host sends, and, for the throttled runs, a phone-like link (bandwidth shared by all
connections plus latency per request) made in the server, because Chromium's own throttling does
not reach a service worker's fetches.

Two more pages, for information only: "worker" starts the calculator's worker with no theme,
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
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

import bench_engines  # noqa: E402
from bench_support import BenchServer, Sent, probe_script, running  # noqa: E402

from build_tools.runtime import PYODIDE_VERSION, pyodide_package  # noqa: E402
from build_tools.sitebuild import CHROMIUM_ARGS  # noqa: E402

PHONE = {  # as tests/conftest.py
    "viewport": {"width": 393, "height": 851},
    "device_scale_factor": 2.75,
    "is_mobile": True,
    "has_touch": True,
}
CALCULATOR_FRAGMENT = "calculator/#calcium=10.5&phosphate=8&pattern=rice-grain"
BARE_PREFIX = "/_bench/bare/"
WORKER_PREFIX = "/_bench/worker/"
RUNTIME_PREFIX = "/_bench/runtime/"
STOCK_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
               "pyodide-lock.json")
BARE_PAGE = """<!doctype html><meta charset="utf-8"><title>bare Pyodide %(version)s</title>
<link rel="icon" href="data:,">
<script src="pyodide/%(version)s/pyodide.js"></script>
<script>
loadPyodide({ indexURL: new URL("pyodide/%(version)s/", location.href).href }).then(
  (pyodide) => {
    const out = document.createElement("output");
    out.setAttribute("data-bench-result", String(pyodide.runPython("1+1")));
    out.setAttribute("data-bench-ms", String(performance.now()));  // for bench_engines.py
    (document.body || document.documentElement).appendChild(out);
  },
  (error) => document.documentElement.setAttribute("data-bench-error", String(error)));
</script>
"""
WORKER_PAGE = """<!doctype html><meta charset="utf-8"><title>calculator worker alone</title>
<link rel="icon" href="data:,">
<script>
const worker = new Worker("../../assets/js/calc-worker.js");
worker.onmessage = (event) => {
  const data = event.data || {};
  if (data.id === 1) {
    const out = document.createElement("output");
    out.setAttribute("data-bench-result", "1");
    document.body.appendChild(out);
  } else if (data.type === "error") {
    document.documentElement.setAttribute("data-bench-error", String(data.message));
  }
};
worker.postMessage({ type: "start", settings: %(settings)s });
worker.postMessage({ id: 1, request: { action: "compute", fragment: "%(fragment)s" } });
</script>
"""
"""For information: the calculator's worker and its first answer with no theme, no page and no
service worker around it (the floor the calculator page could reach on this machine)."""
RUNTIME_PAGE = """<!doctype html><meta charset="utf-8"><title>Pyodide alone in a worker</title>
<link rel="icon" href="data:,">
<script>
const worker = new Worker("runtime-worker.js");
worker.onmessage = (event) => {
  if ("result" in event.data) {
    const out = document.createElement("output");
    out.setAttribute("data-bench-result", String(event.data.result));
    document.body.appendChild(out);
  } else {
    document.documentElement.setAttribute("data-bench-error", String(event.data.error));
  }
};
</script>
"""
RUNTIME_WORKER = """importScripts(%(index)s + "pyodide.js");
loadPyodide({ indexURL: %(index)s, stdLibURL: %(stdlib)s, lockFileURL: %(lock)s }).then(
  (pyodide) => postMessage({ result: String(pyodide.runPython("1+1")) }),
  (error) => postMessage({ error: String(error) }));
"""
"""For information: the vendored Pyodide alone in a worker, with the site's compiled and cut standard
library but no wheel and no calculator, running one line: the runtime's own floor."""
IMMUTABLE = re.compile(
    r"^/(assets/pyodide/[^/]+/|assets/calc/[0-9a-f]{16}/|_bench/bare/pyodide/[^/]+/)"
    r"|\.[0-9a-f]{8,}\.min\.(js|css)$"
)
"""Versioned or content-hashed paths: cached for a year. Everything else: no-cache + ETag."""

LONG_TASK_LIMIT_MS = 50.0
PAGES = ("calculator", "bare", "worker", "runtime")
COMPARED = ("calculator", "bare")  # the targets; "worker" and "runtime" are for information
KINDS = ("cold", "warm", "snapshot", "throttled")
"""snapshot: a third visit (second warm start), once the worker has kept its memory snapshot."""
SNAPSHOT_CACHE = "stc-guide-snapshot:/"


@dataclass
class Visit:
    first_result_ms: float
    bytes_total: int
    raw_total: int  # the same responses uncompressed
    gzip_total: int  # and gzipped where a host would
    raw_by_result: int
    gzip_by_result: int
    bytes_by_result: int
    requests: int
    longest_task_ms: float
    tasks_over_limit: int
    service_worker: str  # "none", "registered", "controlling"
    worker_ready_ms: float | None  # calculator: its worker said "ready" (ms from navigation)
    started_early: bool | None  # calculator: calc-early.js started the worker from the <head>
    snapshot: bool | None  # calculator: its worker restored the memory snapshot
    quiet: bool  # the network went quiet before the limit (bytes_total is complete)
    responses: list[Sent] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def build_site(target: Path) -> None:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    command = [str(mkdocs)] if mkdocs.exists() else [sys.executable, "-m", "mkdocs"]
    result = subprocess.run([*command, "build", "--clean", "-d", str(target)], cwd=REPO_ROOT,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build failed:\n{result.stdout}{result.stderr}")


def make_bare_page(folder: Path) -> None:
    source = pyodide_package()
    runtime = folder / "pyodide" / PYODIDE_VERSION
    runtime.mkdir(parents=True)
    for name in STOCK_FILES:
        shutil.copyfile(source / name, runtime / name)
    (folder / "index.html").write_text(BARE_PAGE % {"version": PYODIDE_VERSION}, encoding="utf-8")


def make_worker_page(folder: Path, site: Path) -> None:
    settings = (site / "assets" / "calc" / "runtime.json").read_text(encoding="utf-8")
    fragment = CALCULATOR_FRAGMENT.split("#", 1)[1]
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(WORKER_PAGE % {"settings": settings.strip(), "fragment": fragment},
                                       encoding="utf-8")


def make_runtime_page(folder: Path, site: Path) -> None:
    settings = json.loads((site / "assets" / "calc" / "runtime.json").read_text(encoding="utf-8"))
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(RUNTIME_PAGE, encoding="utf-8")
    (folder / "runtime-worker.js").write_text(RUNTIME_WORKER % {
        key: json.dumps("/" + settings[name])
        for key, name in (("index", "indexURL"), ("stdlib", "stdLibURL"), ("lock", "lockFileURL"))
    }, encoding="utf-8")


def wait_for_snapshot(context: Any, url: str, limit_s: float = 60) -> bool:
    """Wait until the calculator's worker has kept its memory snapshot (Cache Storage)."""
    page = context.new_page()
    try:
        page.goto(url.split("#")[0].rsplit("/calculator/", 1)[0] + "/404.html", wait_until="commit")
        return bool(page.evaluate("""async ([name, limit]) => {
            for (const end = Date.now() + limit; Date.now() < end;) {
                const cache = await caches.open(name);
                if ((await cache.keys()).length) return true;
                await new Promise((resolve) => setTimeout(resolve, 250));
            }
            return false;
        }""", [SNAPSHOT_CACHE, limit_s * 1000]))
    finally:
        page.close()


def visit(context: Any, server: BenchServer, url: str, timeout_s: float, quiet_limit_s: float) -> Visit:
    """Open ``url`` in a new tab of ``context``; measure until the network is quiet."""
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
        snapshot = page.evaluate("() => window.__stcCalc ? window.__stcCalc.snapshot === true : null")
        registrations = page.evaluate(
            "() => navigator.serviceWorker ? navigator.serviceWorker.getRegistrations()"
            ".then(r => r.length) : 0")
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
                    self.visits[page, "cold"].append(
                        visit(context, self.server, self.urls[page], timeout, 15))
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


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def spread(values: list[float], digits: int = 0) -> str:
    if not values:
        return "-"
    return f"{median(values):.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def chromium_version(binary: str) -> str:
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        return f"unknown ({exc})"
    return out.strip() or "unknown"


def print_environment(options: argparse.Namespace, user_agent: str) -> None:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        model = found.group(1).strip() if found else ""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "-"
    engine = re.search(r"(?:Headless)?Chrome/[\d.]+", user_agent)
    print("Environment")
    print(f"  Chromium   {chromium_version(options.chromium)} ({options.chromium}); "
          f"page sees {engine.group(0) if engine else user_agent or '?'}")
    print(f"  CPU        {usable} usable cores of {os.cpu_count()}{'; ' + model if model else ''}; "
          f"load average {load}")
    print(f"  System     {platform.platform()}; Python {platform.python_version()}")
    print(f"  Browser    headless, phone viewport {PHONE['viewport']['width']}×"
          f"{PHONE['viewport']['height']} @{PHONE['device_scale_factor']}x, args "
          f"{' '.join(CHROMIUM_ARGS)}")
    print(f"  Network    localhost; throttled runs: {options.kbps:g} kB/s ({options.kbps * 8 / 1000:.1f} "
          f"Mbit/s) shared, +{options.latency_ms:g} ms per request, in the server")
    print(f"  Runs       {options.runs} cold+warm per page, {options.throttled_runs} throttled cold; medians\n")


def print_breakdown(visit_: Visit, title: str, rows: int = 8) -> None:
    print(f"{title}: {visit_.requests} responses, {visit_.bytes_total / 1000:,.1f} kB")
    ordered = sorted(visit_.responses, key=lambda r: -r.body_bytes)
    for sent in ordered[:rows]:
        print(f"  {sent.body_bytes / 1000:>9,.1f} kB  {sent.status}  {sent.encoding or 'identity':8}  {sent.path}")
    rest = ordered[rows:]
    if rest:
        print(f"  {sum(r.body_bytes for r in rest) / 1000:>9,.1f} kB  ({len(rest)} more responses)")


def report(bench: Bench) -> None:
    options = bench.options
    visits = bench.visits
    print()
    print_environment(options, bench.user_agent)
    for page in PAGES:
        if visits[page, "cold"]:
            print_breakdown(visits[page, "cold"][0], f"Cold {page} visit, run 1, by response size")
    print()
    header = (f"{'page':10} {'visit':16} {'first result ms':>22} {'kB by result':>13} {'kB total':>10} "
              f"{'reqs':>5} {'longest task ms':>20} {'>50ms':>7}  SW")
    print(header)
    print("-" * len(header))
    for page in PAGES:
        for kind in KINDS:
            runs = visits[page, kind]
            if not runs:
                continue
            label = {"cold": "cold", "warm": "warm", "snapshot": "snapshot (3rd)",
                     "throttled": f"cold {options.kbps:g}kB/s"}[kind]
            sw = sorted({v.service_worker for v in runs})
            incomplete = "" if all(v.quiet for v in runs) else "+"
            print(f"{page:10} {label:16} {spread([v.first_result_ms for v in runs]):>22} "
                  f"{median([v.bytes_by_result for v in runs]) / 1000:>13,.1f} "
                  f"{median([v.bytes_total for v in runs]) / 1000:>9,.1f}{incomplete or ' '} "
                  f"{median([v.requests for v in runs]):>5.0f} "
                  f"{spread([v.longest_task_ms for v in runs]):>20} "
                  f"{median([v.tasks_over_limit for v in runs]):>7.0f}  {'/'.join(sw)}")
    print("first result: ms from navigation (median, min–max); kB: response bodies as sent "
          "(gzip where asked), counted by the server\n(by result: finished by the first result; "
          "total: until the network was quiet); longest task: main thread, before the first "
          "result\n(0 = none over 50 ms); SW: service worker at the first result "
          "(registered = only after it)")
    ready = {kind: [v.worker_ready_ms for v in visits["calculator", kind] if v.worker_ready_ms is not None]
             for kind in KINDS}
    if any(ready.values()):
        print("calculator worker \"ready\", ms from navigation: " + ", ".join(
            f"{kind} {median(values):.0f}" for kind, values in ready.items() if values))
    for kind in ("cold", "warm", "snapshot"):
        runs = visits["calculator", kind]
        if runs:
            restored = sum(1 for v in runs if v.snapshot)
            print(f"calculator {kind}: worker restored the memory snapshot in {restored} of {len(runs)} visits")
    for kind in ("cold", "warm"):
        runs = visits["calculator", kind]
        if runs:
            early = sum(1 for v in runs if v.started_early)
            print(f"calculator {kind}: worker started from the page's <head> (calc-early.js) in "
                  f"{early} of {len(runs)} visits")
    if any(not v.quiet for runs in visits.values() for v in runs):
        print("+ the network was still busy when the wait ended: the total is a lower bound")

    def med(page: str, kind: str, key: str) -> float:
        return median([float(getattr(v, key)) for v in visits[page, kind]])

    print("\nTargets (medians; first-visit bytes: those finished by the first result, then all of the"
          " visit, which on the calculator page includes the service worker's copy of the whole guide)")
    checks = [
        ("warm first result: calculator / bare", med("calculator", "warm", "first_result_ms"),
         med("bare", "warm", "first_result_ms"), 0.35),
        ("cold first result: calculator / bare", med("calculator", "cold", "first_result_ms"),
         med("bare", "cold", "first_result_ms"), 0.6),
        ("first-visit bytes raw: calculator / bare", med("calculator", "cold", "raw_by_result"),
         med("bare", "cold", "raw_by_result"), 0.9),
        ("first-visit bytes gzip: calculator / bare", med("calculator", "cold", "gzip_by_result"),
         med("bare", "cold", "gzip_by_result"), 0.9),
        ("  the same with the guide's offline copy, raw", med("calculator", "cold", "raw_total"),
         med("bare", "cold", "raw_total"), 0.9),
        ("  the same with the guide's offline copy, gzip", med("calculator", "cold", "gzip_total"),
         med("bare", "cold", "gzip_total"), 0.9),
    ]
    for name, mine, theirs, target in checks:
        ratio = mine / theirs if theirs else float("nan")
        verdict = "PASS" if ratio <= target else "MISS"
        print(f"  {name:40} {mine:>12,.0f} / {theirs:>12,.0f} = {ratio:6.3f}  "
              f"(target ≤ {target:.2f})  {verdict}")
    worst_kind = max((k for k in KINDS if visits["calculator", k]),
                     key=lambda k: med("calculator", k, "longest_task_ms"))
    longest = med("calculator", worst_kind, "longest_task_ms")
    verdict = "PASS" if longest <= LONG_TASK_LIMIT_MS else "MISS"
    print(f"  {'longest main-thread task, calculator':40} {longest:>12,.0f} ms ({worst_kind}, "
          f"the worst visit kind)      (target ≤ {LONG_TASK_LIMIT_MS:.0f} ms)  {verdict}")
    print("\nFor information (no target)")
    if visits["calculator", "snapshot"] and visits["bare", "warm"]:
        mine, theirs = med("calculator", "snapshot", "first_result_ms"), med("bare", "warm", "first_result_ms")
        print(f"  {'snapshot start (3rd visit) / bare warm':40} {mine:>12,.0f} / {theirs:>12,.0f} = "
              f"{mine / theirs:6.3f}")
    for kind, key, what in (("throttled", "first_result_ms", "throttled cold first result"),
                            ("throttled", "bytes_total", "throttled cold bytes")):
        if visits["calculator", kind] and visits["bare", kind]:
            mine, theirs = med("calculator", kind, key), med("bare", kind, key)
            print(f"  {what + ': calculator / bare':40} {mine:>12,.0f} / {theirs:>12,.0f} = "
                  f"{mine / theirs:6.3f}")
    for page, what in (("worker", "calculator worker alone: no theme, page or service worker"),
                       ("runtime", "Pyodide alone in a worker, one line: the runtime's floor")):
        for kind in ("cold", "warm"):
            if visits[page, kind] and visits["bare", kind]:
                mine, theirs = med(page, kind, "first_result_ms"), med("bare", kind, "first_result_ms")
                print(f"  {kind + ' first result: ' + page + ' / bare':40} {mine:>12,.0f} / {theirs:>12,.0f} = "
                      f"{mine / theirs:6.3f}  ({what})")
    calc_sw = {v.service_worker for k in KINDS for v in visits["calculator", k]}
    print(f"  service worker on the calculator page: "
          f"{'none was registered' if calc_sw == {'none'} else ', '.join(sorted(calc_sw))}")
    problems = sorted({p for runs in visits.values() for v in runs for p in v.problems})
    if problems:
        print("\nErrors the pages logged (first 10):")
        for problem in problems[:10]:
            print(f"  {problem[:300]}")


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
        make_worker_page(tmp / "worker", site)
        make_runtime_page(tmp / "runtime", site)
        mounts = {"/": site, BARE_PREFIX: tmp / "bare", WORKER_PREFIX: tmp / "worker",
                  RUNTIME_PREFIX: tmp / "runtime"}
        with running(mounts, IMMUTABLE) as server, \
                sync_playwright() as playwright:
            print(f"serving {site} and the bare page at {server.origin}; measuring…", flush=True)
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
