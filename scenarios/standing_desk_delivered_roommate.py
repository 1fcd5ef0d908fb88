"""The standing desk Theo is waiting for shows as delivered while John is at work."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.messaging_v2 import ConversationV2, MessageV2
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulMessagingApp
from pytest_pare.apps.shopping import StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import check_actions, expect, mentions_any
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("standing_desk_delivered_roommate")
class StandingDeskDeliveredRoommate(PAREScenario):
    """Tell Theo the desk arrived so he can bring it in before the rain."""

    start_time = datetime(2026, 11, 10, 13, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "timing", "communication")
    additional_system_prompt = "You are John, at work. Theo is home today."

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
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
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.shopping,
            self.messaging,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        shopping = self.get_typed_app(StatefulShoppingApp, "Shopping")
        messaging = self.get_typed_app(StatefulMessagingApp, "Messages")
        with EventRegisterer.capture_mode():
            delivered = shopping.update_order_status(
                order_id=self.order_id, status="delivered"
            ).delayed(40)
            proposal = (
                aui.send_message_to_user(
                    content="Your Uplift standing desk was just delivered. Theo offered to bring "
                    "it in before the rain; shall I text him?"
                )
                .oracle()
                .depends_on(delivered, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes.").oracle().depends_on(proposal, delay_seconds=5)
            )
            tell = (
                messaging.send_message(
                    user_id=self.theo_id,
                    content="The desk was just delivered - could you bring it inside? Thanks!!",
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [delivered, proposal, accept, tell]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "Theo told the desk has arrived",
                "StatefulMessagingApp",
                "send_message",
                user_id=self.theo_id,
                content=mentions_any("desk", "delivered", "arrived", "package", "box"),
            ),
        )
