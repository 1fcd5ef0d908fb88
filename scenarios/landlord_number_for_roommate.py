"""A new flatmate's radiator is cold and she asks John for the landlord's number."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulContactsApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, all_of, expect, forbid, mentions, mentions_any


@register_scenario("landlord_number_for_roommate")
class LandlordNumberForRoommate(PAREScenario):
    """Send Ines the current landlord's number from Contacts, not the old landlord's."""

    start_time = datetime(2026, 2, 3, 17, 30, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "information-retrieval", "communication", "easy")
    additional_system_prompt = (
        "You are John. Ines moved into your flat last week. Accept sharing useful numbers."
    )

    def init_and_populate_apps(self) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        self.contacts.add_contact(
            Contact(
                contact_id="contact-helen-park",
                first_name="Helen",
                last_name="Park",
                job="Landlord, 4410 SE Division St",
                phone="+15035550318",
                email="helen.park.rentals@gmail.com",
            )
        )
        self.contacts.add_contact(
            Contact(
                contact_id="contact-greg-pappas",
                first_name="Greg",
                last_name="Pappas",
                description="Old landlord (Alder St flat, moved out June 2025)",
                phone="+15035550377",
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Ines Duarte", "+15035550302")])
        self.ines_id = self.messaging.name_to_id["Ines Duarte"]
        self.conv_id = "conv-ines"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.ines_id],
                title="Ines Duarte",
                last_updated=datetime(2026, 1, 28, 9, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.contacts]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.ines_id,
                content="The radiator in my room is stone cold again :( What's the landlord's "
                "number? I'd like to call before her office closes at 6.",
            ).delayed(20)
            proposal, accept = self.propose(
                "Ines is asking for the landlord's number about her cold radiator. Shall I send "
                "her Helen Park's number, +1 503-555-0318?",
                after=ask,
                accept="Yes, send it.",
            )
            reply = self.oracle(self.messaging, after=accept).send_message(
                user_id=self.ines_id,
                content="Helen Park, our landlord: +1 503-555-0318. She's usually quick about "
                "heating!",
            )
        self.events = [ask, proposal, accept, reply]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Ines given Helen Park's number",
                (StatefulMessagingApp, "send_message"),
                user_id=self.ines_id,
                content=all_of(mentions("0318"), mentions_any("555", "503")),
            ),
            forbid(
                "the old landlord's number",
                (StatefulMessagingApp, "send_message"),
                content=mentions("0377"),
            ),
        )
