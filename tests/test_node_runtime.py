"""The calculator's browser runtime, booted under Node from the files a site build ships.

``place_calculator`` builds the site assets (Pyodide 0.29.5, the compiled and cut standard
library, the compiled wheel, runtime.json) into a temporary folder; Node then boots that
same runtime (tests/node/run_cases.mjs) and answers calc.web requests: the essay's figure
cases and a Ca × P table. Without a browser, this is as close to the page as it gets.
"""

from __future__ import annotations

import ast
import gzip
import hashlib
import json
import marshal
import os
import shutil
import subprocess
import types
import zipfile
from pathlib import Path
from typing import Any

import pytest

from build_tools.calczip import build_calc_zip
from build_tools.runtime import place_calculator
from build_tools.snapshot import build_snapshot
from build_tools.stdlib_zip import PYODIDE_VERSION, STOCK_STDLIB
from build_tools.wheel import ZIP_DATE_TIME, BuildError, browser_pyproject, build_calc_wheel

REPO_ROOT = Path(__file__).resolve().parents[1]
HARNESS = REPO_ROOT / "tests" / "node" / "run_cases.mjs"
PYODIDE_PACKAGE = REPO_ROOT / "node_modules" / "pyodide"
CASES_FILE = REPO_ROOT / "tests" / "data" / "essay-figures.json"
FINDING_KEYS = ("compartment", "pattern", "site", "distribution", "clinical")

# calcium, its unit, phosphate, its unit -> Ca × P in mg²/dL² and in mmol²/L²
CA_P_TABLE: list[tuple[str, str, str, str, float, float]] = [
    ("10.5", "mg/dL", "8.0", "mg/dL", 84.0, 6.77),
    ("2.40", "mmol/L", "1.80", "mmol/L", 53.6, 4.32),
    ("10.5", "mg/dL", "1.80", "mmol/L", 58.5, 4.72),
]

pytestmark = pytest.mark.node


def _unavailable(reason: str) -> None:
    """Skip on a developer machine without Node; in CI the same gap is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the Node runtime test must run)")
    pytest.skip(reason)


def _cases() -> list[dict[str, Any]]:
    if not CASES_FILE.is_file():
        _unavailable(f"essay cases not found at {CASES_FILE} (tests/data in the repository)")
    cases: list[dict[str, Any]] = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    return cases


def _case_state(findings: dict[str, Any]) -> dict[str, Any]:
    state: dict[str, Any] = {key: list(findings[key]) for key in FINDING_KEYS if key in findings}
    if "age" in findings:
        state["age"] = str(findings["age"])
    return state


def _lab_label(calcium: str, calcium_unit: str, phosphate: str, phosphate_unit: str) -> str:
    return f"Ca {calcium} {calcium_unit} x P {phosphate} {phosphate_unit}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    if not (PYODIDE_PACKAGE / "package.json").is_file():
        _unavailable(f"{PYODIDE_PACKAGE} is missing: run `npm ci`")
    site_dir = tmp_path_factory.mktemp("site")
    return site_dir, place_calculator(site_dir)


@pytest.fixture(scope="module")
def node_run(site: tuple[Path, dict[str, str]], tmp_path_factory: pytest.TempPathFactory
             ) -> dict[str, Any]:
    """One Node boot answering every request of this module, keyed by a label."""
    node = shutil.which("node")
    if node is None:
        _unavailable("node is not on PATH")
    assert node is not None
    labelled: dict[str, dict[str, Any]] = {"form": {"action": "form"}}
    for case in _cases():
        labelled[case["id"]] = {"action": "compute", "state": _case_state(case["findings"])}
    for calcium, calcium_unit, phosphate, phosphate_unit, *_ in CA_P_TABLE:
        labelled[_lab_label(calcium, calcium_unit, phosphate, phosphate_unit)] = {
            "action": "compute",
            "state": {"calcium": calcium, "calcium_unit": calcium_unit,
                      "phosphate": phosphate, "phosphate_unit": phosphate_unit},
        }
    work = tmp_path_factory.mktemp("node")
    (work / "requests.json").write_text(json.dumps(list(labelled.values())), encoding="utf-8")
    completed = subprocess.run(
        [node, str(HARNESS), "--site", str(site[0]), "--requests", str(work / "requests.json"),
         "--out", str(work / "result.json")],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert completed.returncode == 0, f"Node run failed:\n{completed.stdout}\n{completed.stderr}"
    result: dict[str, Any] = json.loads((work / "result.json").read_text(encoding="utf-8"))
    print(f"\nNode: Pyodide {result['pyodideVersion']} booted with calc.web imported in "
          f"{result['bootMs']:.0f} ms; {len(labelled)} requests in {result['handleMs']:.0f} ms")
    answers = {}
    for label, answer in zip(labelled, result["responses"], strict=True):
        assert "error" not in answer, f"{label}: {answer['error']}"
        answers[label] = answer["response"]
    return {"version": result["pyodideVersion"], "answers": answers}


def test_runtime_json_names_files_the_site_holds(site: tuple[Path, dict[str, str]]) -> None:
    site_dir, runtime = site
    assert json.loads((site_dir / "assets/calc/runtime.json").read_text()) == runtime
    assert runtime["pyodideVersion"] == PYODIDE_VERSION
    assert runtime["indexURL"].endswith(f"/{PYODIDE_VERSION}/")
    for name in ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm"):
        assert (site_dir / runtime["indexURL"] / name).is_file()
    for key in ("stdLibURL", "lockFileURL", "calcURL"):
        assert not runtime[key].startswith("/"), "URLs must stay relative to the site root"
        assert (site_dir / runtime[key]).is_file(), key
    lock = json.loads((site_dir / runtime["lockFileURL"]).read_text())
    assert lock["packages"] == {} and lock["info"]["abi_version"]


def test_node_boots_the_shipped_runtime_and_serves_the_form(node_run: dict[str, Any]) -> None:
    assert node_run["version"] == PYODIDE_VERSION
    form = node_run["answers"]["form"]
    assert form.get("ok") is True
    assert form["categories"], "the form offers no finding categories"


def test_essay_cases_rank_their_expected_entity_first(node_run: dict[str, Any]) -> None:
    first_misses, top3_misses = [], []
    for case in _cases():
        ranked = [c["id"] for c in node_run["answers"][case["id"]]["ddx"]["candidates"]]
        if ranked[:1] and ranked[0] not in case["expected"]:
            first_misses.append(f"{case['id']}: first {ranked[0]}, expected {case['expected']}")
        if not set(ranked[:3]) & set(case["expected"]):
            top3_misses.append(f"{case['id']}: top 3 {ranked[:3]}, expected {case['expected']}")
    assert not top3_misses, "expected entity outside the top 3:\n" + "\n".join(top3_misses)
    assert len(first_misses) <= 2, "expected entity not first:\n" + "\n".join(first_misses)


@pytest.mark.parametrize(
    ("calcium", "calcium_unit", "phosphate", "phosphate_unit", "mg2_dl2", "mmol2_l2"),
    CA_P_TABLE,
    ids=[f"{row[1]} x {row[3]}" for row in CA_P_TABLE],
)
def test_calcium_phosphate_product(
    node_run: dict[str, Any], calcium: str, calcium_unit: str, phosphate: str,
    phosphate_unit: str, mg2_dl2: float, mmol2_l2: float,
) -> None:
    label = _lab_label(calcium, calcium_unit, phosphate, phosphate_unit)
    mineral = node_run["answers"][label]["mineral"]
    assert mineral["product_mg2_dl2"] == pytest.approx(mg2_dl2, abs=0.1)
    assert mineral["product_mmol2_l2"] == pytest.approx(mmol2_l2, abs=0.01)


def test_cut_stdlib_is_compiled_reproducible_and_smaller_than_stock(
    site: tuple[Path, dict[str, str]],
) -> None:
    site_dir, runtime = site
    cut = site_dir / runtime["stdLibURL"]
    stock = PYODIDE_PACKAGE / STOCK_STDLIB
    assert cut.stat().st_size < stock.stat().st_size
    with zipfile.ZipFile(cut) as archive:
        infos = archive.infolist()
        assert infos and all(info.filename.endswith(".pyc") for info in infos)
        assert {info.date_time for info in infos} == {ZIP_DATE_TIME}
        assert "tarfile.pyc" not in archive.namelist(), "no wheel is installed at start: no archive modules"
    print(f"\nstdlib: cut and compiled {cut.stat().st_size:,} B, stock {stock.stat().st_size:,} B")


def test_calc_zip_holds_bytecode_and_the_generated_knowledge_module(site: tuple[Path, dict[str, Any]]) -> None:
    """The browser imports calc from calc.zip in place: compiled modules reachable from calc.web
    and the knowledge base as a generated module; no sources, no JSON, no command line."""
    site_dir, runtime = site
    calc_zip = site_dir / runtime["calcURL"]
    with zipfile.ZipFile(calc_zip) as archive:
        names = archive.namelist()
        assert {info.date_time for info in archive.infolist()} == {ZIP_DATE_TIME}
        web = archive.read("calc/web.pyc")
    assert all(name.startswith("calc/") and name.endswith(".pyc") for name in names), names
    assert {"calc/__init__.pyc", "calc/web.pyc", "calc/knowledge.pyc", "calc/_knowledge_data.pyc"} <= set(names)
    assert "calc/cli.pyc" not in names
    assert int.from_bytes(web[4:8], "little") & 1, "expected a hash-based (mtime-free) .pyc"
    assert not (REPO_ROOT / "calc" / "_knowledge_data.py").exists(), "generated at build time, never in the tree"
    fetched = [runtime["indexURL"] + "pyodide.asm.wasm", runtime["stdLibURL"], runtime["lockFileURL"],
               runtime["calcURL"]]
    assert runtime["downloadBytes"] == sum((site_dir / path).stat().st_size for path in fetched)
    # What the page says a first visit downloads: with the gzip copies the service worker takes.
    sent = [runtime["indexURL"] + name for name in ("pyodide.js", "pyodide.asm.js.gz", "pyodide.asm.wasm.gz")]
    assert runtime["firstVisitBytes"] == sum((site_dir / path).stat().st_size for path in sent + fetched[1:])
    assert runtime["firstVisitBytes"] < runtime["downloadBytes"] / 2
    print(f"\ncalc.zip: {calc_zip.stat().st_size:,} B")


def _docstring_constants(pyc: bytes) -> set[str]:
    """The strings a compiled module's code objects hold, all of them (constants, nested)."""
    found: set[str] = set()
    stack = [marshal.loads(pyc[16:])]  # the 16-byte .pyc header, then the module's code
    while stack:
        code = stack.pop()
        for constant in code.co_consts:
            if isinstance(constant, types.CodeType):
                stack.append(constant)
            elif isinstance(constant, str):
                found.add(constant)
    return found


@pytest.mark.parametrize(("archive_key", "member", "source"), [
    ("calcURL", "calc/web.pyc", REPO_ROOT / "calc" / "web.py"),
    ("calcURL", "calc/ddx.pyc", REPO_ROOT / "calc" / "ddx.py"),
    ("stdLibURL", "typing.pyc", PYODIDE_PACKAGE / STOCK_STDLIB / "typing.py"),
])
def test_browser_zips_are_compiled_without_docstrings(
    site: tuple[Path, dict[str, Any]], archive_key: str, member: str, source: Path,
) -> None:
    """The browser's zips are compiled as ``python -OO`` (nobody reads a docstring there; they
    were ~240 kB of a first visit and ~400 kB of the memory snapshot): neither the module's
    docstring nor any function's is in the bytecode. The wheel keeps them (the CLI's help)."""
    site_dir, runtime = site
    with zipfile.ZipFile(site_dir / runtime[archive_key]) as archive:
        constants = _docstring_constants(archive.read(member))
    if source.parent.suffix == ".zip":
        with zipfile.ZipFile(source.parent) as stock:
            text = stock.read(source.name).decode("utf-8")
    else:
        text = source.read_text(encoding="utf-8")
    tree = ast.parse(text)
    docstrings = [ast.get_docstring(node, clean=False) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)]
    docstrings = [doc for doc in docstrings if doc and len(doc) > 40]
    assert docstrings, f"{source.name}: expected docstrings in the source"
    kept = [doc[:60] for doc in docstrings if doc in constants]
    assert not kept, f"{member} still holds docstrings: {kept[:3]}"


def test_calc_zip_build_is_byte_for_byte_reproducible(tmp_path: Path) -> None:
    first = build_calc_zip(tmp_path / "first")
    second = build_calc_zip(tmp_path / "second")
    assert first.read_bytes() == second.read_bytes()


def test_compiled_wheel_holds_bytecode_only(tmp_path: Path) -> None:
    """The wheel stays the distribution format (command line, PyPI-style installs)."""
    wheel = build_calc_wheel(tmp_path)
    assert wheel.name.endswith("-cp313-none-any.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert {info.date_time for info in archive.infolist()} == {ZIP_DATE_TIME}
        web = archive.read("calc/web.pyc")
    assert not [name for name in names if name.endswith(".py")]
    assert int.from_bytes(web[4:8], "little") & 1, "expected a hash-based (mtime-free) .pyc"
    # Only what the browser imports: the build tools stay out (fewer files to unpack at start).
    assert {name.split("/", 1)[0] for name in names} == {"calc", "stc_guide-0.1.0.dist-info"}
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read("stc_guide-0.1.0.dist-info/METADATA").decode()
    assert "Description-Content-Type" not in metadata   # no README in the browser wheel
    assert "calc/data/entities/cppd.json" in names
    print(f"\nwheel: {wheel.name} {wheel.stat().st_size:,} B")


def test_browser_wheel_narrows_the_package_list_or_says_why_not() -> None:
    text = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    narrowed = browser_pyproject(text)
    assert 'packages = ["calc"]' in narrowed and "README" not in narrowed
    with pytest.raises(BuildError, match="packages"):
        browser_pyproject(text.replace("packages = [", "modules = ["))


def test_wheel_build_is_byte_for_byte_reproducible(tmp_path: Path) -> None:
    first = build_calc_wheel(tmp_path / "first")
    second = build_calc_wheel(tmp_path / "second")
    assert first.name == second.name
    assert first.read_bytes() == second.read_bytes()


def test_memory_snapshot_is_reproducible_and_named_in_runtime_json(
        site: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    """Two Node runs give the same snapshot bytes (fixed entropy, clock and hash seed in
    build_tools/make_snapshot.mjs), so the site build stays byte-identical with it; runtime.json
    names it with the size and SHA-256 the worker checks."""
    site_dir, runtime = site
    runtime_dir = site_dir / runtime["indexURL"]
    stdlib, calc_zip = site_dir / runtime["stdLibURL"], site_dir / runtime["calcURL"]
    again = build_snapshot(tmp_path / "again", runtime_dir, stdlib, calc_zip)
    shipped = site_dir / runtime["snapshotURL"]
    assert again.name == shipped.name and again.read_bytes() == shipped.read_bytes()
    unpacked = gzip.decompress(shipped.read_bytes())
    assert len(unpacked) == runtime["snapshotRawBytes"]
    assert hashlib.sha256(unpacked).hexdigest() == runtime["snapshotSHA256"]
    assert shipped.stat().st_size == runtime["snapshotBytes"]
