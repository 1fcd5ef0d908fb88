"""A warranty claim is approved with a code for one replacement container for John's blender."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, equals_text, expect, forbid


@register_scenario("warranty_replacement_jar_code")
class WarrantyReplacementJarCode(PAREScenario):
    """Order VM-20931 was an E310, so the 48 oz container (not the 64 oz) with code JARSWAP."""

    start_time = datetime(2026, 1, 12, 10, 0, tzinfo=UTC).timestamp()
    tags = ("follow-up", "information-retrieval", "purchasing", "medium")
    additional_system_prompt = (
        "You are John. The container of your blender cracked and you filed a warranty claim. "
        "Accept ordering the free replacement."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        e310 = self.shopping.add_product(name="Vitamix E310 Explorian blender")
        e310_item = self.shopping.add_item_to_product(
            product_id=e310, price=349.0, options={"color": "black"}
        )
        c5200 = self.shopping.add_product(name="Vitamix 5200 blender")
        c5200_item = self.shopping.add_item_to_product(
            product_id=c5200, price=459.0, options={"color": "red"}
        )
        container = self.shopping.add_product(name="Vitamix replacement container")
        self.jar_48 = self.shopping.add_item_to_product(
            product_id=container,
            price=139.0,
            options={"size": "48 oz", "fits": "Explorian E310 / E320"},
        )
        self.jar_64 = self.shopping.add_item_to_product(
            product_id=container,
            price=159.0,
            options={"size": "64 oz", "fits": "5200 / 7500 classic series"},
        )
        for jar in (self.jar_48, self.jar_64):
            self.shopping.add_discount_code(jar, {"JARSWAP": 100.0})
        self.shopping.add_order(
            order_id="VM-20931",
            order_status="delivered",
            order_date=datetime(2025, 3, 2, 12, 0, tzinfo=UTC).timestamp(),
            order_total=349.0,
            item_id=e310_item,
            quantity=1,
        )
        self.shopping.add_order(
            order_id="VM-19877",
            order_status="delivered",
            order_date=datetime(2024, 12, 9, 12, 0, tzinfo=UTC).timestamp(),
            order_total=459.0,
            item_id=c5200_item,
            quantity=1,
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.shopping]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            approved = self.email.send_email_to_user_with_id(
                email_id="email-warranty-approved",
                sender="support@vitamix.com",
                subject="Warranty claim WR-55812 approved",
                content="Hi John, your claim for the blender from order VM-20931 is approved. "
                "Use code JARSWAP at checkout for one free replacement container that fits that "
                "blender. The code covers a single container.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Your warranty claim is approved: order VM-20931 was the E310 Explorian, so the "
                "matching part is the 48 oz container. Shall I order one with code JARSWAP "
                "(free)?",
                after=approved,
                accept="Yes please.",
            )
            add = self.oracle(self.shopping, after=accept).add_to_cart(
                item_id=self.jar_48, quantity=1
            )
            buy = self.oracle(self.shopping, after=add).checkout(discount_code="JARSWAP")
        self.events = [approved, proposal, accept, add, buy]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "one 48 oz container in the cart",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.jar_48,
                quantity=1,
            ),
            expect(
                "checkout with the warranty code",
                (StatefulShoppingApp, "checkout"),
                discount_code=equals_text("JARSWAP"),
            ),
            forbid(
                "the container for the other blender",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.jar_64,
            ),
        )
