"""The pages scripts/bench_browser.py opens besides the site's calculator page, and how they are made.

Why a module of its own: the comparison pages are HTML and JavaScript templates (a bare stock
Pyodide on the main thread, in the issue's version and in the calculator's, the calculator's
worker alone, Pyodide alone in a worker)
that have nothing to do with driving Chromium or printing figures; bench_browser.py serves the
folders made here beside the built site.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from build_tools.stdlib_zip import PYODIDE_VERSION, pyodide_package  # noqa: E402
from build_tools.wheel import BuildError  # noqa: E402

PHONE = {  # as tests/conftest.py
    "viewport": {"width": 393, "height": 851},
    "device_scale_factor": 2.75,
    "is_mobile": True,
    "has_touch": True,
}
"""The device the pages are opened as."""
CALCULATOR_FRAGMENT = "calculator/#calcium=10.5&phosphate=8&pattern=rice-grain"
BARE_VERSION = "0.25.1"
"""The bare page the targets divide by: stock Pyodide 0.25.1 on the main thread, as issue 14
defines its ratios (the calculator ran on 0.25.1 when they were set). npm installs it beside the
calculator's runtime as the dev dependency ``pyodide-0.25.1`` (package.json)."""
BARE_PACKAGE = REPO_ROOT / "node_modules" / f"pyodide-{BARE_VERSION}"
BARE_PREFIX = "/_bench/bare/"
SAME_PREFIX = "/_bench/bare-same/"
"""For information: the same bare page on the calculator's own runtime (0.29.5)."""
WORKER_PREFIX = "/_bench/worker/"
RUNTIME_PREFIX = "/_bench/runtime/"
STOCK_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
               "pyodide-lock.json")
PAGES = ("calculator", "bare", "bare-same", "worker", "runtime")
COMPARED = ("calculator", "bare")  # the targets; the other pages are for information
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
  } else if (data.type === "ready") {
    document.documentElement.setAttribute("data-bench-snapshot", String(data.snapshot === true));
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


def build_site(target: Path) -> None:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    command = [str(mkdocs)] if mkdocs.exists() else [sys.executable, "-m", "mkdocs"]
    result = subprocess.run([*command, "build", "--clean", "-d", str(target)], cwd=REPO_ROOT,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build failed:\n{result.stdout}{result.stderr}")


def make_bare_page(folder: Path, same_runtime: bool = False) -> None:
    """The bare page in the issue's Pyodide (0.25.1), or with ``same_runtime`` in the site's."""
    version = PYODIDE_VERSION if same_runtime else BARE_VERSION
    try:
        source = pyodide_package() if same_runtime else pyodide_package(BARE_PACKAGE, BARE_VERSION)
    except BuildError as error:
        raise SystemExit(str(error)) from None
    runtime = folder / "pyodide" / version
    runtime.mkdir(parents=True)
    for name in STOCK_FILES:
        shutil.copyfile(source / name, runtime / name)
    (folder / "index.html").write_text(BARE_PAGE % {"version": version}, encoding="utf-8")


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
