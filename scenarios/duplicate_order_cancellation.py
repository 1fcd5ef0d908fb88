"""Two identical confirmations arrive minutes apart: the checkout went through twice."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid


@register_scenario("duplicate_order_cancellation")
class DuplicateOrderCancellation(PAREScenario):
    """The second of two identical desk-lamp orders is cancelled; the first one stays."""

    start_time = datetime(2026, 2, 3, 21, 0, tzinfo=UTC).timestamp()
    tags = ("conflict-detection", "purchasing", "medium")
    additional_system_prompt = (
        "You are John. You meant to buy one desk lamp. Accept fixing a double order."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        lamp = self.shopping.add_product(name="Anglepoise desk lamp")
        self.lamp_item = self.shopping.add_item_to_product(
            product_id=lamp, price=145.0, options={"color": "sage"}
        )
        self.first_order = "order-lamp-1187"
        self.second_order = "order-lamp-1188"
        self.shopping.add_order(
            order_id=self.first_order,
            order_status="processed",
            order_date=datetime(2026, 2, 3, 20, 41, tzinfo=UTC).timestamp(),
            order_total=145.0,
            item_id=self.lamp_item,
            quantity=1,
        )
        self.shopping.add_order(
            order_id=self.second_order,
            order_status="processed",
            order_date=datetime(2026, 2, 3, 20, 43, tzinfo=UTC).timestamp(),
            order_total=145.0,
            item_id=self.lamp_item,
            quantity=1,
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.shopping]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            first = self.email.send_email_to_user_with_id(
                email_id="email-order-1187",
                sender="orders@lumenhome.com",
                subject="Order order-lamp-1187 confirmed",
                content="Thanks John! Anglepoise desk lamp (sage) x1, $145.00. Order "
                "order-lamp-1187.",
            ).delayed(10)
            second = self.email.send_email_to_user_with_id(
                email_id="email-order-1188",
                sender="orders@lumenhome.com",
                subject="Order order-lamp-1188 confirmed",
                content="Thanks John! Anglepoise desk lamp (sage) x1, $145.00. Order "
                "order-lamp-1188.",
            ).depends_on(first, delay_seconds=5)
            proposal, accept = self.propose(
                "You have two identical desk-lamp orders placed two minutes apart (1187 and "
                "1188). Shall I cancel the duplicate, order-lamp-1188?",
                after=second,
                accept="Yes, cancel the second one.",
            )
            cancel = self.oracle(self.shopping, after=accept).cancel_order(
                order_id=self.second_order
            )
        self.events = [first, second, proposal, accept, cancel]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the duplicate order cancelled",
                (StatefulShoppingApp, "cancel_order"),
                order_id=self.second_order,
            ),
            forbid(
                "the original order cancelled",
                (StatefulShoppingApp, "cancel_order"),
                order_id=self.first_order,
            ),
        )
