"""A signature-required delivery lands while John is away; his neighbour offered to help."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2, MessageV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import (
    StatefulCalendarApp,
    StatefulEmailApp,
    StatefulMessagingApp,
    StatefulShoppingApp,
)
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, all_of, expect, forbid, mentions, mentions_any


@register_scenario("delivery_during_trip_neighbor")
class DeliveryDuringTripNeighbor(PAREScenario):
    """The espresso machine arrives Tuesday while John is in Chicago; Marta can sign for it."""

    start_time = datetime(2026, 3, 14, 9, 0, tzinfo=UTC).timestamp()
    tags = ("conflict-detection", "multi-app", "communication", "purchasing", "hard")
    additional_system_prompt = (
        "You are John. Your neighbour Marta Kowalski collects parcels for you when you "
        "travel. Accept a proposal to ask her."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        machine = self.shopping.add_product(name="Breville Bambino espresso machine")
        self.machine_item = self.shopping.add_item_to_product(
            product_id=machine, price=299.0, options={"color": "brushed steel"}
        )
        self.order_id = "order-bambino-5521"
        self.shopping.add_order(
            order_id=self.order_id,
            order_status="processed",
            order_date=datetime(2026, 3, 12, 15, 0, tzinfo=UTC).timestamp(),
            order_total=299.0,
            item_id=self.machine_item,
            quantity=1,
        )
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-chicago-trip",
                title="Chicago - client workshop",
                start_datetime=datetime(2026, 3, 16, 6, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 3, 18, 22, 0, tzinfo=UTC).timestamp(),
                location="Chicago, IL",
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts(
            [("Marta Kowalski", "+15035550191"), ("Marty Kowal", "+15035550777")]
        )
        self.marta_id = self.messaging.name_to_id["Marta Kowalski"]
        self.marty_id = self.messaging.name_to_id["Marty Kowal"]
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id="conv-marta",
                participant_ids=[self.messaging.current_user_id, self.marta_id],
                title="Marta Kowalski",
                last_updated=datetime(2026, 2, 20, 18, 0, tzinfo=UTC).timestamp(),
                messages=[
                    MessageV2(
                        message_id="marta-1",
                        sender_id=self.marta_id,
                        content="Got your box from the porch, it's inside my door. Happy to sign "
                        "for things anytime you're travelling!",
                        timestamp=datetime(2026, 2, 20, 18, 0, tzinfo=UTC).timestamp(),
                    )
                ],
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.shopping, self.calendar, self.messaging, self.email]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            shipped = self.shopping.update_order_status(
                order_id=self.order_id, status="shipped"
            ).delayed(15)
            notice = self.email.send_email_to_user_with_id(
                email_id="email-parcel-eta",
                sender="tracking@parcelpoint.com",
                subject="Your Breville order arrives Tuesday - signature required",
                content="Delivery window: Tuesday March 17, 10:00-14:00. An adult signature is "
                "required; we will try once and then return the parcel to the depot.",
            ).depends_on(shipped, delay_seconds=20)
            proposal, accept = self.propose(
                "Your espresso machine arrives Tue 3/17 (10-14h, signature needed), but you're in "
                "Chicago then. Shall I ask Marta Kowalski to sign for it?",
                after=notice,
                accept="Yes, ask Marta.",
            )
            ask = self.oracle(self.messaging, after=accept).send_message(
                user_id=self.marta_id,
                content="Hi Marta! I'm in Chicago Tue 3/17 and a parcel needing a signature "
                "arrives between 10 and 14. Could you sign for it? Thank you!",
            )
        self.events = [shipped, notice, proposal, accept, ask]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Marta asked to sign for the Tuesday delivery",
                (StatefulMessagingApp, "send_message"),
                user_id=self.marta_id,
                content=all_of(mentions("sign"), mentions_any("tue", "3/17", "17")),
            ),
            forbid(
                "messaging the wrong neighbour",
                (StatefulMessagingApp, "send_message"),
                user_id=self.marty_id,
            ),
        )
