"""A saved search alert shows a flat that now fits the budget Dana set in chat."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2, MessageV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulEmailApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid, mentions


@register_scenario("apartment_price_drop_share")
class ApartmentPriceDropShare(PAREScenario):
    """Maple Court drops under $2,200; the assistant saves it and tells Dana."""

    start_time = datetime(2026, 6, 3, 12, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "multi-app", "housing", "communication", "hard")
    additional_system_prompt = (
        "You are John, flat-hunting with your partner Dana. You agreed on 2 bedrooms "
        "under $2,200. Accept help that keeps Dana in the loop."
    )

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        self.maple_id = self.apartments.add_new_apartment(
            name="Maple Court #4B",
            location="Laurelhurst, Portland",
            zip_code="97232",
            price=2395.0,
            number_of_bedrooms=2,
            number_of_bathrooms=1,
            square_footage=910,
            property_type="Apartment",
            pet_policy="Cats allowed",
            lease_term="12 months",
            amenities=["In-unit laundry", "Balcony"],
        )
        self.other_id = self.apartments.add_new_apartment(
            name="Burnside Lofts #210",
            location="Kerns, Portland",
            zip_code="97214",
            price=2150.0,
            number_of_bedrooms=1,
            number_of_bathrooms=1,
            square_footage=640,
            property_type="Loft",
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Dana Whitfield", "+15035550133")])
        self.dana_id = self.messaging.name_to_id["Dana Whitfield"]
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id="conv-dana",
                participant_ids=[self.messaging.current_user_id, self.dana_id],
                title="Dana Whitfield",
                last_updated=datetime(2026, 6, 1, 20, 0, tzinfo=UTC).timestamp(),
                messages=[
                    MessageV2(
                        message_id="dana-1",
                        sender_id=self.dana_id,
                        content="Ok final answer: 2 bedrooms, under 2200, near Laurelhurst park. "
                        "Send me anything that fits!",
                        timestamp=datetime(2026, 6, 1, 20, 0, tzinfo=UTC).timestamp(),
                    )
                ],
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.messaging, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            drop = self.apartments.update_apartment(
                apartment_id=self.maple_id, new_price=2150.0
            ).delayed(20)
            alert = self.email.send_email_to_user_with_id(
                email_id="email-maple-drop",
                sender="alerts@rentfinder.com",
                subject="Price drop: Maple Court #4B is now $2,150",
                content="A listing you viewed, Maple Court #4B (2 bd, Laurelhurst), dropped "
                "from $2,395 to $2,150 per month.",
            ).depends_on(drop, delay_seconds=5)
            proposal, accept = self.propose(
                "Maple Court #4B (2 bd, Laurelhurst) dropped to $2,150, within the budget you and "
                "Dana set. Save it to favourites and send it to Dana?",
                after=alert,
                accept="Yes!",
            )
            save = self.oracle(self.apartments, after=accept).save_apartment(
                apartment_id=self.maple_id
            )
            tell = self.oracle(self.messaging, after=save).send_message(
                user_id=self.dana_id,
                content="Maple Court #4B just dropped to $2,150 - 2 bd near Laurelhurst. Saved it!",
            )
        self.events = [drop, alert, proposal, accept, save, tell]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Maple Court saved",
                (StatefulApartmentApp, "save_apartment"),
                apartment_id=self.maple_id,
            ),
            expect(
                "Dana told about Maple Court",
                (StatefulMessagingApp, "send_message"),
                user_id=self.dana_id,
                content=mentions("Maple Court"),
            ),
            forbid(
                "saving the 1-bedroom loft",
                (StatefulApartmentApp, "save_apartment"),
                apartment_id=self.other_id,
            ),
        )
