"""A visiting friend lands late at night while John is at a concert across town."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCabApp, StatefulCalendarApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, mentions, mentions_any


@register_scenario("friend_late_flight_pickup_ride")
class FriendLateFlightPickupRide(PAREScenario):
    """Book Kenji a cab from PDX to John's home for when he lands at 22:40, and text him."""

    start_time = datetime(2026, 10, 2, 18, 0, tzinfo=UTC).timestamp()
    tags = ("conflict-detection", "timing", "multi-app", "travel", "communication", "medium")
    additional_system_prompt = (
        "You are John. Kenji is staying with you; you can't pick him up from the concert."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-symphony",
                title="Oregon Symphony",
                start_datetime=datetime(2026, 10, 2, 19, 30, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 10, 2, 22, 30, tzinfo=UTC).timestamp(),
                location="Arlene Schnitzer Concert Hall",
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Kenji Watanabe", "+14155550922")])
        self.kenji_id = self.messaging.name_to_id["Kenji Watanabe"]
        self.conv_id = "conv-kenji"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.kenji_id],
                title="Kenji Watanabe",
                last_updated=datetime(2026, 9, 30, 12, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.cab = StatefulCabApp(name="Cab")
        self.apps = [self.messaging, self.calendar, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            delay = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.kenji_id,
                content="Flight delayed :( now landing PDX at 22:40 instead of 19:10. Could you "
                "still grab me?",
            ).delayed(30)
            proposal, accept = self.propose(
                "Kenji now lands at PDX at 22:40, while you're at the symphony until 22:30. Shall "
                "I book him a cab from PDX to your place for 22:55 and text him?",
                after=delay,
                accept="Yes, do that.",
            )
            ride = self.oracle(self.cab, after=accept).order_ride(
                start_location="PDX Airport",
                end_location="123 Main St, Anytown, USA",
                service_type="Default",
                ride_time="2026-10-02 22:55:00",
            )
            tell = self.oracle(self.messaging, after=ride).send_message(
                user_id=self.kenji_id,
                content="I'm at a concert, so I booked you a cab from PDX at 22:55 to my "
                "place. Key is under the blue pot!",
            )
        self.events = [delay, proposal, accept, ride, tell]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a cab from PDX to John's home after Kenji lands",
                (StatefulCabApp, "order_ride"),
                start_location=mentions("PDX"),
                end_location=mentions("123 Main St"),
                ride_time=between("2026-10-02 22:40:00", "2026-10-02 23:20:00"),
            ),
            expect(
                "Kenji told about the cab",
                (StatefulMessagingApp, "send_message"),
                user_id=self.kenji_id,
                content=mentions_any("cab", "ride", "taxi"),
            ),
        )
