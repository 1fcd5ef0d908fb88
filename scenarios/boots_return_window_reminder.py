"""Delivered boots are too tight; the 30-day return window is easy to miss."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulMessagingApp, StatefulReminderApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, mentions_any


@register_scenario("boots_return_window_reminder")
class BootsReturnWindowReminder(PAREScenario):
    """Order delivered Sept 2 with 30-day returns: remind John before Oct 2."""

    start_time = datetime(2026, 9, 2, 17, 0, tzinfo=UTC).timestamp()
    tags = ("follow-up", "multi-app", "timing", "purchasing", "scheduling", "medium")
    additional_system_prompt = "You are John. You tried on the new boots; they pinch."

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        boots = self.shopping.add_product(name="Danner Mountain 600 boots")
        item = self.shopping.add_item_to_product(
            product_id=boots, price=219.0, options={"size": "10", "color": "brown"}
        )
        self.order_id = "order-danner-3301"
        self.shopping.add_order(
            order_id=self.order_id,
            order_status="shipped",
            order_date=datetime(2026, 8, 28, 12, 0, tzinfo=UTC).timestamp(),
            order_total=219.0,
            item_id=item,
            quantity=1,
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Nora Doe", "+15035550301")])
        self.nora_id = self.messaging.name_to_id["Nora Doe"]
        self.conv_id = "conv-nora"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.nora_id],
                title="Nora Doe",
                last_updated=datetime(2026, 9, 1, 10, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.reminders = StatefulReminderApp(name="Reminders")
        self.apps = [self.shopping, self.messaging, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            delivered = self.shopping.update_order_status(
                order_id=self.order_id, status="delivered"
            ).delayed(10)
            nudge = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.nora_id,
                content="You said the Danners pinch - return them! They only take returns within "
                "30 days of delivery.",
            ).depends_on(delivered, delay_seconds=60)
            proposal, accept = self.propose(
                "Your Danner boots were delivered today and returns close 30 days after delivery "
                "(Oct 2). Want a reminder on Sept 28 to send them back?",
                after=nudge,
                accept="Yes please.",
            )
            remind = self.oracle(self.reminders, after=accept).add_reminder(
                title="Return Danner boots (order-danner-3301)",
                due_datetime="2026-09-28 18:00:00",
                description="Return window closes Oct 2",
            )
        self.events = [delivered, nudge, proposal, accept, remind]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a return reminder before the window closes on Oct 2",
                (StatefulReminderApp, "add_reminder"),
                title=mentions_any("return", "boots", "danner"),
                due_datetime=between("2026-09-02 17:00:00", "2026-10-01 23:59:59"),
            ),
        )
