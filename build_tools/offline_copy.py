"""The offline copy: a zip of a site variant that works when opened from a folder (file://).

The variant is the same site built a second time with a few settings changed (nothing in
``mkdocs.yml`` changes; :func:`variant_overrides` passes them to
:func:`mkdocs.config.load_config`):

- Material's ``offline`` plugin: page URLs end in ``.html`` and the search index is also
  written as a script, which search reads from ``file://``;
- instant navigation off (it fetches pages, which ``file://`` forbids);
- the ``iframe-worker`` shim that search needs on ``file://``, copied from
  ``node_modules/iframe-worker`` into the variant and named in ``extra.polyfills``, so the
  plugin does not add its CDN address;
- ``extra.stc_offline_copy: true``, which the build hooks read: they add the shim, write
  ``assets/calc/runtime-data.js`` (:func:`write_runtime_data`) and leave out the service
  worker, whose registration script is dropped from ``extra_javascript``;
- ``assets/js/calc-file.js`` first in ``extra_javascript``: on a ``file://`` page, browsers
  refuse Web Workers, ``fetch`` and ``import()``, so the calculator boots Pyodide on the page
  itself, from the runtime files embedded (base64) in ``runtime-data.js``.

:func:`build_offline_zip` builds the variant in a subprocess (``python -m
build_tools.offline_copy``) and packs it with fixed timestamps and sorted entries.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_tools.runtime import GZIP_COPIES
from build_tools.wheel import REPO_ROOT, ZIP_DATE_TIME

VARIANT_FLAG = "stc_offline_copy"
"""Key of ``config.extra`` that is true in the variant's configuration."""

SHIM_SOURCE = REPO_ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
SHIM_LICENSE = REPO_ROOT / "node_modules" / "iframe-worker" / "LICENSE"
SHIM_URI = "assets/vendor/iframe-worker-shim.js"
SHIM_LICENSE_URI = "assets/vendor/iframe-worker-LICENSE.txt"
FILE_BOOT_SCRIPT = "assets/js/calc-file.js"
SW_REGISTER_SCRIPT = "assets/js/sw-register.js"
RUNTIME_DATA = "assets/calc/runtime-data.js"
RUNTIME_JSON = "assets/calc/runtime.json"
PATTERN_DIR = "assets/patterns"

ZIP_URI = "downloads/stc-guide-offline.zip"
ZIP_FOLDER = "stc-guide"
"""The folder the zip unpacks into; the reader opens ``stc-guide/index.html``."""

INSTANT_FEATURES = ("navigation.instant", "navigation.instant.progress",
                    "navigation.instant.prefetch", "navigation.instant.preview")
LEFT_OUT = ("sitemap.xml", "sitemap.xml.gz", "pt/sitemap.xml")
"""Not in the zip: a sitemap means nothing in a folder, and it carries the build date."""
LEFT_OUT_SUFFIXES = (".map", ".snapshot.gz", *(f"{name}.gz" for name in GZIP_COPIES))
"""Source maps; the calculator's memory snapshot (21 MB, only for a worker's later starts: the
copy's pages boot without it, see build_tools/runtime.py); the runtime's gzip copies (only a
service worker downloads them)."""
STORED_SUFFIXES = (".zip", ".whl", ".png", ".gz")
"""Already compressed: stored as they are (deflating them again only costs time)."""

_CONTENT_TYPES = {".wasm": "application/wasm", ".zip": "application/zip",
                  ".whl": "application/zip", ".json": "application/json"}

README = """\
STC Guide, offline copy
=======================

Open index.html (in this folder) in a web browser. Pages, search and the calculator
work without a network connection. The calculator starts in a few seconds: opened from
a folder, it runs on the page itself.

If the calculator does not start in your browser (some browsers restrict pages opened
from files), serve this folder with a small local web server instead. In a terminal:

    cd stc-guide
    python3 -m http.server

then open http://localhost:8000/ in the browser.

STC Guide is for medical education only: it is not a diagnostic device and must not be
used to make decisions about a patient. Text CC BY 4.0, code MIT; the About page lists
the third-party software and its licences.
"""


class OfflineCopyError(RuntimeError):
    """The variant did not build, or a file it needs is missing."""


@dataclass(frozen=True)
class ZipStats:
    path: Path
    files: int
    size_bytes: int
    build_seconds: float
    zip_seconds: float


# ----------------------------------------------------------------------------- configuration


def variant_overrides(config_file: Path) -> dict[str, Any]:
    """Settings of the variant, computed from ``config_file`` (which stays as it is)."""
    from mkdocs.utils.yaml import yaml_load

    with config_file.open("rb") as handle:
        raw = yaml_load(handle)  # follows INHERIT and !ENV like MkDocs itself

    theme = dict(raw.get("theme") or {})
    if isinstance(raw.get("theme"), str):
        theme = {"name": raw["theme"]}
    theme["features"] = [feature for feature in theme.get("features") or []
                         if feature not in INSTANT_FEATURES]

    plugins = list(raw.get("plugins") or ["search"])
    names = [next(iter(entry)) if isinstance(entry, dict) else str(entry) for entry in plugins]
    if not any(name in ("offline", "material/offline") for name in names):
        plugins.append("offline")

    extra = dict(raw.get("extra") or {})
    polyfills = [entry for entry in extra.get("polyfills") or [] if "iframe-worker" not in str(entry)]
    extra["polyfills"] = [SHIM_URI, *polyfills]
    extra[VARIANT_FLAG] = True

    def script_path(entry: Any) -> str:
        return str(entry.get("path", "")) if isinstance(entry, dict) else str(entry)

    scripts = [entry for entry in raw.get("extra_javascript") or []
               if script_path(entry) not in (SW_REGISTER_SCRIPT, FILE_BOOT_SCRIPT)]
    return {
        "theme": theme,
        "plugins": plugins,
        "extra": extra,
        "extra_javascript": [FILE_BOOT_SCRIPT, *scripts],
        "use_directory_urls": False,
    }


def is_variant(config: Any) -> bool:
    extra = getattr(config, "extra", None) or {}
    return bool(extra.get(VARIANT_FLAG))


# ----------------------------------------------------------------------------- inside the variant


def variant_files(config: Any) -> list[tuple[str, Path]]:
    """Files the variant adds to its build: (site path, source)."""
    for source in (SHIM_SOURCE, SHIM_LICENSE):
        if not source.is_file():
            raise OfflineCopyError(
                f"{source} is missing: run `npm ci` in {REPO_ROOT} (iframe-worker is pinned in "
                "package-lock.json; search in the offline copy needs its shim)"
            )
    return [(SHIM_URI, SHIM_SOURCE), (SHIM_LICENSE_URI, SHIM_LICENSE)]


def finish_variant(site_dir: Path) -> str:
    """The variant's last steps (after the content security policy); a line for the log."""
    size = write_runtime_data(site_dir)
    pages = allow_shim_in_policy(site_dir)
    return (f"Offline copy: runtime data script {size / 1_000_000:.1f} MB; search shim allowed "
            f"by the policy of {pages} pages")


def write_runtime_data(site_dir: Path) -> int:
    """Write ``runtime-data.js``: runtime.json and the files Pyodide fetches, base64.

    ``pyodide.js`` and ``pyodide.asm.js`` are not in it: the page loads them with ``<script>``
    tags from their own files. It also carries the pattern drawings as ``data:`` URLs: the
    calculator paints them as CSS masks, which browsers fetch with CORS, refused on file://.
    Returns the script's size in bytes.
    """
    settings = json.loads((site_dir / RUNTIME_JSON).read_text(encoding="utf-8"))
    index = settings["indexURL"]
    fetched = [index + "pyodide.asm.wasm", settings["stdLibURL"], settings["lockFileURL"],
               settings["calcURL"]]
    files: dict[str, dict[str, str]] = {}
    for path in fetched:
        source = site_dir / path
        if not source.is_file():
            raise OfflineCopyError(f"runtime.json names {path}, which is not in {site_dir}")
        files[path] = {
            "type": _CONTENT_TYPES.get(source.suffix, "application/octet-stream"),
            "base64": base64.b64encode(source.read_bytes()).decode("ascii"),
        }
    drawings = {
        path.relative_to(site_dir).as_posix():
            "data:image/svg+xml;base64," + base64.b64encode(path.read_bytes()).decode("ascii")
        for path in sorted((site_dir / PATTERN_DIR).glob("*.svg"))
    }
    data = json.dumps({"settings": settings, "files": files, "assets": drawings},
                      separators=(",", ":"), sort_keys=True)
    text = (
        "/* STC Guide offline copy: the calculator's runtime files for pages opened from a folder\n"
        " * (file://), where the browser allows <script> tags but no fetch(). Written by\n"
        " * build_tools/offline_copy.py; read by assets/js/calc-file.js. */\n"
        f"window.__stcRuntimeData = {data};\n"
    )
    target = site_dir / RUNTIME_DATA
    target.write_text(text, encoding="ascii")
    return len(text)


_POLICY_META = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")')
_CONFIG_SCRIPT = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


def shim_scripts(site_dir: Path) -> list[str]:
    """The inline scripts the iframe-worker shim writes into its frame, one per worker URL.

    On file:// the shim runs Material's search worker in an ``about:blank`` frame, which it
    fills with ``document.write``: an inline script (its ``postMessage`` and ``importScripts``
    stand-ins, and the worker's URL) and the worker's own script. The frame inherits the page's
    content security policy, so that inline script must be allowed by hash. The worker URL is
    the ``search`` entry of Material's ``__config``, relative to the page: one script per depth.
    """
    shim = SHIM_SOURCE.read_text(encoding="utf-8")
    post, load = _function_source(shim, "c"), _function_source(shim, "d")
    urls = set()
    for page in site_dir.rglob("*.html"):
        found = _CONFIG_SCRIPT.search(page.read_text(encoding="utf-8"))
        if found:
            urls.add(str(json.loads(found.group(1))["search"]))
    # Verbatim from iframe-worker 1.0.4's shim/index.js (the template of its frame).
    return [
        f"postMessage={post};importScripts={load};addEventListener(\"error\",({{error}})=>"
        f"{{parent.dispatchEvent(new ErrorEvent(\"error\",{{filename:\"{url}\",error}}))}})"
        for url in sorted(urls)
    ]


def allow_shim_in_policy(site_dir: Path) -> int:
    """Add the hashes of :func:`shim_scripts` to ``script-src`` of every page that has a
    policy (the same hashes on every page: one policy for the whole copy). Returns the number
    of pages changed."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"
        for text in shim_scripts(site_dir)
    ]

    def amend(match: re.Match[str]) -> str:
        directives = [part.strip() for part in html.unescape(match.group(2)).split(";")]
        for index, directive in enumerate(directives):
            if directive.split(" ", 1)[0] == "script-src":
                present = directive.split()
                directives[index] = " ".join([*present, *(h for h in hashes if h not in present)])
        policy = html.escape("; ".join(directives), quote=False).replace('"', "&quot;")
        return match.group(1) + policy + match.group(3)

    changed = 0
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        amended = _POLICY_META.sub(amend, text)
        if amended != text:
            page.write_text(amended, encoding="utf-8")
            changed += 1
    return changed


def _function_source(script: str, name: str) -> str:
    """``function name(...){...}`` as written in ``script`` (balanced braces)."""
    start = script.find(f"function {name}(")
    if start < 0:
        raise OfflineCopyError(f"{SHIM_SOURCE} has no function {name}(): not iframe-worker 1.0.4?")
    depth = 0
    for index in range(script.index("{", start), len(script)):
        if script[index] == "{":
            depth += 1
        elif script[index] == "}":
            depth -= 1
            if depth == 0:
                return script[start:index + 1]
    raise OfflineCopyError(f"unbalanced function {name}() in {SHIM_SOURCE}")


# ----------------------------------------------------------------------------- the zip


def build_offline_zip(
    target: Path,
    *,
    config_file: Path = REPO_ROOT / "mkdocs.yml",
    work_dir: Path | None = None,
    timeout: float = 600,
) -> ZipStats:
    """Build the variant into a temporary folder and pack it into ``target``."""
    owned = work_dir is None
    work = Path(work_dir) if work_dir else REPO_ROOT / ".cache" / f"offline-copy-{os.getpid()}"
    variant_dir = work / "site"
    shutil.rmtree(variant_dir, ignore_errors=True)
    started = time.monotonic()
    command = [sys.executable, "-m", "build_tools.offline_copy", "--config-file", str(config_file),
               "--site-dir", str(variant_dir)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        result = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                                timeout=timeout, check=False)
        if result.returncode != 0:
            problems = [line for line in (result.stdout + result.stderr).splitlines()
                        if "WARNING" in line or "ERROR" in line or "Error" in line]
            shown = "\n".join(problems[-15:]) or (result.stdout + result.stderr)[-3000:]
            raise OfflineCopyError(f"the offline copy's build failed:\n{shown}")
        built = time.monotonic()
        files = write_site_zip(variant_dir, target)
        packed = time.monotonic()
    finally:
        if owned:
            shutil.rmtree(work, ignore_errors=True)
    return ZipStats(path=target, files=files, size_bytes=target.stat().st_size,
                    build_seconds=built - started, zip_seconds=packed - built)


def zip_entries(site_dir: Path) -> Iterator[tuple[str, Path]]:
    """(name in the zip, file) for every file of the variant that belongs in it, sorted."""
    paths = sorted(path.relative_to(site_dir).as_posix()
                   for path in site_dir.rglob("*") if path.is_file())
    for relative in paths:
        if relative in LEFT_OUT or relative.endswith(LEFT_OUT_SUFFIXES):
            continue
        yield f"{ZIP_FOLDER}/{relative}", site_dir / relative


def write_site_zip(site_dir: Path, target: Path, extra: Mapping[str, bytes] | None = None) -> int:
    """Pack ``site_dir`` (plus a README) into ``target``; same inputs, same bytes.

    Entries are sorted by name, all dated 1980-01-01 with mode 0644; already compressed files
    are stored. Written beside ``target`` and renamed into place. Returns the entry count.
    """
    entries: dict[str, Path | bytes] = dict(zip_entries(site_dir))
    entries[f"{ZIP_FOLDER}/README.txt"] = README.encode("utf-8")
    entries.update(extra or {})
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    with zipfile.ZipFile(partial, "w") as archive:
        for name in sorted(entries):
            source = entries[name]
            data = source.read_bytes() if isinstance(source, Path) else source
            info = zipfile.ZipInfo(name, ZIP_DATE_TIME)
            info.external_attr = 0o100644 << 16
            info.create_system = 3  # Unix, so the permissions above are honoured
            stored = name.endswith(STORED_SUFFIXES)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=None if stored else 6)
    partial.replace(target)
    return len(entries)


# ----------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    """Build the variant: ``python -m build_tools.offline_copy --site-dir DIR``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--config-file", type=Path, default=REPO_ROOT / "mkdocs.yml")
    parser.add_argument("--site-dir", type=Path, required=True)
    parser.add_argument("--zip", type=Path, help="also pack the variant into this zip file")
    args = parser.parse_args(argv)

    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.basicConfig(level=logging.WARNING, format="%(levelname)-7s -  %(message)s")
    config = load_config(str(args.config_file), site_dir=str(args.site_dir), strict=True,
                         **variant_overrides(args.config_file))
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError

    try:
        build(config)
    except (Abort, BuildError, ConfigurationError, PluginError) as exc:
        print(f"ERROR   -  {exc}", file=sys.stderr)
        return 1
    if args.zip:
        write_site_zip(args.site_dir, args.zip)
    return 0


if __name__ == "__main__":
    sys.exit(main())
