"""Every shipped scenario is solved by the reference policy; idle and eager fail what they must.

``idle`` fails every scenario that needs action; ``eager`` fails every scenario
where restraint is right (abstain and rejection), which ``idle`` passes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from shipped import RESTRAINT, SCENARIO_FILES, files_tagged


def _kinds(path: Path) -> set[str]:
    from pytest_pare.scenarios.registration import import_scenario_module

    (cls,) = import_scenario_module(path)
    return set(cls.tags)


def _run(path: Path, policy: str, **options: float) -> Any:
    from pytest_pare.runner import run_scenario
    from pytest_pare.scenarios import ScenarioRunnerConfig
    from pytest_pare.scenarios.registration import import_scenario_module

    (cls,) = import_scenario_module(path)
    config = ScenarioRunnerConfig(
        user_model=policy, observe_model=policy, execute_model=policy, **options
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


# An ordinary scenario rewards proposing: eager may pass it, so only restraint is asked of it.
@pytest.mark.parametrize("path", files_tagged(*RESTRAINT), ids=lambda p: p.stem)
def test_the_eager_policy_fails_a_shipped_scenario_that_rewards_restraint(path: Path) -> None:
    assert RESTRAINT & _kinds(path), f"{path.stem} is chosen as a restraint story but is not one"
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


NOISE = 0.3
"""The tool-failure probability noise-sensitive scenarios are played under."""
SEEDS = (0, 1, 2)


@pytest.mark.parametrize("path", files_tagged("noise-sensitive"), ids=lambda p: p.stem)
def test_the_reference_policy_recovers_from_tool_failures_in_a_noise_sensitive_scenario(
    path: Path,
) -> None:
    # The reference calls a step again when injected noise failed it (agents/scripted.py).
    failed_calls = 0
    for seed in SEEDS:
        for probability in (0.0, NOISE):
            result = _run(path, "reference", tool_failure_probability=probability, seed=seed)
            where = f"seed {seed}, p={probability}"
            assert result.exception is None, f"{where}: {result.exception!r}"
            assert result.success, f"{where}: {result.rationale}"
            failed_calls += len(result.tool_errors or [])
    assert failed_calls, f"no call failed at p={NOISE} with seeds {SEEDS}: nothing to recover from"
