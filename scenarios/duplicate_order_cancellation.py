"""Two identical confirmations arrive minutes apart: the checkout went through twice."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulEmailApp
from pytest_pare.apps.shopping import StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import check_actions, expect, forbid
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("duplicate_order_cancellation")
class DuplicateOrderCancellation(PAREScenario):
    """The second of two identical desk-lamp orders is cancelled; the first one stays."""

    start_time = datetime(2026, 2, 3, 21, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("conflict-detection", "purchasing")
    additional_system_prompt = (
        "You are John. You meant to buy one desk lamp. Accept fixing a double order."
    )

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
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
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.email,
            self.shopping,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        email = self.get_typed_app(StatefulEmailApp, "Emails")
        shopping = self.get_typed_app(StatefulShoppingApp, "Shopping")
        with EventRegisterer.capture_mode():
            first = email.send_email_to_user_with_id(
                email_id="email-order-1187",
                sender="orders@lumenhome.com",
                subject="Order order-lamp-1187 confirmed",
                content="Thanks John! Anglepoise desk lamp (sage) x1, $145.00. Order "
                "order-lamp-1187.",
            ).delayed(10)
            second = email.send_email_to_user_with_id(
                email_id="email-order-1188",
                sender="orders@lumenhome.com",
                subject="Order order-lamp-1188 confirmed",
                content="Thanks John! Anglepoise desk lamp (sage) x1, $145.00. Order "
                "order-lamp-1188.",
            ).depends_on(first, delay_seconds=5)
            proposal = (
                aui.send_message_to_user(
                    content="You have two identical desk-lamp orders placed two minutes apart "
                    "(1187 and 1188). Shall I cancel the duplicate, order-lamp-1188?"
                )
                .oracle()
                .depends_on(second, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes, cancel the second one.")
                .oracle()
                .depends_on(proposal, delay_seconds=5)
            )
            cancel = (
                shopping.cancel_order(order_id=self.second_order)
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [first, second, proposal, accept, cancel]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "the duplicate order cancelled",
                "StatefulShoppingApp",
                "cancel_order",
                order_id=self.second_order,
            ),
            forbid(
                "the original order cancelled",
                "StatefulShoppingApp",
                "cancel_order",
                order_id=self.first_order,
            ),
        )
