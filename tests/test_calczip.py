"""The knowledge base as a generated module (the browser's calc.zip) gives exactly the data the
JSON files give (CLI, tests): the same raw values for every file, the same loaded knowledge base.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools import calczip
from calc import knowledge

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def built_module() -> Iterator[types.ModuleType]:
    """calc._knowledge_data made from the sources, importable for the duration of a test."""
    module = types.ModuleType(calczip.DATA_MODULE)
    exec(compile(calczip.data_module_source(), "_knowledge_data.py", "exec"), module.__dict__)
    knowledge._built_files.cache_clear()
    knowledge.load_knowledge.cache_clear()
    sys.modules[calczip.DATA_MODULE] = module
    try:
        yield module
    finally:
        del sys.modules[calczip.DATA_MODULE]
        knowledge._built_files.cache_clear()
        knowledge.load_knowledge.cache_clear()


def test_without_the_module_the_json_files_are_read() -> None:
    knowledge._built_files.cache_clear()
    assert knowledge._built_files() is None
    assert not (REPO_ROOT / "calc" / "_knowledge_data.py").exists(), "generated at build time, never committed"


def test_module_holds_every_data_file_with_equal_values(built_module: types.ModuleType) -> None:
    data_dir = REPO_ROOT / "calc" / "data"
    on_disk = {path.relative_to(data_dir).as_posix(): json.loads(path.read_text(encoding="utf-8"))
               for path in sorted(data_dir.rglob("*.json"))}
    assert on_disk == built_module.FILES
    # repr() keeps types too: an int stays an int, a float a float (== alone would not tell).
    assert repr(built_module.FILES) == repr(on_disk)
    assert knowledge._entity_files() == sorted(name for name in on_disk if name.startswith("entities/"))


def test_both_paths_load_the_same_knowledge_base(built_module: types.ModuleType) -> None:
    from_module = knowledge.load_knowledge()
    assert knowledge._built_files() is built_module.FILES
    knowledge._built_files.cache_clear()
    knowledge.load_knowledge.cache_clear()
    del sys.modules[calczip.DATA_MODULE]
    try:
        from_json = knowledge.load_knowledge()
        assert knowledge._built_files() is None
    finally:
        sys.modules[calczip.DATA_MODULE] = built_module
    for field in dataclasses.fields(from_json):
        mine, theirs = getattr(from_module, field.name), getattr(from_json, field.name)
        assert mine == theirs, field.name
        assert repr(mine) == repr(theirs), field.name


def test_only_knowledge_reads_data_files() -> None:
    """calc.zip carries no JSON files: a module reading calc/data itself would work in the CLI
    and fail in the browser. Data files go through calc.knowledge._read_json."""
    readers = []
    for path in sorted((REPO_ROOT / "calc").glob("*.py")):
        if path.name == "knowledge.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom):
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            if any(name.startswith(("importlib.resources", "importlib_resources", "pkgutil")) for name in names):
                readers.append(path.name)
    assert readers == [], f"read data through calc.knowledge._read_json instead: {readers}"
