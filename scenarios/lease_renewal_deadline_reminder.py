"""The landlord needs a renewal decision by June 30; the email will be buried by then."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, mentions_any


@register_scenario("lease_renewal_deadline_reminder")
class LeaseRenewalDeadlineReminder(PAREScenario):
    """A reminder a few days ahead of the landlord's renewal deadline."""

    start_time = datetime(2026, 5, 20, 14, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "follow-up", "scheduling", "easy")
    additional_system_prompt = (
        "You are John, renting on Division St. You want reminders for deadlines."
    )

    def init_and_populate_apps(self) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.reminders = StatefulReminderApp(name="Reminders")
        self.reminders.add_reminder(
            title="Renew passport", due_datetime="2026-07-15 09:00:00", description="Photos first"
        )
        self.apps = [self.email, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            notice = self.email.send_email_to_user_with_id(
                email_id="email-lease-renewal",
                sender="leasing@divisionstreetflats.com",
                subject="Lease renewal for unit 3C",
                content=(
                    "Hi John, your lease ends August 31. Please tell us by June 30 whether you "
                    "will renew for 12 months at $1,985/month. No reply means the unit is listed."
                ),
            ).delayed(30)
            proposal, accept = self.propose(
                "Your landlord needs a renewal answer by June 30 or they list unit 3C. Shall I "
                "set a reminder for June 25 at 9:00?",
                after=notice,
                accept="Sure.",
            )
            remind = self.oracle(self.reminders, after=accept).add_reminder(
                title="Answer lease renewal (unit 3C)",
                due_datetime="2026-06-25 09:00:00",
                description="Reply to leasing@divisionstreetflats.com before June 30.",
            )
        self.events = [notice, proposal, accept, remind]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a renewal reminder before June 30",
                (StatefulReminderApp, "add_reminder"),
                title=mentions_any("lease", "renew"),
                due_datetime=between("2026-06-15 00:00:00", "2026-06-30 12:00:00"),
            ),
        )
