"""Scenarios written the upstream way run here after ``pare.`` becomes ``pytest_pare.``.

The modules in tests/upstream_style/ are long-form upstream scenarios: events
scheduled days after the start without a duration, a scripted (non-oracle) accept
that gates the next oracle step, and imports from upstream's module paths.
"""

from __future__ import annotations

from pathlib import Path

import pytest

UPSTREAM_STYLE = Path(__file__).resolve().parents[1] / "upstream_style"
FILES = sorted(p for p in UPSTREAM_STYLE.glob("*.py") if not p.name.startswith("_"))
DAY = 24 * 3600.0


def _scenario(name: str) -> type:
    from pytest_pare.scenarios.registration import import_scenario_module

    (cls,) = import_scenario_module(UPSTREAM_STYLE / f"{name}.py")
    return cls


def _run(cls: type, policy: str | None):
    from pytest_pare.runner import run_scenario
    from pytest_pare.scenarios import ScenarioRunnerConfig

    if policy is None:
        config = ScenarioRunnerConfig(oracle=True)
    else:
        config = ScenarioRunnerConfig(user_model=policy, observe_model=policy, execute_model=policy)
    return run_scenario(cls, config)


def test_the_upstream_style_set_is_there():
    assert {p.stem for p in FILES} == {
        "accept_without_oracle_checkout",
        "gate_code_note_next_week",
        "renewal_notice_in_32_days",
    }


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_an_upstream_style_scenario_passes_its_oracle_run(path):
    result = _run(_scenario(path.stem), None)

    assert result.exception is None, result.exception
    assert result.success is True, result.rationale
    assert result.tool_errors == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_reference_policy_solves_an_upstream_style_scenario_as_an_agent(path):
    result = _run(_scenario(path.stem), "reference")

    assert result.exception is None, result.exception
    assert result.success is True, result.rationale
    assert (result.proposal_count, result.acceptance_count) == (1, 1)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_idle_policy_fails_an_upstream_style_scenario(path):
    result = _run(_scenario(path.stem), "idle")

    assert result.exception is None, result.exception
    assert result.success is False


@pytest.mark.parametrize(
    ("name", "days"), [("renewal_notice_in_32_days", 32), ("gate_code_note_next_week", 7)]
)
def test_an_event_scheduled_days_ahead_fires_in_a_scenario_without_a_duration(name, days):
    from pytest_pare.runner.determinism import pinned
    from pytest_pare.runner.run import ScenarioRun, prepare_run
    from pytest_pare.runner.timeout import Deadline
    from pytest_pare.scenarios import ScenarioRunnerConfig

    run = ScenarioRun(
        scenario_cls=_scenario(name),
        config=ScenarioRunnerConfig(oracle=True),
        run_number=1,
        scenario_id=name,
        run_seed=0,
        deadline=Deadline(None, name),
    )
    with pinned(run.run_seed, lambda: run.clock_start):
        prepare_run(run)
        assert run.scenario.duration is None and run.env.end_time is None

        run.env.run_to_end()

    assert run.env.time_manager.time_passed() >= days * DAY
    assert len(run.env.event_log.list_view()) == len(run.scenario.events)
