"""The manager asks John to start a group chat for the launch with three people."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.contacts import Contact
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import (
    HomeScreenSystemApp,
    PAREAgentUserInterface,
    StatefulContactsApp,
    StatefulEmailApp,
    StatefulMessagingApp,
)
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import check_actions, expect, same_items
from pytest_pare.scenarios.utils.registry import register_scenario

TEAM = [
    ("Ana", "Silva", "+15035550901"),
    ("Raj", "Patel", "+15035550902"),
    ("Wei", "Zhang", "+15035550903"),
]


@register_scenario("launch_team_group_chat")
class LaunchTeamGroupChat(PAREScenario):
    """A group conversation with exactly Ana, Raj and Wei (not Raj's namesake)."""

    start_time = datetime(2026, 3, 30, 8, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "multi-app", "communication")
    additional_system_prompt = "You are John, coordinating the Aurora launch."

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        for first, last, phone in [*TEAM, ("Raj", "Kapoor", "+15035550999")]:
            self.contacts.add_contact(
                Contact(first_name=first, last_name=last, phone=phone, contact_id=f"c-{phone[-4:]}")
            )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts(
            [(f"{first} {last}", p) for first, last, p in TEAM] + [("Raj Kapoor", "+15035550999")]
        )
        self.team_ids = [p for _, _, p in TEAM]
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.email,
            self.contacts,
            self.messaging,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        email = self.get_typed_app(StatefulEmailApp, "Emails")
        messaging = self.get_typed_app(StatefulMessagingApp, "Messages")
        with EventRegisterer.capture_mode():
            ask = email.send_email_to_user_with_id(
                email_id="email-aurora-chat",
                sender="rosa.delgado@northwind.io",
                subject="Aurora launch war room",
                content="John, please set up a group text with Ana Silva, Raj Patel and Wei Zhang "
                "for launch week so we can move fast. Thanks! - Rosa",
            ).delayed(20)
            proposal = (
                aui.send_message_to_user(
                    content="Rosa asked for a launch group chat with Ana Silva, Raj Patel and Wei "
                    "Zhang. Shall I create 'Aurora launch' with the three of them?"
                )
                .oracle()
                .depends_on(ask, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Go ahead.")
                .oracle()
                .depends_on(proposal, delay_seconds=5)
            )
            create = (
                messaging.create_group_conversation(user_ids=self.team_ids, title="Aurora launch")
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [ask, proposal, accept, create]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "a group chat with exactly Ana, Raj Patel and Wei",
                "StatefulMessagingApp",
                "create_group_conversation",
                user_ids=same_items(*self.team_ids),
            ),
        )
