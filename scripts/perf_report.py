"""Performance report: Lighthouse 12.2.3 (node_modules) on the home page, an entity page and the
calculator, served locally; prints the four category scores and the main metrics, and writes
``reports/lighthouse.md`` and ``reports/lighthouse.json`` (git-ignored) with the raw reports.

    .venv/bin/python scripts/perf_report.py [--site DIR] [--no-compress] [--pages URL ...]

Without ``--site`` the site is built first (the strict CI build) into a temporary folder. The
local server sends what README "Publishing" asks of a host: the right types (``.wasm`` as
``application/wasm``) and, unless ``--no-compress``, gzip for text files. Lighthouse runs with
its defaults (mobile form factor, simulated throttling) in Debian's Chromium
(``CHROME_PATH=/usr/bin/chromium``). It also prints the page weight of the entity page (bytes
transferred) and checks that an article page requests nothing from ``assets/pyodide/``.

Exit status: 0 when the report was made and no article page loaded Pyodide, 1 otherwise.
Scores are printed, not enforced (they vary with the machine's load): the goals are 100 for
accessibility, best practices and SEO, and 95 or more for performance on article pages.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from build_tools.sitebuild import CHROMIUM_ARGS, build_site, serve_site  # noqa: E402

LIGHTHOUSE = REPO_ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ["--headless=new", *CHROMIUM_ARGS]
REPORTS = REPO_ROOT / "reports"
PAGES = {"home": "", "entity": "entities/gout/", "calculator": "calculator/"}
ARTICLES = ("home", "entity")
"""Pages that must not load the calculator's runtime."""
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}
_COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/wasm",
                     "image/svg+xml", "application/manifest+json")


class _Handler(SimpleHTTPRequestHandler):
    """Static files as a well-configured host sends them (types, gzip, revalidated caching)."""

    compress = True
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript",
        ".json": "application/json", ".svg": "image/svg+xml",
        ".webmanifest": "application/manifest+json",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        kind = self.guess_type(path)
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and wants_gzip and kind.startswith(_COMPRESSED_TYPES) and os.path.isfile(path)):
            return super().send_head()
        if not self.path.split("?", 1)[0].endswith("/") and os.path.isdir(self.translate_path(self.path)):
            return super().send_head()  # the directory redirect
        body = gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()


def serve(site: Path, compress: bool) -> contextlib.AbstractContextManager[str]:
    """The shared local server (build_tools.sitebuild.serve_site) with this report's handler."""
    handler = type("Handler", (_Handler,), {"compress": compress})
    return serve_site(site, handler)


def run_lighthouse(url: str, output: Path) -> dict[str, Any]:
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `npm ci`")
    command = [
        str(LIGHTHOUSE), url, "--output=json", f"--output-path={output}", "--quiet",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(CHROME_FLAGS)}",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    if result.returncode != 0 or not output.is_file():
        raise SystemExit(f"lighthouse failed on {url} (exit {result.returncode}):\n{result.stderr[-3000:]}")
    report: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    return report


def summarize(name: str, report: dict[str, Any], base: str) -> dict[str, Any]:
    audits = report["audits"]
    scores = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    metrics = {short: {"value": audits[key].get("numericValue"), "shown": audits[key].get("displayValue", "")}
               for key, short in METRICS.items()}
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    urls = [str(item.get("url", "")) for item in requests]
    failing: dict[str, list[str]] = {}
    for category in CATEGORIES[1:]:
        for ref in report["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.setdefault(category, []).append(f"{ref['id']}: {audit['title']}")
    return {
        "page": name,
        "url": report.get("finalDisplayedUrl", "").replace(base, "/"),
        "scores": scores,
        "metrics": metrics,
        "bytes": audits.get("total-byte-weight", {}).get("numericValue"),
        "requests": len(urls),
        # Lighthouse's byte weight leaves out what workers download (it sees no transfer size
        # there): the calculator's runtime, counted here uncompressed.
        "worker_bytes": sum(int(item.get("resourceSize") or 0) for item in requests
                            if item.get("sessionTargetType") == "worker"),
        "pyodide_requests": [u.replace(base, "/") for u in urls if "/assets/pyodide/" in u],
        "foreign_requests": [u for u in urls if not u.startswith((base, "data:", "blob:"))],
        "failing_audits": failing,
    }


def markdown(rows: list[dict[str, Any]], compress: bool) -> str:
    lines = [
        "# Lighthouse report (STC Guide)",
        "",
        f"Lighthouse 12.2.3, mobile (simulated throttling), Debian Chromium; served locally "
        f"{'with' if compress else 'without'} gzip. Made {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        "| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS | SI | bytes |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        s, m = row["scores"], row["metrics"]
        lines.append(
            f"| {row['page']} ({row['url']}) | {s['performance']} | {s['accessibility']} | "
            f"{s['best-practices']} | {s['seo']} | " + " | ".join(m[k]["shown"] for k in METRICS.values())
            + f" | {row['bytes'] / 1024:.0f} KiB"
            + (f" + {row['worker_bytes'] / 1e6:.1f} MB in workers (uncompressed)" if row["worker_bytes"] > 1e6 else "")
            + " |")
    for row in rows:
        for category, audits in row["failing_audits"].items():
            lines.append(f"\n{row['page']}, {category}: " + "; ".join(audits))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument("--no-compress", action="store_true", help="serve without gzip")
    parser.add_argument("--pages", nargs="*", choices=sorted(PAGES), default=list(PAGES))
    args = parser.parse_args(argv)
    REPORTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="stc-perf-") as tmp:
        site = args.site
        if site is None:
            print("building the site…", flush=True)
            build = build_site(Path(tmp) / "site")
            if build.returncode != 0:
                print(build.output[-4000:], file=sys.stderr)
                return 1
            site = build.site_dir
        rows = []
        with serve(site, compress=not args.no_compress) as base:
            for name in args.pages:
                started = time.monotonic()
                report = run_lighthouse(base + PAGES[name], REPORTS / f"lighthouse-{name}.json")
                row = summarize(name, report, base)
                rows.append(row)
                s, m = row["scores"], row["metrics"]
                print(f"{name:<11} perf {s['performance']:>3}  a11y {s['accessibility']:>3}  "
                      f"best {s['best-practices']:>3}  seo {s['seo']:>3}   "
                      + "  ".join(f"{k} {v['shown']}" for k, v in m.items())
                      + f"   {row['bytes'] / 1024:.0f} KiB in {row['requests']} requests"
                      f"   ({time.monotonic() - started:.0f} s)", flush=True)
                if row["worker_bytes"] > 1e6:
                    print(f"{'':<11} plus {row['worker_bytes'] / 1e6:.1f} MB (uncompressed) downloaded by "
                          "workers, which Lighthouse's byte weight leaves out")
                for category, audits in row["failing_audits"].items():
                    print(f"{'':<11} {category} below 100: {'; '.join(audits)}")
    (REPORTS / "lighthouse.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    (REPORTS / "lighthouse.md").write_text(markdown(rows, not args.no_compress), encoding="utf-8")
    print(f"written: {(REPORTS / 'lighthouse.md').relative_to(REPO_ROOT)}, "
          f"{(REPORTS / 'lighthouse.json').relative_to(REPO_ROOT)}")

    ok = True
    for row in rows:
        if row["page"] == "entity":
            print(f"page weight of an article page ({row['url']}): {row['bytes'] / 1024:.0f} KiB transferred "
                  f"in {row['requests']} requests")
        if row["page"] in ARTICLES:
            if row["pyodide_requests"]:
                print(f"FAIL: {row['url']} requested the calculator runtime: {row['pyodide_requests']}")
                ok = False
            else:
                print(f"{row['url']}: no request to assets/pyodide/")
        if row["foreign_requests"]:
            print(f"FAIL: {row['url']} requested other origins: {row['foreign_requests']}")
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
