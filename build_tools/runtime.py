"""Put the calculator's browser runtime into a built site.

Three parts reach the browser:

- the Pyodide 0.29.5 runtime proper, copied from ``node_modules/pyodide`` (installed by
  ``npm ci``) into a folder named after its version, with a lock file holding no packages
  (Pyodide always reads one and checks its ABI version, but the calculator loads no
  lock-file packages), and gzip copies of its two large files for the service worker
  (``GZIP_COPIES``);
- a standard library compiled to bytecode and cut to the modules listed in
  ``stdlib_modules.txt`` (:mod:`build_tools.stdlib_zip`), named after its content hash so that
  it can be cached for ever;
- ``calc`` compiled into ``calc.zip`` with the knowledge base as a generated module
  (:mod:`build_tools.calczip`), in a folder named after its content hash; the worker puts it
  on ``sys.path`` (no wheel to install at start; the wheel, :mod:`build_tools.wheel`, is the
  distribution format for the command line and PyPI-style installs).

- a memory snapshot of that Pyodide with ``calc.web`` imported and one result computed, made
  under Node at build time (``make_snapshot.mjs``; deterministic bytes), gzipped (21 MB -> about
  4.4 MB: hosts do not compress an unknown type) and named ``calc.<content hash>.snapshot.gz``
  beside the runtime. It is not part of a first visit: the worker fetches it in the background
  once the calculator has started, unpacks it, checks it and keeps it, and restores it on later
  starts (runtime.json: ``snapshotURL``, ``snapshotBytes`` as downloaded, ``snapshotRawBytes``
  and ``snapshotSHA256`` of the unpacked snapshot).

``assets/calc/runtime.json`` tells the worker where they are, and how many bytes it downloads
(``downloadBytes``, for its progress messages: the bytes it receives, unpacked); the page says
how many a first visit downloads (``firstVisitBytes``: the runtime files, with the gzip
copies). Built calc zips and standard libraries are cached under ``.cache/calc-runtime`` keyed
by a hash of everything they are made from, so a site rebuild with unchanged sources only
copies files.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import sys
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from build_tools.calczip import build_calc_zip
from build_tools.snapshot import SNAPSHOT_PREFIX, SNAPSHOT_SCRIPT, build_snapshot, node_version
from build_tools.stdlib_zip import (
    PYODIDE_PACKAGE,
    PYODIDE_VERSION,
    STDLIB_PREFIX,
    STOCK_STDLIB,
    build_stdlib,
    check_stdlib_covers,
    pyodide_package,
    read_module_list,
)
from build_tools.wheel import REPO_ROOT, BuildError, project_files

RUNTIME_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm")
"""What a worker needs of the npm package besides the lock file and the standard library."""

GZIP_COPIES = {"pyodide.asm.wasm": "application/wasm", "pyodide.asm.js": "text/javascript"}
"""Runtime files that also get a gzip copy beside them (``<name>.gz``), with the type of the
unpacked file. Many hosts send ``.wasm`` uncompressed: the service worker downloads the copy
(the wasm's 8.6 MB as 2.8 MB, the JavaScript's 1.1 MB as 0.2 MB), unpacks and checks it
(``sw_template.js``). Without a service worker (the offline copy, a browser that blocks it)
the worker downloads the files themselves; the copies are not in the offline copy's zip."""

LOCK_FILE = "pyodide-lock.json"
CACHE_DIR = REPO_ROOT / ".cache" / "calc-runtime"
RUNTIME_JSON = Path("assets", "calc", "runtime.json")
_PYODIDE_DIR = Path("assets", "pyodide")
_CALC_DIR = Path("assets", "calc")
_HASH_LENGTH = 16
_HASH_NAME = re.compile(f"[0-9a-f]{{{_HASH_LENGTH}}}")
_CACHE_ENTRIES_KEPT = 4
_BUILD_TOOLS = ("build", "setuptools", "wheel", "pyodide-build")


def copy_runtime(dest: Path, package_dir: Path = PYODIDE_PACKAGE) -> Path:
    """Copy the runtime files into ``dest/<version>/`` and write a minimal lock file there.

    Returns the versioned folder. Files already there with the same size and modification
    time are left alone.
    """
    source = pyodide_package(package_dir)
    target = dest / PYODIDE_VERSION
    target.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        _copy_if_changed(source / name, target / name)
    for name in GZIP_COPIES:
        _gzip_if_changed(target / name, target / f"{name}.gz")
    stock_lock = json.loads((source / LOCK_FILE).read_text(encoding="utf-8"))
    if not isinstance(stock_lock.get("info"), dict) or "abi_version" not in stock_lock["info"]:
        raise BuildError(f"{source / LOCK_FILE} has no info.abi_version (Pyodide checks it)")
    lock = json.dumps({"info": stock_lock["info"], "packages": {}}, indent=1, sort_keys=True)
    _write_if_changed(target / LOCK_FILE, lock + "\n")
    return target


def place_calculator(
    site_dir: Path,
    *,
    project_root: Path = REPO_ROOT,
    cache_dir: Path = CACHE_DIR,
    package_dir: Path = PYODIDE_PACKAGE,
) -> dict[str, Any]:
    """Put runtime, compiled stdlib and calc zip into ``site_dir``; write ``runtime.json``.

    Returns the runtime.json content: URLs relative to the site root.
    """
    runtime_dir = copy_runtime(site_dir / _PYODIDE_DIR, package_dir)
    modules = read_module_list()
    stock_stdlib = pyodide_package(package_dir) / STOCK_STDLIB
    with zipfile.ZipFile(stock_stdlib) as stock:
        stock_names = [name for name in stock.namelist() if name.endswith(".py")]
    check_stdlib_covers(project_root, modules, stock_names)

    stdlib_key = _digest_of([_file_digest(stock_stdlib), *modules, *_tool_fingerprint()])
    stdlib = _cached(cache_dir / "stdlib", stdlib_key,
                     lambda out: build_stdlib(out, modules, package_dir))
    calc_key = _digest_of(["calc.zip", *_tree_fingerprint(project_root), *_tool_fingerprint()])
    calc_zip = _cached(cache_dir / "calczip", calc_key,
                       lambda out: build_calc_zip(out, project_root))

    snapshot_key = _digest_of(["snapshot", *(_file_digest(path) for path in (
        runtime_dir / "pyodide.asm.wasm", runtime_dir / "pyodide.asm.js", runtime_dir / "pyodide.js",
        runtime_dir / LOCK_FILE, stdlib, calc_zip, SNAPSHOT_SCRIPT, Path(__file__),
        Path(__file__).with_name("snapshot.py"))), node_version()])
    snapshot = _cached(cache_dir / "snapshot", snapshot_key,
                       lambda out: build_snapshot(out, runtime_dir, stdlib, calc_zip))
    return place_files(site_dir, runtime_dir, stdlib, calc_zip, snapshot)


def place_files(site_dir: Path, runtime_dir: Path, stdlib: Path, calc_zip: Path,
                snapshot: Path | None = None) -> dict[str, Any]:
    """Copy a built stdlib, calc zip and snapshot into the site (removing older ones); write
    runtime.json.

    ``runtime_dir`` is the folder :func:`copy_runtime` filled inside ``site_dir``.
    """
    _remove_stale(runtime_dir.glob(f"{SNAPSHOT_PREFIX}*.snapshot*"),
                  keep=snapshot.name if snapshot else "")
    if snapshot is not None:
        _copy_if_changed(snapshot, runtime_dir / snapshot.name)
    _remove_stale(runtime_dir.glob(f"{STDLIB_PREFIX}*.zip"), keep=stdlib.name)
    _copy_if_changed(stdlib, runtime_dir / stdlib.name)
    calc_home = site_dir / _CALC_DIR
    calc_folder = calc_home / _file_digest(calc_zip)
    _remove_stale((path for path in calc_home.glob("*")
                   if path.is_dir() and _HASH_NAME.fullmatch(path.name)), keep=calc_folder.name)
    calc_folder.mkdir(parents=True, exist_ok=True)
    _copy_if_changed(calc_zip, calc_folder / calc_zip.name)

    def url(path: Path) -> str:
        return path.relative_to(site_dir).as_posix()

    data_files = [runtime_dir / stdlib.name, runtime_dir / LOCK_FILE, calc_folder / calc_zip.name]
    fetched = [runtime_dir / "pyodide.asm.wasm", *data_files]  # what the worker fetch()es
    runtime: dict[str, Any] = {
        "indexURL": url(runtime_dir) + "/",
        "stdLibURL": url(runtime_dir / stdlib.name),
        "lockFileURL": url(runtime_dir / LOCK_FILE),
        "calcURL": url(calc_folder / calc_zip.name),
        "pyodideVersion": PYODIDE_VERSION,
        "downloadBytes": sum(path.stat().st_size for path in fetched),
        "firstVisitBytes": sum(_sent_size(path) for path in [
            *(runtime_dir / name for name in RUNTIME_FILES), *data_files]),
    }
    if snapshot is not None:  # not a first visit's download: see the module docstring
        placed = runtime_dir / snapshot.name
        unpacked = gzip.decompress(placed.read_bytes())
        runtime["snapshotURL"] = url(placed)
        runtime["snapshotBytes"] = placed.stat().st_size
        runtime["snapshotRawBytes"] = len(unpacked)
        runtime["snapshotSHA256"] = hashlib.sha256(unpacked).hexdigest()
    _write_if_changed(site_dir / RUNTIME_JSON, json.dumps(runtime, indent=1) + "\n")
    return runtime


def _cached(folder: Path, key: str, build: Callable[[Path], Path]) -> Path:
    """The one file in ``folder/key``, built by ``build(dir)`` on a miss.

    Concurrent builds (a test run beside ``mkdocs serve``) each build into their own
    temporary folder and the first rename wins; the outputs are identical anyway. Only the
    most recently used few entries are kept.
    """
    entry = folder / key
    found = list(entry.iterdir()) if entry.is_dir() else []
    if len(found) == 1:
        os.utime(entry)  # most recently used
        return found[0]
    shutil.rmtree(entry, ignore_errors=True)  # an incomplete entry, if any
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f".building-{key}-{os.getpid()}"
    try:
        build(staging)
        with contextlib.suppress(OSError):  # another process renamed its build first
            staging.rename(entry)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    entries = sorted((path for path in folder.iterdir() if not path.name.startswith(".")),
                     key=lambda path: path.stat().st_mtime_ns, reverse=True)
    for old in entries[_CACHE_ENTRIES_KEPT:]:
        shutil.rmtree(old, ignore_errors=True)
    return next(entry.iterdir())


def _tree_fingerprint(project_root: Path) -> list[str]:
    return [f"{path.as_posix()}:{_file_digest(project_root / path)}"
            for path in project_files(project_root)]


def _tool_fingerprint() -> list[str]:
    """What else shapes the output: interpreter, build tools and this module's own code."""
    versions = []
    for tool in _BUILD_TOOLS:
        try:
            versions.append(f"{tool}=={importlib.metadata.version(tool)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{tool} missing")
    builders = [_file_digest(Path(__file__).with_name(name))
                for name in ("runtime.py", "stdlib_zip.py", "wheel.py", "calczip.py")]
    return [sys.version, *versions, *builders]


def _digest_of(parts: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:_HASH_LENGTH]


def _file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()[:_HASH_LENGTH]


def _copy_if_changed(source: Path, target: Path) -> None:
    want = source.stat()
    if target.is_file():
        have = target.stat()
        if have.st_size == want.st_size and have.st_mtime_ns == want.st_mtime_ns:
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)  # plain 0644 file, whatever the source's mode
    os.utime(target, ns=(want.st_atime_ns, want.st_mtime_ns))


def _sent_size(path: Path) -> int:
    """What a first visit downloads for a file: its gzip copy if it has one (the service worker
    takes that), else the file."""
    copy = path.with_name(f"{path.name}.gz")
    return (copy if path.name in GZIP_COPIES and copy.is_file() else path).stat().st_size


def _gzip_if_changed(source: Path, target: Path) -> None:
    """Write ``target`` as gzip of ``source`` (no name or time in the header: the same bytes
    at every build), dated like the source so that an unchanged source is not packed again."""
    want = source.stat()
    if target.is_file() and target.stat().st_mtime_ns == want.st_mtime_ns:
        return
    target.write_bytes(gzip.compress(source.read_bytes(), compresslevel=9, mtime=0))
    os.utime(target, ns=(want.st_atime_ns, want.st_mtime_ns))


def _write_if_changed(target: Path, text: str) -> None:
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _remove_stale(paths: Iterable[Path], keep: str) -> None:
    for path in list(paths):
        if path.name == keep:
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
