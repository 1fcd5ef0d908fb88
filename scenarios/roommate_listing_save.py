"""A future roommate texts the listing he likes so John can track it."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid


@register_scenario("roommate_listing_save")
class RoommateListingSave(PAREScenario):
    """Theo names 'Division Commons 204'; save that one, not 'Division Court 204'."""

    start_time = datetime(2026, 7, 2, 19, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "housing", "easy")
    additional_system_prompt = "You are John, searching for a 2-bedroom with your friend Theo."

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        common = dict(
            location="SE Division St, Portland",
            zip_code="97202",
            number_of_bedrooms=2,
            number_of_bathrooms=1,
            property_type="Apartment",
        )
        self.commons_id = self.apartments.add_new_apartment(
            name="Division Commons 204", price=2240.0, square_footage=880, **common
        )
        self.court_id = self.apartments.add_new_apartment(
            name="Division Court 204", price=2190.0, square_footage=820, **common
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Theo Brandt", "+15035550721")])
        self.theo_id = self.messaging.name_to_id["Theo Brandt"]
        self.conv_id = "conv-theo"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.theo_id],
                title="Theo Brandt",
                last_updated=datetime(2026, 7, 1, 12, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            tip = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.theo_id,
                content="Division Commons 204 looks perfect - the one with the big kitchen. Can "
                "you save it so we don't lose it?",
            ).delayed(20)
            proposal, accept = self.propose(
                "Theo likes Division Commons 204 ($2,240, 880 sq ft). Shall I save it to your "
                "favourites?",
                after=tip,
                accept="Yes.",
            )
            save = self.oracle(self.apartments, after=accept).save_apartment(
                apartment_id=self.commons_id
            )
        self.events = [tip, proposal, accept, save]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Division Commons 204 saved",
                (StatefulApartmentApp, "save_apartment"),
                apartment_id=self.commons_id,
            ),
            forbid(
                "the similarly named Division Court saved",
                (StatefulApartmentApp, "save_apartment"),
                apartment_id=self.court_id,
            ),
        )
