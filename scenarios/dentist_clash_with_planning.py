"""A manager drops a planning block onto the dentist slot; only one offered slot is really free."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2, MessageV2
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulMessagingApp
from pytest_pare.apps.calendar import StatefulCalendarApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import at_time, check_actions, expect, forbid, mentions_any
from pytest_pare.scenarios.utils.registry import register_scenario


def _at(day: int, hour: int, minute: int = 0) -> float:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC).timestamp()


@register_scenario("dentist_clash_with_planning")
class DentistClashWithPlanning(PAREScenario):
    """Dentist Tue 10:00 vs. planning 09:30-12:00; Thu 08:30 hits a flight, so Wed 15:00."""

    start_time = _at(16, 8, 0)
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("conflict-detection", "scheduling", "communication")
    additional_system_prompt = (
        "You are John. Work meetings set by your manager take priority; personal "
        "appointments can move. Accept a proposal that moves the dentist to a free slot."
    )

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
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
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.calendar,
            self.messaging,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        calendar = self.get_typed_app(StatefulCalendarApp, "Calendar")
        messaging = self.get_typed_app(StatefulMessagingApp, "Messages")
        with EventRegisterer.capture_mode():
            planning = calendar.add_calendar_event_by_attendee(
                who_add="Rosa Delgado",
                title="Q2 planning (mandatory)",
                start_datetime="2026-03-17 09:30:00",
                end_datetime="2026-03-17 12:00:00",
                attendees=["Rosa Delgado", "John Doe"],
            ).delayed(30)
            proposal = (
                aui.send_message_to_user(
                    content="Rosa's new Q2 planning (Tue 9:30-12:00) overlaps your 10:00 dentist. "
                    "Thu 8:30 clashes with your flight, so shall I ask Lin Family Dental for "
                    "Wed 3/18 at 15:00 and move the appointment in your calendar?"
                )
                .oracle()
                .depends_on(planning, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes, Wednesday works.")
                .oracle()
                .depends_on(proposal, delay_seconds=5)
            )
            ask = (
                messaging.send_message(
                    user_id=self.office_id,
                    content="Hi, could you move my cleaning from Tue 3/17 10:00 to Wed 3/18 at "
                    "15:00? Thanks, John",
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
            move = (
                calendar.edit_calendar_event(
                    event_id=self.dentist_event_id,
                    start_datetime="2026-03-18 15:00:00",
                    end_datetime="2026-03-18 16:00:00",
                )
                .oracle()
                .depends_on(ask, delay_seconds=2)
            )
        self.events = [planning, proposal, accept, ask, move]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "the dental office asked for Wednesday 15:00",
                "StatefulMessagingApp",
                "send_message",
                user_id=self.office_id,
                content=mentions_any("wed", "3/18", "18th"),
            ),
            expect(
                "the dentist entry moved to Wed 3/18 15:00",
                "StatefulCalendarApp",
                "edit_calendar_event",
                event_id=self.dentist_event_id,
                start_datetime=at_time("2026-03-18 15:00:00"),
            ),
            forbid(
                "moving the dentist onto the flight slot",
                "StatefulCalendarApp",
                "edit_calendar_event",
                event_id=self.dentist_event_id,
                start_datetime=at_time("2026-03-19 08:30:00"),
            ),
        )
