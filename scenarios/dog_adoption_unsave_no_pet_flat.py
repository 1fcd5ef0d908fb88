"""Dana's dog adoption is approved; one saved flat forbids pets."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulMessagingApp
from pytest_pare.apps.apartment import StatefulApartmentApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import check_actions, expect, forbid
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("dog_adoption_unsave_no_pet_flat")
class DogAdoptionUnsaveNoPetFlat(PAREScenario):
    """Of three saved flats, only Riverside Commons says 'No pets'; it leaves the favourites."""

    start_time = datetime(2026, 6, 14, 10, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "conflict-detection", "housing")
    additional_system_prompt = (
        "You are John, flat-hunting with Dana. A dog changes what you can rent."
    )

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
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
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.messaging,
            self.apartments,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        messaging = self.get_typed_app(StatefulMessagingApp, "Messages")
        apartments = self.get_typed_app(StatefulApartmentApp, "Apartment")
        with EventRegisterer.capture_mode():
            news = messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.dana_id,
                content="WE GOT APPROVED! Biscuit comes home with us in July. So the new place "
                "has to take dogs.",
            ).delayed(20)
            proposal = (
                aui.send_message_to_user(
                    content="Congrats on Biscuit! Riverside Commons 5F in your saved flats says "
                    "'No "
                    "pets'. Shall I remove it from your favourites?"
                )
                .oracle()
                .depends_on(news, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes, drop it.")
                .oracle()
                .depends_on(proposal, delay_seconds=5)
            )
            remove = (
                apartments.remove_saved_apartment(apartment_id=self.no_pets_id)
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [news, proposal, accept, remove]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        rules = [
            expect(
                "the no-pets flat removed from favourites",
                "StatefulApartmentApp",
                "remove_saved_apartment",
                apartment_id=self.no_pets_id,
            )
        ]
        rules += [
            forbid(
                f"removing {name}", "StatefulApartmentApp", "remove_saved_apartment", apartment_id=i
            )
            for name, i in self.ids.items()
            if i != self.no_pets_id
        ]
        return check_actions(env, *rules)
