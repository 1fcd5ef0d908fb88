"""A manager drops a planning block onto the dentist slot; only one offered slot is really free."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2, MessageV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, expect, forbid, mentions_any


def _at(day: int, hour: int, minute: int = 0) -> float:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC).timestamp()


@register_scenario("dentist_clash_with_planning")
class DentistClashWithPlanning(PAREScenario):
    """Dentist Tue 10:00 vs. planning 09:30-12:00; Thu 08:30 hits a flight, so Wed 15:00."""

    start_time = _at(16, 8, 0)
    tags = ("conflict-detection", "scheduling", "communication", "medium")
    additional_system_prompt = (
        "You are John. Work meetings set by your manager take priority; personal "
        "appointments can move. Accept a proposal that moves the dentist to a free slot."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.dentist_event_id = "evt-dentist-lin"
        for event in (
            CalendarEvent(
                event_id=self.dentist_event_id,
                title="Dentist - Dr. Lin (cleaning)",
                start_datetime=_at(17, 10),
                end_datetime=_at(17, 11),
                location="Lin Family Dental, 1420 Belmont St",
            ),
            CalendarEvent(
                event_id="evt-flight-sea",
                title="Flight AS 330 PDX -> SEA",
                start_datetime=_at(19, 8, 0),
                end_datetime=_at(19, 9, 0),
            ),
            CalendarEvent(
                event_id="evt-gym",
                title="Climbing gym",
                start_datetime=_at(18, 18),
                end_datetime=_at(18, 19, 30),
            ),
        ):
            self.calendar.set_calendar_event(event)
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Lin Family Dental", "+15035550160")])
        self.office_id = self.messaging.name_to_id["Lin Family Dental"]
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id="conv-lin-dental",
                participant_ids=[self.messaging.current_user_id, self.office_id],
                title="Lin Family Dental",
                last_updated=_at(13, 11),
                messages=[
                    MessageV2(
                        message_id="lin-1",
                        sender_id=self.office_id,
                        content="Reminder: cleaning Tue 3/17 at 10:00. If you need to move it, we "
                        "also have Wed 3/18 at 15:00 or Thu 3/19 at 8:30. Just reply here.",
                        timestamp=_at(13, 11),
                    )
                ],
            )
        )
        self.apps = [self.calendar, self.messaging]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            planning = self.calendar.add_calendar_event_by_attendee(
                who_add="Rosa Delgado",
                title="Q2 planning (mandatory)",
                start_datetime="2026-03-17 09:30:00",
                end_datetime="2026-03-17 12:00:00",
                attendees=["Rosa Delgado", "John Doe"],
            ).delayed(30)
            proposal, accept = self.propose(
                "Rosa's new Q2 planning (Tue 9:30-12:00) overlaps your 10:00 dentist. Thu 8:30 "
                "clashes with your flight, so shall I ask Lin Family Dental for Wed 3/18 at 15:00 "
                "and move the appointment in your calendar?",
                after=planning,
                accept="Yes, Wednesday works.",
            )
            ask = self.oracle(self.messaging, after=accept).send_message(
                user_id=self.office_id,
                content="Hi, could you move my cleaning from Tue 3/17 10:00 to Wed 3/18 at "
                "15:00? Thanks, John",
            )
            move = self.oracle(self.calendar, after=ask).edit_calendar_event(
                event_id=self.dentist_event_id,
                start_datetime="2026-03-18 15:00:00",
                end_datetime="2026-03-18 16:00:00",
            )
        self.events = [planning, proposal, accept, ask, move]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the dental office asked for Wednesday 15:00",
                (StatefulMessagingApp, "send_message"),
                user_id=self.office_id,
                content=mentions_any("wed", "3/18", "18th"),
            ),
            expect(
                "the dentist entry moved to Wed 3/18 15:00",
                (StatefulCalendarApp, "edit_calendar_event"),
                event_id=self.dentist_event_id,
                start_datetime=at_time("2026-03-18 15:00:00"),
            ),
            forbid(
                "moving the dentist onto the flight slot",
                (StatefulCalendarApp, "edit_calendar_event"),
                event_id=self.dentist_event_id,
                start_datetime=at_time("2026-03-19 08:30:00"),
            ),
        )
