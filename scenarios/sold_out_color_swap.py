"""The backpack colour in John's cart sells out; his sister had said the other colour is nicer."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2, MessageV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulMessagingApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect


@register_scenario("sold_out_color_swap")
class SoldOutColorSwap(PAREScenario):
    """Swap the sold-out rust backpack for the olive one Nora recommended."""

    start_time = datetime(2026, 8, 20, 14, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "purchasing", "medium")
    additional_system_prompt = "You are John, buying a backpack for a September hiking trip."

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        pack = self.shopping.add_product(name="Ridgeline 28L daypack")
        self.rust = self.shopping.add_item_to_product(
            product_id=pack, price=94.0, options={"color": "rust"}
        )
        self.olive = self.shopping.add_item_to_product(
            product_id=pack, price=94.0, options={"color": "olive"}
        )
        self.shopping.add_item_to_product(product_id=pack, price=94.0, options={"color": "black"})
        self.shopping.add_to_cart(item_id=self.rust, quantity=1)
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Nora Doe", "+15035550301")])
        self.nora_id = self.messaging.name_to_id["Nora Doe"]
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id="conv-nora",
                participant_ids=[self.messaging.current_user_id, self.nora_id],
                title="Nora Doe",
                last_updated=datetime(2026, 8, 18, 20, 0, tzinfo=UTC).timestamp(),
                messages=[
                    MessageV2(
                        message_id="nora-pack",
                        sender_id=self.nora_id,
                        content="Honestly the olive Ridgeline is nicer than the rust one, and it "
                        "hides dirt better.",
                        timestamp=datetime(2026, 8, 18, 20, 0, tzinfo=UTC).timestamp(),
                    )
                ],
            )
        )
        self.apps = [self.messaging, self.shopping]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            sold_out = self.shopping.update_item(item_id=self.rust, new_availability=False).delayed(
                30
            )
            proposal, accept = self.propose(
                "The rust Ridgeline daypack in your cart just sold out. Nora said the olive one "
                "is nicer; shall I swap it in and check out?",
                after=sold_out,
                accept="Yes, olive it is.",
            )
            remove = self.oracle(self.shopping, after=accept).remove_from_cart(
                item_id=self.rust, quantity=1
            )
            add = self.oracle(self.shopping, after=remove).add_to_cart(
                item_id=self.olive, quantity=1
            )
            buy = self.oracle(self.shopping, after=add).checkout()
        self.events = [sold_out, proposal, accept, remove, add, buy]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the sold-out rust pack removed",
                (StatefulShoppingApp, "remove_from_cart"),
                item_id=self.rust,
            ),
            expect(
                "the olive pack added",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.olive,
                quantity=1,
            ),
            expect("the order placed", (StatefulShoppingApp, "checkout")),
        )
