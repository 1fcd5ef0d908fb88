"""Small scenarios written for the runner tests (not registered: the registry stays clean)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from are.simulation.apps.contacts import Contact
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.scenarios.scenario import ScenarioValidationResult
from are.simulation.types import (
    AbstractEnvironment,
    Action,
    ConditionCheckEvent,
    EventRegisterer,
    EventType,
)

from pytest_pare.apps import (
    HomeScreenSystemApp,
    PAREAgentUserInterface,
    StatefulContactsApp,
    StatefulEmailApp,
    StatefulMessagingApp,
)
from pytest_pare.scenarios import PAREScenario, ScenarioRunnerConfig

START = datetime(2026, 3, 2, 8, 30, tzinfo=UTC).timestamp()


def agent_calls(env: AbstractEnvironment, function: str) -> list[Any]:
    return [
        e
        for e in env.event_log.list_view()
        if isinstance(e.action, Action)
        and e.event_type == EventType.AGENT
        and e.function_name() == function
    ]


class ThreeAppScenario(PAREScenario):
    """Alice emails a new address; the assistant proposes, updates her contact, texts her."""

    scenario_id = "runner_three_apps"
    start_time = START

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.contacts = StatefulContactsApp(name="Contacts")
        self.contacts.add_contact(
            Contact(
                contact_id="c-alice",
                first_name="Alice",
                last_name="Moreau",
                email="alice@moreau.fr",
                phone="+33611112222",
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Alice Moreau", "+33611112222")])
        self.alice_id = self.messaging.name_to_id["Alice Moreau"]
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id="conv-alice",
                participant_ids=[self.messaging.current_user_id, self.alice_id],
                title="Alice Moreau",
                last_updated=START - 3600,
            )
        )
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.email,
            self.contacts,
            self.messaging,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        with EventRegisterer.capture_mode():
            mail = self.email.send_email_to_user_with_id(
                email_id="mail-alice",
                sender="alice@moreau.fr",
                subject="New address",
                content="We moved: 4 rue des Lilas, Lyon.",
            ).delayed(5)
            read = (
                self.email.get_email_by_id(email_id="mail-alice")
                .oracle()
                .depends_on(mail, delay_seconds=1)
            )
            proposal = (
                aui.send_message_to_user(content="Update Alice's address and thank her?")
                .oracle()
                .depends_on(read, delay_seconds=2)
            )
            accept = (
                aui.accept_proposal(content="Yes").oracle().depends_on(proposal, delay_seconds=2)
            )
            edit = (
                self.contacts.edit_contact(
                    contact_id="c-alice", updates={"address": "4 rue des Lilas, Lyon"}
                )
                .oracle()
                .depends_on(accept, delay_seconds=1)
            )
            text = (
                self.messaging.send_message(user_id=self.alice_id, content="Thanks, noted!")
                .oracle()
                .depends_on(edit, delay_seconds=1)
            )
        self.events = [mail, read, proposal, accept, edit, text]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        edits = agent_calls(env, "edit_contact")
        texts = agent_calls(env, "send_message")
        ok = (
            len(edits) == 1
            and edits[0].action.args["updates"] == {"address": "4 rue des Lilas, Lyon"}
            and len(texts) == 1
            and texts[0].action.args["user_id"] == self.alice_id
        )
        return ScenarioValidationResult(success=ok, rationale=None if ok else "missing actions")


class RaisingStepScenario(ThreeAppScenario):
    """One oracle step reads an email that does not exist; the rest still runs."""

    scenario_id = "runner_raising_step"

    def build_events_flow(self) -> None:
        super().build_events_flow()
        with EventRegisterer.capture_mode():
            missing = (
                self.email.get_email_by_id(email_id="no-such-mail")
                .oracle()
                .depends_on(self.events[0], delay_seconds=1)
            )
        self.events.append(missing)


class LongConditionScenario(PAREScenario):
    """One simulated hour with a condition polled every simulated second."""

    scenario_id = "runner_long_condition"
    start_time = START
    duration = 3600

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [HomeScreenSystemApp(name="System"), PAREAgentUserInterface(), self.email]

    def build_events_flow(self) -> None:
        def never(env: AbstractEnvironment) -> bool:
            return False

        with EventRegisterer.capture_mode():
            late = self.email.send_email_to_user_only(
                sender="late@example.com", subject="Almost an hour later"
            ).delayed(3500)
        self.events = [ConditionCheckEvent.from_condition(never), late]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        subjects = [e.subject for e in self.email.folders[next(iter(self.email.folders))].emails]
        return ScenarioValidationResult(success="Almost an hour later" in subjects)


class ConditionGatedScenario(PAREScenario):
    """An env event fires only after a condition on the log becomes true (oracle_mode is read)."""

    scenario_id = "runner_condition_gated"
    start_time = START

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.aui = PAREAgentUserInterface()
        self.apps = [HomeScreenSystemApp(name="System"), self.aui, self.email]

    def build_events_flow(self) -> None:
        def proposal_made(env: AbstractEnvironment) -> bool:
            return env.oracle_mode and bool(agent_calls(env, "send_message_to_user"))

        with EventRegisterer.capture_mode():
            proposal = self.aui.send_message_to_user(content="Shall I?").oracle().delayed(10)
            check = ConditionCheckEvent.from_condition(proposal_made)
            reply = self.email.send_email_to_user_only(
                sender="bob@example.com", subject="After the proposal"
            ).depends_on(check, delay_seconds=3)
        self.events = [proposal, check, reply]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return ScenarioValidationResult(success=True)


@pytest.fixture
def oracle_config() -> ScenarioRunnerConfig:
    return ScenarioRunnerConfig(oracle=True)


class _Scenarios:
    three_apps = ThreeAppScenario
    raising_step = RaisingStepScenario
    long_condition = LongConditionScenario
    condition_gated = ConditionGatedScenario


@pytest.fixture
def scenarios() -> type[_Scenarios]:
    """The test scenarios by role."""
    return _Scenarios
