"""The scenario linter: ``python -m pytest_pare.lint [PATHS]`` and ``pytest --pare-lint``.

It checks every scenario without a model, in seconds: the oracle passes its own
validation and no oracle step raises; the validation fails when the oracle's
writes are left out; no write comes before the first proposal; every oracle
tool is given to the assistant in the phase that uses it (the oracle is also
played through the agents' real tools by the ``reference`` policy); every event
runs within the scenario's horizon; scenario and event ids are unique; the
scenario is listed in ``splits/full.txt`` next to it.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_pare.lint.checks import (
    Finding,
    lint_scenario,
    read_split,
    scenario_file,
    shown_path,
)

__all__ = [
    "Finding",
    "LintReport",
    "LintUsageError",
    "lint_paths",
    "lint_runner",
    "lint_scenario",
]


class LintUsageError(ValueError):
    """Bad input to the linter: a path that does not exist, holds no scenario, ..."""


@dataclass
class LintReport:
    """The findings of one lint, and how much was linted."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    scenarios: int = 0

    @property
    def clean(self) -> bool:
        return not self.findings


def scenario_files(paths: Sequence[str | Path]) -> list[Path]:
    """The scenario files the paths name (folders: every ``*.py`` below, as collection finds).

    Raises:
        LintUsageError: a path does not exist, is not a ``.py`` file, or holds none.
    """
    files: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise LintUsageError(f"{raw}: no such file or directory")
        if path.is_file():
            if path.suffix != ".py":
                raise LintUsageError(f"{raw}: not a scenario file (a .py file or a folder)")
            files[path.resolve()] = None
            continue
        found = sorted(
            f for f in path.rglob("*.py") if not f.name.startswith("_") and f.name != "conftest.py"
        )
        if not found:
            raise LintUsageError(f"{raw}: no scenario files (*.py) under it")
        files.update(dict.fromkeys(f.resolve() for f in found))
    return list(files)


def lint_paths(paths: Sequence[str | Path], *, seed: int = 0) -> LintReport:
    """Lint every scenario in ``paths`` (files or folders).

    Raises:
        LintUsageError: bad input (see ``scenario_files``).
    """
    from pytest_pare.scenarios.registration import import_scenario_module

    report = LintReport()
    ids: dict[str, list[Path]] = {}
    for file in scenario_files(paths):
        report.files += 1
        try:
            classes = import_scenario_module(file)
        except ImportError as exc:
            report.findings.append(_import_finding(file, exc))
            continue
        if not classes:
            report.findings.append(
                Finding(
                    shown_path(file),
                    1,
                    "-",
                    "no-scenario",
                    "the file registers no scenario",
                    f"decorate its PAREScenario class with @register_scenario('{file.stem}')",
                )  # fmt: skip
            )
        for cls in classes:
            report.scenarios += 1
            ids.setdefault(str(cls.scenario_id), []).append(file)
            report.findings.extend(lint_scenario(cls, file, seed=seed))
    for raw in paths:
        if Path(raw).is_dir():
            report.findings.extend(_unknown_split_entries(Path(raw), ids))
    report.findings.sort()
    return report


def lint_runner(scenario_cls: type, config: Any, *, run_number: int = 1, **_: Any) -> Any:
    """The runner ``pytest --pare-lint`` gives each scenario item: its findings as a verdict.

    Returns:
        A ``PAREScenarioValidationResult``: success when lint-clean, else a failure
        whose rationale lists the findings, one a line.
    """
    import time

    from pytest_pare.scenarios import PAREScenarioValidationResult

    started = time.perf_counter()
    findings = lint_scenario(scenario_cls, scenario_file(scenario_cls), seed=config.seed)
    return PAREScenarioValidationResult(
        success=not findings,
        rationale="\n".join(str(f) for f in findings) or None,
        duration=time.perf_counter() - started,
    )


def _import_finding(file: Path, exc: ImportError) -> Finding:
    from pytest_pare.scenarios.utils.registry import DuplicateScenarioError

    cause = exc.__cause__
    line = _line_in(file, cause)
    if isinstance(cause, DuplicateScenarioError):
        return Finding(
            shown_path(file), line, "-", "duplicate-id", str(cause).split(";")[0],
            "give one of them another id (ids are unique across all scenario files)",
        )  # fmt: skip
    error = f"{type(cause).__name__}: {cause}" if cause is not None else str(exc)
    what = f"the file does not import: {' '.join(error.split())}"
    return Finding(
        shown_path(file), line, "-", "import-error", what,
        "fix the error (run the file with python to see its traceback)",
    )  # fmt: skip


def _line_in(file: Path, exc: BaseException | None) -> int:
    """The last line of ``file`` in the exception's traceback (1 when it has none)."""
    if exc is None:
        return 1
    line = 1
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename).resolve() == file.resolve() and frame.lineno is not None:
            line = frame.lineno
    return line


def _unknown_split_entries(folder: Path, ids: dict[str, list[Path]]) -> Iterable[Finding]:
    """Split entries under ``folder/splits`` that name no scenario found under ``folder``."""
    splits = folder / "splits"
    if not splits.is_dir():
        return
    root = folder.resolve()
    known = {sid for sid, files in ids.items() if any(root in f.parents for f in files)}
    for split in sorted(splits.glob("*.txt")):
        for line, scenario_id in read_split(split):
            if scenario_id not in known:
                yield Finding(
                    shown_path(split), line, scenario_id, "unknown-in-split",
                    f"{split.name} lists {scenario_id!r}, which no scenario under "
                    f"{shown_path(folder)} registers",
                    "remove the line or fix the id",
                )  # fmt: skip
