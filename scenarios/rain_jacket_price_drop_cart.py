"""A wishlist price alert for the rain jacket John was eyeing, in his size."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid


@register_scenario("rain_jacket_price_drop_cart")
class RainJacketPriceDropCart(PAREScenario):
    """The size-M jacket drops from $189 to $119: buy size M, not the size-S variant."""

    start_time = datetime(2026, 10, 30, 17, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "timing", "purchasing", "hard")
    additional_system_prompt = (
        "You are John, size M. You decided to buy the Torrent rain jacket if it went under $130."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        jacket = self.shopping.add_product(name="Torrent shell rain jacket")
        self.size_m = self.shopping.add_item_to_product(
            product_id=jacket, price=189.0, options={"size": "M", "color": "forest"}
        )
        self.size_s = self.shopping.add_item_to_product(
            product_id=jacket, price=189.0, options={"size": "S", "color": "forest"}
        )
        self.email = StatefulEmailApp(name="Emails")
        self.email.create_and_add_email_with_time(
            sender="john@pare.com",
            recipients=["john@pare.com"],
            subject="note to self",
            content="Torrent jacket: buy if it drops under $130 (size M).",
            email_time="2026-10-12 21:00:00",
        )
        self.apps = [self.email, self.shopping]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            drop = self.shopping.update_item(item_id=self.size_m, new_price=119.0).delayed(10)
            alert = self.email.send_email_to_user_with_id(
                email_id="email-torrent-drop",
                sender="wishlist@shop.example.com",
                subject="Price drop: Torrent shell rain jacket (M) now $119",
                content="An item on your wishlist dropped from $189 to $119: Torrent shell rain "
                "jacket, forest, size M.",
            ).depends_on(drop, delay_seconds=5)
            proposal, accept = self.propose(
                "The Torrent rain jacket in size M is now $119, under your $130 limit. Shall I "
                "buy it?",
                after=alert,
                accept="Yes!",
            )
            add = self.oracle(self.shopping, after=accept).add_to_cart(
                item_id=self.size_m, quantity=1
            )
            buy = self.oracle(self.shopping, after=add).checkout()
        self.events = [drop, alert, proposal, accept, add, buy]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the size-M jacket in the cart",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.size_m,
                quantity=1,
            ),
            expect("the order placed", (StatefulShoppingApp, "checkout")),
            forbid(
                "the wrong size bought",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.size_s,
            ),
        )
