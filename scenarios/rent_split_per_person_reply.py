"""Future flatmates ask in the group chat what each would pay for the flat John saved."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulMessagingApp, StatefulNotesApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, mentions_any


@register_scenario("rent_split_per_person_reply")
class RentSplitPerPersonReply(PAREScenario):
    """The saved 3-bedroom costs $3,150 plus the $210 utilities noted; each of three pays $1,120."""

    start_time = datetime(2026, 7, 15, 18, 0, tzinfo=UTC).timestamp()
    tags = (
        "goal-inference",
        "multi-app",
        "information-retrieval",
        "housing",
        "communication",
        "easy",
    )
    additional_system_prompt = "You are John, planning to share a 3-bedroom with Theo and Ines."

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        self.flat_id = self.apartments.add_new_apartment(
            name="Hawthorne House 3R",
            location="SE Hawthorne Blvd, Portland",
            zip_code="97214",
            price=3150.0,
            number_of_bedrooms=3,
            number_of_bathrooms=2,
            square_footage=1300,
            property_type="House",
        )
        self.apartments.save_apartment(self.flat_id)
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="Hawthorne House costs",
            content="Landlord says utilities (water, trash, internet) run about $210/month, "
            "paid on top of rent.",
            created_at="2026-07-12 14:00:00",
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts(
            [("Theo Brandt", "+15035550721"), ("Ines Alvarez", "+15035550611")]
        )
        self.group_id = "conv-house-hunt"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.group_id,
                participant_ids=[
                    self.messaging.current_user_id,
                    self.messaging.name_to_id["Theo Brandt"],
                    self.messaging.name_to_id["Ines Alvarez"],
                ],
                title="House hunt",
                last_updated=datetime(2026, 7, 14, 12, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.apartments, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.messaging.create_and_add_message(
                conversation_id=self.group_id,
                sender_id=self.messaging.name_to_id["Ines Alvarez"],
                content="Before I commit: what would each of us pay per month for Hawthorne "
                "House, all in with utilities?",
            ).delayed(20)
            proposal, accept = self.propose(
                "Ines asks the all-in monthly share for Hawthorne House: $3,150 rent + ~$210 "
                "utilities = $3,360, so $1,120 each. Shall I post that in the group?",
                after=ask,
                accept="Yes.",
            )
            reply = self.oracle(self.messaging, after=accept).send_message_to_group_conversation(
                conversation_id=self.group_id,
                content="Hawthorne House: $3,150 rent + about $210 utilities = $3,360, so "
                "$1,120 each per month.",
            )
        self.events = [ask, proposal, accept, reply]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the group told each share is $1,120",
                (StatefulMessagingApp, "send_message_to_group_conversation"),
                conversation_id=self.group_id,
                content=mentions_any("1,120", "1120"),
            ),
        )
