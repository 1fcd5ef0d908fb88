"""Nora asks John to order arborio for Saturday's risotto; he ordered it and told her at 08:15."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2, MessageV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulMessagingApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, abstain


@register_scenario("risotto_rice_already_ordered")
class RisottoRiceAlreadyOrdered(PAREScenario):
    """The order from 08:10 arrives Friday and Nora was told; a second bag would be a duplicate."""

    start_time = datetime(2026, 11, 18, 12, 0, tzinfo=UTC).timestamp()
    tags = ("abstain", "information-retrieval", "purchasing", "easy")
    additional_system_prompt = (
        "You are John. You ordered the arborio rice this morning and texted Nora so; it "
        "arrives Friday. You don't want a second bag or another text about it."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        rice = self.shopping.add_product(name="Arborio rice 1kg")
        self.rice_item = self.shopping.add_item_to_product(
            product_id=rice, price=6.5, options={"brand": "Riso Gallo"}
        )
        saffron = self.shopping.add_product(name="Spanish saffron 1g")
        self.shopping.add_item_to_product(product_id=saffron, price=11.0, options={})
        self.shopping.add_order(
            order_id="order-rice-2291",
            order_status="processed",
            order_date=datetime(2026, 11, 18, 8, 10, tzinfo=UTC).timestamp(),
            order_total=6.5,
            item_id=self.rice_item,
            quantity=1,
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Nora Doe", "+15035550301")])
        self.nora_id = self.messaging.name_to_id["Nora Doe"]
        self.conv_id = "conv-nora"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.nora_id],
                title="Nora Doe",
                last_updated=datetime(2026, 11, 18, 8, 15, tzinfo=UTC).timestamp(),
                messages=[
                    MessageV2(
                        message_id="john-rice",
                        sender_id=self.messaging.current_user_id,
                        content="Ordered the arborio for the risotto, it arrives Friday.",
                        timestamp=datetime(2026, 11, 18, 8, 15, tzinfo=UTC).timestamp(),
                    )
                ],
            )
        )
        self.apps = [self.messaging, self.shopping]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.nora_id,
                content="Can you order arborio rice for Saturday's risotto? We have saffron. "
                "(sorry, haven't read my messages all morning)",
            ).delayed(35)
        self.events = [ask]

    def expected_actions(self) -> Rules:
        return (abstain("the rice was ordered this morning and arrives Friday"),)
