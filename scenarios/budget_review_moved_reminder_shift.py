"""Rosa moves the budget review from Tuesday to Thursday; the prep reminder still fires Monday."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, mentions_any


@register_scenario("budget_review_moved_reminder_shift")
class BudgetReviewMovedReminderShift(PAREScenario):
    """The Mon 17:00 slides reminder moves to Wed 17:00 when the review moves to Thu."""

    start_time = datetime(2026, 11, 6, 13, 0, tzinfo=UTC).timestamp()
    tags = ("follow-up", "scheduling", "timing", "medium")
    additional_system_prompt = (
        "You are John. You set reminders the day before big meetings to send your slides."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.old_event_id = "evt-budget-tue"
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id=self.old_event_id,
                title="FY27 budget review",
                start_datetime=datetime(2026, 11, 10, 15, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 11, 10, 16, 30, tzinfo=UTC).timestamp(),
                attendees=["Rosa Delgado", "John Doe", "Finance team"],
            )
        )
        self.reminders = StatefulReminderApp(name="Reminders")
        self.slides_reminder = self.reminders.add_reminder(
            title="Send budget slides to Rosa",
            due_datetime="2026-11-09 17:00:00",
            description="Day before the FY27 budget review",
        )
        self.reminders.add_reminder(
            title="Dry cleaning pickup", due_datetime="2026-11-07 11:00:00", description=""
        )
        self.apps = [self.calendar, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            dropped = self.calendar.delete_calendar_event_by_attendee(
                event_id=self.old_event_id, who_delete="Rosa Delgado"
            ).delayed(20)
            moved = self.calendar.add_calendar_event_by_attendee(
                who_add="Rosa Delgado",
                title="FY27 budget review (moved)",
                start_datetime="2026-11-12 15:00:00",
                end_datetime="2026-11-12 16:30:00",
                attendees=["Rosa Delgado", "John Doe", "Finance team"],
            ).depends_on(dropped, delay_seconds=2)
            proposal, accept = self.propose(
                "Rosa moved the budget review to Thursday 15:00. Your 'Send budget slides' "
                "reminder is still Monday 17:00; shall I move it to Wednesday 17:00?",
                after=moved,
                accept="Yes.",
            )
            new = self.oracle(self.reminders, after=accept).add_reminder(
                title="Send budget slides to Rosa",
                due_datetime="2026-11-11 17:00:00",
                description="Day before the FY27 budget review (now Thursday)",
            )
            old = self.oracle(self.reminders, after=new).delete_reminder(
                reminder_id=self.slides_reminder
            )
        self.events = [dropped, moved, proposal, accept, new, old]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a slides reminder the day before Thursday's review",
                (StatefulReminderApp, "add_reminder"),
                title=mentions_any("slides", "budget"),
                due_datetime=between("2026-11-10 17:00:00", "2026-11-12 14:00:00"),
            ),
            expect(
                "the stale Monday reminder removed",
                (StatefulReminderApp, "delete_reminder"),
                reminder_id=self.slides_reminder,
            ),
        )
