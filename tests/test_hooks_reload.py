"""`mkdocs serve` reloads the page generators on every rebuild (build_tools.hooks._HELPERS):
a module left out, or listed before a module it imports, would keep serving stale pages."""

from __future__ import annotations

import ast
from pathlib import Path

from build_tools import hooks

BUILD_TOOLS = Path(__file__).resolve().parent.parent / "build_tools"


def _imports(module: str) -> set[str]:
    """The build_tools modules ``module`` imports, at the top or inside a function."""
    tree = ast.parse((BUILD_TOOLS / f"{module.split('.')[-1]}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "build_tools":
                found.update(f"build_tools.{alias.name}" for alias in node.names)
            elif node.module.startswith("build_tools."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("build_tools."))
    return found


def test_every_page_generator_is_reloaded_after_what_it_imports() -> None:
    order = list(hooks._HELPERS)
    for position, module in enumerate(order):
        for imported in _imports(module) & set(order):
            assert order.index(imported) < position, f"{imported} must be reloaded before {module}"


def test_every_module_the_pages_use_is_reloaded() -> None:
    seen: set[str] = set()
    todo = ["build_tools.pages"]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(_imports(module))
    assert seen <= set(hooks._HELPERS), sorted(seen - set(hooks._HELPERS))
