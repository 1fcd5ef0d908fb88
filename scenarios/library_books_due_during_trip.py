"""Three library books fall due in the middle of John's Montreal trip and cannot be renewed."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulEmailApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, forbid, mentions_any


@register_scenario("library_books_due_during_trip")
class LibraryBooksDueDuringTrip(PAREScenario):
    """Due Aug 14, away Aug 8-20: a reminder to return them before leaving, not while away."""

    start_time = datetime(2026, 8, 3, 9, 0, tzinfo=UTC).timestamp()
    tags = ("conflict-detection", "timing", "multi-app", "scheduling", "medium")
    additional_system_prompt = (
        "You are John. You hate late fees and always forget library books. Accept a reminder "
        "that works with your travel."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-montreal-trip",
                title="Trip: Montreal (Jazz Fest + visiting Claire)",
                start_datetime=datetime(2026, 8, 8, 7, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 8, 20, 21, 0, tzinfo=UTC).timestamp(),
                location="Montreal, QC",
            )
        )
        self.reminders = StatefulReminderApp(name="Reminders")
        self.reminders.add_reminder(
            title="Pack for Montreal (adapter, passport)",
            due_datetime="2026-08-07 20:00:00",
            description="",
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.calendar, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            due = self.email.send_email_to_user_with_id(
                email_id="email-library-due",
                sender="notices@multcolib.example",
                subject="3 items due August 14",
                content="Hello John, 3 items are due on Friday August 14: The Overstory, "
                "Braiding Sweetgrass, Piranesi. They can't be renewed because other readers "
                "have holds. Late fees are $0.25 per item per day.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Your 3 library books are due Aug 14, while you're in Montreal (Aug 8-20), and "
                "can't be renewed. Shall I remind you to return them on Friday Aug 7 at 17:00, "
                "before you leave?",
                after=due,
                accept="Yes please.",
            )
            remind = self.oracle(self.reminders, after=accept).add_reminder(
                title="Return 3 library books (due Aug 14, you're away)",
                due_datetime="2026-08-07 17:00:00",
                description="The Overstory, Braiding Sweetgrass, Piranesi - no renewals.",
            )
        self.events = [due, proposal, accept, remind]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a reminder to return the books before the trip",
                (StatefulReminderApp, "add_reminder"),
                title=mentions_any("library", "books", "return"),
                due_datetime=between("2026-08-03 09:00:00", "2026-08-08 06:59:59"),
            ),
            forbid(
                "a reminder that fires while John is away",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=between("2026-08-08 07:00:00", "2026-08-20 21:00:00"),
            ),
        )
