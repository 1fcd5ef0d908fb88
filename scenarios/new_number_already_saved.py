"""Kwame texts from his new number; John saved it to Kwame's contact at the weekend."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulContactsApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, abstain

NEW_NUMBER = "+15035550977"


@register_scenario("new_number_already_saved")
class NewNumberAlreadySaved(PAREScenario):
    """The "please update my number" text is news only to those who don't have it yet."""

    start_time = datetime(2026, 6, 15, 10, 0, tzinfo=UTC).timestamp()
    tags = ("abstain", "information-retrieval", "easy")
    additional_system_prompt = (
        "You are John. Kwame gave you his new number at Saturday's barbecue and you saved it "
        "on the spot. His contact card is up to date."
    )

    def init_and_populate_apps(self) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        self.contacts.add_contact(
            Contact(
                contact_id="contact-kwame",
                first_name="Kwame",
                last_name="Asante",
                phone=NEW_NUMBER,
                email="kwame.asante@gmail.com",
                description="New number since June (old: +1 503 555 0912)",
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Kwame Asante", NEW_NUMBER)])
        self.kwame_id = self.messaging.name_to_id["Kwame Asante"]
        self.conv_id = "conv-kwame-new"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.kwame_id],
                title="Kwame Asante",
                last_updated=datetime(2026, 6, 13, 19, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.contacts]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            text = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.kwame_id,
                content="Hi all, Kwame here: this is my new number, please update your "
                "contacts! The old 0912 one is gone.",
            ).delayed(30)
        self.events = [text]

    def expected_actions(self) -> Rules:
        return (abstain("Kwame's contact already has the new number"),)
