"""Dana asks John to do Thursday's school pickup, but he is in a board review then."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, all_of, between, expect, forbid, mentions_any


@register_scenario("school_pickup_conflict_decline")
class SchoolPickupConflictDecline(PAREScenario):
    """The 15:15 pickup falls inside a 14:30-16:00 board review; the reply must say so."""

    start_time = datetime(2026, 10, 20, 12, 0, tzinfo=UTC).timestamp()
    tags = ("conflict-detection", "communication", "easy")
    additional_system_prompt = (
        "You are John. The board review on Thursday cannot move. Accept a reply to Dana "
        "that explains you can't do the pickup."
    )

    def init_and_populate_apps(self) -> None:
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
        self.apps = [self.messaging, self.calendar]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.dana_id,
                content="Can you get Milo from school on Thursday at 3:15? I have a dentist thing.",
            ).delayed(20)
            proposal, accept = self.propose(
                "Dana asks you to pick up Milo Thu 15:15, but you're presenting at the board "
                "review 14:30-16:00. Shall I tell her you can't make it?",
                after=ask,
                accept="Yes, tell her.",
            )
            reply = self.oracle(self.messaging, after=accept).send_message(
                user_id=self.dana_id,
                content="Sorry, I can't on Thursday - I'm presenting at the board review "
                "14:30-16:00. Could your mom do it?",
            )
        self.events = [ask, proposal, accept, reply]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Dana told John can't do the pickup because of the board review",
                (StatefulMessagingApp, "send_message"),
                user_id=self.dana_id,
                # A decline that gives the reason; "board" alone also fits a yes.
                content=all_of(
                    mentions_any("can't", "can’t", "cannot", "can not", "unable", "won't"),
                    mentions_any("board", "review", "presenting", "meeting"),
                ),
            ),
            forbid(
                "a pickup booked over the board review",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=between("2026-10-22 14:30:00", "2026-10-22 16:00:00"),
            ),
        )
