"""Dana's dog adoption is approved; one saved flat forbids pets."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid


@register_scenario("dog_adoption_unsave_no_pet_flat")
class DogAdoptionUnsaveNoPetFlat(PAREScenario):
    """Of three saved flats, only Riverside Commons says 'No pets'; it leaves the favourites."""

    start_time = datetime(2026, 6, 14, 10, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "conflict-detection", "housing", "medium")
    additional_system_prompt = (
        "You are John, flat-hunting with Dana. A dog changes what you can rent."
    )

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        listings = [
            ("Riverside Commons 5F", "No pets", 2050.0),
            ("Alberta Arts Lofts 2", "Dogs and cats allowed", 2120.0),
            ("Sellwood Gardens 11", "Pets allowed with deposit", 1990.0),
        ]
        self.ids = {}
        for name, policy, price in listings:
            apartment_id = self.apartments.add_new_apartment(
                name=name,
                location="Portland, OR",
                zip_code="97202",
                price=price,
                number_of_bedrooms=2,
                number_of_bathrooms=1,
                square_footage=850,
                property_type="Apartment",
                pet_policy=policy,
            )
            self.apartments.save_apartment(apartment_id)
            self.ids[name] = apartment_id
        self.no_pets_id = self.ids["Riverside Commons 5F"]
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Dana Whitfield", "+15035550133")])
        self.dana_id = self.messaging.name_to_id["Dana Whitfield"]
        self.conv_id = "conv-dana"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.dana_id],
                title="Dana Whitfield",
                last_updated=datetime(2026, 6, 12, 9, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            news = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.dana_id,
                content="WE GOT APPROVED! Biscuit comes home with us in July. So the new place "
                "has to take dogs.",
            ).delayed(20)
            proposal, accept = self.propose(
                "Congrats on Biscuit! Riverside Commons 5F in your saved flats says 'No pets'. "
                "Shall I remove it from your favourites?",
                after=news,
                accept="Yes, drop it.",
            )
            remove = self.oracle(self.apartments, after=accept).remove_saved_apartment(
                apartment_id=self.no_pets_id
            )
        self.events = [news, proposal, accept, remove]

    def expected_actions(self) -> Rules:
        rules = [
            expect(
                "the no-pets flat removed from favourites",
                (StatefulApartmentApp, "remove_saved_apartment"),
                apartment_id=self.no_pets_id,
            )
        ]
        rules += [
            forbid(
                f"removing {name}", (StatefulApartmentApp, "remove_saved_apartment"), apartment_id=i
            )
            for name, i in self.ids.items()
            if i != self.no_pets_id
        ]
        return rules
