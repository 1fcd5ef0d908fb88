"""Flights to a September wedding in Lisbon are booked; John's passport expires too soon."""

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
from pytest_pare.scenarios.checks import Rules, at_time, between, expect, forbid, mentions_any

DAY = 86400


@register_scenario("passport_validity_before_lisbon")
class PassportValidityBeforeLisbon(PAREScenario):
    """Remind John to renew this week; when the agency books him, calendar it and the paperwork."""

    start_time = datetime(2026, 6, 1, 8, 30, tzinfo=UTC).timestamp()
    tags = (
        "long-horizon",
        "conflict-detection",
        "information-retrieval",
        "travel",
        "multi-app",
        "scheduling",
        "hard",
    )
    additional_system_prompt = (
        "You are John. You have not checked your passport's expiry date in years. Accept help "
        "getting the renewal done in time."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.trip_id = "evt-lisbon-wedding"
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id=self.trip_id,
                title="Lisbon - Ana & Tiago's wedding",
                start_datetime=datetime(2026, 9, 10, 6, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 9, 20, 22, 0, tzinfo=UTC).timestamp(),
                location="Lisbon",
            )
        )
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-dentist-june",
                title="Dentist",
                start_datetime=datetime(2026, 6, 24, 15, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 6, 24, 16, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="Documents",
            content="Passport no. 56-1183920, expires 2026-11-03\n"
            "Driver's license expires 2029-04-12\nGlobal Entry expires 2027-08-30",
            created_at="2025-12-02 10:00:00",
        )
        self.email = StatefulEmailApp(name="Emails")
        self.reminders = StatefulReminderApp(name="Reminders")
        self.apps = [self.email, self.calendar, self.reminders, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ticketed = self.email.send_email_to_user_with_id(
                email_id="email-lisbon-tickets",
                sender="bookings@atlasviagens.com",
                subject="Ticketed: PDX-LIS Sep 10, LIS-PDX Sep 20",
                content="Your flights are ticketed. Please note: Portugal requires a passport "
                "valid at least three months beyond your departure from the Schengen area, so "
                "until December 20, 2026.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Your Documents note says your passport expires Nov 3, but Portugal needs it "
                "valid until Dec 20. Routine renewal takes 6-8 weeks. Shall I set a reminder for "
                "tomorrow at 9:00 to book a passport appointment?",
                after=ticketed,
                accept="Wow, yes.",
            )
            remind = self.oracle(self.reminders, after=accept).add_reminder(
                title="Book a passport renewal appointment",
                due_datetime="2026-06-02 09:00:00",
                description="Passport expires Nov 3; Lisbon needs it valid until Dec 20.",
            )
            booked = self.email.send_email_to_user_with_id(
                email_id="email-passport-appointment",
                sender="appointments@passportagency.gov",
                subject="Appointment confirmed: Portland Passport Agency",
                content="Your appointment is Wednesday June 24 at 10:40. Bring the completed "
                "DS-82 form, one passport photo and your current passport.",
            ).depends_on(ticketed, delay_seconds=9 * DAY)
            offer, yes = self.propose(
                "Your passport appointment is Wed Jun 24 at 10:40 (DS-82, a photo, your old "
                "passport). Shall I add it to your calendar and remind you the evening before "
                "to pack those?",
                after=booked,
                accept="Yes please.",
            )
            block = self.oracle(self.calendar, after=yes).add_calendar_event(
                title="Passport renewal appointment",
                start_datetime="2026-06-24 10:40:00",
                end_datetime="2026-06-24 11:40:00",
                location="Portland Passport Agency",
            )
            papers = self.oracle(self.reminders, after=block).add_reminder(
                title="Pack DS-82, passport photo and old passport",
                due_datetime="2026-06-23 19:00:00",
                description="Passport agency tomorrow at 10:40.",
            )
        self.events = [ticketed, proposal, accept, remind, booked, offer, yes, block, papers]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a prompt reminder to start the renewal",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=between("2026-06-01 08:30:00", "2026-06-05 23:59:00"),
                title=mentions_any("passport", "renew"),
            ),
            expect(
                "the appointment in the calendar",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-06-24 10:40:00"),
            ),
            expect(
                "a reminder the evening before to bring the papers",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=between("2026-06-23 12:00:00", "2026-06-24 10:00:00"),
                title=mentions_any("ds-82", "photo", "passport", "pack", "bring"),
            ),
            forbid(
                "the trip is not in question",
                (StatefulCalendarApp, "delete_calendar_event"),
                event_id=self.trip_id,
            ),
        )
