"""The short form of a scenario: base-class defaults, the added phone apps, propose/oracle, tool
references in checks, expected_actions; and the long form (as upstream writes it) still works."""

from __future__ import annotations

from typing import Any

import pytest
from are.simulation.apps.agent_user_interface import AgentUserInterface
from are.simulation.apps.email_client import EmailClientV2
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.apps.system import SystemApp
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, Action, EventRegisterer, OracleEvent

from pytest_pare._util.seeding import stable_seed
from pytest_pare.apps import (
    HomeScreenSystemApp,
    PAREAgentUserInterface,
    StatefulMessagingApp,
    StatefulReminderApp,
)
from pytest_pare.runner import run_scenario
from pytest_pare.scenarios import PAREScenario, ScenarioRunnerConfig
from pytest_pare.scenarios.checks import (
    Rules,
    between,
    check_actions,
    expect,
    forbid,
    mentions_any,
)
from pytest_pare.scenarios.flow import oracle, propose

START = 1_778_515_200.0  # 2026-05-11 16:00 UTC
TEXT = "Your prescription is ready; we hold it until Thursday 6 PM."
OFFER = "Hawthorne holds your prescription until Thursday 6 PM. A reminder for Thursday 9 AM?"
THURSDAY_9 = "2026-05-14 09:00:00"

# --------------------------------------------------------------------------- one story, two forms


class LongForm(PAREScenario):
    """The pharmacy story as upstream writes scenarios: every piece spelled out."""

    scenario_id = "pharmacy_story"
    start_time = START
    status = ScenarioStatus.Valid
    is_benchmark_ready = True

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Hawthorne Pharmacy", "+15035550110")])
        self.pharmacy_id = self.messaging.name_to_id["Hawthorne Pharmacy"]
        self.conv_id = "conv-pharmacy"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.pharmacy_id],
                title="Hawthorne Pharmacy",
            )
        )
        self.reminders = StatefulReminderApp(name="Reminders")
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.messaging,
            self.reminders,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        messaging = self.get_typed_app(StatefulMessagingApp, "Messages")
        reminders = self.get_typed_app(StatefulReminderApp, "Reminders")
        with EventRegisterer.capture_mode():
            ready = messaging.create_and_add_message(
                conversation_id=self.conv_id, sender_id=self.pharmacy_id, content=TEXT
            ).delayed(45)
            proposal = (
                aui.send_message_to_user(content=OFFER).oracle().depends_on(ready, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes.").oracle().depends_on(proposal, delay_seconds=5)
            )
            remind = (
                reminders.add_reminder(
                    title="Pick up prescription", due_datetime=THURSDAY_9, description=""
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [ready, proposal, accept, remind]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "a pickup reminder before the hold lapses",
                "StatefulReminderApp",
                "add_reminder",
                title=mentions_any("prescription"),
                due_datetime=between("2026-05-11 16:00:00", "2026-05-14 17:00:00"),
            ),
        )


class ShortForm(PAREScenario):
    """The same story in the short form: defaults, propose, oracle, a tool reference."""

    scenario_id = "pharmacy_story"
    start_time = START

    def init_and_populate_apps(self) -> None:
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Hawthorne Pharmacy", "+15035550110")])
        self.pharmacy_id = self.messaging.name_to_id["Hawthorne Pharmacy"]
        self.conv_id = "conv-pharmacy"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.pharmacy_id],
                title="Hawthorne Pharmacy",
            )
        )
        self.reminders = StatefulReminderApp(name="Reminders")
        self.apps = [self.messaging, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ready = self.messaging.create_and_add_message(
                conversation_id=self.conv_id, sender_id=self.pharmacy_id, content=TEXT
            ).delayed(45)
            proposal, accept = self.propose(OFFER, after=ready, accept="Yes.")
            remind = self.oracle(self.reminders, after=accept).add_reminder(
                title="Pick up prescription", due_datetime=THURSDAY_9, description=""
            )
        self.events = [ready, proposal, accept, remind]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a pickup reminder before the hold lapses",
                (StatefulReminderApp, "add_reminder"),
                title=mentions_any("prescription"),
                due_datetime=between("2026-05-11 16:00:00", "2026-05-14 17:00:00"),
            ),
        )


def _oracle_run(cls: type[PAREScenario], **config: Any) -> tuple[Any, list[tuple[Any, ...]]]:
    """The run's result and its event log as plain tuples (ids, times, calls, outcomes)."""
    log: list[tuple[Any, ...]] = []

    class Logged(cls):  # type: ignore[valid-type, misc]
        def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
            for e in env.event_log.list_view():
                action = e.action if isinstance(e.action, Action) else None
                log.append(
                    (
                        e.event_id,
                        e.event_time,
                        e.event_type,
                        action and action.class_name,
                        action and action.function_name,
                        action and {k: v for k, v in action.args.items() if k != "self"},
                        e.metadata.return_value if e.metadata else None,
                        bool(e.metadata and e.metadata.exception),
                    )
                )
            return super().validate(env)

    result = run_scenario(Logged, ScenarioRunnerConfig(**{"oracle": True, **config}))
    return result, log


@pytest.mark.parametrize(
    "noise",
    [{}, {"tool_failure_probability": 0.3, "env_events_per_minute": 5}],
    ids=["clean", "noisy"],
)
def test_the_short_form_logs_the_same_events_as_the_long_form(noise: dict[str, Any]) -> None:
    long_result, long_log = _oracle_run(LongForm, **noise)
    short_result, short_log = _oracle_run(ShortForm, **noise)
    assert short_log == long_log
    assert len(long_log) >= 4
    assert (short_result.success, short_result.rationale) == (
        long_result.success,
        long_result.rationale,
    )


def test_both_forms_pass_their_oracle_run_and_fail_without_the_reminder() -> None:
    for cls in (LongForm, ShortForm):
        assert _oracle_run(cls, strict_oracle=True)[0].success is True

        class Lazy(cls):  # type: ignore[valid-type, misc]
            def build_events_flow(self) -> None:
                super().build_events_flow()
                remind = self.events.pop()  # proposes, never acts
                for cause in remind.dependencies:
                    cause.successors.remove(remind)

        result = _oracle_run(Lazy)[0]
        assert result.success is False
        assert "a pickup reminder" in result.rationale


def test_both_forms_end_up_with_the_same_apps_in_the_same_order_and_seeds() -> None:
    built = []
    for cls in (LongForm, ShortForm):
        scenario = cls(seed=3)
        scenario.initialize()
        built.append([(type(app).__name__, app.name, app.seed) for app in scenario.apps])
    assert built[0] == built[1]
    assert [name for _, name, _ in built[1]][:2] == ["System", "PAREAgentUserInterface"]
    assert all(seed == stable_seed(3, name) for _, name, seed in built[1])


# --------------------------------------------------------------------------- defaults


def test_a_scenario_that_sets_no_status_is_valid_and_benchmark_ready() -> None:
    scenario = ShortForm()
    assert scenario.status == ScenarioStatus.Valid
    assert scenario.is_benchmark_ready is True


def test_an_explicit_status_or_readiness_wins_over_the_defaults() -> None:
    class Draft(ShortForm):
        status = ScenarioStatus.Draft
        is_benchmark_ready = False

    assert (Draft().status, Draft().is_benchmark_ready) == (ScenarioStatus.Draft, False)
    chosen = ShortForm(status=ScenarioStatus.AwaitingReview, is_benchmark_ready=False)
    assert (chosen.status, chosen.is_benchmark_ready) == (ScenarioStatus.AwaitingReview, False)


# --------------------------------------------------------------------------- phone apps


def _apps_after_initialize(*apps: Any) -> list[tuple[str, str]]:
    class Phone(PAREScenario):
        def init_and_populate_apps(self) -> None:
            self.apps = list(apps)

        def build_events_flow(self) -> None:
            self.events = []

    scenario = Phone()
    scenario.initialize()
    return [(type(app).__name__, app.name) for app in scenario.apps]


def test_a_missing_home_screen_and_assistant_interface_are_added_in_front() -> None:
    assert _apps_after_initialize(EmailClientV2(name="Emails")) == [
        ("HomeScreenSystemApp", "System"),
        ("PAREAgentUserInterface", "PAREAgentUserInterface"),
        ("EmailClientV2", "Emails"),
    ]
    assert _apps_after_initialize()[:2] == [
        ("HomeScreenSystemApp", "System"),
        ("PAREAgentUserInterface", "PAREAgentUserInterface"),
    ]


def test_listed_phone_apps_are_recognised_by_class_whatever_their_name() -> None:
    # A home screen under another name stays; the interface goes right after it.
    assert _apps_after_initialize(
        EmailClientV2(name="Emails"), HomeScreenSystemApp(name="Home")
    ) == [
        ("EmailClientV2", "Emails"),
        ("HomeScreenSystemApp", "Home"),
        ("PAREAgentUserInterface", "PAREAgentUserInterface"),
    ]
    # ARE's own system app and interface count too: nothing is added.
    stock = [SystemApp(name="Sys"), AgentUserInterface(), EmailClientV2(name="Emails")]
    assert _apps_after_initialize(*stock) == [
        ("SystemApp", "Sys"),
        ("AgentUserInterface", "AgentUserInterface"),
        ("EmailClientV2", "Emails"),
    ]


def test_an_app_under_the_name_an_added_app_needs_is_an_error() -> None:
    with pytest.raises(ValueError, match="'System' is a EmailClientV2.*HomeScreenSystemApp"):
        _apps_after_initialize(EmailClientV2(name="System"))


# --------------------------------------------------------------------------- propose / oracle


def _call(event: Any) -> tuple[str, str, dict[str, Any]]:
    action = event.make_event(None).action if isinstance(event, OracleEvent) else event.action
    args = {k: v for k, v in action.args.items() if k != "self"}
    return action.class_name, action.function_name, args


def _shape(event: Any) -> tuple[Any, ...]:
    deps = tuple(id(d) for d in event.dependencies)
    return type(event).__name__, _call(event), deps, event.event_relative_time


def test_propose_builds_the_same_two_events_as_the_long_form() -> None:
    aui = PAREAgentUserInterface()
    with EventRegisterer.capture_mode():
        trigger = aui.wait()
        proposal = aui.send_message_to_user(content=OFFER).oracle().depends_on(trigger, 10)
        accept = aui.accept_proposal(content="Yes.").oracle().depends_on(proposal, 5)
        short_proposal, short_accept = propose(aui, OFFER, after=trigger, accept="Yes.")
    assert _shape(short_proposal) == _shape(proposal)
    assert _call(short_accept) == _call(accept)
    assert short_accept.dependencies == [short_proposal]
    assert short_accept.event_relative_time == accept.event_relative_time == 5


def test_propose_with_reject_has_the_user_decline() -> None:
    aui = PAREAgentUserInterface()
    proposal, answer = propose(aui, OFFER, reject="No, I'll go Friday.", reply_delay=3)
    assert _call(answer) == (
        "PAREAgentUserInterface",
        "reject_proposal",
        {"content": "No, I'll go Friday."},
    )
    assert answer.dependencies == [proposal] and answer.event_relative_time == 3
    assert proposal.dependencies == [] and proposal.event_relative_time == 10


def test_propose_outside_capture_mode_only_builds_events() -> None:
    aui = PAREAgentUserInterface()
    propose(aui, OFFER, accept="")
    assert aui.proposals == [] and aui.user_responses == ()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({}, ValueError, "needs the user's answer: accept="),
        ({"accept": "y", "reject": "n"}, ValueError, "both accept= and reject="),
        ({"accept": 1}, ValueError, "accept= takes the user's words as a string"),
        ({"accept": "y", "content": " "}, ValueError, "non-empty text"),
        ({"accept": "y", "delay": -1}, ValueError, "delay must be a number of seconds >= 0"),
        ({"accept": "y", "reply_delay": "5"}, ValueError, "reply_delay must be a number"),
        ({"accept": "y", "after": "email"}, TypeError, "after= takes the event"),
        ({"accept": "y", "aui": EmailClientV2()}, TypeError, "needs the PAREAgentUserInterface"),
    ],
)
def test_propose_says_what_is_wrong_with_its_arguments(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    aui = kwargs.pop("aui", PAREAgentUserInterface())
    content = kwargs.pop("content", OFFER)
    with pytest.raises(error, match=message):
        propose(aui, content, **kwargs)


def test_a_scenario_proposes_only_once_it_has_the_assistant_interface() -> None:
    with pytest.raises(ValueError, match="no PAREAgentUserInterface.*build_events_flow"):
        ShortForm().propose(OFFER, accept="Yes.")


def test_an_oracle_step_is_the_long_form_call_after_its_cause() -> None:
    reminders = StatefulReminderApp(name="Reminders")
    with EventRegisterer.capture_mode():
        cause = reminders.get_all_reminders()
        long = reminders.delete_reminder(reminder_id="r1").oracle().depends_on(cause, 2)
    short = oracle(reminders, after=cause).delete_reminder(reminder_id="r1")
    assert _shape(short) == _shape(long)
    first = oracle(reminders, delay=7).get_all_reminders()
    assert first.dependencies == [] and first.event_relative_time == 7


def test_an_oracle_step_must_call_a_tool() -> None:
    reminders = StatefulReminderApp(name="Reminders")
    with pytest.raises(AttributeError, match="StatefulReminderApp has no tool 'add_remindr'"):
        oracle(reminders).add_remindr(title="x")
    with pytest.raises(TypeError, match="get_state is not a tool"):
        oracle(reminders).get_state()


class Declined(ShortForm):
    """The user turns the reminder down; the assistant must then leave it."""

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ready = self.messaging.create_and_add_message(
                conversation_id=self.conv_id, sender_id=self.pharmacy_id, content=TEXT
            ).delayed(45)
            proposal, no = self.propose(OFFER, after=ready, reject="No, I'll go today.")
        self.events = [ready, proposal, no]

    def expected_actions(self) -> Rules:
        return (forbid("no reminder once declined", (StatefulReminderApp, "add_reminder")),)


def test_a_declined_proposal_plays_in_oracle_mode() -> None:
    result, log = _oracle_run(Declined, strict_oracle=True)
    assert result.success is True
    assert ("PAREAgentUserInterface", "reject_proposal") in [(e[3], e[4]) for e in log]


def test_the_reference_user_declines_where_the_oracle_does() -> None:
    policy = {f"{role}_model": "reference" for role in ("user", "observe", "execute")}
    result, log = _oracle_run(Declined, oracle=False, **policy)
    assert result.exception is None and result.success is True
    answers = [
        (e[2].value, e[4], e[5]) for e in log if e[4] in ("accept_proposal", "reject_proposal")
    ]
    assert answers == [("USER", "reject_proposal", {"content": "No, I'll go today."})]
    assert result.acceptance_count == 0


# --------------------------------------------------------------------------- expected_actions


def test_a_scenario_without_expected_actions_or_validate_gets_ares_check() -> None:
    class Quiet(ShortForm):
        def expected_actions(self) -> Rules | None:
            return None

    assert _oracle_run(Quiet)[0].success is True
