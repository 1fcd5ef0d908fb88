"""A saved 2-bed drops in price; sending it to Theo is a fair offer, but Theo no longer moves in."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2, MessageV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulEmailApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, declined, mentions_any


@register_scenario("saved_flat_share_declined_theo_staying")
class SavedFlatShareDeclinedTheoStaying(PAREScenario):
    """The old plan was to share with Theo; John declines: no message, no change to saved flats."""

    start_time = datetime(2026, 8, 12, 18, 0, tzinfo=UTC).timestamp()
    tags = ("rejection", "goal-inference", "housing", "communication", "multi-app", "easy")
    additional_system_prompt = (
        "You are John. Theo decided last week to stay with his parents, so you're looking "
        "for a 1-bedroom on your own now. Decline sending Theo listings."
    )

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        self.division_id = self.apartments.add_new_apartment(
            name="Division Flats 5C",
            location="Richmond, Portland",
            zip_code="97202",
            price=2450.0,
            number_of_bedrooms=2,
            number_of_bathrooms=2,
            square_footage=980,
            property_type="Apartment",
        )
        self.apartments.save_apartment(apartment_id=self.division_id)
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Theo Brandt", "+15035550721")])
        self.theo_id = self.messaging.name_to_id["Theo Brandt"]
        self.conv_id = "conv-theo"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.theo_id],
                title="Theo Brandt",
                last_updated=datetime(2026, 7, 2, 20, 0, tzinfo=UTC).timestamp(),
                messages=[
                    MessageV2(
                        message_id="theo-1",
                        sender_id=self.theo_id,
                        content="If you see a 2-bed for us under 2300 send it over!",
                        timestamp=datetime(2026, 7, 2, 20, 0, tzinfo=UTC).timestamp(),
                    )
                ],
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.messaging, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            drop = self.apartments.update_apartment(
                apartment_id=self.division_id, new_price=2250.0
            ).delayed(20)
            alert = self.email.send_email_to_user_with_id(
                email_id="email-division-drop",
                sender="alerts@rentfinder.com",
                subject="Price drop: Division Flats 5C is now $2,250",
                content="A saved listing, Division Flats 5C (2 bd, Richmond), dropped from "
                "$2,450 to $2,250 per month.",
            ).depends_on(drop, delay_seconds=5)
            proposal, no = self.propose(
                "Division Flats 5C (2 bd), which you saved, dropped to $2,250, under the $2,300 "
                "Theo asked for. Shall I send it to Theo?",
                after=alert,
                reject="No, Theo is staying with his parents now.",
            )
        self.events = [drop, alert, proposal, no]

    def expected_actions(self) -> Rules:
        return (
            declined(
                "Theo no longer moves in; no listing sent",
                offer=mentions_any("theo", "send", "share"),
            ),
        )
