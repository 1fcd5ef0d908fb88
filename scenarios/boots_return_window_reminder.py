"""Delivered boots are too tight; the 30-day return window is easy to miss."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulMessagingApp
from pytest_pare.apps.reminder import StatefulReminderApp
from pytest_pare.apps.shopping import StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import between, check_actions, expect, mentions_any
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("boots_return_window_reminder")
class BootsReturnWindowReminder(PAREScenario):
    """Order delivered Sept 2 with 30-day returns: remind John before Oct 2."""

    start_time = datetime(2026, 9, 2, 17, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("follow-up", "multi-app", "timing", "purchasing", "scheduling")
    additional_system_prompt = "You are John. You tried on the new boots; they pinch."

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
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
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.shopping,
            self.messaging,
            self.reminders,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        shopping = self.get_typed_app(StatefulShoppingApp, "Shopping")
        messaging = self.get_typed_app(StatefulMessagingApp, "Messages")
        reminders = self.get_typed_app(StatefulReminderApp, "Reminders")
        with EventRegisterer.capture_mode():
            delivered = shopping.update_order_status(
                order_id=self.order_id, status="delivered"
            ).delayed(10)
            nudge = messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.nora_id,
                content="You said the Danners pinch - return them! They only take returns within "
                "30 days of delivery.",
            ).depends_on(delivered, delay_seconds=60)
            proposal = (
                aui.send_message_to_user(
                    content="Your Danner boots were delivered today and returns close 30 days "
                    "after delivery (Oct 2). Want a reminder on Sept 28 to send them back?"
                )
                .oracle()
                .depends_on(nudge, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes please.")
                .oracle()
                .depends_on(proposal, delay_seconds=5)
            )
            remind = (
                reminders.add_reminder(
                    title="Return Danner boots (order-danner-3301)",
                    due_datetime="2026-09-28 18:00:00",
                    description="Return window closes Oct 2",
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [delivered, nudge, proposal, accept, remind]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "a return reminder before the window closes on Oct 2",
                "StatefulReminderApp",
                "add_reminder",
                title=mentions_any("return", "boots", "danner"),
                due_datetime=between("2026-09-02 17:00:00", "2026-10-01 23:59:59"),
            ),
        )
