"""Priya pushes Friday's dinner back an hour in chat; the calendar entry should follow."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2, MessageV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, expect


@register_scenario("dinner_moved_calendar_update")
class DinnerMovedCalendarUpdate(PAREScenario):
    """A friend reschedules dinner by text; the assistant moves the calendar event to match."""

    start_time = datetime(2026, 3, 11, 17, 30, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "scheduling", "easy")
    additional_system_prompt = (
        "You are John. You keep your calendar accurate and like the assistant to fix "
        "entries when plans change. Accept a proposal that moves the dinner to 20:00."
    )

    def init_and_populate_apps(self) -> None:
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Priya Raman", "+14155550142")])
        self.priya_id = self.messaging.name_to_id["Priya Raman"]
        me = self.messaging.current_user_id
        self.conv_id = "conv-priya-raman"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[me, self.priya_id],
                title="Priya Raman",
                last_updated=datetime(2026, 3, 9, 12, 4, tzinfo=UTC).timestamp(),
                messages=[
                    MessageV2(
                        message_id="priya-1",
                        sender_id=self.priya_id,
                        content="Table for two at Nopalito, Friday 7pm. Booked it!",
                        timestamp=datetime(2026, 3, 9, 12, 0, tzinfo=UTC).timestamp(),
                    ),
                    MessageV2(
                        message_id="priya-2",
                        sender_id=me,
                        content="Perfect, see you there.",
                        timestamp=datetime(2026, 3, 9, 12, 4, tzinfo=UTC).timestamp(),
                    ),
                ],
            )
        )

        self.calendar = StatefulCalendarApp(name="Calendar")
        self.dinner_id = "evt-dinner-priya"
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id=self.dinner_id,
                title="Dinner with Priya",
                start_datetime=datetime(2026, 3, 13, 19, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 3, 13, 21, 0, tzinfo=UTC).timestamp(),
                location="Nopalito, 9th Ave",
                attendees=["Priya Raman"],
            )
        )
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-standup",
                title="Team standup",
                start_datetime=datetime(2026, 3, 13, 9, 30, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 3, 13, 9, 45, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.calendar]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            moved = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.priya_id,
                content="Ugh, work ran over. Nopalito could only move us to 8pm on Friday, still "
                "ok?",
            ).delayed(20)
            proposal, accept = self.propose(
                "Priya moved Friday's dinner at Nopalito to 8pm. Shall I move 'Dinner with Priya' "
                "in your calendar to 20:00-22:00?",
                after=moved,
                delay=5,
                accept="Yes, move it.",
            )
            edit = self.oracle(self.calendar, after=accept).edit_calendar_event(
                event_id=self.dinner_id,
                start_datetime="2026-03-13 20:00:00",
                end_datetime="2026-03-13 22:00:00",
            )
        self.events = [moved, proposal, accept, edit]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the dinner event moved to 20:00 on Friday",
                (StatefulCalendarApp, "edit_calendar_event"),
                event_id=self.dinner_id,
                start_datetime=at_time("2026-03-13 20:00:00"),
            ),
        )
