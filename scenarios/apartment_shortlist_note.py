"""Dana asks John to write down the two flats they liked, and their rents, before a call."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulMessagingApp, StatefulNotesApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, all_of, expect, mentions, mentions_any


@register_scenario("apartment_shortlist_note")
class ApartmentShortlistNote(PAREScenario):
    """A new note listing the two saved flats with their rents."""

    start_time = datetime(2026, 6, 20, 17, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "multi-app", "information-retrieval", "housing", "easy")
    additional_system_prompt = "You are John, flat-hunting with Dana."

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        for name, price, saved in (
            ("Alberta Arts Lofts 2", 2120.0, True),
            ("Sellwood Gardens 11", 1990.0, True),
            ("Burnside Lofts 210", 2150.0, False),
        ):
            apartment_id = self.apartments.add_new_apartment(
                name=name,
                location="Portland, OR",
                zip_code="97211",
                price=price,
                number_of_bedrooms=2,
                number_of_bathrooms=1,
                square_footage=860,
            )
            if saved:
                self.apartments.save_apartment(apartment_id)
        self.notes = StatefulNotesApp(name="Notes")
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Dana Whitfield", "+15035550133")])
        self.dana_id = self.messaging.name_to_id["Dana Whitfield"]
        self.conv_id = "conv-dana"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.dana_id],
                title="Dana Whitfield",
                last_updated=datetime(2026, 6, 19, 21, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.apartments, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.dana_id,
                content="Calling my parents at 6 about the move. Can you jot down the two places "
                "we saved and the rents so I can read them off?",
            ).delayed(20)
            proposal, accept = self.propose(
                "Dana wants the two saved flats and rents written down. Shall I create a note "
                "'Flat shortlist' with Alberta Arts Lofts 2 ($2,120) and Sellwood Gardens 11 "
                "($1,990)?",
                after=ask,
                accept="Yes please.",
            )
            note = self.oracle(self.notes, after=accept).create_note(
                folder="Personal",
                title="Flat shortlist",
                content="Alberta Arts Lofts 2 - $2,120/mo\nSellwood Gardens 11 - $1,990/mo",
            )
        self.events = [ask, proposal, accept, note]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a note with both saved flats and their rents",
                (StatefulNotesApp, "create_note"),
                content=all_of(
                    mentions("Alberta Arts", "Sellwood"),
                    mentions_any("2,120", "2120"),
                    mentions_any("1,990", "1990"),
                ),
            ),
        )
