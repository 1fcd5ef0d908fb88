"""Kai asks John to put the plumber's number in the house note; it has been there since March."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulContactsApp, StatefulMessagingApp, StatefulNotesApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, abstain


@register_scenario("plumber_number_already_in_house_note")
class PlumberNumberAlreadyInHouseNote(PAREScenario):
    """The note, the contact and Kai's number agree: nothing to add, nothing to fix."""

    start_time = datetime(2026, 8, 19, 19, 0, tzinfo=UTC).timestamp()
    tags = ("abstain", "information-retrieval", "multi-app", "easy")
    additional_system_prompt = (
        "You are John. You keep the shared 'House info' note up to date; the plumber's "
        "number has been in it since March. Kai can read it himself."
    )

    def init_and_populate_apps(self) -> None:
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="House info",
            content="Wifi: Harbor-5G / maple-otter-42\n"
            "Plumber: Dario Ruiz, 503-555-0188 (Ruiz Plumbing)\n"
            "Landlord: Hollis Property, office@hollisproperty.com\n"
            "Bins: Tuesday night",
            created_at="2026-03-02 20:00:00",
        )
        self.contacts = StatefulContactsApp(name="Contacts")
        self.contacts.add_contact(
            Contact(
                contact_id="contact-dario",
                first_name="Dario",
                last_name="Ruiz",
                phone="+15035550188",
                job="Plumber, Ruiz Plumbing",
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Kai Moreno", "+15035550624")])
        self.kai_id = self.messaging.name_to_id["Kai Moreno"]
        self.conv_id = "conv-kai"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.kai_id],
                title="Kai Moreno",
                last_updated=datetime(2026, 8, 18, 9, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.notes, self.contacts]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.kai_id,
                content="The kitchen tap is dripping again. Could you put the plumber's number "
                "(Dario, 503-555-0188) in the house note so we all have it?",
            ).delayed(30)
        self.events = [ask]

    def expected_actions(self) -> Rules:
        return (abstain("Dario's number is already in the house note and in contacts"),)
