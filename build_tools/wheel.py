"""Build the calculator's browser wheel: the ``stc-guide`` distribution, py-compiled for Pyodide.

Two tools do the work: ``python -m build --wheel --no-isolation`` makes the ordinary wheel and
``pyodide py-compile`` (pyodide-build 0.39.2) turns it into a ``cp313`` wheel holding bytecode
only. Bytecode is only valid for the interpreter's minor version, so the host must run
CPython 3.13, the version inside Pyodide 0.29.5.

The output is byte-for-byte reproducible: the build runs on a copy of the sources (so stale
``build/lib`` files of the shared working tree can never leak into the wheel, and nothing is
written into that tree), with a fixed ``SOURCE_DATE_EPOCH`` (``py_compile`` then writes
hash-based ``.pyc`` files instead of ones stamped with a temporary file's mtime) and a fixed
``PYTHONHASHSEED`` (set constants are marshalled in hash order); finally the archive is
rewritten with sorted entries, fixed timestamps and permissions, and a ``RECORD`` that lists
the ``.pyc`` files actually shipped.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from tempfile import TemporaryDirectory

REPO_ROOT = Path(__file__).resolve().parents[1]
PYODIDE_PYTHON = (3, 13)
"""CPython minor version inside Pyodide 0.29.5 (3.13.2); bytecode must match it."""

BROWSER_PACKAGE = "calc"
"""The package the browser imports; all of its files must reach the wheel."""

ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
"""Timestamp written for every archive entry (the earliest a zip file can hold)."""

_SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01T00:00:00Z, matching ZIP_DATE_TIME
_PROJECT_FILES = ("pyproject.toml", "setup.cfg", "setup.py", "MANIFEST.in")
_PROJECT_FILE_PREFIXES = ("LICENSE", "COPYING")
"""The licence goes with the code; the README does not (see :func:`browser_pyproject`)."""
_SKIPPED_DIRS = {"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"}


class BuildError(RuntimeError):
    """A build step failed or a tool it needs is missing; the message says what to do."""


def build_calc_wheel(out_dir: Path, project_root: Path = REPO_ROOT) -> Path:
    """Build the py-compiled ``stc-guide`` wheel into ``out_dir`` and return its path.

    The same sources always give the same bytes.
    """
    require_pyodide_python()
    pyodide_cli = find_pyodide_cli()
    _require_modules(
        {
            "build": "build~=1.6",
            "setuptools": "setuptools>=68,<81",
            "wheel": "wheel~=0.45.1",
        }
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    with TemporaryDirectory(prefix="stc-wheel-") as tmp:
        source_copy = Path(tmp) / "src"
        dist = Path(tmp) / "dist"
        _copy_project(project_root, source_copy)
        _run(
            [sys.executable, "-m", "build", "--wheel", "--no-isolation",
             "--outdir", str(dist), str(source_copy)],
            step="python -m build --wheel --no-isolation",
            cwd=source_copy,
        )
        built = _single(dist.glob("*.whl"), f"wheel in {dist}")
        _check_package_complete(built, source_copy / BROWSER_PACKAGE)
        compiled = py_compile_archive(built, pyodide_cli)
        tag = "cp{}{}-none-any".format(*PYODIDE_PYTHON)
        if not compiled.name.endswith(f"-{tag}.whl"):
            raise BuildError(f"pyodide py-compile produced {compiled.name}; expected a {tag} wheel")
        with zipfile.ZipFile(compiled) as archive:
            entries = {info.filename: archive.read(info) for info in archive.infolist()
                       if not info.is_dir()}
        sources = sorted(name for name in entries if name.endswith(".py"))
        if sources:
            raise BuildError(f"the compiled wheel still holds sources: {', '.join(sources)}")
        target = out_dir / compiled.name
        write_zip(target, _with_record(entries))
    return target


def require_pyodide_python() -> None:
    """Fail unless the host runs the CPython minor version Pyodide 0.29.5 embeds."""
    if sys.version_info[:2] != PYODIDE_PYTHON:
        wanted = "{}.{}".format(*PYODIDE_PYTHON)
        have = "{}.{}".format(*sys.version_info[:2])
        raise BuildError(
            f"bytecode for Pyodide 0.29.5 must be compiled by CPython {wanted}, but this is "
            f"Python {have} ({sys.executable}); run the build from the project's 3.13 venv "
            "(.venv/bin/python)"
        )


def find_pyodide_cli() -> Path:
    """The ``pyodide`` command of pyodide-build, preferably the one beside this interpreter."""
    beside = Path(sys.executable).with_name("pyodide")
    found = beside if beside.is_file() else None
    if found is None and (on_path := shutil.which("pyodide")):
        found = Path(on_path)
    if found is None or importlib.util.find_spec("pyodide_build") is None:
        raise BuildError(
            "the `pyodide` command (pyodide-build==0.39.2) is missing; install the dev tools "
            "into the venv: .venv/bin/pip install -e '.[dev]'"
        )
    return found


def py_compile_archive(archive: Path, pyodide_cli: Path, *, strip_docstrings: bool = False) -> Path:
    """Run ``pyodide py-compile`` on a ``.whl`` or ``.zip``; return the compiled archive.

    The input is replaced. Entry timestamps of the result are still the current time: pass
    its entries through :func:`write_zip` to make it reproducible.

    ``strip_docstrings`` compiles as ``python -OO`` does (no docstrings, no ``assert``): for
    the zips only the browser imports, where nobody reads a docstring and every byte is on a
    first visit's way (issue 14). The wheel keeps them (the command line's help).
    """
    before = set(archive.parent.iterdir())
    _run([str(pyodide_cli), "py-compile", "--silent", str(archive)],
         step="pyodide py-compile", cwd=archive.parent,
         extra_env={"PYTHONOPTIMIZE": "2"} if strip_docstrings else None)
    if archive.suffix == ".zip":
        return archive  # zip archives keep their name
    return _single(set(archive.parent.iterdir()) - before, f"py-compiled wheel of {archive.name}")


def reproducible_env() -> dict[str, str]:
    """Environment for build subprocesses that makes their output independent of the clock."""
    return {**os.environ, "SOURCE_DATE_EPOCH": _SOURCE_DATE_EPOCH, "PYTHONHASHSEED": "0"}


def write_zip(target: Path, entries: Mapping[str, bytes]) -> None:
    """Write ``entries`` as a zip whose bytes depend on nothing but names and contents.

    Entries keep the given order (callers sort them); every entry gets the same timestamp and
    permissions and maximum deflate compression. The file is written next to ``target`` and
    renamed, so a reader never sees half an archive.
    """
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    with zipfile.ZipFile(partial, "w") as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, ZIP_DATE_TIME)
            info.external_attr = 0o100644 << 16
            info.create_system = 3  # Unix, so the permissions above are honoured
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    partial.replace(target)


def project_files(project_root: Path = REPO_ROOT) -> list[Path]:
    """The files a wheel build reads, relative to ``project_root``, in a stable order.

    Of the distribution's packages only ``calc`` goes to the browser: the build tools would
    be 14 more files (≈ 250 kB unpacked) for Pyodide to unpack at every start, never imported.
    """
    files = [
        path.relative_to(project_root)
        for path in sorted(project_root.iterdir())
        if path.is_file()
        and (path.name in _PROJECT_FILES or path.name.startswith(_PROJECT_FILE_PREFIXES))
    ]
    _project_packages(project_root)  # checks that the distribution has the browser package
    for package in (BROWSER_PACKAGE,):
        for path in sorted((project_root / package).rglob("*")):
            relative = path.relative_to(project_root)
            if (path.is_file() and path.suffix != ".pyc"
                    and not _SKIPPED_DIRS.intersection(relative.parts)):
                files.append(relative)
    return files


def _project_packages(project_root: Path) -> list[str]:
    with (project_root / "pyproject.toml").open("rb") as handle:
        config = tomllib.load(handle)
    packages = config.get("tool", {}).get("setuptools", {}).get("packages", [])
    top_level = sorted({str(name).split(".")[0] for name in packages})
    if BROWSER_PACKAGE not in top_level:
        raise BuildError(
            f"pyproject.toml [tool.setuptools] packages does not list {BROWSER_PACKAGE!r}"
        )
    return top_level


def _copy_project(project_root: Path, dest: Path) -> None:
    for relative in project_files(project_root):
        (dest / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(project_root / relative, dest / relative)
    pyproject = dest / "pyproject.toml"
    pyproject.write_text(browser_pyproject(pyproject.read_text(encoding="utf-8")), encoding="utf-8")


_PACKAGES_LINE = re.compile(r"^packages\s*=\s*\[[^\]]*\]", re.MULTILINE)
_README_LINE = re.compile(r"^readme\s*=.*\n", re.MULTILINE)


def browser_pyproject(text: str) -> str:
    """pyproject.toml for the browser wheel: the same distribution with ``calc`` as its one package.

    The README is left out of the wheel's metadata too: nobody reads it in the browser, and an
    edit of the README would otherwise give the wheel new bytes, a new hashed URL and a new
    download for every reader.
    """
    changed, count = _PACKAGES_LINE.subn(f'packages = ["{BROWSER_PACKAGE}"]', text, count=1)
    changed = _README_LINE.sub("", changed, count=1)
    project = tomllib.loads(changed)
    packages = project.get("tool", {}).get("setuptools", {}).get("packages")
    if count != 1 or packages != [BROWSER_PACKAGE]:
        raise BuildError(
            "pyproject.toml: expected one `packages = [...]` line under [tool.setuptools] to "
            f"narrow to {BROWSER_PACKAGE!r} for the browser wheel"
        )
    if "readme" in project.get("project", {}):
        raise BuildError("pyproject.toml: expected the project's `readme = ...` on one line")
    return changed


def _check_package_complete(wheel: Path, package_dir: Path) -> None:
    """Every file of the browser package must be in the wheel, or the page breaks at run time."""
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
    missing = [
        str(path.relative_to(package_dir.parent).as_posix())
        for path in sorted(package_dir.rglob("*"))
        if path.is_file() and path.relative_to(package_dir.parent).as_posix() not in shipped
    ]
    if missing:
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise BuildError(
            f"the wheel lacks files of the {BROWSER_PACKAGE!r} package that the browser would "
            f"need: {', '.join(missing[:5])}{more}; list them in pyproject.toml "
            "[tool.setuptools.package-data]"
        )


def _with_record(entries: Mapping[str, bytes]) -> dict[str, bytes]:
    """Sorted entries with a RECORD that matches them (py-compile leaves the old one)."""
    dist_infos = {name.split("/", 1)[0] for name in entries if name.split("/", 1)[0].endswith(
        ".dist-info")}
    dist_info = _single(dist_infos, ".dist-info folder in the wheel")
    record_name = f"{dist_info}/RECORD"
    files = {name: data for name, data in sorted(entries.items()) if name != record_name}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for name, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        writer.writerow([name, f"sha256={digest}", len(data)])
    writer.writerow([record_name, "", ""])
    return {**files, record_name: buffer.getvalue().encode()}


def _require_modules(modules: Mapping[str, str]) -> None:
    missing = [spec for module, spec in modules.items() if importlib.util.find_spec(module) is None]
    if missing:
        raise BuildError(
            f"missing build tools ({', '.join(missing)}) for {sys.executable}; install the dev "
            "tools into the venv: .venv/bin/pip install -e '.[dev]'"
        )


def _run(command: list[str], *, step: str, cwd: Path, extra_env: Mapping[str, str] | None = None) -> None:
    result = subprocess.run(
        command, cwd=cwd, env={**reproducible_env(), **(extra_env or {})}, capture_output=True,
        text=True, check=False,
    )
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip().splitlines()
        raise BuildError(
            f"{step} failed (exit {result.returncode}):\n" + "\n".join(output[-30:])
        )


def _single[T](items: Iterable[T], what: str) -> T:
    found = list(items)
    if len(found) != 1:
        raise BuildError(f"expected exactly one {what}, found {len(found)}: {found}")
    return found[0]
