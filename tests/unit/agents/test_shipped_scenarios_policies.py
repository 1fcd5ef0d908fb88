"""Every shipped scenario is solved by the reference policy; idle and eager fail what they must.

``idle`` fails every scenario that needs action; ``eager`` fails every scenario
where restraint is right (abstain and rejection), which ``idle`` passes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

SCENARIO_DIR = Path(__file__).resolve().parents[3] / "scenarios"
SCENARIO_FILES = sorted(
    p for p in SCENARIO_DIR.glob("*.py") if not p.name.startswith("_") and p.name != "conftest.py"
)


RESTRAINT = {"abstain", "rejection"}


def _kinds(path: Path) -> set[str]:
    from pytest_pare.scenarios.registration import import_scenario_module

    (cls,) = import_scenario_module(path)
    return set(cls.tags)


def _run(path: Path, policy: str, **noise: float) -> Any:
    from pytest_pare.runner import run_scenario
    from pytest_pare.scenarios import ScenarioRunnerConfig
    from pytest_pare.scenarios.registration import import_scenario_module

    (cls,) = import_scenario_module(path)
    config = ScenarioRunnerConfig(
        user_model=policy, observe_model=policy, execute_model=policy, **noise
    )
    return run_scenario(cls, config)


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_the_reference_policy_solves_a_shipped_scenario_as_an_agent(path: Path) -> None:
    result = _run(path, "reference")
    assert result.exception is None, result.exception
    assert result.success, result.rationale
    tags = _kinds(path)
    if "abstain" in tags:
        assert result.proposal_count == 0
    elif "rejection" in tags:
        assert result.proposal_count == 1 and result.acceptance_count == 0
    else:
        assert result.proposal_count >= 1 and result.acceptance_count >= 1


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_the_idle_policy_fails_a_shipped_scenario_that_needs_action(path: Path) -> None:
    result = _run(path, "idle")
    assert result.exception is None, result.exception
    assert result.proposal_count == 0
    if RESTRAINT & _kinds(path):
        assert result.success is True, f"doing nothing is right here: {result.rationale}"
    else:
        assert result.success is False, "a validator that passes an idle assistant checks nothing"


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_the_eager_policy_fails_a_shipped_scenario_that_rewards_restraint(path: Path) -> None:
    if not RESTRAINT & _kinds(path):
        pytest.skip("an ordinary scenario rewards proposing: eager may pass it")
    result = _run(path, "eager")
    assert result.exception is None, result.exception
    assert result.success is False, "an assistant that never holds back passed"
    assert result.proposal_count >= 1


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_the_reference_policy_solves_a_shipped_scenario_amid_background_notifications(
    path: Path,
) -> None:
    # Every notification wakes both agents; those idle rounds must not use up the
    # turns the scenario's own later events need.
    result = _run(path, "reference", env_events_per_minute=5)
    assert result.exception is None, result.exception
    assert result.success, result.rationale
    assert result.number_of_turns <= 10


DEFAULT_NOISE = 0.2
"""The tool-failure probability of a noise-sensitive scenario without a pare_noise marker."""


def _failure_probability(path: Path) -> float:
    """The scenario's own ``pare_noise(tool_failure_probability=...)`` (class, else module)."""
    import sys

    from pytest_pare.scenarios.registration import import_scenario_module

    (cls,) = import_scenario_module(path)
    for owner in (cls, sys.modules[cls.__module__]):
        marks = getattr(owner, "pytestmark", [])
        for mark in marks if isinstance(marks, list) else [marks]:
            if mark.name == "pare_noise" and "tool_failure_probability" in mark.kwargs:
                return float(mark.kwargs["tool_failure_probability"])
    return DEFAULT_NOISE


def _noise_sensitive() -> list[Path]:
    """The files tagged noise-sensitive (read off the source: collection imports nothing)."""
    import re

    tags = re.compile(r"^    tags = \(([^)]*)\)", re.M)
    found = []
    for path in SCENARIO_FILES:
        match = tags.search(path.read_text(encoding="utf-8"))
        if match and '"noise-sensitive"' in match.group(1):
            found.append(path)
    return found


@pytest.mark.parametrize("path", _noise_sensitive(), ids=lambda p: p.stem)
def test_the_reference_policy_recovers_from_tool_failures_in_a_noise_sensitive_scenario(
    path: Path,
) -> None:
    # The reference calls a step again when injected noise failed it (agents/scripted.py).
    for probability in (0.0, _failure_probability(path)):
        result = _run(path, "reference", tool_failure_probability=probability)
        assert result.exception is None, f"p={probability}: {result.exception!r}"
        assert result.success, f"p={probability}: {result.rationale}"
