"""The credit-card statement arrives with a due date three weeks out."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, mentions_any


@register_scenario("credit_card_statement_reminder")
class CreditCardStatementReminder(PAREScenario):
    """A payment reminder a few days before Oct 21, the statement's due date."""

    start_time = datetime(2026, 9, 30, 7, 30, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "timing", "scheduling", "easy")
    additional_system_prompt = "You are John. You pay card bills manually and once paid a late fee."

    def init_and_populate_apps(self) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.reminders = StatefulReminderApp(name="Reminders")
        self.reminders.add_reminder(
            title="Call grandma", due_datetime="2026-10-04 17:00:00", description="Sunday call"
        )
        self.apps = [self.email, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            statement = self.email.send_email_to_user_with_id(
                email_id="email-visa-september",
                sender="statements@cascadebank.com",
                subject="Your September statement is ready",
                content="Statement balance: $1,204.33. Minimum due: $35.00. Payment due date: "
                "October 21, 2026. Pay on time to avoid a $39 late fee.",
            ).delayed(20)
            proposal, accept = self.propose(
                "Your card statement ($1,204.33) is due Oct 21. Want a reminder on Oct 18 to pay "
                "it?",
                after=statement,
                accept="Yes please.",
            )
            remind = self.oracle(self.reminders, after=accept).add_reminder(
                title="Pay Cascade Bank card ($1,204.33)",
                due_datetime="2026-10-18 09:00:00",
                description="Due Oct 21; late fee $39",
            )
        self.events = [statement, proposal, accept, remind]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a payment reminder a few days before Oct 21",
                (StatefulReminderApp, "add_reminder"),
                title=mentions_any("pay", "card", "statement", "bill"),
                due_datetime=between("2026-10-14 00:00:00", "2026-10-21 09:00:00"),
            ),
        )
