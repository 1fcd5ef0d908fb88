"""The bride mails the wedding weekend: three events for the wedding party and a suit to collect."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulEmailApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, between, expect, mentions

EVENTS = (
    ("Rehearsal dinner", "2026-06-12 19:00:00", "2026-06-12 22:00:00", "Olympia Provisions"),
    ("Priyanka & Tom's wedding", "2026-06-13 15:00:00", "2026-06-13 23:00:00", "Leach Garden"),
    ("Farewell brunch", "2026-06-14 10:30:00", "2026-06-14 12:30:00", "Tin Shed Garden Cafe"),
)


@register_scenario("wedding_weekend_schedule")
class WeddingWeekendSchedule(PAREScenario):
    """Three calendar events and a suit reminder; every one must land, a failed call retried."""

    start_time = datetime(2026, 5, 4, 12, 0, tzinfo=UTC).timestamp()
    tags = (
        "noise-sensitive",
        "goal-inference",
        "timing",
        "multi-app",
        "scheduling",
        "hard",
    )
    additional_system_prompt = (
        "You are John, a groomsman at Priyanka and Tom's wedding. Accept help getting the "
        "weekend into your calendar."
    )

    def init_and_populate_apps(self) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.reminders = StatefulReminderApp(name="Reminders")
        self.apps = [self.email, self.calendar, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            schedule = self.email.send_email_to_user_with_id(
                email_id="email-wedding-weekend",
                sender="priyanka.shah@gmail.com",
                subject="Wedding weekend - the schedule!",
                content="Wedding party, here's the weekend: Fri June 12 rehearsal dinner 19:00 "
                "at Olympia Provisions; Sat June 13 ceremony 15:00 at Leach Botanical Garden, "
                "party until late; Sun June 14 farewell brunch 10:30 at Tin Shed. Groomsmen: "
                "collect your suits from Alder Tailors by Wednesday June 10! Priyanka",
            ).delayed(30)
            proposal, accept = self.propose(
                "Priyanka sent the wedding weekend: rehearsal dinner Fri 19:00, ceremony Sat "
                "15:00, brunch Sun 10:30. Shall I add all three to your calendar and remind you "
                "to collect your suit from Alder Tailors before Wed Jun 10?",
                after=schedule,
                accept="Yes please.",
            )
            previous = accept
            added = []
            for title, start, end, place in EVENTS:
                previous = self.oracle(self.calendar, after=previous).add_calendar_event(
                    title=title, start_datetime=start, end_datetime=end, location=place
                )
                added.append(previous)
            suit = self.oracle(self.reminders, after=previous).add_reminder(
                title="Collect the suit from Alder Tailors",
                due_datetime="2026-06-08 17:00:00",
                description="Groomsmen suits must be collected by Wed June 10.",
            )
        self.events = [schedule, proposal, accept, *added, suit]

    def expected_actions(self) -> Rules:
        weekend = [
            expect(
                f"the {title.lower()} in the calendar",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time(start),
            )
            for title, start, _, _ in EVENTS
        ]
        return (
            *weekend,
            expect(
                "a reminder to collect the suit in time",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=between("2026-05-04 12:00:00", "2026-06-10 12:00:00"),
                title=mentions("suit"),
            ),
        )
