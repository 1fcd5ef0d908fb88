"""Upstream style: the user's accept is written without ``.oracle()`` and gates the checkout.

Upstream has four modules whose ``accept_proposal`` is a plain scripted event
that depends on the (oracle) proposal, with the assistant's next oracle step
depending on that accept. Outside oracle mode that scripted accept never runs
(it hangs on an oracle event); the user's own accept must open the gate instead.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, Action, EventRegisterer, EventType

from pytest_pare.apps import (
    HomeScreenSystemApp,
    PAREAgentUserInterface,
    StatefulEmailApp,
)
from pytest_pare.apps.shopping import StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("accept_without_oracle_checkout")
class AcceptWithoutOracleCheckout(PAREScenario):
    """A restock email for the saved kettle: propose buying it; the user's accept is scripted."""

    start_time = datetime(2025, 9, 15, 18, 0, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    additional_system_prompt = "You are John. You have been waiting for the kettle to restock."

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        kettle = self.shopping.add_product(name="Gooseneck kettle")
        self.kettle_item = self.shopping.add_item_to_product(
            product_id=kettle, price=59.0, options={"color": "matte black"}
        )
        self.shopping.add_to_cart(item_id=self.kettle_item, quantity=1)
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.email,
            self.shopping,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        email_app = self.get_typed_app(StatefulEmailApp, "Emails")
        shopping_app = self.get_typed_app(StatefulShoppingApp, "Shopping")
        with EventRegisterer.capture_mode():
            restock = email_app.send_email_to_user_with_id(
                email_id="kettle-restock",
                sender="hello@brewgear.com",
                subject="Back in stock: Gooseneck kettle",
                content="The matte black gooseneck kettle in your cart is back in stock.",
            ).delayed(20)
            proposal = (
                aui.send_message_to_user(
                    content="The kettle in your cart is back in stock. Shall I check out now?"
                )
                .oracle()
                .depends_on(restock, delay_seconds=10)
            )
            # No .oracle(): a scripted user event, as in four upstream modules.
            accept = aui.accept_proposal(content="Yes please").depends_on(proposal, delay_seconds=5)
            checkout = shopping_app.checkout().oracle().depends_on(accept, delay_seconds=2)
        self.events = [restock, proposal, accept, checkout]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        try:
            checkout_found = any(
                e.event_type == EventType.AGENT
                and isinstance(e.action, Action)
                and e.action.class_name == "StatefulShoppingApp"
                and e.action.function_name == "checkout"
                for e in env.event_log.list_view()
            )
            if not checkout_found:
                return ScenarioValidationResult(success=False, rationale="no checkout")
            return ScenarioValidationResult(success=True)
        except Exception as e:
            return ScenarioValidationResult(success=False, exception=e)
