"""An old friend texts from a new number; the contact still has the dead one."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.contacts import Contact
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import (
    HomeScreenSystemApp,
    PAREAgentUserInterface,
    StatefulContactsApp,
    StatefulMessagingApp,
)
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import check_actions, contains_key, expect, same_digits
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("friend_new_number_contact_update")
class FriendNewNumberContactUpdate(PAREScenario):
    """Kwame's phone was stolen; the assistant replaces his number in Contacts."""

    start_time = datetime(2026, 1, 24, 11, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "follow-up")
    additional_system_prompt = "You are John. Keep your contacts tidy; accept updates friends send."

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        self.kwame_contact = "contact-kwame"
        self.contacts.add_contact(
            Contact(
                contact_id=self.kwame_contact,
                first_name="Kwame",
                last_name="Mensah",
                phone="+15035550412",
                email="kwame.mensah@fastmail.com",
            )
        )
        self.contacts.add_contact(
            Contact(
                contact_id="contact-kwabena",
                first_name="Kwabena",
                last_name="Osei",
                phone="+15035550413",
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Kwame (new)", "+15035550977")])
        self.new_id = self.messaging.name_to_id["Kwame (new)"]
        self.conv_id = "conv-kwame-new"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.new_id],
                title="+1 503-555-0977",
                last_updated=datetime(2026, 1, 24, 11, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.messaging,
            self.contacts,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        messaging = self.get_typed_app(StatefulMessagingApp, "Messages")
        contacts = self.get_typed_app(StatefulContactsApp, "Contacts")
        with EventRegisterer.capture_mode():
            text = messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.new_id,
                content="Hey John, it's Kwame Mensah! Phone got stolen at the game, this is my "
                "new number: 503-555-0977. The old one is dead.",
            ).delayed(15)
            proposal = (
                aui.send_message_to_user(
                    content="Kwame Mensah has a new number (503-555-0977); his old one is dead. "
                    "Shall I update his contact?"
                )
                .oracle()
                .depends_on(text, delay_seconds=8)
            )
            accept = (
                aui.accept_proposal(content="Yes.").oracle().depends_on(proposal, delay_seconds=4)
            )
            edit = (
                contacts.edit_contact(
                    contact_id=self.kwame_contact, updates={"phone": "+15035550977"}
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [text, proposal, accept, edit]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "Kwame's contact has the new number",
                "StatefulContactsApp",
                "edit_contact",
                contact_id=self.kwame_contact,
                updates=contains_key("phone", same_digits("5035550977")),
            ),
        )
