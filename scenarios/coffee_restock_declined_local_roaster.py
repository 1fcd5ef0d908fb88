"""John's usual coffee beans are back in stock; he buys from a local roaster now."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, declined, mentions_any


@register_scenario("coffee_restock_declined_local_roaster")
class CoffeeRestockDeclinedLocalRoaster(PAREScenario):
    """Re-ordering the usual is a fair offer; John declines: nothing in the cart, no order."""

    start_time = datetime(2026, 2, 18, 8, 0, tzinfo=UTC).timestamp()
    tags = ("rejection", "goal-inference", "purchasing", "easy")
    additional_system_prompt = (
        "You are John. You switched to beans from Coava, the roaster round the corner, last "
        "month. Decline re-ordering the old online beans."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        beans = self.shopping.add_product(name="Stumptown Hair Bender beans 12oz")
        self.beans_item = self.shopping.add_item_to_product(
            product_id=beans, price=17.5, options={"grind": "whole bean"}, available=False
        )
        self.shopping.add_order(
            order_id="order-beans-1184",
            order_status="delivered",
            order_date=datetime(2025, 12, 20, 9, 0, tzinfo=UTC).timestamp(),
            order_total=35.0,
            item_id=self.beans_item,
            quantity=2,
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.shopping]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            back = self.shopping.update_item(
                item_id=self.beans_item, new_availability=True
            ).delayed(20)
            alert = self.email.send_email_to_user_with_id(
                email_id="email-beans-back",
                sender="notify@shop.example",
                subject="Back in stock: Hair Bender beans",
                content="Good news! Stumptown Hair Bender beans 12oz, which you ordered before, "
                "are back in stock. Order now before they sell out again.",
            ).depends_on(back, delay_seconds=5)
            proposal, no = self.propose(
                "Your usual Hair Bender beans are back in stock ($17.50). You ordered two bags "
                "in December. Shall I order two bags again?",
                after=alert,
                reject="No, I buy from the local roaster now.",
            )
        self.events = [back, alert, proposal, no]

    def expected_actions(self) -> Rules:
        return (
            declined(
                "John buys his beans locally now; no order",
                offer=mentions_any("order", "cart", "beans", "buy"),
            ),
        )
