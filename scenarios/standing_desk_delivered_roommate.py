"""The standing desk Theo is waiting for shows as delivered while John is at work."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2, MessageV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulMessagingApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, mentions_any


@register_scenario("standing_desk_delivered_roommate")
class StandingDeskDeliveredRoommate(PAREScenario):
    """Tell Theo the desk arrived so he can bring it in before the rain."""

    start_time = datetime(2026, 11, 10, 13, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "timing", "communication", "easy")
    additional_system_prompt = "You are John, at work. Theo is home today."

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        desk = self.shopping.add_product(name="Uplift V2 standing desk")
        item = self.shopping.add_item_to_product(
            product_id=desk, price=649.0, options={"top": "walnut", "size": "60x30"}
        )
        self.order_id = "order-uplift-7710"
        self.shopping.add_order(
            order_id=self.order_id,
            order_status="shipped",
            order_date=datetime(2026, 11, 3, 12, 0, tzinfo=UTC).timestamp(),
            order_total=649.0,
            item_id=item,
            quantity=1,
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Theo Brandt", "+15035550721")])
        self.theo_id = self.messaging.name_to_id["Theo Brandt"]
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id="conv-theo",
                participant_ids=[self.messaging.current_user_id, self.theo_id],
                title="Theo Brandt",
                last_updated=datetime(2026, 11, 10, 8, 0, tzinfo=UTC).timestamp(),
                messages=[
                    MessageV2(
                        message_id="theo-desk",
                        sender_id=self.theo_id,
                        content="I'm home all day - tell me when your desk shows up and I'll drag "
                        "it inside, it's supposed to pour later.",
                        timestamp=datetime(2026, 11, 10, 8, 0, tzinfo=UTC).timestamp(),
                    )
                ],
            )
        )
        self.apps = [self.shopping, self.messaging]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            delivered = self.shopping.update_order_status(
                order_id=self.order_id, status="delivered"
            ).delayed(40)
            proposal, accept = self.propose(
                "Your Uplift standing desk was just delivered. Theo offered to bring it in before "
                "the rain; shall I text him?",
                after=delivered,
                accept="Yes.",
            )
            tell = self.oracle(self.messaging, after=accept).send_message(
                user_id=self.theo_id,
                content="The desk was just delivered - could you bring it inside? Thanks!!",
            )
        self.events = [delivered, proposal, accept, tell]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Theo told the desk has arrived",
                (StatefulMessagingApp, "send_message"),
                user_id=self.theo_id,
                content=mentions_any("desk", "delivered", "arrived", "package", "box"),
            ),
        )
