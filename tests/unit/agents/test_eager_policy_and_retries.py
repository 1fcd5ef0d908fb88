"""The eager policy fails stories that reward restraint; scripted assistants retry noisy calls.

Two small local stories: an abstain one (a newsletter that reads like a request)
and a rejection one (the user declines a cab). Played by the three offline
policies through the real agent loop.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCabApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, ScenarioRunnerConfig
from pytest_pare.scenarios.checks import Rules, abstain, declined, mentions_any

START = datetime(2026, 6, 1, 9, 0, tzinfo=UTC).timestamp()
CAB_OFFER = "Your flight lands at 23:10 on Friday. Shall I book a cab home from SFO?"
SCENARIO_DIR = Path(__file__).resolve().parents[3] / "scenarios"


class NewsletterStory(PAREScenario):
    """A travel newsletter says "book now"; nothing is John's to do."""

    scenario_id = "agents_newsletter_story"
    start_time = START

    def init_and_populate_apps(self) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            news = self.email.send_email_to_user_with_id(
                email_id="mail-newsletter",
                sender="deals@skyhop.example",
                subject="Book now: summer fares",
                content="Book your summer trip now! Fares from $99.",
            ).delayed(30)
        self.events = [news]

    def expected_actions(self) -> Rules:
        return (abstain("a fare newsletter asks nothing of John"),)


class DeclinedCabStory(PAREScenario):
    """The itinerary arrives; the assistant offers a cab; the user says Sam picks him up."""

    scenario_id = "agents_declined_cab_story"
    start_time = START

    def init_and_populate_apps(self) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.cab = StatefulCabApp(name="Cab")
        self.apps = [self.email, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            itinerary = self.email.send_email_to_user_with_id(
                email_id="mail-itinerary",
                sender="trips@skyhop.example",
                subject="Your itinerary",
                content="Flight SH 212 lands at SFO on Friday at 23:10.",
            ).delayed(30)
            proposal, no = self.propose(CAB_OFFER, after=itinerary, reject="No, Sam picks me up.")
        self.events = [itinerary, proposal, no]

    def expected_actions(self) -> Rules:
        return (declined("Sam picks John up", offer=mentions_any("cab", "ride", "taxi")),)


def play(cls: type, policy: str, **options: Any) -> Any:
    from pytest_pare.runner import run_scenario

    config = ScenarioRunnerConfig(
        user_model=policy, observe_model=policy, execute_model=policy, **options
    )
    return run_scenario(cls, config)


def proposals(result: Any) -> int:
    return int(result.proposal_count or 0)


@pytest.mark.parametrize("story", [NewsletterStory, DeclinedCabStory])
def test_reference_and_idle_pass_a_story_that_rewards_restraint(story: type) -> None:
    for policy in ("reference", "idle"):
        result = play(story, policy)
        assert result.exception is None, result.exception
        assert result.success is True, f"{policy}: {result.rationale}"


def test_eager_offers_help_with_a_newsletter_and_fails_the_abstain_check() -> None:
    result = play(NewsletterStory, "eager")
    assert result.exception is None, result.exception
    assert result.success is False
    assert "yet the assistant proposed 'Something new arrived in Emails." in result.rationale


def test_eager_offers_a_declined_cab_again_word_for_word() -> None:
    result = play(DeclinedCabStory, "eager")
    assert result.exception is None, result.exception
    assert result.success is False
    assert f"the user declined {CAB_OFFER!r}, yet the assistant offered it again" in (
        result.rationale
    )
    assert proposals(result) == 2


def test_eager_waits_while_nothing_arrives() -> None:
    class Quiet(NewsletterStory):
        scenario_id = "agents_quiet_story"

        def build_events_flow(self) -> None:
            self.events = []

    result = play(Quiet, "eager")
    assert result.success is True and proposals(result) == 0


def test_eager_proposes_and_does_what_the_oracle_does_in_an_ordinary_story() -> None:
    from pytest_pare.scenarios.registration import import_scenario_module

    (cls,) = import_scenario_module(SCENARIO_DIR / "pharmacy_pickup_reminder.py")
    result = play(cls, "eager")
    assert result.success is True, result.rationale
    assert proposals(result) == 1


def test_eager_plays_the_same_run_twice() -> None:
    first, second = play(DeclinedCabStory, "eager"), play(DeclinedCabStory, "eager")
    assert (first.rationale, first.proposal_count) == (second.rationale, second.proposal_count)


def _step(index: int, app: str, function: str, actor: str = "assistant", **args: Any) -> Any:
    from pytest_pare.agents.oracle_plan import OracleStep

    app_class = {"PAREAgentUserInterface": "PAREAgentUserInterface"}.get(app, f"Stateful{app}App")
    return OracleStep(
        index, f"e{index}", app, app_class, function, args, actor,  # type: ignore[arg-type]
        is_write=actor != "user", is_oracle=True, gates=(), blocked_by=(),
    )  # fmt: skip


def test_the_oracle_offers_are_its_answered_proposals_with_the_steps_after_each_answer() -> None:
    from pytest_pare.agents.eager import oracle_offers

    ui = "PAREAgentUserInterface"
    plan = [
        _step(1, "Emails", "search_emails", query="x"),  # a read before any proposal: no offer's
        _step(2, ui, "send_message_to_user", content="Reminder?"),
        _step(3, ui, "accept_proposal", actor="user", content="Yes"),
        _step(4, "Reminders", "add_reminder", title="a"),
        _step(5, ui, "send_message_to_user", content="Done, and shall I text Sam?"),
        _step(6, ui, "reject_proposal", actor="user", content="No"),
    ]
    offers = oracle_offers(plan)
    assert [o.text for o in offers] == ["Reminder?", "Done, and shall I text Sam?"]
    assert [[s.function for s in o.steps] for o in offers] == [["add_reminder"], []]


# ------------------------------------------------------------------- retrying noisy calls


def _failed_calls(result: Any) -> list[str]:
    return [e["function"] for e in result.tool_errors or []]


def test_the_reference_policy_calls_a_step_again_when_noise_failed_it() -> None:
    from pytest_pare.scenarios.registration import import_scenario_module

    (cls,) = import_scenario_module(SCENARIO_DIR / "pharmacy_pickup_reminder.py")
    result = play(cls, "reference", tool_failure_probability=0.5)
    # The default seed fails the reminder twice; the third call goes through.
    assert _failed_calls(result) == ["add_reminder", "add_reminder"]
    assert result.success is True, result.rationale
    assert result.write_actions == 3


def test_only_an_injected_failure_is_retried() -> None:
    from pytest_pare.agents.scripted import failed_by_noise

    template = "Calling {name} failed with error: Internal error - Retry again later"

    class StatefulCabApp:
        name = "Cab"
        failure_probability = 0.1

        def get_tools(self) -> list[Any]:
            tool = SimpleNamespace(
                func_name="order_ride", name="Cab__order_ride", failure_message_template=template
            )
            return [tool]

    def logged(error: str | None) -> Any:
        action = SimpleNamespace(function_name="order_ride", app=StatefulCabApp())
        return SimpleNamespace(action=action, metadata=SimpleNamespace(exception=error))

    step = _step(1, "Cab", "order_ride")
    assert failed_by_noise(step, [logged(template.format(name="Cab__order_ride"))]) is True
    assert failed_by_noise(step, [logged("ValueError: no such location")]) is False
    assert failed_by_noise(step, [logged(None)]) is False
