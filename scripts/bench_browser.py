"""Measure how long the browser calculator takes to become ready (prints figures; not a test).

Builds the calculator assets into a temporary site (build_tools.runtime.place_calculator),
adds the worker (docs/assets/js/calc-worker.js) and a bare page that starts it, serves the
folder over HTTP on 127.0.0.1 with the cache headers the hosting should send, optionally
throttled at the server (Chromium's own network throttling does not reach workers
reliably), and opens the page in Debian Chromium through Playwright. For each run it prints
the time from navigation to the worker's "ready" and to the first computed answer; "cold"
runs use a fresh browser context (empty HTTP cache), "warm" runs reload in the same context.

    .venv/bin/python scripts/bench_browser.py [--runs 3] [--kbps 0] [--chromium /usr/bin/chromium]

Needs: `npm ci` (node_modules/pyodide), the dev venv (playwright), a Chromium binary.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from build_tools.runtime import place_calculator  # noqa: E402

WORKER = REPO_ROOT / "docs" / "assets" / "js" / "calc-worker.js"
PAGE = """<!doctype html><meta charset="utf-8"><title>calculator benchmark</title>
<script>
window.bench = {log: []};
const worker = new Worker("assets/js/calc-worker.js");
worker.onmessage = (event) => {
  const message = event.data;
  window.bench.log.push(message);
  if (message.type === "ready") {
    window.bench.ready = performance.now();
    worker.postMessage({id: 1, request: {action: "compute", state: {
      calcium: "10.5", calcium_unit: "mg/dL", phosphate: "8.0", phosphate_unit: "mg/dL",
      compartment: ["vascular"], pattern: ["circumferential-vessel-wall"]}}});
  } else if (message.id === 1) {
    window.bench.answered = performance.now();
  } else if (message.type === "error") {
    window.bench.error = message.message;
  }
};
</script>
"""


def serve(root: Path, kbps: int) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``root`` on a free port; with ``kbps`` > 0, send at most that many kB a second."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def end_headers(self) -> None:
            # What the hosting should do: versioned and content-hashed files never change.
            immutable = self.path.startswith(("/assets/pyodide/", "/assets/calc/")) and (
                not self.path.endswith("runtime.json"))
            self.send_header("Cache-Control",
                             "public, max-age=31536000, immutable" if immutable else "no-cache")
            super().end_headers()

        def copyfile(self, source: Any, outputfile: Any) -> None:
            if kbps <= 0:
                super().copyfile(source, outputfile)
                return
            chunk = max(1024, kbps * 1024 // 20)
            while data := source.read(chunk):
                outputfile.write(data)
                time.sleep(len(data) / (kbps * 1024))

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(root))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/bench.html"


def one_run(page: Any, url: str, timeout_s: float) -> dict[str, float]:
    page.goto(url)
    page.wait_for_function("window.bench.answered || window.bench.error",
                           timeout=timeout_s * 1000)
    result: dict[str, Any] = page.evaluate("window.bench")
    if result.get("error"):
        raise SystemExit(f"the worker reported: {result['error']}")
    return {"ready": result["ready"], "answered": result["answered"]}


def print_sizes(site: Path, runtime: dict[str, str]) -> None:
    files = [site / runtime["indexURL"] / name
             for name in ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm")]
    files += [site / runtime[key] for key in ("stdLibURL", "lockFileURL", "wheelURL")]
    total_raw = total_gzip = 0
    print("file                                   raw B    gzip-9 B")
    for path in files:
        raw = path.read_bytes()
        packed = len(gzip.compress(raw, 9))
        total_raw += len(raw)
        total_gzip += packed
        print(f"{path.name[:36]:36} {len(raw):>10,} {packed:>11,}")
    print(f"{'total':36} {total_raw:>10,} {total_gzip:>11,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kbps", type=int, default=0, help="server-side bandwidth cap, kB/s")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per run")
    parser.add_argument("--project-root", type=Path, default=REPO_ROOT,
                        help="project whose calc package is measured (default: this checkout)")
    options = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with TemporaryDirectory(prefix="stc-bench-") as tmp:
        site = Path(tmp) / "site"
        runtime = place_calculator(site, project_root=options.project_root)
        (site / "assets" / "js").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(WORKER, site / "assets" / "js" / WORKER.name)
        (site / "bench.html").write_text(PAGE, encoding="utf-8")
        print_sizes(site, runtime)
        server, url = serve(site, options.kbps)
        figures: dict[str, list[dict[str, float]]] = {"cold": [], "warm": []}
        try:
            with sync_playwright() as playwright:
                for run in range(options.runs):
                    # A profile on disk: an in-memory (incognito) cache keeps no large file.
                    context = playwright.chromium.launch_persistent_context(
                        Path(tmp) / f"profile-{run}",
                        executable_path=options.chromium,
                    )
                    page = context.new_page()
                    figures["cold"].append(one_run(page, url, options.timeout))
                    figures["warm"].append(one_run(page, url, options.timeout))
                    context.close()
        finally:
            server.shutdown()
    throttle = f"{options.kbps} kB/s" if options.kbps else "unthrottled"
    print(f"\nChromium, localhost ({throttle}), {options.runs} runs; ms from navigation")
    for kind, runs in figures.items():
        for key in ("ready", "answered"):
            values = [run[key] for run in runs]
            print(f"{kind:5} {key:9} median {statistics.median(values):7.0f}  "
                  f"min {min(values):7.0f}  max {max(values):7.0f}")


if __name__ == "__main__":
    main()
