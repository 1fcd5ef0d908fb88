"""Priya confirms dinner at 19:30 at Luce; a cab is a fair offer, but John wants to walk."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCabApp, StatefulCalendarApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, declined, mentions_any


@register_scenario("dinner_cab_declined_walking")
class DinnerCabDeclinedWalking(PAREScenario):
    """John walks to dinner: no ride ordered, none offered again."""

    start_time = datetime(2026, 6, 11, 17, 30, tzinfo=UTC).timestamp()
    tags = ("rejection", "goal-inference", "timing", "travel", "multi-app", "easy")
    additional_system_prompt = (
        "You are John. Luce is a 20-minute walk and it's a warm evening: you'll walk. Decline "
        "any cab or ride to dinner."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-luce-dinner",
                title="Dinner with Priya at Luce",
                start_datetime=datetime(2026, 6, 11, 19, 30, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 6, 11, 21, 30, tzinfo=UTC).timestamp(),
                location="Luce, 2140 E Burnside St",
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Priya Raman", "+14155550142")])
        self.priya_id = self.messaging.name_to_id["Priya Raman"]
        self.conv_id = "conv-priya"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.priya_id],
                title="Priya Raman",
                last_updated=datetime(2026, 6, 10, 12, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.cab = StatefulCabApp(name="Cab")
        self.apps = [self.messaging, self.calendar, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            confirm = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.priya_id,
                content="Still on for Luce at 7:30 tonight? I'm there from 7:15.",
            ).delayed(30)
            proposal, no = self.propose(
                "Priya confirms dinner at Luce (2140 E Burnside) at 19:30. Shall I order a cab "
                "from home for 19:10?",
                after=confirm,
                reject="No, I'll walk, it's a nice evening.",
            )
        self.events = [confirm, proposal, no]

    def expected_actions(self) -> Rules:
        return (
            declined(
                "John walks to Luce; no cab",
                offer=mentions_any("cab", "ride", "taxi", "car"),
            ),
        )
