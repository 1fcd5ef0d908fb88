"""``--pare-runs=auto``: the plan of this process, and where items ask it.

Who decides (``report.adaptive`` explains the two ways of stopping):

- one process: the plan sees every outcome; each item asks in ``setup`` and a
  run the verdict no longer needs is skipped; with ``--pare-concurrency`` the
  pool starts only runs the plan already decided to make;
- xdist, per-scenario stops: every run of a scenario goes to one worker
  (``xdist.make_adaptive_scheduler``), which decides as one process does;
- xdist, rounds (a success-rate gate): only the controller sees every
  outcome, so its scheduler holds the plan, leaves out the runs of the rounds
  after the settling one (skip reports on the controller) and takes back the
  runs it had already sent; a run a worker had already started is made, and
  its outcome left out, so the results are those of one process.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import pytest

from pytest_pare.options import SETTINGS_KEY, Settings

if TYPE_CHECKING:
    from pytest_pare.report.adaptive import AdaptivePlan, PlannedRun

#: this process's plan (absent: no adaptive runs, or an xdist worker the controller decides for)
PLAN_KEY = pytest.StashKey["AdaptivePlan"]()


def planned_run(nodeid: str, settings: Settings) -> PlannedRun:
    """A scenario run's place in the plan, from its node id (all a controller knows of it)."""
    from pytest_pare.report.adaptive import PlannedRun
    from pytest_pare.report.reporter import parse_scenario_nodeid

    scenario_id, run, noise = parse_scenario_nodeid(nodeid)
    # A node id names a matrix level by its id; rows name the clean level "clean".
    labels = {lvl.id: lvl.label for lvl in settings.noise_matrix or ()}
    return PlannedRun(nodeid, (scenario_id, labels.get(noise, noise)), run)


def build_plan(settings: Settings, nodeids: Iterable[str]) -> AdaptivePlan:
    """The plan over the selected scenario runs, under the session's gates."""
    from pytest_pare.report.adaptive import AdaptivePlan
    from pytest_pare.report.files import gate_settings_of

    gate = gate_settings_of(settings)
    baseline = None
    if settings.baseline is not None:
        from pytest_pare.report.baseline import read_baseline
        from pytest_pare.report.gate import per_run_outcomes

        baseline = per_run_outcomes(read_baseline(settings.baseline).frame, gate.counted)
    return AdaptivePlan([planned_run(n, settings) for n in nodeids], gate, baseline)


def by_rounds(settings: Settings) -> bool:
    """Whether runs are decided by rounds (a success-rate gate) rather than per scenario."""
    return settings.min_success_rate is not None


def decides_here(config: pytest.Config) -> bool:
    """Whether this process decides its own runs (see the module docstring)."""
    settings = config.stash[SETTINGS_KEY]
    if not settings.adaptive:
        return False
    return not hasattr(config, "workerinput") or not by_rounds(settings)


def in_rounds(items: Sequence[Any]) -> list[Any]:
    """``items`` with the scenario runs (items with ``run_number``) ordered by run number.

    Every other item keeps its place; runs with one number keep their order.
    """
    slots = [i for i, item in enumerate(items) if hasattr(item, "run_number")]
    ordered = sorted(
        (items[i] for i in slots), key=lambda item: item.run_number
    )  # sorted() is stable
    out = list(items)
    for slot, item in zip(slots, ordered, strict=True):
        out[slot] = item
    return out


def start_plan(config: pytest.Config, nodeids: Iterable[str]) -> None:
    """Make this process's plan, when it decides its own runs."""
    if decides_here(config):
        config.stash[PLAN_KEY] = build_plan(config.stash[SETTINGS_KEY], nodeids)


def skip_reason(config: pytest.Config, nodeid: str) -> str | None:
    """Why the run ``nodeid`` is not needed, or None to make it."""
    plan = config.stash.get(PLAN_KEY, None)
    if plan is None or plan.decide(nodeid) != "skip":
        # Undecidable (None) only when something reordered the items: make the run.
        return None
    return plan.reason(nodeid)


def admits(config: pytest.Config, nodeid: str) -> bool:
    """Whether a run may start ahead of its item (the plan already decided to make it)."""
    plan = config.stash.get(PLAN_KEY, None)
    return plan is None or plan.decide(nodeid) == "run"


def record(config: pytest.Config, nodeid: str, status: str) -> None:
    """A finished run's status, for the decisions on the runs after it."""
    plan = config.stash.get(PLAN_KEY, None)
    if plan is not None:
        plan.record(nodeid, status)


def record_result(config: pytest.Config, nodeid: str, result: Any) -> None:
    """A finished run's result (a ``PAREScenarioValidationResult``), by its status."""
    if config.stash.get(PLAN_KEY, None) is None:
        return
    from pytest_pare.report.status import run_status
    from pytest_pare.scenarios.result import exception_category, exception_type_name

    exc = result.exception
    record(
        config,
        nodeid,
        run_status(result.success, exception_type_name(exc), exception_category(exc)),
    )


def plan_of(config: pytest.Config) -> AdaptivePlan | None:
    return config.stash.get(PLAN_KEY, None)
