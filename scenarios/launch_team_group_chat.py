"""The manager asks John to start a group chat for the launch with three people."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulContactsApp, StatefulEmailApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, same_items

TEAM = [
    ("Ana", "Silva", "+15035550901"),
    ("Raj", "Patel", "+15035550902"),
    ("Wei", "Zhang", "+15035550903"),
]


@register_scenario("launch_team_group_chat")
class LaunchTeamGroupChat(PAREScenario):
    """A group conversation with exactly Ana, Raj and Wei (not Raj's namesake)."""

    start_time = datetime(2026, 3, 30, 8, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "multi-app", "communication", "easy")
    additional_system_prompt = "You are John, coordinating the Aurora launch."

    def init_and_populate_apps(self) -> None:
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
        self.apps = [self.email, self.contacts, self.messaging]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.email.send_email_to_user_with_id(
                email_id="email-aurora-chat",
                sender="rosa.delgado@northwind.io",
                subject="Aurora launch war room",
                content="John, please set up a group text with Ana Silva, Raj Patel and Wei Zhang "
                "for launch week so we can move fast. Thanks! - Rosa",
            ).delayed(20)
            proposal, accept = self.propose(
                "Rosa asked for a launch group chat with Ana Silva, Raj Patel and Wei Zhang. "
                "Shall I create 'Aurora launch' with the three of them?",
                after=ask,
                accept="Go ahead.",
            )
            create = self.oracle(self.messaging, after=accept).create_group_conversation(
                user_ids=self.team_ids, title="Aurora launch"
            )
        self.events = [ask, proposal, accept, create]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a group chat with exactly Ana, Raj Patel and Wei",
                (StatefulMessagingApp, "create_group_conversation"),
                user_ids=same_items(*self.team_ids),
            ),
        )
