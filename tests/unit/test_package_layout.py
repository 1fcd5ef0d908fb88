"""The package's rooms import downward only, with no circles (docs/internals.md, "The house").

The imports are read from the source with ``ast``: every ``import`` and
``from ... import`` of the package, at module level, inside functions and under
``TYPE_CHECKING`` alike, since a type-only import that runs back up is still a
room that knows about the one above it.
"""

from __future__ import annotations

import ast
import importlib
from collections import defaultdict
from pathlib import Path

import pytest

import pytest_pare

PACKAGE = Path(pytest_pare.__file__).parent

#: room -> the rooms it may import (a room is the first name under pytest_pare;
#: "pytest_pare" itself holds only the version, and every room may read it).
ALLOWED: dict[str, set[str]] = {
    "plugin": {"hookspecs", "collectors", "items", "_session", "options", "lint", "_util"},
    "hookspecs": {"items", "runner", "scenarios"},
    "testing": {"agents", "_util"},
    "collectors": {"items", "_session", "scenarios", "options", "_util"},
    "items": {"_session", "runner", "scenarios", "agents", "options", "_util"},
    # the scenario linter: checks scenarios through the runner and the oracle plan
    "lint": {"runner", "scenarios", "agents", "_util"},
    "_session": {"report", "scenarios", "agents", "options", "_util"},
    "runner": {"scenarios", "agents", "sim", "apps", "options", "_util"},
    "report": {"options", "_util"},
    "scenarios": {"report", "sim", "apps", "agents", "options", "_util"},
    "agents": {"options", "_util"},
    "sim": {"options", "_util"},
    "apps": {"_util"},
    "options": {"_util"},
    "_util": set(),
    "pytest_pare": {"_util"},  # the package's __init__: the version, and lazy ARE imports
    # public paths kept for code written against them; the code lives in sim/
    "environment": {"sim"},
    "notification_system": {"sim"},
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The package module that ``name`` (a module or a name in one) lives in."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path) -> set[str]:
    """The package modules ``module`` imports, anywhere in its source."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            # `from a import b` imports the module a.b when there is one, else a name of a.
            names = [
                f"{source}.{alias.name}" if f"{source}.{alias.name}" in MODULES else source
                for alias in node.names
            ]
        else:
            continue
        for name in names:
            if name.split(".")[0] == "pytest_pare":
                resolved = _resolve(name)
                if resolved is not None and resolved != module:
                    targets.add(resolved)
    return targets


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "pytest_pare"


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_in_a_circle() -> None:
    assert _cycles(GRAPH) == []


def test_the_cycle_finder_finds_a_circle_through_three_modules() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_every_room_imports_only_the_rooms_below_it() -> None:
    upward = sorted(
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if _room(target) not in ALLOWED.get(_room(module), set()) | {_room(module), "pytest_pare"}
    )
    assert upward == []


def test_the_allowed_imports_form_layers_without_a_circle() -> None:
    assert _cycles(ALLOWED) == []


def test_every_room_of_the_package_is_placed_in_the_layers() -> None:
    assert {_room(m) for m in MODULES} == set(ALLOWED)


def test_no_private_module_lies_loose_at_the_package_root() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("_*.py") if p.name != "__init__.py")
    assert loose == []


@pytest.mark.parametrize(
    ("public", "home"),
    [
        ("pytest_pare.environment", "pytest_pare.sim.environment"),
        ("pytest_pare.notification_system", "pytest_pare.sim.notifications"),
    ],
)
def test_the_public_paths_give_the_same_objects_as_their_home(public: str, home: str) -> None:
    public_module = importlib.import_module(public)
    home_module = importlib.import_module(home)
    for name in public_module.__all__:
        assert getattr(public_module, name) is getattr(home_module, name), name


def test_the_import_reader_sees_imports_inside_functions_and_type_checking_blocks() -> None:
    # The controller imports the report lazily; the scripted engine's protocol replaced a
    # TYPE_CHECKING import of engines.py, which the reader would have seen.
    assert "pytest_pare.report.reporter" in GRAPH["pytest_pare._session.controller"]
    seen = defaultdict(set)
    for module, targets in GRAPH.items():
        for target in targets:
            seen[target].add(module)
    assert "pytest_pare.items" in seen["pytest_pare._session.inflight"]
