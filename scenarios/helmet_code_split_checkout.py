"""A helmet-only discount code arrives while a helmet and bike lights wait in John's cart."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, equals_text, expect, expect_n


@register_scenario("helmet_code_split_checkout")
class HelmetCodeSplitCheckout(PAREScenario):
    """The code covers helmets only, so order the helmet with it and the lights on their own."""

    start_time = datetime(2026, 9, 28, 12, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "purchasing", "timing", "medium")
    additional_system_prompt = (
        "You are John, starting to commute by bike next week. You want both the helmet and "
        "the lights in your cart, and you like saving where you can."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        helmet = self.shopping.add_product(name="Giro Register MIPS helmet")
        self.helmet = self.shopping.add_item_to_product(
            product_id=helmet, price=65.0, options={"size": "M", "color": "matte black"}
        )
        lights = self.shopping.add_product(name="Lezyne front and rear bike light set")
        self.lights = self.shopping.add_item_to_product(
            product_id=lights, price=45.0, options={"lumens": "400 / 75"}
        )
        self.shopping.add_discount_code(self.helmet, {"HELMET15": 15.0})
        self.shopping.add_to_cart(item_id=self.helmet, quantity=1)
        self.shopping.add_to_cart(item_id=self.lights, quantity=1)
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.shopping]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            promo = self.email.send_email_to_user_with_id(
                email_id="email-helmet15",
                sender="news@spokeandchain.com",
                subject="This week only: 15% off helmets",
                content="Use HELMET15 for 15% off any helmet until Sunday. The code applies to "
                "helmets only; orders with other items can't use it.",
            ).delayed(30)
            proposal, accept = self.propose(
                "HELMET15 takes 15% off your Giro helmet, but a checkout with the lights in the "
                "cart can't use it. Shall I order the helmet alone with the code, then the "
                "lights in a second order?",
                after=promo,
                accept="Smart, yes.",
            )
            park = self.oracle(self.shopping, after=accept).remove_from_cart(
                item_id=self.lights, quantity=1
            )
            helmet_order = self.oracle(self.shopping, after=park).checkout(discount_code="HELMET15")
            back = self.oracle(self.shopping, after=helmet_order).add_to_cart(
                item_id=self.lights, quantity=1
            )
            lights_order = self.oracle(self.shopping, after=back).checkout()
        self.events = [promo, proposal, accept, park, helmet_order, back, lights_order]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the lights set aside so the code applies",
                (StatefulShoppingApp, "remove_from_cart"),
                item_id=self.lights,
            ),
            expect(
                "the helmet ordered with HELMET15",
                (StatefulShoppingApp, "checkout"),
                discount_code=equals_text("HELMET15"),
            ),
            expect(
                "the lights back in the cart",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.lights,
                quantity=1,
            ),
            expect_n(
                2, "two orders: the helmet, then the lights", (StatefulShoppingApp, "checkout")
            ),
        )
