"""Put the calculator's browser runtime into a built site.

Three parts reach the browser:

- the Pyodide 0.29.5 runtime proper, copied from ``node_modules/pyodide`` (installed by
  ``npm ci``) into a folder named after its version, with a lock file holding no packages
  (Pyodide always reads one and checks its ABI version, but the calculator loads no
  lock-file packages);
- a standard library compiled to bytecode (booting from ``.pyc`` is about three times
  faster than from sources) and cut to the modules listed in ``stdlib_modules.txt``, named
  after its content hash so that it can be cached for ever;
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
(``downloadBytes``, for its progress messages). Built calc zips and standard libraries are
cached under ``.cache/calc-runtime`` keyed by a hash of everything they are made from, so a
site rebuild with unchanged sources only copies files.
"""

from __future__ import annotations

import ast
import contextlib
import gzip
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from build_tools.calczip import build_calc_zip
from build_tools.snapshot import SNAPSHOT_PREFIX, SNAPSHOT_SCRIPT, build_snapshot, node_version
from build_tools.wheel import (
    BROWSER_PACKAGE,
    REPO_ROOT,
    BuildError,
    find_pyodide_cli,
    project_files,
    py_compile_archive,
    require_pyodide_python,
    write_zip,
)

PYODIDE_VERSION = "0.29.5"
PYODIDE_PACKAGE = REPO_ROOT / "node_modules" / "pyodide"
RUNTIME_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm")
"""What a worker needs of the npm package besides the lock file and the standard library."""

LOCK_FILE = "pyodide-lock.json"
STOCK_STDLIB = "python_stdlib.zip"
STDLIB_MODULES = Path(__file__).with_name("stdlib_modules.txt")
CACHE_DIR = REPO_ROOT / ".cache" / "calc-runtime"
RUNTIME_JSON = Path("assets", "calc", "runtime.json")
BROWSER_ENTRY = f"{BROWSER_PACKAGE}.web"
"""The one module the worker imports: ``handle(request_json: str) -> str``."""

_PYODIDE_DIR = Path("assets", "pyodide")
_CALC_DIR = Path("assets", "calc")
_STDLIB_PREFIX = "python_stdlib."
_HASH_LENGTH = 16
_HASH_NAME = re.compile(f"[0-9a-f]{{{_HASH_LENGTH}}}")
_CACHE_ENTRIES_KEPT = 4
_BUILD_TOOLS = ("build", "setuptools", "wheel", "pyodide-build")


def pyodide_package(package_dir: Path = PYODIDE_PACKAGE) -> Path:
    """The npm ``pyodide`` package folder, checked to be version 0.29.5."""
    try:
        manifest = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BuildError(
            f"Pyodide {PYODIDE_VERSION} is not installed at {package_dir}; run `npm ci` in "
            f"{REPO_ROOT}"
        ) from None
    if manifest.get("version") != PYODIDE_VERSION:
        raise BuildError(
            f"{package_dir} holds Pyodide {manifest.get('version')}, not {PYODIDE_VERSION}; "
            f"run `npm ci` in {REPO_ROOT}"
        )
    return package_dir


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
    stock_lock = json.loads((source / LOCK_FILE).read_text(encoding="utf-8"))
    if not isinstance(stock_lock.get("info"), dict) or "abi_version" not in stock_lock["info"]:
        raise BuildError(f"{source / LOCK_FILE} has no info.abi_version (Pyodide checks it)")
    lock = json.dumps({"info": stock_lock["info"], "packages": {}}, indent=1, sort_keys=True)
    _write_if_changed(target / LOCK_FILE, lock + "\n")
    return target


def read_module_list(path: Path = STDLIB_MODULES) -> list[str]:
    """Module names of a list file: one a line; blank lines and ``#`` comments ignored."""
    text = path.read_text(encoding="utf-8")
    names = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return sorted({name for name in names if name})


def build_stdlib(
    dest: Path,
    modules: Iterable[str] | None = None,
    package_dir: Path = PYODIDE_PACKAGE,
) -> Path:
    """Build the compiled standard library into ``dest``; return the zip's path.

    ``modules`` defaults to the list in ``stdlib_modules.txt``; pass
    :func:`all_stdlib_modules` for the whole library. The zip is named
    ``python_stdlib.<content hash>.zip``; the same inputs give the same bytes.
    """
    require_pyodide_python()
    cli = find_pyodide_cli()
    with zipfile.ZipFile(pyodide_package(package_dir) / STOCK_STDLIB) as stock:
        sources = {info.filename: stock.read(info) for info in stock.infolist()
                   if info.filename.endswith(".py")}
    names = stdlib_files(read_module_list() if modules is None else modules, sources)
    with TemporaryDirectory(prefix="stc-stdlib-") as tmp:
        cut = Path(tmp) / STOCK_STDLIB
        write_zip(cut, {name: sources[name] for name in names})
        compiled = py_compile_archive(cut, cli)
        with zipfile.ZipFile(compiled) as archive:
            entries = {info.filename: archive.read(info) for info in archive.infolist()}
        leftover = [name for name in entries if not name.endswith(".pyc")]
        if leftover:
            raise BuildError(f"py-compile left non-bytecode entries in the stdlib: {leftover}")
        write_zip(cut, dict(sorted(entries.items())))
        dest.mkdir(parents=True, exist_ok=True)
        target = dest / f"{_STDLIB_PREFIX}{_file_digest(cut)}.zip"
        shutil.move(cut, target)
    return target


def all_stdlib_modules(package_dir: Path = PYODIDE_PACKAGE) -> list[str]:
    """Every module of the stock standard library, by name."""
    with zipfile.ZipFile(pyodide_package(package_dir) / STOCK_STDLIB) as stock:
        return sorted(
            name.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
            for name in stock.namelist()
            if name.endswith(".py")
        )


def stdlib_files(modules: Iterable[str], sources: Iterable[str]) -> list[str]:
    """Archive names of ``modules`` and of the packages containing them.

    A name missing from the archive is an error (a typo in the list would otherwise only show
    in the browser).
    """
    available = set(sources)
    files: set[str] = set()
    unknown = []
    for module in modules:
        parts = module.split(".")
        found = _module_file(module, available)
        if found is None:
            unknown.append(module)
            continue
        files.add(found)
        for depth in range(1, len(parts)):
            package = "/".join(parts[:depth]) + "/__init__.py"
            if package in available:
                files.add(package)
    if unknown:
        raise BuildError(
            f"not in Pyodide {PYODIDE_VERSION}'s standard library: {', '.join(unknown)} "
            f"(check {STDLIB_MODULES.name})"
        )
    return sorted(files)


def browser_imports(project_root: Path = REPO_ROOT) -> dict[str, list[str]]:
    """The project's modules the browser can import, each with the modules it imports.

    Followed from ``calc.web`` through the project's own imports (also those inside
    functions), so build-time modules such as a command line interface stay out.
    """
    def source(module: str) -> Path | None:
        base = project_root.joinpath(*module.split("."))
        return next((path for path in (base / "__init__.py", base.with_suffix(".py"))
                     if path.is_file()), None)

    if source(BROWSER_ENTRY) is None:
        raise BuildError(
            f"{BROWSER_ENTRY} (the browser's entry point, handle(request_json) -> str) is "
            f"missing from {project_root / BROWSER_PACKAGE}"
        )
    found: dict[str, list[str]] = {}
    queue = [BROWSER_ENTRY]
    while queue:
        module = queue.pop()
        path = source(module)
        if module in found or path is None:
            continue
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        tree = ast.parse(path.read_bytes(), filename=str(path))
        found[module] = sorted(set(_runtime_imports(tree, package)))
        queue.append(package)
        queue.extend(name for name in found[module] if name.split(".")[0] == BROWSER_PACKAGE)
    return dict(sorted(found.items()))


def check_stdlib_covers(
    project_root: Path, modules: Iterable[str], stdlib_sources: Iterable[str]
) -> None:
    """Fail if the browser's modules import a standard-library module the cut stdlib lacks.

    Only direct imports are seen; what those modules import in turn is covered by recording a
    real run (``scripts/record_stdlib_modules.py``).
    """
    available = set(stdlib_sources)
    kept = set(modules)
    missing: dict[str, list[str]] = {}
    for module, imported in browser_imports(project_root).items():
        for name in imported:
            if name not in kept and _module_file(name, available) is not None:
                missing.setdefault(name, []).append(module)
    if missing:
        listed = "; ".join(f"{name} (imported by {', '.join(importers)})"
                           for name, importers in sorted(missing.items()))
        raise BuildError(
            f"the browser's cut standard library lacks modules that {BROWSER_PACKAGE} imports: "
            f"{listed}. Run `.venv/bin/python scripts/record_stdlib_modules.py` to re-record "
            f"build_tools/{STDLIB_MODULES.name}"
        )


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
    _remove_stale(runtime_dir.glob(f"{_STDLIB_PREFIX}*.zip"), keep=stdlib.name)
    _copy_if_changed(stdlib, runtime_dir / stdlib.name)
    calc_home = site_dir / _CALC_DIR
    calc_folder = calc_home / _file_digest(calc_zip)
    _remove_stale((path for path in calc_home.glob("*")
                   if path.is_dir() and _HASH_NAME.fullmatch(path.name)), keep=calc_folder.name)
    calc_folder.mkdir(parents=True, exist_ok=True)
    _copy_if_changed(calc_zip, calc_folder / calc_zip.name)

    def url(path: Path) -> str:
        return path.relative_to(site_dir).as_posix()

    fetched = [runtime_dir / "pyodide.asm.wasm", runtime_dir / stdlib.name, runtime_dir / LOCK_FILE,
               calc_folder / calc_zip.name]
    runtime: dict[str, Any] = {
        "indexURL": url(runtime_dir) + "/",
        "stdLibURL": url(runtime_dir / stdlib.name),
        "lockFileURL": url(runtime_dir / LOCK_FILE),
        "calcURL": url(calc_folder / calc_zip.name),
        "pyodideVersion": PYODIDE_VERSION,
        "downloadBytes": sum(path.stat().st_size for path in fetched),
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


def _module_file(module: str, available: set[str]) -> str | None:
    base = module.replace(".", "/")
    for candidate in (f"{base}/__init__.py", f"{base}.py"):
        if candidate in available:
            return candidate
    return None


def _runtime_imports(node: ast.AST, package: str) -> Iterator[str]:
    """Absolute names of the modules a module may import at run time.

    ``package`` resolves relative imports; ``if TYPE_CHECKING:`` blocks are skipped.
    """
    if isinstance(node, ast.If) and _is_type_checking(node.test):
        children: list[ast.AST] = list(node.orelse)
    else:
        children = list(ast.iter_child_nodes(node))
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        base = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
        yield base
        yield from (f"{base}.{alias.name}" for alias in node.names)
    for child in children:
        yield from _runtime_imports(child, package)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


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
                for name in ("runtime.py", "wheel.py", "calczip.py")]
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
