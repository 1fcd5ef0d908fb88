"""The turn budget counts turns of the interaction; idle rounds are bounded otherwise."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.agents.errors import RetriesExhausted
from pytest_pare.apps import StatefulMessagingApp
from pytest_pare.testing import SequenceEngine, format_action

_spec = importlib.util.spec_from_file_location(
    "_two_agent_cases", Path(__file__).with_name("test_two_agent_run.py")
)
assert _spec is not None and _spec.loader is not None
# The scenario and run helpers live in the sibling test module (importlib mode has no
# package imports between test files); it must sit in sys.modules for ARE's dataclass.
cases = sys.modules.get("_two_agent_cases") or importlib.util.module_from_spec(_spec)
if "_two_agent_cases" not in sys.modules:
    sys.modules["_two_agent_cases"] = cases
    _spec.loader.exec_module(cases)

START = cases.START
PASS = cases.PASS
WAIT = cases.WAIT
LOOK = format_action("Look again.", "Reminders__get_all_reminders")
OPEN_MESSAGES = format_action("Texts.", "System__open_app", {"app_name": "Messages"})
GO_HOME = format_action("Home.", "System__go_home")
# A user who acts every turn (open_app only exists on the home screen).
BUSY_USER = [OPEN_MESSAGES, GO_HOME] * 3


class NewsletterThenDentistScenario(cases.DentistTextScenario):
    """Ten newsletter texts arrive before the dentist's text (+30 s) that matters."""

    scenario_id = "agents_newsletter_then_dentist"

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        super().init_and_populate_apps(*args, **kwargs)
        self.messaging.add_contacts([("Deals Weekly", "+15035550199")])
        self.news_id = self.messaging.name_to_id["Deals Weekly"]
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id="conv-news",
                participant_ids=[self.messaging.current_user_id, self.news_id],
                title="Deals Weekly",
                last_updated=START - 3600,
                messages=[],
            )
        )

    def build_events_flow(self) -> None:
        super().build_events_flow()
        messaging = self.get_typed_app(StatefulMessagingApp, "Messages")
        with EventRegisterer.capture_mode():
            news = [
                messaging.create_and_add_message(
                    conversation_id="conv-news", sender_id=self.news_id, content=f"Deal #{i}"
                ).delayed(2 * i)
                for i in range(1, 11)
            ]
        self.events += news


def _start(scenario_cls: type = cases.DentistTextScenario, duration: float | None = None) -> Any:
    from are.simulation.environment import EnvironmentConfig

    from pytest_pare.environment import StateAwareEnvironmentWrapper

    scenario = scenario_cls()
    scenario.initialize()
    scenario.duration = duration
    env = StateAwareEnvironmentWrapper(EnvironmentConfig(oracle_mode=False, start_time=START))
    env.run(scenario, wait_for_end=False)
    return scenario, env


def _play(config: Any, engines: Any = None, **start: Any) -> tuple[Any, Any, Any]:
    from pytest_pare.runner.two_agent import run_two_agent

    scenario, env = _start(**start)
    outcome = run_two_agent(scenario, env, config, engines=engines)
    env.stop()
    return scenario, env, outcome


def _engines(user: list[str], observe: list[str], execute: list[str]) -> dict[str, Any]:
    return {
        "user": SequenceEngine(user),
        "observe": SequenceEngine(observe),
        "execute": SequenceEngine(execute),
    }


def test_background_notifications_do_not_use_up_the_turn_budget() -> None:
    # Two turns are all the reference needs (propose; accept and execute), and ten
    # newsletter texts wake the agents before the dentist's text arrives.
    scenario, env, outcome = _play(
        cases._config("reference", max_turns=2), scenario_cls=NewsletterThenDentistScenario
    )
    result = scenario.validate(env)
    assert result.success, result.rationale
    assert outcome.number_of_turns == 2
    assert outcome.end_reason == "max_turns"
    # Rounds cost 2 s (two calls), so some texts land during a round and some by a jump.
    idle_rounds = {e["round"] for e in outcome.transcript if e["turn"] is None}
    assert len(idle_rounds) >= 5
    assert outcome.rounds == len(idle_rounds) + 2


def test_a_user_who_keeps_acting_ends_the_run_at_the_turn_budget() -> None:
    _, _, outcome = _play(cases._config(max_turns=3), _engines(BUSY_USER, [WAIT], [WAIT]))
    assert (outcome.number_of_turns, outcome.rounds, outcome.end_reason) == (3, 3, "max_turns")
    assert [e["turn"] for e in outcome.transcript if e["agent"] == "user"] == [1, 2, 3]


def test_a_model_that_keeps_looking_without_waiting_stops_at_the_model_call_limit() -> None:
    from pytest_pare.runner.two_agent import model_call_limit

    config = cases._config(
        max_turns=1, user_max_iterations=1, observe_max_iterations=1, execute_max_iterations=1
    )
    assert model_call_limit(config) == 4 * 1 * (1 + 1 + 1)
    _, _, outcome = _play(config, _engines([PASS], [LOOK], [WAIT]))
    # Each round: the user passes (1 call), the observer reads and never waits (1 call).
    assert outcome.end_reason == "model_call_limit"
    assert sum(outcome.model_calls.values()) == outcome.model_call_limit == 12
    assert (outcome.number_of_turns, outcome.rounds) == (0, 6)


def test_the_default_model_call_limit_leaves_room_for_every_turn_and_idle_rounds() -> None:
    from pytest_pare.runner.two_agent import model_call_limit

    # 10 turns x (1 + 5 + 10) iterations, four times over.
    assert model_call_limit(cases._config()) == 640


def test_a_run_ends_once_the_scenarios_duration_has_passed() -> None:
    _, env, outcome = _play(
        cases._config(max_turns=10, observe_max_iterations=1),
        _engines([PASS], [LOOK], [WAIT]),
        duration=5.0,
    )
    # 1 s per call: rounds end at +2, +4, +6 s; the clock is then past the 5 s duration.
    assert outcome.end_reason == "duration"
    assert outcome.rounds == 3
    assert env.current_time - START == 6.0


def test_an_open_ended_run_ends_when_its_event_queue_is_empty_not_at_a_later_reminder() -> None:
    from datetime import UTC, datetime

    scenario, env, outcome = _play(cases._config("reference"), duration=None)

    assert scenario.validate(env).success
    assert outcome.end_reason == "quiescent"
    # The reminder the assistant set (due in two days) is left for later, as in an oracle run.
    due = datetime(2026, 5, 13, 9, 0, tzinfo=UTC).timestamp()
    assert env.get_next_event_time() is None
    assert env.next_stop_time() == due and env.current_time < due


def test_a_run_with_a_duration_still_jumps_to_a_reminder_due_before_it_ends() -> None:
    from datetime import UTC, datetime

    due = datetime(2026, 5, 13, 9, 0, tzinfo=UTC).timestamp()
    _, env, outcome = _play(cases._config("reference"), duration=3 * 24 * 3600.0)

    assert outcome.end_reason == "quiescent"
    assert env.current_time >= due  # the idle rounds went on to the due reminder


class _FailingEngine(SequenceEngine):
    """Answers like a SequenceEngine, then fails from call ``fail_at`` (1-based) on."""

    def __init__(self, answers: list[str], fail_at: int) -> None:
        super().__init__(answers)
        self.fail_at = fail_at

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if len(self.calls) + 1 >= self.fail_at:
            self.calls.append([])
            raise RetriesExhausted("the server kept answering 503 after 5 attempts")
        return super().__call__(*args, **kwargs)


def test_a_run_that_raises_keeps_its_turns_model_calls_and_transcript() -> None:
    from pytest_pare.runner.two_agent import TwoAgentOutcome, run_two_agent

    scenario, env = _start()
    outcome = TwoAgentOutcome()
    engines = {
        "user": SequenceEngine(BUSY_USER),
        "observe": _FailingEngine([WAIT], fail_at=2),
        "execute": SequenceEngine([WAIT]),
    }
    with pytest.raises(RetriesExhausted):
        run_two_agent(scenario, env, cases._config(max_turns=5), engines=engines, outcome=outcome)
    env.stop()
    assert outcome.end_reason == "error"
    assert outcome.error == "RetriesExhausted: the server kept answering 503 after 5 attempts"
    assert outcome.model_calls == {"user": 2, "observe": 2, "execute": 0}
    # Round 1 played out; in round 2 the user acted, then the observer's call failed.
    assert (outcome.rounds, outcome.number_of_turns) == (2, 2)
    last = outcome.transcript[-1]
    assert (last["round"], last["agent"], last["model_calls"]) == (2, "observe", 1)
    assert last["error"].startswith("RetriesExhausted")
    assert [e["agent"] for e in outcome.transcript] == ["user", "observe", "user", "observe"]
