"""The printer reports its cyan cartridge nearly empty; the shop sells cartridges for two models."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid


@register_scenario("printer_cyan_low_reorder")
class PrinterCyanLowReorder(PAREScenario):
    """One cyan 206XL for the HP 4155e, not the 910XL of the older printer, and checkout."""

    start_time = datetime(2026, 1, 26, 8, 30, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "purchasing", "medium")
    additional_system_prompt = (
        "You are John. You print the kids' homework at home and order ink online when it runs low."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        ink_206 = self.shopping.add_product(name="HP 206XL ink cartridge")
        self.cyan_206 = self.shopping.add_item_to_product(
            product_id=ink_206, price=32.99, options={"color": "cyan"}
        )
        self.black_206 = self.shopping.add_item_to_product(
            product_id=ink_206, price=36.99, options={"color": "black"}
        )
        ink_910 = self.shopping.add_product(name="HP 910XL ink cartridge")
        self.cyan_910 = self.shopping.add_item_to_product(
            product_id=ink_910, price=24.99, options={"color": "cyan"}
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.shopping]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            low = self.email.send_email_to_user_with_id(
                email_id="email-printer-cyan-low",
                sender="noreply@hpsmart.com",
                subject="HP OfficeJet Pro 4155e: cyan ink is low",
                content="Your HP OfficeJet Pro 4155e reports the cyan cartridge (HP 206XL) at 8%. "
                "Replace it soon to keep printing in colour.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Your OfficeJet Pro 4155e is almost out of cyan. Shall I order one cyan HP "
                "206XL cartridge ($32.99)?",
                after=low,
                accept="Yes.",
            )
            cart = self.oracle(self.shopping, after=accept).add_to_cart(
                item_id=self.cyan_206, quantity=1
            )
            buy = self.oracle(self.shopping, after=cart).checkout()
        self.events = [low, proposal, accept, cart, buy]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "one cyan 206XL in the cart",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.cyan_206,
                quantity=1,
            ),
            expect("the order placed", (StatefulShoppingApp, "checkout")),
            forbid(
                "the 910XL fits the old printer, not this one",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.cyan_910,
            ),
        )
