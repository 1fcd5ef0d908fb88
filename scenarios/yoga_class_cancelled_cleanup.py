"""The studio cancels Saturday's workshop; John's calendar block and mat reminder are now stale."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulEmailApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid


@register_scenario("yoga_class_cancelled_cleanup")
class YogaClassCancelledCleanup(PAREScenario):
    """Delete the workshop event and its 'pack the mat' reminder; keep the Sunday class."""

    start_time = datetime(2026, 11, 19, 12, 0, tzinfo=UTC).timestamp()
    tags = ("follow-up", "multi-app", "scheduling", "hard")
    additional_system_prompt = "You are John. You like stale entries cleaned up."

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.workshop_id = "evt-yoga-workshop"
        self.sunday_id = "evt-yoga-sunday"
        for event_id, title, day, hour in (
            (self.workshop_id, "Inversions workshop - Soma Yoga", 21, 10),
            (self.sunday_id, "Vinyasa flow - Soma Yoga", 22, 9),
        ):
            self.calendar.set_calendar_event(
                CalendarEvent(
                    event_id=event_id,
                    title=title,
                    start_datetime=datetime(2026, 11, day, hour, tzinfo=UTC).timestamp(),
                    end_datetime=datetime(2026, 11, day, hour + 2, tzinfo=UTC).timestamp(),
                    location="Soma Yoga, 3316 SE Belmont",
                )
            )
        self.reminders = StatefulReminderApp(name="Reminders")
        self.mat_reminder = self.reminders.add_reminder(
            title="Pack yoga mat + blocks for workshop",
            due_datetime="2026-11-20 21:00:00",
            description="Inversions workshop Saturday 10:00",
        )
        self.reminders.add_reminder(
            title="Renew Soma class pack", due_datetime="2026-11-30 09:00:00", description=""
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.calendar, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            cancel = self.email.send_email_to_user_with_id(
                email_id="email-soma-cancel",
                sender="hello@somayoga.studio",
                subject="Cancelled: Saturday inversions workshop",
                content="Our teacher is ill, so Saturday's inversions workshop (Nov 21) is "
                "cancelled and refunded. Sunday classes run as usual.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Soma cancelled Saturday's inversions workshop (refunded). Shall I remove it from "
                "your calendar and delete the 'Pack yoga mat' reminder?",
                after=cancel,
                accept="Yes.",
            )
            drop_event = self.oracle(self.calendar, after=accept).delete_calendar_event(
                event_id=self.workshop_id
            )
            drop_reminder = self.oracle(self.reminders, after=drop_event).delete_reminder(
                reminder_id=self.mat_reminder
            )
        self.events = [cancel, proposal, accept, drop_event, drop_reminder]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the workshop removed from the calendar",
                (StatefulCalendarApp, "delete_calendar_event"),
                event_id=self.workshop_id,
            ),
            expect(
                "the mat reminder deleted",
                (StatefulReminderApp, "delete_reminder"),
                reminder_id=self.mat_reminder,
            ),
            forbid(
                "the Sunday class deleted",
                (StatefulCalendarApp, "delete_calendar_event"),
                event_id=self.sunday_id,
            ),
        )
