"""Import scenario files by path and register what they define.

Used by the pytest collector (one file at a time) and by the ``pare.scenarios``
entry point (every file under the directories in ``PARE_SCENARIOS_DIR``). A file
that fails to import raises :class:`ScenarioImportError` with its path and the
original traceback: a broken scenario must fail loudly, never drop out of a run.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import sys
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from pytest_pare.options import environ
from pytest_pare.scenarios.utils.registry import ScenarioRegistry, registry

if TYPE_CHECKING:
    from are.simulation.scenarios.scenario import Scenario

SCENARIOS_DIR_ENV = "PARE_SCENARIOS_DIR"
"""Comma-separated scenario directories (absolute or relative to the working directory)."""

_MODULE_PREFIX = "pare_scenario_"


class ScenarioImportError(ImportError):
    """A scenario file could not be imported.

    Attributes:
        path: the file (or directory) that failed.
        details: the original traceback text, or what was wrong.
    """

    def __init__(self, path: str | os.PathLike[str], details: str) -> None:
        self.path = str(path)
        self.details = details
        super().__init__(f"could not import scenario file {self.path}:\n{details}")

    def __reduce__(self) -> tuple[type[ScenarioImportError], tuple[str, str]]:
        # Crosses process boundaries (xdist) as its two strings.
        return (type(self), (self.path or "", self.details))


def module_name_for_path(path: str | os.PathLike[str]) -> str:
    """A stable module name for a scenario file: same path -> same name, in every process.

    The file stem keeps tracebacks readable; a digest of the resolved path keeps
    two files with the same stem in different folders apart.
    """
    resolved = str(Path(path).resolve())
    stem = re.sub(r"\W", "_", Path(resolved).stem)
    digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:10]
    return f"{_MODULE_PREFIX}{stem}_{digest}"


def import_scenario_module(path: str | os.PathLike[str]) -> list[type[Scenario]]:
    """Import one scenario file and return the scenario classes it registered.

    Importing the same file again in one process returns the classes of the
    first import instead of executing the file twice.

    Args:
        path: a ``.py`` file.

    Returns:
        The classes registered by that module, sorted by scenario id.

    Raises:
        ScenarioImportError: the file is missing or raised while importing
            (the message carries the original traceback).
    """
    file = Path(path)
    if not file.is_file():
        raise ScenarioImportError(file, "no such file; check the scenario path")
    name = module_name_for_path(file)
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, file.resolve())
        if spec is None or spec.loader is None:
            raise ScenarioImportError(file, "not importable as a Python module (is it a .py file?)")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException as exc:
            del sys.modules[name]
            _forget_module(name)
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            raise ScenarioImportError(file, traceback.format_exc()) from exc
    return _classes_of_module(name)


def register_pare_scenarios(
    target: ScenarioRegistry, directories: Iterable[str | os.PathLike[str]] | None = None
) -> list[type[Scenario]]:
    """Import every scenario file under the given directories into ``target``.

    This is the ``pare.scenarios`` entry point. Files are visited in sorted
    order, recursively; names starting with ``_`` and ``conftest.py`` are skipped.

    Args:
        target: the registry to fill (scenario files always register into the
            module-level registry; their classes are copied into ``target``).
        directories: where to look; default: ``PARE_SCENARIOS_DIR`` split on
            commas, each absolute or relative to the working directory
            (nothing when the variable is unset or empty).

    Returns:
        Every class registered, in import order.

    Raises:
        ScenarioImportError: a listed directory does not exist, or a file failed to import.
    """
    if directories is None:
        raw = environ.value(SCENARIOS_DIR_ENV)
        directories = [part.strip() for part in raw.split(",") if part.strip()]
    classes: list[type[Scenario]] = []
    for directory in directories:
        folder = Path(directory)
        if not folder.is_dir():
            raise ScenarioImportError(
                folder,
                f"not a directory (from {SCENARIOS_DIR_ENV} or the given list); "
                "give existing scenario directories, comma-separated",
            )
        for file in _scenario_files(folder):
            for cls in import_scenario_module(file):
                if target is not registry:
                    target.register(cls.scenario_id)(cls)
                classes.append(cls)
    return classes


def _scenario_files(folder: Path) -> list[Path]:
    return sorted(
        file
        for file in folder.rglob("*.py")
        if not file.name.startswith("_") and file.name != "conftest.py"
    )


def _classes_of_module(module_name: str) -> list[type[Scenario]]:
    found = [cls for cls in registry.registered().values() if cls.__module__ == module_name]
    return sorted(found, key=lambda cls: cls.scenario_id)


def _forget_module(module_name: str) -> None:
    # A file that registered a class and then raised must not leave a
    # half-imported class behind.
    for scenario_id, cls in registry.registered().items():
        if cls.__module__ == module_name:
            registry.unregister(scenario_id)


__all__ = [
    "SCENARIOS_DIR_ENV",
    "ScenarioImportError",
    "import_scenario_module",
    "module_name_for_path",
    "register_pare_scenarios",
]
