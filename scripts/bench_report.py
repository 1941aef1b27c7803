"""The figures of scripts/bench_browser.py: what one visit records, and the printed report.

Why a module of its own: turning the visits into medians, a table and target verdicts (and
describing the machine they were measured on) is a job apart from driving Chromium through
the visits; bench_browser.py measures and hands its Bench here.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bench_pages import BARE_VERSION, PAGES, PHONE
from bench_support import Sent

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from build_tools.sitebuild import CHROMIUM_ARGS  # noqa: E402
from build_tools.stdlib_zip import PYODIDE_VERSION  # noqa: E402

if TYPE_CHECKING:
    from bench_browser import Bench

LONG_TASK_LIMIT_MS = 50.0
KINDS = ("cold", "warm", "snapshot", "throttled")
"""snapshot: a third visit (second warm start), once the worker has kept its memory snapshot."""


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
    for page, kind in (("calculator", "cold"), ("calculator", "warm"), ("calculator", "snapshot"),
                       ("worker", "warm")):
        runs = visits[page, kind]
        if runs:
            restored = sum(1 for v in runs if v.snapshot)
            print(f"{page} {kind}: worker restored the memory snapshot in {restored} of {len(runs)} visits")
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

    print(f"\nbare: stock Pyodide {BARE_VERSION} on the main thread (the issue's ratios); bare-same: "
          f"the same page on the calculator's Pyodide {PYODIDE_VERSION}")
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
    def ratio(label: str, page: str, kind: str, base: str, base_kind: str, key: str, note: str = "") -> None:
        """One "for information" line: ``page``'s median over ``base``'s, when both were measured."""
        if visits[page, kind] and visits[base, base_kind]:
            mine, theirs = med(page, kind, key), med(base, base_kind, key)
            print(f"  {label:40} {mine:>12,.0f} / {theirs:>12,.0f} = {mine / theirs:6.3f}"
                  + (f"  ({note})" if note else ""))

    ratio("snapshot start (3rd visit) / bare warm", "calculator", "snapshot", "bare", "warm",
          "first_result_ms")
    for kind, key, what in (("warm", "first_result_ms", "warm first result"),
                            ("cold", "first_result_ms", "cold first result"),
                            ("cold", "raw_by_result", "first-visit bytes raw"),
                            ("cold", "gzip_by_result", "first-visit bytes gzip")):
        ratio(what + ": calculator / bare-same", "calculator", kind, "bare-same", kind, key,
              f"bare page on the calculator's own Pyodide, {PYODIDE_VERSION}")
    for key, what in (("first_result_ms", "throttled cold first result"),
                      ("bytes_total", "throttled cold bytes")):
        ratio(what + ": calculator / bare", "calculator", "throttled", "bare", "throttled", key)
    for page, what in (("worker", "calculator worker alone: no theme, page or service worker"),
                       ("runtime", "Pyodide alone in a worker, one line: the runtime's floor")):
        for kind in ("cold", "warm"):
            ratio(kind + " first result: " + page + " / bare", page, kind, "bare", kind,
                  "first_result_ms", what)
    calc_sw = {v.service_worker for k in KINDS for v in visits["calculator", k]}
    print(f"  service worker on the calculator page: "
          f"{'none was registered' if calc_sw == {'none'} else ', '.join(sorted(calc_sw))}")
    problems = sorted({p for runs in visits.values() for v in runs for p in v.problems})
    if problems:
        print("\nErrors the pages logged (first 10):")
        for problem in problems[:10]:
            print(f"  {problem[:300]}")
