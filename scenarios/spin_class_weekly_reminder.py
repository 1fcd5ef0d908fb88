"""The gym confirms a recurring Tuesday 07:00 spin spot that John must check in for."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, equals_text, expect


@register_scenario("spin_class_weekly_reminder")
class SpinClassWeeklyReminder(PAREScenario):
    """A weekly reminder, Tuesdays shortly before 07:00, starting next Tuesday."""

    start_time = datetime(2026, 1, 8, 18, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "timing", "scheduling", "easy")
    additional_system_prompt = (
        "You are John. You lose your reserved bike if you don't check in by 06:50."
    )

    def init_and_populate_apps(self) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.reminders = StatefulReminderApp(name="Reminders")
        self.apps = [self.email, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            confirm = self.email.send_email_to_user_with_id(
                email_id="email-spin-standing",
                sender="frontdesk@pedalhouse.fit",
                subject="Your standing spin reservation",
                content="You're booked every Tuesday at 07:00 starting January 13 (bike 14). "
                "Check in at the app by 06:50 or the bike is released to the waitlist.",
            ).delayed(20)
            proposal, accept = self.propose(
                "Pedal House booked you every Tuesday 07:00 from Jan 13, check-in by 06:50. Shall "
                "I add a weekly reminder on Tuesdays at 06:30?",
                after=confirm,
                accept="Yes, weekly.",
            )
            remind = self.oracle(self.reminders, after=accept).add_reminder(
                title="Check in for spin (bike 14)",
                due_datetime="2026-01-13 06:30:00",
                description="Check in by 06:50 at Pedal House",
                repetition_unit="week",
                repetition_value=1,
            )
        self.events = [confirm, proposal, accept, remind]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a weekly check-in reminder from Tuesday Jan 13, before 06:50",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=between("2026-01-13 05:30:00", "2026-01-13 06:50:00"),
                repetition_unit=equals_text("week"),
                repetition_value=1,
            ),
        )
