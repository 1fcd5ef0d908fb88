"""The coach moves Milo's soccer practice in the team chat; John's calendar has the old day."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulMessagingApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, between, expect


@register_scenario("soccer_practice_moved_calendar")
class SoccerPracticeMovedCalendar(PAREScenario):
    """Move practice from Tue 17:00 to Wed 17:30 and the cleats reminder to Wednesday."""

    start_time = datetime(2026, 9, 13, 18, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "follow-up", "multi-app", "scheduling", "hard")
    additional_system_prompt = "You are John, Milo's dad. You drive him to practice."

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.practice_id = "evt-milo-soccer"
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id=self.practice_id,
                title="Milo soccer practice",
                start_datetime=datetime(2026, 9, 15, 17, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 9, 15, 18, 15, tzinfo=UTC).timestamp(),
                location="Grant Park field 2",
            )
        )
        self.reminders = StatefulReminderApp(name="Reminders")
        self.cleats_id = self.reminders.add_reminder(
            title="Pack Milo's cleats and water bottle",
            due_datetime="2026-09-15 16:15:00",
            description="Practice at Grant Park",
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        parents = [("Coach Alvarez", "+15035550850"), ("Jen Park", "+15035550851")]
        self.messaging.add_contacts(parents)
        self.coach_id = self.messaging.name_to_id["Coach Alvarez"]
        self.team_id = "conv-u9-tigers"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.team_id,
                participant_ids=[self.messaging.current_user_id, *(p for _, p in parents)],
                title="U9 Tigers parents",
                last_updated=datetime(2026, 9, 10, 19, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.calendar, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            moved = self.messaging.create_and_add_message(
                conversation_id=self.team_id,
                sender_id=self.coach_id,
                content="Field 2 is being reseeded: this week's practice moves from Tuesday to "
                "Wednesday Sept 16, 5:30-6:45pm, same field.",
            ).delayed(20)
            proposal, accept = self.propose(
                "Coach Alvarez moved practice to Wed 9/16 17:30-18:45. Shall I move it in your "
                "calendar and shift the cleats reminder to Wednesday 16:45?",
                after=moved,
                accept="Yes.",
            )
            move = self.oracle(self.calendar, after=accept).edit_calendar_event(
                event_id=self.practice_id,
                start_datetime="2026-09-16 17:30:00",
                end_datetime="2026-09-16 18:45:00",
            )
            new_reminder = self.oracle(self.reminders, after=move).add_reminder(
                title="Pack Milo's cleats and water bottle",
                due_datetime="2026-09-16 16:45:00",
                description="Practice moved to Wednesday 17:30",
            )
            old_reminder = self.oracle(self.reminders, after=new_reminder).delete_reminder(
                reminder_id=self.cleats_id
            )
        self.events = [moved, proposal, accept, move, new_reminder, old_reminder]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "practice moved to Wed 17:30",
                (StatefulCalendarApp, "edit_calendar_event"),
                event_id=self.practice_id,
                start_datetime=at_time("2026-09-16 17:30:00"),
            ),
            expect(
                "a cleats reminder before Wednesday's practice",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=between("2026-09-16 12:00:00", "2026-09-16 17:30:00"),
            ),
            expect(
                "the Tuesday cleats reminder removed",
                (StatefulReminderApp, "delete_reminder"),
                reminder_id=self.cleats_id,
            ),
        )
