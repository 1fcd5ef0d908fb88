"""A 24-hour promo code covers exactly what is waiting in John's cart."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulEmailApp
from pytest_pare.apps.shopping import StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import check_actions, equals_text, expect, forbid
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("promo_code_cart_checkout")
class PromoCodeCartCheckout(PAREScenario):
    """TRAIL20 covers both cart items: check out with it before it expires."""

    start_time = datetime(2026, 4, 18, 19, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "timing", "purchasing")
    additional_system_prompt = (
        "You are John. You put trail shoes and socks in your cart last week and were "
        "waiting for a sale. Accept a checkout that uses a valid discount."
    )

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        shoes = self.shopping.add_product(name="Cascade trail running shoes")
        self.shoes_item = self.shopping.add_item_to_product(
            product_id=shoes, price=129.0, options={"size": "10.5", "color": "slate"}
        )
        socks = self.shopping.add_product(name="Merino hiking socks (3 pack)")
        self.socks_item = self.shopping.add_item_to_product(
            product_id=socks, price=18.0, options={"size": "L"}
        )
        bottle = self.shopping.add_product(name="Insulated water bottle")
        self.shopping.add_item_to_product(product_id=bottle, price=32.0, options={"volume": "1L"})
        for item in (self.shoes_item, self.socks_item):
            self.shopping.add_discount_code(item, {"TRAIL20": 20.0})
        self.shopping.add_to_cart(item_id=self.shoes_item, quantity=1)
        self.shopping.add_to_cart(item_id=self.socks_item, quantity=1)
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
            promo = email.send_email_to_user_with_id(
                email_id="email-trail20",
                sender="deals@summitoutfitters.com",
                subject="Tonight only: 20% off trail shoes and socks",
                content=(
                    "Use code TRAIL20 at checkout for 20% off Cascade trail running shoes and "
                    "Merino hiking socks. Valid until midnight UTC tonight."
                ),
            ).delayed(30)
            proposal = (
                aui.send_message_to_user(
                    content="Code TRAIL20 gives 20% off both the Cascade shoes and the socks in "
                    "your cart, tonight only. Shall I check out now with it?"
                )
                .oracle()
                .depends_on(promo, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes, buy them.")
                .oracle()
                .depends_on(proposal, delay_seconds=5)
            )
            checkout = (
                shopping.checkout(discount_code="TRAIL20")
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [promo, proposal, accept, checkout]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "checkout with the TRAIL20 code",
                "StatefulShoppingApp",
                "checkout",
                discount_code=equals_text("TRAIL20"),
            ),
            forbid(
                "a checkout at full price", "StatefulShoppingApp", "checkout", discount_code=None
            ),
        )
