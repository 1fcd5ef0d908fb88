"""The electricity bill arrives; John's reminder to pay it is already set two days ahead."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, abstain


@register_scenario("electricity_bill_reminder_already_set")
class ElectricityBillReminderAlreadySet(PAREScenario):
    """Due Oct 21; "Pay PGE electricity bill" fires Oct 19. A second reminder would duplicate it."""

    start_time = datetime(2026, 10, 5, 7, 30, tzinfo=UTC).timestamp()
    tags = ("abstain", "information-retrieval", "timing", "easy")
    additional_system_prompt = (
        "You are John. You set a monthly reminder for the electricity bill long ago and it "
        "has never failed you. You don't want duplicates."
    )

    def init_and_populate_apps(self) -> None:
        self.reminders = StatefulReminderApp(name="Reminders")
        self.reminders.add_reminder(
            title="Pay PGE electricity bill",
            due_datetime="2026-10-19 09:00:00",
            description="Monthly, two days before the due date (the 21st)",
            repetition_unit="month",
            repetition_value=1,
        )
        self.reminders.add_reminder(
            title="Renew passport photos", due_datetime="2026-10-10 12:00:00", description=""
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            bill = self.email.send_email_to_user_with_id(
                email_id="email-pge-october",
                sender="billing@portlandgeneral.com",
                subject="Your October bill: $84.20 due Oct 21",
                content="Hello John, your Portland General Electric bill of $84.20 is due on "
                "October 21. Pay online or set up autopay.",
            ).delayed(45)
        self.events = [bill]

    def expected_actions(self) -> Rules:
        return (abstain("the monthly payment reminder already fires on Oct 19"),)
