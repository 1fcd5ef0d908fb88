"""Every shipped scenario is well-formed, listed in the splits, and passes its strict oracle run."""

from __future__ import annotations

import collections
from datetime import UTC, datetime
from pathlib import Path

import pytest
from shipped import SCENARIO_DIR, SCENARIO_FILES

from pytest_pare.scenarios.checks import KNOWN_TAGS, check_tags

STATEFUL_APPS = (
    "StatefulEmailApp",
    "StatefulMessagingApp",
    "StatefulCalendarApp",
    "StatefulContactsApp",
    "StatefulShoppingApp",
    "StatefulReminderApp",
    "StatefulNotesApp",
    "StatefulCabApp",
    "StatefulApartmentApp",
)


def load(path: Path) -> type:
    from pytest_pare.scenarios.registration import import_scenario_module

    classes = import_scenario_module(path)
    assert len(classes) == 1, f"{path.name} must register exactly one scenario, got {classes}"
    return classes[0]


def read_split(name: str) -> list[str]:
    lines = (SCENARIO_DIR / "splits" / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def apps_of(cls: type) -> set[str]:
    scenario = cls()
    scenario.initialize()
    return {type(app).__name__ for app in scenario.apps} & set(STATEFUL_APPS)


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_a_shipped_scenario_declares_its_id_tags_and_fixed_start(path: Path) -> None:
    from are.simulation.scenarios.scenario import ScenarioStatus

    cls = load(path)
    assert cls.scenario_id == path.stem
    scenario = cls()  # Valid and benchmark-ready by default, unless the scenario opts out
    assert scenario.status == ScenarioStatus.Valid
    assert scenario.is_benchmark_ready is True
    start = cls.__dict__.get("start_time")
    assert isinstance(start, float) and datetime(2025, 1, 1, tzinfo=UTC).timestamp() < start
    tags = cls.__dict__.get("tags")
    assert tags and isinstance(tags, tuple), "every scenario carries capability tags"
    assert check_tags(tags) == [], f"unknown tags; use {sorted(KNOWN_TAGS)}"
    assert ("multi-app" in tags) == (len(apps_of(cls)) >= 3), "multi-app means 3+ phone apps"
    assert not {"abstain", "rejection"} <= set(tags), "abstain and rejection exclude each other"


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_a_shipped_scenario_passes_its_oracle_run_under_strict_oracle(path: Path) -> None:
    from pytest_pare.runner import run_scenario
    from pytest_pare.scenarios import ScenarioRunnerConfig

    result = run_scenario(load(path), ScenarioRunnerConfig(oracle=True, strict_oracle=True))
    assert result.exception is None, f"{path.stem}: {result.exception!r}"
    assert result.success is True, f"{path.stem}: {result.rationale}"


def test_the_full_split_lists_every_shipped_scenario_once() -> None:
    full = read_split("full")
    assert len(full) == len(set(full))
    assert sorted(full) == sorted(p.stem for p in SCENARIO_FILES)


def test_the_smoke_split_is_a_small_diverse_subset_of_full() -> None:
    smoke = read_split("smoke")
    assert set(smoke) <= set(read_split("full"))
    assert 10 <= len(smoke) <= 20
    by_id = {p.stem: p for p in SCENARIO_FILES}
    covered = set().union(*(apps_of(load(by_id[s])) for s in smoke))
    assert covered == set(STATEFUL_APPS), f"smoke misses {set(STATEFUL_APPS) - covered}"
    tags = set().union(*(load(path).tags for path in SCENARIO_FILES))
    smoke_tags = set().union(*(load(by_id[s]).tags for s in smoke))
    assert smoke_tags == tags, f"smoke misses the tags {sorted(tags - smoke_tags)}"


def test_the_benchmark_spreads_over_all_nine_apps_and_mixes_apps() -> None:
    per_app: collections.Counter[str] = collections.Counter()
    multi = 0
    for path in SCENARIO_FILES:
        apps = apps_of(load(path))
        per_app.update(apps)
        multi += len(apps) >= 3
    assert len(SCENARIO_FILES) >= 60, f"{len(SCENARIO_FILES)} scenarios, the benchmark needs 60"
    thin = {app: per_app[app] for app in STATEFUL_APPS if per_app[app] < 8}
    assert not thin, f"apps used by fewer than 8 scenarios: {thin}"
    assert multi >= 20, f"only {multi} scenarios use three or more apps"
