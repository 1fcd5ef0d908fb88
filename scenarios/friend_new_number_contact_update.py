"""An old friend texts from a new number; the contact still has the dead one."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulContactsApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, contains_key, expect, same_digits


@register_scenario("friend_new_number_contact_update")
class FriendNewNumberContactUpdate(PAREScenario):
    """Kwame's phone was stolen; the assistant replaces his number in Contacts."""

    start_time = datetime(2026, 1, 24, 11, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "follow-up", "easy")
    additional_system_prompt = "You are John. Keep your contacts tidy; accept updates friends send."

    def init_and_populate_apps(self) -> None:
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
        self.apps = [self.messaging, self.contacts]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            text = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.new_id,
                content="Hey John, it's Kwame Mensah! Phone got stolen at the game, this is my "
                "new number: 503-555-0977. The old one is dead.",
            ).delayed(15)
            proposal, accept = self.propose(
                "Kwame Mensah has a new number (503-555-0977); his old one is dead. Shall I "
                "update his contact?",
                after=text,
                delay=8,
                accept="Yes.",
                reply_delay=4,
            )
            edit = self.oracle(self.contacts, after=accept).edit_contact(
                contact_id=self.kwame_contact, updates={"phone": "+15035550977"}
            )
        self.events = [text, proposal, accept, edit]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Kwame's contact has the new number",
                (StatefulContactsApp, "edit_contact"),
                contact_id=self.kwame_contact,
                updates=contains_key("phone", same_digits("5035550977")),
            ),
        )
