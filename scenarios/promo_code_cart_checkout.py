"""A 24-hour promo code covers exactly what is waiting in John's cart."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, equals_text, expect, forbid


@register_scenario("promo_code_cart_checkout")
class PromoCodeCartCheckout(PAREScenario):
    """TRAIL20 covers both cart items: check out with it before it expires."""

    start_time = datetime(2026, 4, 18, 19, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "timing", "purchasing", "easy")
    additional_system_prompt = (
        "You are John. You put trail shoes and socks in your cart last week and were "
        "waiting for a sale. Accept a checkout that uses a valid discount."
    )

    def init_and_populate_apps(self) -> None:
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
        self.apps = [self.email, self.shopping]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            promo = self.email.send_email_to_user_with_id(
                email_id="email-trail20",
                sender="deals@summitoutfitters.com",
                subject="Tonight only: 20% off trail shoes and socks",
                content=(
                    "Use code TRAIL20 at checkout for 20% off Cascade trail running shoes and "
                    "Merino hiking socks. Valid until midnight UTC tonight."
                ),
            ).delayed(30)
            proposal, accept = self.propose(
                "Code TRAIL20 gives 20% off both the Cascade shoes and the socks in your cart, "
                "tonight only. Shall I check out now with it?",
                after=promo,
                accept="Yes, buy them.",
            )
            checkout = self.oracle(self.shopping, after=accept).checkout(discount_code="TRAIL20")
        self.events = [promo, proposal, accept, checkout]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "checkout with the TRAIL20 code",
                (StatefulShoppingApp, "checkout"),
                discount_code=equals_text("TRAIL20"),
            ),
            forbid(
                "a checkout at full price", (StatefulShoppingApp, "checkout"), discount_code=None
            ),
        )
