"""The cut standard library the browser's Pyodide boots from.

Why a module of its own: choosing which standard-library modules the browser needs, and
building them into a zip, is a job apart from placing files into the site
(:mod:`build_tools.runtime`), and :mod:`build_tools.calczip` and
``scripts/record_stdlib_modules.py`` need the import graph without the placing.

- The stock ``python_stdlib.zip`` of Pyodide 0.29.5 (``node_modules/pyodide``, installed by
  ``npm ci``) is cut to the modules listed in ``stdlib_modules.txt`` and compiled to bytecode
  (booting from ``.pyc`` is about three times faster than from sources); the zip is named
  after its content hash so that it can be cached for ever.
- The list is recorded from a real run (``scripts/record_stdlib_modules.py``); the build checks
  it against the standard-library modules the browser's ``calc`` modules import directly
  (:func:`check_stdlib_covers`), so a stale list stops the build instead of failing in the page.
- :func:`browser_imports` follows ``calc.web``'s imports: which project modules reach the
  browser (also what goes into calc.zip) and which standard-library modules they import.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import shutil
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from tempfile import TemporaryDirectory

from build_tools.wheel import (
    BROWSER_PACKAGE,
    REPO_ROOT,
    BuildError,
    find_pyodide_cli,
    py_compile_archive,
    require_pyodide_python,
    write_zip,
)

PYODIDE_VERSION = "0.29.5"
PYODIDE_PACKAGE = REPO_ROOT / "node_modules" / "pyodide"
STOCK_STDLIB = "python_stdlib.zip"
STDLIB_MODULES = Path(__file__).with_name("stdlib_modules.txt")
STDLIB_PREFIX = "python_stdlib."
"""Built zips are named ``python_stdlib.<content hash>.zip``."""

BROWSER_ENTRY = f"{BROWSER_PACKAGE}.web"
"""The one module the worker imports: ``handle(request_json: str) -> str``."""

_HASH_LENGTH = 16


def pyodide_package(package_dir: Path = PYODIDE_PACKAGE, version: str = PYODIDE_VERSION) -> Path:
    """The npm ``pyodide`` package folder, checked to be ``version`` (the site's 0.29.5 unless
    told otherwise: the benchmark's bare page asks for 0.25.1)."""
    try:
        manifest = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BuildError(
            f"Pyodide {version} is not installed at {package_dir}; run `npm ci` in {REPO_ROOT}"
        ) from None
    if manifest.get("version") != version:
        raise BuildError(
            f"{package_dir} holds Pyodide {manifest.get('version')}, not {version}; "
            f"run `npm ci` in {REPO_ROOT}"
        )
    return package_dir


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
        compiled = py_compile_archive(cut, cli, strip_docstrings=True)
        with zipfile.ZipFile(compiled) as archive:
            entries = {info.filename: archive.read(info) for info in archive.infolist()}
        leftover = [name for name in entries if not name.endswith(".pyc")]
        if leftover:
            raise BuildError(f"py-compile left non-bytecode entries in the stdlib: {leftover}")
        write_zip(cut, dict(sorted(entries.items())))
        dest.mkdir(parents=True, exist_ok=True)
        with cut.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()[:_HASH_LENGTH]
        target = dest / f"{STDLIB_PREFIX}{digest}.zip"
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
