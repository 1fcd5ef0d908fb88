"""Sam confirms the 19:30 table across town; John has no car tonight."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2, MessageV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCabApp, StatefulCalendarApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, mentions_any


@register_scenario("dinner_at_luce_ride")
class DinnerAtLuceRide(PAREScenario):
    """Sam confirms dinner at Luce; John's car is in the shop, so book a cab for 19:05."""

    start_time = datetime(2026, 4, 24, 16, 0, tzinfo=UTC).timestamp()
    tags = ("timing", "multi-app", "travel", "easy")
    additional_system_prompt = (
        "You are John. Your car is in the shop this week. Accept a ride that gets you to "
        "dinner on time."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        for event in (
            CalendarEvent(
                event_id="evt-dinner-sam",
                title="Dinner with Sam",
                start_datetime=datetime(2026, 4, 24, 19, 30, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 4, 24, 21, 30, tzinfo=UTC).timestamp(),
                location="Luce, 2140 E Burnside St",
            ),
            CalendarEvent(
                event_id="evt-car-shop",
                title="Car at Rose City Auto (pick up Monday)",
                start_datetime=datetime(2026, 4, 22, 8, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 4, 27, 17, 0, tzinfo=UTC).timestamp(),
            ),
        ):
            self.calendar.set_calendar_event(event)
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Sam Whitaker", "+15035550707")])
        self.sam_id = self.messaging.name_to_id["Sam Whitaker"]
        self.conv_id = "conv-sam"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.sam_id],
                title="Sam Whitaker",
                last_updated=datetime(2026, 4, 20, 12, 0, tzinfo=UTC).timestamp(),
                messages=[
                    MessageV2(
                        message_id="sam-1",
                        sender_id=self.sam_id,
                        content="Friday dinner? I'll try to get us into Luce.",
                        timestamp=datetime(2026, 4, 20, 12, 0, tzinfo=UTC).timestamp(),
                    )
                ],
            )
        )
        self.cab = StatefulCabApp(name="Cab")
        self.apps = [self.calendar, self.messaging, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            confirm = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.sam_id,
                content="Got the 7:30 table at Luce! They only hold it 10 minutes, so don't be "
                "late.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Sam got the 19:30 table at Luce (held only 10 min) and your car is in the shop. "
                "Shall I book a cab from home to Luce for 19:05?",
                after=confirm,
                accept="Yes please.",
            )
            ride = self.oracle(self.cab, after=accept).order_ride(
                start_location="123 Main St, Anytown, USA",
                end_location="Luce, 2140 E Burnside St",
                service_type="Default",
                ride_time="2026-04-24 19:05:00",
            )
        self.events = [confirm, proposal, accept, ride]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a cab to Luce that arrives before 19:30",
                (StatefulCabApp, "order_ride"),
                end_location=mentions_any("Burnside", "Luce"),
                ride_time=between("2026-04-24 18:40:00", "2026-04-24 19:15:00"),
            ),
        )
