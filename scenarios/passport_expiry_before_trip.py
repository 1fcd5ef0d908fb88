"""The airline's document check for Bangkok meets a passport that expires too soon after it."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import (
    StatefulCalendarApp,
    StatefulEmailApp,
    StatefulNotesApp,
    StatefulReminderApp,
)
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, mentions_any


@register_scenario("passport_expiry_before_trip")
class PassportExpiryBeforeTrip(PAREScenario):
    """The passport expires Jan 2027, under 6 months after the Sep 10 entry: remind renewal."""

    start_time = datetime(2026, 3, 2, 10, 0, tzinfo=UTC).timestamp()
    tags = (
        "conflict-detection",
        "information-retrieval",
        "multi-app",
        "scheduling",
        "timing",
        "medium",
    )
    additional_system_prompt = (
        "You are John. You keep document expiry dates in a note and never read airline fine "
        "print. Accept help that keeps the trip safe."
    )

    def init_and_populate_apps(self) -> None:
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="Documents",
            content="My passport: expires 2027-01-15.\nDana's passport: expires 2029-05-02.\n"
            "Driver's licence: expires 2028-11-30.",
            created_at="2025-12-01 10:00:00",
        )
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-bangkok-trip",
                title="Bangkok trip (with Dana)",
                start_datetime=datetime(2026, 9, 10, 8, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 9, 24, 22, 0, tzinfo=UTC).timestamp(),
                location="Bangkok, Thailand",
            )
        )
        self.reminders = StatefulReminderApp(name="Reminders")
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.calendar, self.notes, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            check = self.email.send_email_to_user_with_id(
                email_id="email-travel-docs",
                sender="trips@thaiairways.example",
                subject="Your Bangkok booking: check your travel documents",
                content="Thailand requires every traveller's passport to be valid for at least "
                "6 months after the date of entry. Travellers without one will be refused "
                "boarding.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Thailand needs a passport valid 6 months past entry (Sep 10), i.e. until at "
                "least March 2027, and yours expires Jan 15, 2027. Renewal takes 6-8 weeks. Shall "
                "I remind you this Saturday at 10:00 to start the renewal?",
                after=check,
                accept="Wow, yes.",
            )
            remind = self.oracle(self.reminders, after=accept).add_reminder(
                title="Renew passport (expires Jan 15, 2027; Bangkok needs 6 months)",
                due_datetime="2026-03-07 10:00:00",
                description="Photo + form DS-82; allow 6-8 weeks before Sep 10.",
            )
        self.events = [check, proposal, accept, remind]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a passport-renewal reminder in good time",
                (StatefulReminderApp, "add_reminder"),
                title=mentions_any("passport", "renew"),
                due_datetime=between("2026-03-02 10:00:00", "2026-04-15 23:59:59"),
            ),
        )
