"""Dana asks whether anything on the app is a 3-bed under $2,600 in the new school's zip code."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, all_of, expect, forbid, mentions, mentions_any

LISTINGS = (
    ("Knott Street Duplex", "97212", 3, 2550.0),
    ("Irvington Craftsman B", "97212", 3, 2780.0),
    ("Brazee Court 4", "97212", 2, 2290.0),
    ("Alberta Row 7", "97211", 3, 2480.0),
)


@register_scenario("school_catchment_three_bed_save")
class SchoolCatchmentThreeBedSave(PAREScenario):
    """Only the Knott Street Duplex fits all three; save it and tell Dana its rent."""

    start_time = datetime(2026, 4, 22, 20, 0, tzinfo=UTC).timestamp()
    tags = (
        "goal-inference",
        "information-retrieval",
        "housing",
        "communication",
        "hard",
    )
    additional_system_prompt = (
        "You are John. Milo starts at Irvington School in September, so you and Dana are "
        "looking for a 3-bed in its catchment (97212)."
    )

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        self.ids: dict[str, str] = {}
        for name, zip_code, beds, price in LISTINGS:
            self.ids[name] = self.apartments.add_new_apartment(
                name=name,
                location="NE Portland",
                zip_code=zip_code,
                price=price,
                number_of_bedrooms=beds,
                number_of_bathrooms=1,
                square_footage=1050 if beds == 3 else 820,
                property_type="House" if beds == 3 else "Apartment",
            )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Dana Whitfield", "+15035550199")])
        self.dana_id = self.messaging.name_to_id["Dana Whitfield"]
        self.conv_id = "conv-dana-whitfield"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.dana_id],
                title="Dana Whitfield",
                last_updated=datetime(2026, 4, 22, 8, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.dana_id,
                content="Irvington's catchment is zip 97212. Is there anything with 3 bedrooms "
                "under $2,600 there on your app? Save it if so and send me the name!",
            ).delayed(30)
            proposal, accept = self.propose(
                "Dana asks for a 3-bed under $2,600 in 97212. Only the Knott Street Duplex fits "
                "($2,550). Shall I save it and send her the name and rent?",
                after=ask,
                accept="Yes.",
            )
            save = self.oracle(self.apartments, after=accept).save_apartment(
                apartment_id=self.ids["Knott Street Duplex"]
            )
            tell = self.oracle(self.messaging, after=save).send_message(
                user_id=self.dana_id,
                content="Found one: Knott Street Duplex, 3 bed in 97212, $2,550/month. Saved it!",
            )
        self.events = [ask, proposal, accept, save, tell]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the one listing that fits saved",
                (StatefulApartmentApp, "save_apartment"),
                apartment_id=self.ids["Knott Street Duplex"],
            ),
            expect(
                "Dana told which flat and its rent",
                (StatefulMessagingApp, "send_message"),
                user_id=self.dana_id,
                content=all_of(mentions("Knott"), mentions_any("2,550", "2550")),
            ),
            forbid(
                "Irvington Craftsman B is over $2,600",
                (StatefulApartmentApp, "save_apartment"),
                apartment_id=self.ids["Irvington Craftsman B"],
            ),
            forbid(
                "Alberta Row 7 is outside the catchment",
                (StatefulApartmentApp, "save_apartment"),
                apartment_id=self.ids["Alberta Row 7"],
            ),
        )
