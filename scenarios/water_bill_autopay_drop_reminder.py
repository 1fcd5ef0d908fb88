"""The water utility confirms autopay; John's monthly 'pay the water bill' reminder is now noise."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid


@register_scenario("water_bill_autopay_drop_reminder")
class WaterBillAutopayDropReminder(PAREScenario):
    """Delete the monthly water-bill reminder; the electricity one stays (no autopay there)."""

    start_time = datetime(2026, 5, 12, 19, 0, tzinfo=UTC).timestamp()
    tags = ("follow-up", "scheduling", "easy")
    additional_system_prompt = (
        "You are John. You signed up for water autopay online last night. You hate reminders "
        "for things that happen by themselves."
    )

    def init_and_populate_apps(self) -> None:
        self.reminders = StatefulReminderApp(name="Reminders")
        self.water_reminder = self.reminders.add_reminder(
            title="Pay the water bill (Portland Water Bureau)",
            due_datetime="2026-05-20 09:00:00",
            description="Account 48-2209-17",
            repetition_unit="month",
            repetition_value=1,
        )
        self.power_reminder = self.reminders.add_reminder(
            title="Pay the electricity bill (PGE)",
            due_datetime="2026-05-25 09:00:00",
            description="",
            repetition_unit="month",
            repetition_value=1,
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            confirmed = self.email.send_email_to_user_with_id(
                email_id="email-water-autopay",
                sender="billing@portlandwater.example",
                subject="AutoPay is set up for account 48-2209-17",
                content="Hi John, AutoPay is now active. From your May bill on, we will charge "
                "your card automatically on each due date; there's nothing else you need to do.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Water AutoPay is active from the May bill. Shall I delete your monthly 'Pay the "
                "water bill' reminder? The electricity one stays.",
                after=confirmed,
                accept="Yes, delete it.",
            )
            drop = self.oracle(self.reminders, after=accept).delete_reminder(
                reminder_id=self.water_reminder
            )
        self.events = [confirmed, proposal, accept, drop]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the water-bill reminder deleted",
                (StatefulReminderApp, "delete_reminder"),
                reminder_id=self.water_reminder,
            ),
            forbid(
                "the electricity reminder deleted",
                (StatefulReminderApp, "delete_reminder"),
                reminder_id=self.power_reminder,
            ),
        )
