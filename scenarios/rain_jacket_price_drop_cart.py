"""A wishlist price alert for the rain jacket John was eyeing, in his size."""

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


@register_scenario("rain_jacket_price_drop_cart")
class RainJacketPriceDropCart(PAREScenario):
    """The size-M jacket drops from $189 to $119: buy size M, not the size-S variant."""

    start_time = datetime(2026, 10, 30, 17, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "timing", "purchasing")
    additional_system_prompt = (
        "You are John, size M. You decided to buy the Torrent rain jacket if it went under $130."
    )

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
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
            drop = shopping.update_item(item_id=self.size_m, new_price=119.0).delayed(10)
            alert = email.send_email_to_user_with_id(
                email_id="email-torrent-drop",
                sender="wishlist@shop.example.com",
                subject="Price drop: Torrent shell rain jacket (M) now $119",
                content="An item on your wishlist dropped from $189 to $119: Torrent shell rain "
                "jacket, forest, size M.",
            ).depends_on(drop, delay_seconds=5)
            proposal = (
                aui.send_message_to_user(
                    content="The Torrent rain jacket in size M is now $119, under your $130 "
                    "limit. Shall I buy it?"
                )
                .oracle()
                .depends_on(alert, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes!").oracle().depends_on(proposal, delay_seconds=5)
            )
            add = (
                shopping.add_to_cart(item_id=self.size_m, quantity=1)
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
            buy = shopping.checkout().oracle().depends_on(add, delay_seconds=2)
        self.events = [drop, alert, proposal, accept, add, buy]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "the size-M jacket in the cart",
                "StatefulShoppingApp",
                "add_to_cart",
                item_id=self.size_m,
            ),
            expect("the order placed", "StatefulShoppingApp", "checkout"),
            forbid(
                "the wrong size bought",
                "StatefulShoppingApp",
                "add_to_cart",
                item_id=self.size_s,
            ),
        )
