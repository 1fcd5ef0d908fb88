"""Scenario collectors: scenario files and ``pare.scenarios`` entry points become ``ScenarioItem``s.

Collection is sorted and deterministic, so every xdist worker collects the same list.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any

import pytest

from pytest_pare.items import ScenarioItem, marks_of, scenario_id_of
from pytest_pare.options import SETTINGS_KEY, NoiseLevel


class ScenarioModule(pytest.File):
    """A ``.py`` file under a scenario path: importing it registers its scenarios."""

    def collect(self) -> Iterable[pytest.Item]:
        from pytest_pare.scenarios.registration import ScenarioImportError, import_scenario_module

        try:
            classes = import_scenario_module(self.path)
        except ScenarioImportError as exc:
            raise self.CollectError(str(exc)) from exc
        # The file's classes share its module: its pytestmark applies to all of them.
        module_marks = marks_of(sys.modules.get(classes[0].__module__)) if classes else []
        items = list(build_items(self, classes, module_marks))
        for item in items:
            try:
                item.noise  # noqa: B018 - a bad pare_noise marker fails collection, loudly
            except ValueError as exc:
                raise self.CollectError(f"{self.path}: {item.scenario_id}: {exc}") from exc
        return items


class EntryPointScenarios(pytest.Collector):
    """Scenarios that installed packages register under the entry-point group ``pare.scenarios``."""

    def __init__(self, *, classes: list[type], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._classes = classes

    def collect(self) -> Iterable[pytest.Item]:
        return list(build_items(self, self._classes, []))


def build_items(
    parent: pytest.Collector, classes: Iterable[type], module_marks: list[pytest.Mark]
) -> Iterator[ScenarioItem]:
    """One item per (scenario, noise level, run), sorted so every xdist worker agrees."""
    settings = parent.config.stash[SETTINGS_KEY]
    levels: list[NoiseLevel | None] = list(settings.noise_matrix or [None])
    for cls in sorted(classes, key=scenario_id_of):
        for level in levels:
            for run in range(1, settings.runs + 1):
                params = ([level.id] if level else []) + (
                    [f"run-{run}"] if settings.runs > 1 else []
                )
                name = scenario_id_of(cls) + (f"[{'-'.join(params)}]" if params else "")
                # An explicit string node id is parsed by pytest 9 into name and
                # parameters, as a parametrized function's is, so --lf/--deselect match it.
                yield ScenarioItem.from_parent(
                    parent,
                    name=name,
                    nodeid=f"{parent.nodeid}::{name}",
                    scenario_cls=cls,
                    run_number=run,
                    matrix_noise=level,
                    module_marks=module_marks,
                )


def collect_entry_point_classes(known_ids: set[str]) -> dict[str, list[type]]:
    """Call every ``pare.scenarios`` loader with a fresh registry; the classes each added, by name.

    Scenarios already collected from files (``known_ids``) are left out, so a
    project whose own package registers its ``scenarios/`` is not run twice.
    """
    from importlib.metadata import entry_points

    from pytest_pare.scenarios.utils.registry import SCENARIO_ENTRY_POINT_GROUP, ScenarioRegistry

    found: dict[str, list[type]] = {}
    seen = set(known_ids)
    for ep in sorted(entry_points(group=SCENARIO_ENTRY_POINT_GROUP), key=lambda e: e.name):
        target = ScenarioRegistry()
        try:
            loader = ep.load()
            if not callable(loader):
                raise TypeError(f"{loader!r} is not a loader(registry)")
            loader(target)
        except Exception as exc:
            # Name the package at fault: the traceback alone points into our loop.
            raise RuntimeError(
                f"entry point {ep.name!r} ({ep.value}): {type(exc).__name__}: {exc}"
            ) from exc
        classes = [cls for sid, cls in sorted(target.registered().items()) if sid not in seen]
        seen.update(scenario_id_of(cls) for cls in classes)
        if classes:
            found[ep.name] = classes
    return found


def collect_entry_point_items(session: pytest.Session, known_ids: set[str]) -> list[pytest.Item]:
    """Items of the ``pare.scenarios`` entry points, under one collector per entry point.

    Node ids read ``<pare.scenarios NAME>::<scenario_id>``. A loader that raises is a
    usage error naming its entry point (the session cannot know which scenarios it
    would have registered).
    """
    items: list[pytest.Item] = []
    try:
        found = collect_entry_point_classes(known_ids)
    except Exception as exc:
        raise pytest.UsageError(
            f"--pare-entry-points: loading the pare.scenarios entry points failed: {exc}; "
            "fix or uninstall that package, or run without --pare-entry-points"
        ) from exc
    for name, classes in found.items():
        # An explicit node id: the session's is "", which would prefix "::".
        label = f"<pare.scenarios {name}>"
        collector = EntryPointScenarios.from_parent(
            session, name=label, nodeid=label, classes=classes
        )
        report = collector.ihook.pytest_make_collect_report(collector=collector)
        collector.ihook.pytest_collectreport(report=report)
        if report.passed:
            items.extend(i for i in report.result if isinstance(i, pytest.Item))
    return items


def apply_split(
    config: pytest.Config, items: list[pytest.Item], split_ids: tuple[str, ...]
) -> None:
    """Keep only the split's scenarios, deselecting the rest; an unknown id is a UsageError."""
    scenario_ids = {i.scenario_id for i in items if isinstance(i, ScenarioItem)}
    unknown = [sid for sid in split_ids if sid not in scenario_ids]
    if unknown:
        raise pytest.UsageError(
            f"--pare-split {config.stash[SETTINGS_KEY].split}: {len(unknown)} id(s) match no "
            f"collected scenario: {', '.join(unknown)}; fix the split file or collect the "
            "folders that define them"
        )
    wanted = set(split_ids)
    keep = [i for i in items if not isinstance(i, ScenarioItem) or i.scenario_id in wanted]
    dropped = [i for i in items if isinstance(i, ScenarioItem) and i.scenario_id not in wanted]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
