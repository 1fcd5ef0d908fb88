"""run_scenario in oracle mode: verdicts, raising steps, strict oracle, timeouts, cleanup."""

from __future__ import annotations

import itertools
import os
import tempfile
import threading
import time
from typing import Any

import pytest
from are.simulation.types import EventType

from pytest_pare.runner import run_scenario
from pytest_pare.runner.timeout import RunTimeout
from pytest_pare.scenarios import PAREScenarioValidationResult, ScenarioRunnerConfig


def test_a_three_app_scenario_runs_in_oracle_mode_and_validates(scenarios, oracle_config):
    result = run_scenario(scenarios.three_apps, oracle_config)

    assert isinstance(result, PAREScenarioValidationResult)
    assert result.exception is None
    assert result.success is True
    assert result.tool_errors == []


def test_the_run_reports_metrics_counted_from_its_log(scenarios, oracle_config):
    result = run_scenario(scenarios.three_apps, oracle_config)

    # one proposal, accepted once (the proposal channel, not actions);
    # get_email_by_id reads; edit_contact + send_message write
    assert (result.proposal_count, result.acceptance_count) == (1, 1)
    assert (result.read_only_actions, result.write_actions) == (1, 2)
    assert result.number_of_turns == 0
    assert result.duration is not None and result.duration > 0


def test_an_oracle_step_that_raises_is_logged_and_the_run_goes_on(scenarios, oracle_config):
    result = run_scenario(scenarios.raising_step, oracle_config)

    assert result.success is True  # the later oracle steps still ran
    assert len(result.tool_errors) == 1
    error = result.tool_errors[0]
    assert (error["app"], error["function"]) == ("StatefulEmailApp", "get_email_by_id")
    assert "no-such-mail" in error["error"]
    assert set(error) == {"time", "app", "function", "error"}


def test_strict_oracle_fails_a_run_that_logged_a_tool_exception_naming_the_step(scenarios):
    config = ScenarioRunnerConfig(oracle=True, strict_oracle=True)

    result = run_scenario(scenarios.raising_step, config)

    assert result.success is False
    assert result.exception is None
    assert "strict oracle" in result.rationale
    assert "StatefulEmailApp.get_email_by_id" in result.rationale
    assert "no-such-mail" in result.rationale


def test_strict_oracle_passes_a_clean_run(scenarios):
    result = run_scenario(
        scenarios.three_apps, ScenarioRunnerConfig(oracle=True, strict_oracle=True)
    )

    assert result.success is True


def _forbid_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any sleep or blocking wait in the run path fail the test."""

    def refuse(what: str) -> Any:
        def call(*args: object, **kwargs: object) -> None:
            raise AssertionError(f"the run called {what}")

        return call

    monkeypatch.setattr(time, "sleep", refuse("time.sleep"))
    monkeypatch.setattr(threading.Event, "wait", refuse("threading.Event.wait"))
    monkeypatch.setattr(threading.Condition, "wait", refuse("threading.Condition.wait"))


def test_a_simulated_hour_polled_every_second_ticks_once_per_second_without_the_wall_clock(
    scenarios, oracle_config, monkeypatch
):
    from pytest_pare.environment import StateAwareEnvironmentWrapper

    start = scenarios.long_condition.start_time
    ticks: list[float] = []
    ends: list[float] = []
    real_tick, real_stop = StateAwareEnvironmentWrapper.tick, StateAwareEnvironmentWrapper.stop

    def tick(self: Any) -> Any:
        ticks.append(self.current_time)
        return real_tick(self)

    def stop(self: Any, *args: Any, **kwargs: Any) -> Any:
        ends.append(self.current_time)
        return real_stop(self, *args, **kwargs)

    monkeypatch.setattr(StateAwareEnvironmentWrapper, "tick", tick)
    monkeypatch.setattr(StateAwareEnvironmentWrapper, "stop", stop)
    _forbid_waiting(monkeypatch)
    # A wall clock that leaps an hour at every read: any use of it in the run
    # would move a tick or the end of the run.
    leaps = itertools.count()
    monkeypatch.setattr(time, "time", lambda: start + 3600.0 * next(leaps))
    monkeypatch.setattr(time, "monotonic", lambda: 3600.0 * next(leaps))

    result = run_scenario(scenarios.long_condition, oracle_config)

    monkeypatch.undo()
    assert result.exception is None
    assert result.success is True
    assert ticks == [start + second for second in range(3601)]
    assert ends[0] == start + 3600


def test_condition_checks_gate_their_dependants_and_are_logged_as_condition_events(scenarios):
    from pytest_pare.runner.determinism import pinned
    from pytest_pare.runner.run import ScenarioRun, prepare_run
    from pytest_pare.runner.timeout import Deadline

    run = ScenarioRun(
        scenario_cls=scenarios.condition_gated,
        config=ScenarioRunnerConfig(oracle=True),
        run_number=1,
        scenario_id="runner_condition_gated",
        run_seed=7,
        deadline=Deadline(None, "test"),
    )
    with pinned(7, lambda: run.clock_start):
        prepare_run(run)
        run.env.run_to_end()
    log = run.env.event_log.list_view()
    proposal_time = next(e.event_time for e in log if e.function_name() == "send_message_to_user")
    reply_time = next(e.event_time for e in log if e.function_name() == "send_email_to_user_only")
    assert reply_time == proposal_time + 3
    conditions = [e for e in log if e.event_type == EventType.CONDITION]
    assert conditions and all(e.event_time <= proposal_time for e in conditions)


def test_the_watchdog_ends_a_run_stuck_in_validation_with_a_timeout_error(scenarios):
    class StuckValidation(scenarios.three_apps):
        """Validation spins and never ticks: only the watchdog can end it."""

        scenario_id = "runner_stuck_validation"

        def validate(self, env: Any) -> Any:
            # Bounded, so a broken watchdog fails the assertions below instead of
            # hanging the test session.
            give_up = time.monotonic() + 60
            while time.monotonic() < give_up:
                pass
            return super().validate(env)

    result = run_scenario(StuckValidation, ScenarioRunnerConfig(oracle=True, timeout=0.3))

    assert isinstance(result.exception, RunTimeout)
    assert "runner_stuck_validation" in str(result.exception)
    assert "0.3" in str(result.exception)
    assert result.success is None
    assert [t for t in threading.enumerate() if t.name == "pare-run-watchdog"] == []


def test_an_exception_while_building_the_scenario_lands_in_the_result(scenarios, oracle_config):
    class Broken(scenarios.three_apps):
        scenario_id = "runner_broken"

        def init_and_populate_apps(self, *args, **kwargs):
            raise LookupError("seed data missing")

    result = run_scenario(Broken, oracle_config)

    assert result.success is None
    assert isinstance(result.exception, LookupError)


def test_a_run_leaves_no_threads_and_no_new_temp_entries(scenarios, oracle_config):
    tmp = tempfile.gettempdir()
    run_scenario(scenarios.three_apps, oracle_config)  # warm imports (ARE makes its sandbox once)
    threads_before = set(threading.enumerate())
    entries_before = set(os.listdir(tmp))

    run_scenario(scenarios.three_apps, oracle_config)
    run_scenario(scenarios.raising_step, ScenarioRunnerConfig(oracle=True, timeout=5))

    assert set(threading.enumerate()) == threads_before
    assert set(os.listdir(tmp)) - entries_before == set()


def test_a_bad_timeout_value_is_reported_in_the_result_not_raised(scenarios):
    class Config:
        seed, timeout, oracle = 0, -1.0, True

    result = run_scenario(scenarios.three_apps, Config())

    assert isinstance(result.exception, ValueError)
    assert "timeout" in str(result.exception)


def test_a_long_run_is_stopped_between_ticks_with_a_message_saying_where(scenarios, monkeypatch):
    # The deadline's clock leaps an hour at every read, so the first cooperative
    # check finds it passed; the watchdog (real time, timeout + 0.5 s) never gets a
    # turn, however slow the machine. With a real 0.01 s timeout a loaded machine
    # let the watchdog fire first, with no "while ..." in its message.
    leaps = itertools.count()
    monkeypatch.setattr(time, "monotonic", lambda: 3600.0 * next(leaps))
    result = run_scenario(scenarios.long_condition, ScenarioRunnerConfig(oracle=True, timeout=60))
    monkeypatch.undo()

    assert isinstance(result.exception, RunTimeout)
    assert "while" in str(result.exception)  # the cooperative check names the step it was in
    assert "--pare-timeout" in str(result.exception)


def test_an_exception_in_validate_is_recorded_as_raised_in_validate(scenarios):
    class BrokenCheck(scenarios.three_apps):
        def validate(self, env):
            raise KeyError("reminder_id")

    result = run_scenario(BrokenCheck, ScenarioRunnerConfig(oracle=True))
    assert isinstance(result.exception, KeyError)
    assert result.exception_stage == "validate"
    assert result.to_dict()["exception_stage"] == "validate"
