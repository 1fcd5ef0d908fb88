"""Milo's swim term is on Saturday mornings; one of them is the morning of John's half marathon."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import (
    StatefulCalendarApp,
    StatefulEmailApp,
    StatefulMessagingApp,
    StatefulReminderApp,
)
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import (
    Rules,
    all_of,
    at_time,
    equals_text,
    expect,
    mentions,
    mentions_any,
)


@register_scenario("swim_term_saturdays_race_clash")
class SwimTermSaturdaysRaceClash(PAREScenario):
    """A weekly Saturday reminder, the first class, and Dana asked to cover the race day."""

    start_time = datetime(2026, 2, 24, 18, 0, tzinfo=UTC).timestamp()
    tags = (
        "conflict-detection",
        "timing",
        "multi-app",
        "scheduling",
        "communication",
        "hard",
    )
    additional_system_prompt = (
        "You are John, Milo's dad; you take him to swimming. Dana, his mum, can cover a "
        "Saturday if asked. Accept help organising the term."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.race_id = "evt-half-marathon"
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id=self.race_id,
                title="Shamrock Run half marathon",
                start_datetime=datetime(2026, 3, 21, 7, 30, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 3, 21, 11, 0, tzinfo=UTC).timestamp(),
                location="Waterfront Park",
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Dana Whitfield", "+15035550199")])
        self.dana_id = self.messaging.name_to_id["Dana Whitfield"]
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id="conv-dana-whitfield",
                participant_ids=[self.messaging.current_user_id, self.dana_id],
                title="Dana Whitfield",
                last_updated=datetime(2026, 2, 20, 19, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.reminders = StatefulReminderApp(name="Reminders")
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.messaging, self.calendar, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            term = self.email.send_email_to_user_with_id(
                email_id="email-swim-term",
                sender="lessons@dishmanpool.org",
                subject="Milo's spring swim term",
                content="Milo is in Level 3, Saturdays 09:30-10:15 at Matt Dishman pool, for "
                "ten weeks from March 7 (no class April 4). Please arrive 10 minutes early with "
                "goggles.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Milo's swim term is Saturdays 09:30 from Mar 7. On Sat Mar 21 you're running "
                "the half marathon. Shall I set a weekly Saturday 08:45 reminder to pack his "
                "goggles, put the first class in your calendar, and ask Dana to take him on "
                "Mar 21?",
                after=term,
                accept="Yes, all three.",
            )
            weekly = self.oracle(self.reminders, after=accept).add_reminder(
                title="Milo swimming 09:30 - pack goggles",
                due_datetime="2026-03-07 08:45:00",
                description="Matt Dishman pool, arrive 10 minutes early.",
                repetition_unit="week",
                repetition_value=1,
            )
            first = self.oracle(self.calendar, after=weekly).add_calendar_event(
                title="Milo swim term starts",
                start_datetime="2026-03-07 09:30:00",
                end_datetime="2026-03-07 10:15:00",
                location="Matt Dishman pool",
            )
            ask = self.oracle(self.messaging, after=first).send_message(
                user_id=self.dana_id,
                content="Milo's swimming is Saturdays 9:30 at Dishman from March 7. Could you "
                "take him on Sat March 21? I'm running the half marathon that morning.",
            )
        self.events = [term, proposal, accept, weekly, first, ask]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a weekly Saturday reminder before class",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=at_time("2026-03-07 08:45:00"),
                repetition_unit=equals_text("week"),
                repetition_value=1,
            ),
            expect(
                "the first class in the calendar",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-03-07 09:30:00"),
            ),
            expect(
                "Dana asked to cover the race-day class",
                (StatefulMessagingApp, "send_message"),
                user_id=self.dana_id,
                content=all_of(mentions("21"), mentions_any("swim", "pool", "class")),
            ),
        )
