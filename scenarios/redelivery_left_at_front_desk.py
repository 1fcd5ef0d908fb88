"""A failed-delivery notice, then the parcel is delivered to the front desk after all."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulMessagingApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, abstain


@register_scenario("redelivery_left_at_front_desk")
class RedeliveryLeftAtFrontDesk(PAREScenario):
    """The missed delivery resolves itself minutes later; the desk holds the parcel."""

    start_time = datetime(2026, 3, 3, 11, 0, tzinfo=UTC).timestamp()
    tags = ("abstain", "follow-up", "multi-app", "medium")
    additional_system_prompt = (
        "You are John. Parcels left at your building's front desk are fine: you pass it "
        "every evening. You don't want redeliveries booked or anyone messaged about it."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        lamp = self.shopping.add_product(name="Anglepoise desk lamp")
        self.lamp_item = self.shopping.add_item_to_product(
            product_id=lamp, price=189.0, options={"color": "slate grey"}
        )
        self.order_id = "order-lamp-7730"
        self.shopping.add_order(
            order_id=self.order_id,
            order_status="shipped",
            order_date=datetime(2026, 2, 27, 19, 0, tzinfo=UTC).timestamp(),
            order_total=189.0,
            item_id=self.lamp_item,
            quantity=1,
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Harbor Tower front desk", "+15035550400")])
        self.desk_id = self.messaging.name_to_id["Harbor Tower front desk"]
        self.conv_id = "conv-front-desk"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.desk_id],
                title="Harbor Tower front desk",
                last_updated=datetime(2026, 1, 12, 17, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.shopping, self.messaging]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            missed = self.email.send_email_to_user_with_id(
                email_id="email-parcel-missed",
                sender="tracking@swiftparcel.com",
                subject="We missed you - order order-lamp-7730",
                content="Our driver could not deliver your parcel at 10:52 (no answer at Flat "
                "3). We will try again shortly.",
            ).delayed(30)
            delivered = self.shopping.update_order_status(
                order_id=self.order_id, status="delivered"
            ).depends_on(missed, delay_seconds=240)
            desk = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.desk_id,
                content="Hi Flat 3, a parcel from SwiftParcel (Anglepoise) is at the front desk "
                "for you. Pick it up any time.",
            ).depends_on(delivered, delay_seconds=60)
        self.events = [missed, delivered, desk]

    def expected_actions(self) -> Rules:
        return (abstain("the second attempt delivered the lamp to the front desk"),)
