"""Firefox and WebKit for scripts/bench_browser.py: the calculator page against the bare page.

The drivers are the tests' (``tests/engines.py``): Firefox ESR through puppeteer-core over
WebDriver BiDi, WebKitGTK through Selenium under xvfb-run. Neither lets a script run before the
page's own (as Playwright's init script does in Chromium), so the time of the first result is
taken in the page by a MutationObserver installed once the load event has passed (the bare page
stamps its own time): both happen seconds after the load event, and a result already present
when the observer arrives is flagged. No long-task figures: only Chromium has that API.

Cold: a new browser (fresh profile: empty cache, no service worker), first visit. Warm: a
second visit in the same browser, after ``about:blank``. Bytes: counted by the bench server.
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests"))

from engines import ENGINES, Engine, EngineUnavailable  # noqa: E402

WAIT_RESULT = """
const started = performance.now();
const found = () => {
  const bare = document.querySelector("[data-bench-ms]");
  if (bare) return { ms: parseFloat(bare.getAttribute("data-bench-ms")), late: false };
  if (document.querySelector("[data-product-mg2-dl2]") && document.querySelector("[data-entity]")) {
    return { ms: performance.now(), late: false };
  }
  const failed = document.querySelector('[data-stc-calculator][data-state="error"]') ||
                 document.querySelector("[data-bench-error]");
  if (failed) return { error: (failed.getAttribute("data-bench-error") || failed.textContent).slice(0, 300) };
  return null;
};
const now = found();
if (now) return now.ms !== undefined && !document.querySelector("[data-bench-ms]")
  ? { ms: now.ms, late: true, observerAt: started } : now;
return await new Promise((resolve) => {
  const limit = setTimeout(() => resolve({ error: "no result within %(limit_ms)d ms" }), %(limit_ms)d);
  const observer = new MutationObserver(() => {
    const result = found();
    if (result) { observer.disconnect(); clearTimeout(limit); resolve(result); }
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
});
"""


@dataclass
class EngineVisit:
    first_result_ms: float
    bytes_sent: int
    raw_bytes: int
    gzip_bytes: int
    late: bool


def engine_visit(engine: Engine, server: Any, url: str, limit_s: float) -> EngineVisit:
    server.meter.reset()
    engine.goto(url)
    result = engine.run(WAIT_RESULT % {"limit_ms": int(limit_s * 1000)})
    if not result or "error" in result:
        raise RuntimeError(f"{engine.name} {url}: {result}")
    server.meter.wait_quiet(0.75, 15)
    responses = server.meter.responses()
    return EngineVisit(
        first_result_ms=float(result["ms"]),
        bytes_sent=sum(r.body_bytes for r in responses),
        raw_bytes=sum(r.raw_bytes for r in responses),
        gzip_bytes=sum(r.gzip_bytes for r in responses),
        late=bool(result.get("late")),
    )


def measure(server: Any, urls: dict[str, str], names: list[str], runs: int,
            limit_s: float = 180.0) -> dict[tuple[str, str, str], list[EngineVisit]]:
    """(engine, page, "cold"|"warm") -> visits; pages "calculator" and "bare"."""
    visits: dict[tuple[str, str, str], list[EngineVisit]] = {}
    for name in names:
        for run in range(runs):
            for page in ("calculator", "bare") if run % 2 == 0 else ("bare", "calculator"):
                try:
                    engine = ENGINES[name]()
                except EngineUnavailable as exc:
                    print(f"  {name}: not measured ({exc})", flush=True)
                    break
                try:
                    visits.setdefault((name, page, "cold"), []).append(
                        engine_visit(engine, server, urls[page], limit_s))
                    time.sleep(1.0)
                    engine.goto("about:blank")
                    visits.setdefault((name, page, "warm"), []).append(
                        engine_visit(engine, server, urls[page], limit_s))
                except Exception as exc:  # one engine's failure must not lose the other figures
                    print(f"  {name} {page}: failed: {str(exc)[:300]}", flush=True)
                finally:
                    engine.close()
            print(f"  {name} run {run + 1}/{runs} done", flush=True)
    return visits


def report(visits: dict[tuple[str, str, str], list[EngineVisit]], names: list[str]) -> None:
    def med(values: list[float]) -> float:
        return statistics.median(values) if values else float("nan")

    print("\nOther engines (medians; first result in ms from navigation, taken in the page)")
    for name in names:
        calc_cold, bare_cold = visits.get((name, "calculator", "cold"), []), visits.get((name, "bare", "cold"), [])
        calc_warm, bare_warm = visits.get((name, "calculator", "warm"), []), visits.get((name, "bare", "warm"), [])
        if not (calc_cold and bare_cold):
            print(f"  {name}: no figures")
            continue
        for kind, mine, theirs in (("warm", calc_warm, bare_warm), ("cold", calc_cold, bare_cold)):
            a, b = med([v.first_result_ms for v in mine]), med([v.first_result_ms for v in theirs])
            late = " (a result was in before the observer: time is an upper bound)" if any(
                v.late for v in mine) else ""
            print(f"  {name:8} {kind} first result: calculator / bare {a:>8,.0f} / {b:>8,.0f} = {a / b:6.3f}{late}")
        for key, what in (("raw_bytes", "raw"), ("gzip_bytes", "gzip")):
            a = med([float(getattr(v, key)) for v in calc_cold])
            b = med([float(getattr(v, key)) for v in bare_cold])
            print(f"  {name:8} first-visit bytes ({what}): calculator / bare {a:>12,.0f} / {b:>12,.0f} = {a / b:6.3f}")
