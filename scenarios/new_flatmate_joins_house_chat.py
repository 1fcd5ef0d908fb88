"""The new flatmate moves in and asks to join the flat's group chat, which Theo has just left."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.apps.messaging_v2 import ConversationV2, MessageV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulContactsApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, equals_text, expect, forbid, same_digits


@register_scenario("new_flatmate_joins_house_chat")
class NewFlatmateJoinsHouseChat(PAREScenario):
    """Save Mei Tanaka, add her to 'Flat 4B', and drop Theo (who asked) but not Kai."""

    start_time = datetime(2026, 9, 1, 10, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "follow-up", "communication", "hard")
    additional_system_prompt = (
        "You are John. You set up the 'Flat 4B' group chat and keep it current. Mei Tanaka "
        "takes Theo's room from today."
    )

    def init_and_populate_apps(self) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        for contact_id, first, last, phone in (
            ("contact-theo", "Theo", "Brandt", "+15035550721"),
            ("contact-kai", "Kai", "Nakoa", "+15035550722"),
        ):
            self.contacts.add_contact(
                Contact(contact_id=contact_id, first_name=first, last_name=last, phone=phone)
            )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts(
            [
                ("Theo Brandt", "+15035550721"),
                ("Kai Nakoa", "+15035550722"),
                ("Mei Tanaka", "+15035550723"),
            ]
        )
        self.theo_id = self.messaging.name_to_id["Theo Brandt"]
        self.kai_id = self.messaging.name_to_id["Kai Nakoa"]
        self.mei_id = self.messaging.name_to_id["Mei Tanaka"]
        self.flat_chat = "conv-flat-4b"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.flat_chat,
                participant_ids=[self.messaging.current_user_id, self.theo_id, self.kai_id],
                title="Flat 4B",
                last_updated=datetime(2026, 8, 31, 21, 0, tzinfo=UTC).timestamp(),
                messages=[
                    MessageV2(
                        message_id="flat-1",
                        sender_id=self.theo_id,
                        content="Last night in 4B! Thanks for two great years. Feel free to "
                        "drop me from this chat once Mei is in.",
                        timestamp=datetime(2026, 8, 31, 21, 0, tzinfo=UTC).timestamp(),
                    )
                ],
            )
        )
        self.mei_conv = "conv-mei"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.mei_conv,
                participant_ids=[self.messaging.current_user_id, self.mei_id],
                title="+1 503-555-0723",
                last_updated=datetime(2026, 9, 1, 10, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.contacts]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            hello = self.messaging.create_and_add_message(
                conversation_id=self.mei_conv,
                sender_id=self.mei_id,
                content="Hi John, it's Mei Tanaka, moving in today! This is my number. Could you "
                "add me to the flat group chat?",
            ).delayed(20)
            proposal, accept = self.propose(
                "Mei Tanaka is moving in today and asks to join the 'Flat 4B' chat. Shall I save "
                "her number to Contacts, add her to the chat, and remove Theo, who asked to be "
                "dropped once Mei is in?",
                after=hello,
                accept="Yes, all three.",
            )
            save = self.oracle(self.contacts, after=accept).add_new_contact(
                first_name="Mei",
                last_name="Tanaka",
                phone="+15035550723",
                description="Flatmate, Flat 4B (from Sept 2026)",
            )
            join = self.oracle(self.messaging, after=save).add_participant_to_conversation(
                conversation_id=self.flat_chat, user_id=self.mei_id
            )
            leave = self.oracle(self.messaging, after=join).remove_participant_from_conversation(
                conversation_id=self.flat_chat, user_id=self.theo_id
            )
        self.events = [hello, proposal, accept, save, join, leave]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Mei saved with her number",
                (StatefulContactsApp, "add_new_contact"),
                first_name=equals_text("Mei"),
                last_name=equals_text("Tanaka"),
                phone=same_digits("+15035550723"),
            ),
            expect(
                "Mei added to the flat chat",
                (StatefulMessagingApp, "add_participant_to_conversation"),
                conversation_id=self.flat_chat,
                user_id=self.mei_id,
            ),
            expect(
                "Theo removed from the flat chat, as he asked",
                (StatefulMessagingApp, "remove_participant_from_conversation"),
                conversation_id=self.flat_chat,
                user_id=self.theo_id,
            ),
            forbid(
                "Kai, who still lives there, removed",
                (StatefulMessagingApp, "remove_participant_from_conversation"),
                user_id=self.kai_id,
            ),
        )
