"""Scenario collectors: scenario files and ``pare.scenarios`` entry points become ``ScenarioItem``s.

Collection is sorted and deterministic, so every xdist worker collects the same list.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pytest

from pytest_pare._session.index import (
    FileEntry,
    ScenarioInfo,
    index_for,
    infos_differ,
    stamp,
)
from pytest_pare.items import ScenarioItem, marks_of, scenario_id_of, scenario_info
from pytest_pare.options import SETTINGS_KEY, NoiseLevel

# Runs in flight load their classes from pool threads: one import of a scenario
# file at a time, so no thread sees a module that is still executing.
_IMPORT_LOCK = threading.RLock()
#: scenario id -> the file that defines it, over the whole collection
_IDS_KEY = pytest.StashKey[dict[str, "ScenarioModule"]]()


class StaleScenarioError(RuntimeError):
    """A scenario file no longer defines what its items were collected from."""


class ScenarioModule(pytest.File):
    """A ``.py`` file under a scenario path: importing it registers its scenarios.

    A file whose entry in the scenario index (``_session/index.py``) is current
    is not imported at collection; its module is imported when one of its items
    is about to run (``scenario_class``).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._classes: dict[str, type] | None = None

    def collect(self) -> Iterable[pytest.Item]:
        index = index_for(self.config)
        entry = index.lookup(self.path) if index is not None else None
        if entry is None:
            before = stamp(str(self.path))
            classes = self._import()
            # The file's classes share its module: its pytestmark applies to all of them.
            module_marks = marks_of(sys.modules.get(classes[0].__module__)) if classes else []
            entry = FileEntry(tuple(scenario_info(c) for c in classes), tuple(module_marks))
            if index is not None:
                index.record(self.path, entry, before)
        self._claim_ids(entry)
        items = list(
            build_items(self, entry.scenarios, list(entry.module_marks), self._classes or {})
        )
        for item in items:
            try:
                item.noise  # noqa: B018 - a bad pare_noise marker fails collection, loudly
            except ValueError as exc:
                raise self.CollectError(f"{self.path}: {item.scenario_id}: {exc}") from exc
        return items

    def scenario_class(self, info: ScenarioInfo) -> type:
        """The class an item was collected from, importing its module on first use.

        Raises:
            ScenarioImportError: the file no longer imports (its traceback is the message).
            StaleScenarioError: the module does not define this scenario as it was
                collected (the file, or what it reads, changed); run the session again.
        """
        from pytest_pare.scenarios.registration import import_scenario_module

        with _IMPORT_LOCK:
            if self._classes is None:
                self._classes = _by_id(import_scenario_module(self.path))
            cls = self._classes.get(info.scenario_id)
        actual = scenario_info(cls) if cls is not None else None
        differs = ["scenario"] if actual is None else infos_differ(info, actual)
        if not differs:
            assert cls is not None
            return cls
        index = index_for(self.config)
        if index is not None:
            index.forget(self.path)
        if actual is None:
            now = ", ".join(sorted(self._classes)) or "none"
            what = f"it no longer defines scenario {info.scenario_id!r} (now: {now})"
        else:
            what = f"the {', '.join(differs)} of {info.scenario_id!r} differ from the collected"
        raise StaleScenarioError(
            f"{self.path} changed after collection: {what}; "
            "run the session again to collect it afresh"
        )

    def _import(self) -> list[type]:
        from pytest_pare.scenarios.registration import ScenarioImportError, import_scenario_module

        try:
            with _IMPORT_LOCK:
                classes = import_scenario_module(self.path)
        except ScenarioImportError as exc:
            raise self.CollectError(str(exc)) from exc
        self._classes = _by_id(classes)
        return classes

    def _claim_ids(self, entry: FileEntry) -> None:
        """Two files registering one id fail collection, as importing both would."""
        owners = self.config.stash.setdefault(_IDS_KEY, {})
        for info in entry.scenarios:
            other = owners.setdefault(info.scenario_id, self)
            if other is self or other.path == self.path:
                continue
            # A file served by the index was not imported: import both, in
            # collection order, so the registry's own error names the two classes.
            other._import()
            self._import()
            raise self.CollectError(
                f"scenario id {info.scenario_id!r} is defined in {other.path} and in "
                f"{self.path}; give one of them another id (ids must be unique across "
                "all scenario files)"
            )


def load_scenario_classes(items: Iterable[pytest.Item]) -> None:
    """Import the modules of these items' scenarios that collection did not import.

    A module that fails is left for its items to report when they run (an error
    naming the file), as a collection error would have named it.
    """
    for item in items:
        if isinstance(item, ScenarioItem):
            try:
                item.scenario_cls  # noqa: B018 - loads it
            except Exception:  # noqa: BLE001 - raised again, and reported, by the item's run
                continue


def _by_id(classes: Iterable[type]) -> dict[str, type]:
    return {scenario_id_of(cls): cls for cls in classes}


class EntryPointScenarios(pytest.Collector):
    """Scenarios that installed packages register under the entry-point group ``pare.scenarios``."""

    def __init__(self, *, classes: list[type], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._classes = classes

    def collect(self) -> Iterable[pytest.Item]:
        infos = [scenario_info(cls) for cls in self._classes]
        return list(build_items(self, infos, [], _by_id(self._classes)))


def build_items(
    parent: pytest.Collector,
    scenarios: Iterable[ScenarioInfo],
    module_marks: list[pytest.Mark],
    classes: Mapping[str, type],
) -> Iterator[ScenarioItem]:
    """One item per (scenario, noise level, run), sorted so every xdist worker agrees.

    ``classes`` holds the classes already imported, by id; an item of a scenario
    not in it loads its class through the parent's ``scenario_class`` before it runs.
    """
    settings = parent.config.stash[SETTINGS_KEY]
    levels: list[NoiseLevel | None] = list(settings.noise_matrix or [None])
    load_class = parent.scenario_class if isinstance(parent, ScenarioModule) else None
    for info in sorted(scenarios, key=lambda i: i.scenario_id):
        for level in levels:
            for run in range(1, settings.runs + 1):
                params = ([level.id] if level else []) + (
                    [f"run-{run}"] if settings.runs > 1 else []
                )
                name = info.scenario_id + (f"[{'-'.join(params)}]" if params else "")
                # An explicit string node id is parsed by pytest 9 into name and
                # parameters, as a parametrized function's is, so --lf/--deselect match it.
                yield ScenarioItem.from_parent(
                    parent,
                    name=name,
                    nodeid=f"{parent.nodeid}::{name}",
                    scenario=info,
                    scenario_cls=classes.get(info.scenario_id),
                    load_class=load_class,
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
