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
