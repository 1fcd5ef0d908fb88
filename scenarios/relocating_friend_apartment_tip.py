"""A friend moving to Portland asks John to keep an eye out for a cheap 1-bedroom in the Pearl."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2, MessageV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid, mentions


@register_scenario("relocating_friend_apartment_tip")
class RelocatingFriendApartmentTip(PAREScenario):
    """When a 1BR under $1,800 in 97209 is listed, send its name to Bea (not the pricier one)."""

    start_time = datetime(2026, 8, 25, 12, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "follow-up", "housing", "communication", "easy")
    additional_system_prompt = "You are John. You promised Bea you'd watch the listings for her."

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        self.apartments.add_new_apartment(
            name="Everett Station 3D",
            location="Pearl District, Portland",
            zip_code="97209",
            price=2150.0,
            number_of_bedrooms=1,
            number_of_bathrooms=1,
            square_footage=690,
            property_type="Apartment",
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Bea Lindqvist", "+12065550311")])
        self.bea_id = self.messaging.name_to_id["Bea Lindqvist"]
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id="conv-bea",
                participant_ids=[self.messaging.current_user_id, self.bea_id],
                title="Bea Lindqvist",
                last_updated=datetime(2026, 8, 20, 18, 0, tzinfo=UTC).timestamp(),
                messages=[
                    MessageV2(
                        message_id="bea-1",
                        sender_id=self.bea_id,
                        content="Moving to PDX in October! If you see a 1-bedroom in the Pearl "
                        "(97209) under $1,800, send it my way please!!",
                        timestamp=datetime(2026, 8, 20, 18, 0, tzinfo=UTC).timestamp(),
                    )
                ],
            )
        )
        self.apps = [self.messaging, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            listed = self.apartments.add_new_apartment(
                name="Tanner Creek Flats 512",
                location="Pearl District, Portland",
                zip_code="97209",
                price=1740.0,
                number_of_bedrooms=1,
                number_of_bathrooms=1,
                square_footage=610,
                property_type="Apartment",
                lease_term="12 months",
            ).delayed(40)
            proposal, accept = self.propose(
                "A new 1-bedroom in the Pearl just listed: Tanner Creek Flats 512, $1,740. That "
                "fits what Bea asked for. Shall I send it to her?",
                after=listed,
                accept="Yes, send it.",
            )
            tip = self.oracle(self.messaging, after=accept).send_message(
                user_id=self.bea_id,
                content="Found one! Tanner Creek Flats 512 in the Pearl, 1 bd, $1,740/mo.",
            )
        self.events = [listed, proposal, accept, tip]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Bea told about Tanner Creek Flats",
                (StatefulMessagingApp, "send_message"),
                user_id=self.bea_id,
                content=mentions("Tanner Creek"),
            ),
            forbid(
                "the over-budget Everett Station flat sent",
                (StatefulMessagingApp, "send_message"),
                user_id=self.bea_id,
                content=mentions("Everett Station"),
            ),
        )
