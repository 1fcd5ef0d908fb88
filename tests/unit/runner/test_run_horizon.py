"""How long a run lasts: until the event queue is empty, bounded by a count of events."""

from __future__ import annotations

from typing import Any

import pytest
from are.simulation.scenarios.scenario import ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, ConditionCheckEvent, EventRegisterer

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulEmailApp
from pytest_pare.environment import EventBudgetExceeded
from pytest_pare.runner import run_scenario
from pytest_pare.scenarios import PAREScenario, ScenarioRunnerConfig

HOUR = 3600


class _EmailScenario(PAREScenario):
    start_time = 1_767_000_000.0

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [HomeScreenSystemApp(name="System"), PAREAgentUserInterface(), self.email]

    def arrived(self, subject: str) -> bool:
        inbox = self.email.folders[next(iter(self.email.folders))]
        return any(e.subject == subject for e in inbox.emails)


class NeverHoldingCondition(_EmailScenario):
    """A condition polled every simulated second that never holds, and no duration."""

    scenario_id = "horizon_never_holding_condition"

    def build_events_flow(self) -> None:
        def door_opened(env: AbstractEnvironment) -> bool:
            return False

        with EventRegisterer.capture_mode():
            hello = self.email.send_email_to_user_only(sender="a@b.c", subject="hi").delayed(5)
        self.events = [ConditionCheckEvent.from_condition(door_opened), hello]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return ScenarioValidationResult(success=self.arrived("hi"))


class EmailInTwoHours(_EmailScenario):
    """One email two simulated hours after the start, and no duration."""

    scenario_id = "horizon_email_in_two_hours"

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            late = self.email.send_email_to_user_only(sender="a@b.c", subject="late")
        self.events = [late.delayed(2 * HOUR)]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return ScenarioValidationResult(success=self.arrived("late"))


def test_a_scenario_without_a_duration_is_not_capped_at_ten_minutes():
    result = run_scenario(EmailInTwoHours, ScenarioRunnerConfig(oracle=True))

    assert result.exception is None
    assert result.success is True


def test_max_scenario_duration_still_caps_a_scenario_without_a_duration_when_set():
    config = ScenarioRunnerConfig(oracle=True, max_scenario_duration=HOUR)

    result = run_scenario(EmailInTwoHours, config)

    assert result.exception is None
    assert result.success is False  # the email at +2 h falls after the 1 h cap


def test_a_run_whose_queue_never_empties_stops_at_its_event_budget_naming_the_culprit():
    config = ScenarioRunnerConfig(oracle=True, max_scenario_events=200)

    result = run_scenario(NeverHoldingCondition, config)

    assert result.success is None
    assert isinstance(result.exception, EventBudgetExceeded)
    message = str(result.exception)
    assert "processed 200 events (max_scenario_events)" in message
    assert "door_opened" in message  # what repeated
    assert "duration" in message and "--pare-max-scenario-events" in message
    assert "\n" not in message


@pytest.mark.parametrize("bad", [0, -5])
def test_the_event_budget_and_the_duration_cap_refuse_values_below_one(bad):
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="max_scenario_events"):
        ScenarioRunnerConfig(max_scenario_events=bad)
    with pytest.raises(ValidationError, match="or None to run a scenario without a duration"):
        ScenarioRunnerConfig(max_scenario_duration=bad)


def test_by_default_nothing_caps_the_duration_and_the_event_budget_is_ten_thousand():
    config = ScenarioRunnerConfig()

    assert config.max_scenario_duration is None
    assert config.max_scenario_events == 10_000
