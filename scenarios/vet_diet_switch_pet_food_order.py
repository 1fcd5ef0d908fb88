"""The vet asks John to switch his dog to a sensitive-stomach food; the usual bag is on order."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulReminderApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, forbid, mentions_any


@register_scenario("vet_diet_switch_pet_food_order")
class VetDietSwitchPetFoodOrder(PAREScenario):
    """Cancel the usual kibble, order the 15 lb sensitive formula, remind the switch on Monday."""

    start_time = datetime(2026, 8, 11, 12, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "follow-up", "multi-app", "purchasing", "scheduling", "hard")
    additional_system_prompt = (
        "You are John. Biscuit, your dog, has had an upset stomach for weeks. You follow the "
        "vet's advice and always buy the 15 lb bag."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        adult = self.shopping.add_product(name="Hill's Science Diet Adult dog food")
        adult_15 = self.shopping.add_item_to_product(
            product_id=adult, price=58.0, options={"size": "15 lb"}
        )
        sensitive = self.shopping.add_product(
            name="Hill's Science Diet Sensitive Stomach & Skin dog food"
        )
        self.sensitive_15 = self.shopping.add_item_to_product(
            product_id=sensitive, price=64.0, options={"size": "15 lb"}
        )
        self.sensitive_30 = self.shopping.add_item_to_product(
            product_id=sensitive, price=99.0, options={"size": "30 lb"}
        )
        self.kibble_order = "order-kibble-7781"
        self.shopping.add_order(
            order_id=self.kibble_order,
            order_status="processed",
            order_date=datetime(2026, 8, 10, 7, 0, tzinfo=UTC).timestamp(),
            order_total=58.0,
            item_id=adult_15,
            quantity=1,
        )
        self.reminders = StatefulReminderApp(name="Reminders")
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.shopping, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            advice = self.email.send_email_to_user_with_id(
                email_id="email-biscuit-diet",
                sender="dr.hale@sellwoodanimalclinic.com",
                subject="Biscuit's results and a food change",
                content="Hi John, Biscuit's bloodwork is fine, but his stomach is sensitive. "
                "Please switch him to Hill's Science Diet Sensitive Stomach & Skin. Start the "
                "switch on Monday Aug 17, mixing it in gradually over 7 days. - Dr. Hale",
            ).delayed(40)
            proposal, accept = self.propose(
                "Dr. Hale wants Biscuit on Hill's Sensitive Stomach & Skin from Monday Aug 17. "
                "Your usual Adult bag (order-kibble-7781) hasn't shipped yet. Shall I cancel it, "
                "order the 15 lb Sensitive Stomach bag, and remind you Monday morning to start "
                "the switch?",
                after=advice,
                accept="Yes, all of that.",
            )
            cancel = self.oracle(self.shopping, after=accept).cancel_order(
                order_id=self.kibble_order
            )
            add = self.oracle(self.shopping, after=cancel).add_to_cart(
                item_id=self.sensitive_15, quantity=1
            )
            buy = self.oracle(self.shopping, after=add).checkout()
            remind = self.oracle(self.reminders, after=buy).add_reminder(
                title="Start Biscuit's food switch (Sensitive Stomach)",
                due_datetime="2026-08-17 08:00:00",
                description="Mix the new food in gradually over 7 days.",
            )
        self.events = [advice, proposal, accept, cancel, add, buy, remind]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the usual kibble order cancelled",
                (StatefulShoppingApp, "cancel_order"),
                order_id=self.kibble_order,
            ),
            expect(
                "the 15 lb sensitive-stomach bag in the cart",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.sensitive_15,
                quantity=1,
            ),
            expect("the new food ordered", (StatefulShoppingApp, "checkout")),
            expect(
                "a reminder to start the switch on Monday morning, Aug 17",
                (StatefulReminderApp, "add_reminder"),
                title=mentions_any("food", "switch", "Biscuit"),
                due_datetime=between("2026-08-17 06:00:00", "2026-08-17 12:00:00"),
            ),
            forbid(
                "the 30 lb bag instead of the usual size",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.sensitive_30,
            ),
        )
