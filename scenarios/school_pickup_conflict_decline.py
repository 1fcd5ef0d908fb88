"""Dana asks John to do Thursday's school pickup, but he is in a board review then."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulMessagingApp
from pytest_pare.apps.calendar import StatefulCalendarApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import (
    all_of,
    between,
    check_actions,
    expect,
    forbid,
    mentions_any,
)
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("school_pickup_conflict_decline")
class SchoolPickupConflictDecline(PAREScenario):
    """The 15:15 pickup falls inside a 14:30-16:00 board review; the reply must say so."""

    start_time = datetime(2026, 10, 20, 12, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("conflict-detection", "communication")
    additional_system_prompt = (
        "You are John. The board review on Thursday cannot move. Accept a reply to Dana "
        "that explains you can't do the pickup."
    )

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-board-review",
                title="Board review (presenting)",
                start_datetime=datetime(2026, 10, 22, 14, 30, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 10, 22, 16, 0, tzinfo=UTC).timestamp(),
                location="HQ boardroom",
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Dana Whitfield", "+15035550133")])
        self.dana_id = self.messaging.name_to_id["Dana Whitfield"]
        self.conv_id = "conv-dana"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.dana_id],
                title="Dana Whitfield",
                last_updated=datetime(2026, 10, 19, 20, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.messaging,
            self.calendar,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        messaging = self.get_typed_app(StatefulMessagingApp, "Messages")
        with EventRegisterer.capture_mode():
            ask = messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.dana_id,
                content="Can you get Milo from school on Thursday at 3:15? I have a dentist thing.",
            ).delayed(20)
            proposal = (
                aui.send_message_to_user(
                    content="Dana asks you to pick up Milo Thu 15:15, but you're presenting at the "
                    "board review 14:30-16:00. Shall I tell her you can't make it?"
                )
                .oracle()
                .depends_on(ask, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes, tell her.")
                .oracle()
                .depends_on(proposal, delay_seconds=5)
            )
            reply = (
                messaging.send_message(
                    user_id=self.dana_id,
                    content="Sorry, I can't on Thursday - I'm presenting at the board review "
                    "14:30-16:00. Could your mom do it?",
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [ask, proposal, accept, reply]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "Dana told John can't do the pickup because of the board review",
                "StatefulMessagingApp",
                "send_message",
                user_id=self.dana_id,
                # A decline that gives the reason; "board" alone also fits a yes.
                content=all_of(
                    mentions_any("can't", "can’t", "cannot", "can not", "unable", "won't"),
                    mentions_any("board", "review", "presenting", "meeting"),
                ),
            ),
            forbid(
                "a pickup booked over the board review",
                "StatefulCalendarApp",
                "add_calendar_event",
                start_datetime=between("2026-10-22 14:30:00", "2026-10-22 16:00:00"),
            ),
        )
