"""The pharmacy texts that a prescription is ready but only held until Thursday."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2, MessageV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulMessagingApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, mentions_any


@register_scenario("pharmacy_pickup_reminder")
class PharmacyPickupReminder(PAREScenario):
    """A hold deadline arrives by SMS; the assistant sets a reminder before it lapses."""

    start_time = datetime(2026, 5, 11, 16, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "timing", "scheduling", "easy")
    additional_system_prompt = (
        "You are John. You often forget errands; a reminder for pickups is welcome."
    )

    def init_and_populate_apps(self) -> None:
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Hawthorne Pharmacy", "+15035550110")])
        self.pharmacy_id = self.messaging.name_to_id["Hawthorne Pharmacy"]
        self.conv_id = "conv-hawthorne-pharmacy"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.pharmacy_id],
                title="Hawthorne Pharmacy",
                last_updated=datetime(2026, 4, 10, 9, 0, tzinfo=UTC).timestamp(),
                messages=[
                    MessageV2(
                        message_id="pharm-old",
                        sender_id=self.pharmacy_id,
                        content="Your refill was picked up on 04/10. Thank you!",
                        timestamp=datetime(2026, 4, 10, 9, 0, tzinfo=UTC).timestamp(),
                    )
                ],
            )
        )
        self.reminders = StatefulReminderApp(name="Reminders")
        self.reminders.add_reminder(
            title="Water the plants",
            due_datetime="2026-05-12 08:00:00",
            description="Balcony and kitchen",
        )
        self.apps = [self.messaging, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ready = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.pharmacy_id,
                content=(
                    "Your prescription (Rx 4471902) is ready for pickup. We will hold it "
                    "until Thursday 05/14 at 6:00 PM, after which it returns to stock."
                ),
            ).delayed(45)
            proposal, accept = self.propose(
                "Hawthorne Pharmacy is holding your prescription only until Thursday 6 PM. Want a "
                "reminder on Thursday at 9 AM to pick it up?",
                after=ready,
                accept="Good idea, yes.",
            )
            remind = self.oracle(self.reminders, after=accept).add_reminder(
                title="Pick up prescription at Hawthorne Pharmacy",
                due_datetime="2026-05-14 09:00:00",
                description="Rx 4471902 is held until Thursday 6 PM.",
            )
        self.events = [ready, proposal, accept, remind]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a pickup reminder before the hold lapses (Thu 18:00)",
                (StatefulReminderApp, "add_reminder"),
                title=mentions_any("prescription", "pharmacy", "rx"),
                due_datetime=between("2026-05-11 16:00:00", "2026-05-14 17:00:00"),
            ),
        )
