"""A visiting friend lands late at night while John is at a concert across town."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulMessagingApp
from pytest_pare.apps.cab import StatefulCabApp
from pytest_pare.apps.calendar import StatefulCalendarApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import between, check_actions, expect, mentions, mentions_any
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("friend_late_flight_pickup_ride")
class FriendLateFlightPickupRide(PAREScenario):
    """Book Kenji a cab from PDX to John's home for when he lands at 22:40, and text him."""

    start_time = datetime(2026, 10, 2, 18, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("conflict-detection", "timing", "multi-app", "travel", "communication")
    additional_system_prompt = (
        "You are John. Kenji is staying with you; you can't pick him up from the concert."
    )

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
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
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.messaging,
            self.calendar,
            self.cab,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        messaging = self.get_typed_app(StatefulMessagingApp, "Messages")
        cab = self.get_typed_app(StatefulCabApp, "Cab")
        with EventRegisterer.capture_mode():
            delay = messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.kenji_id,
                content="Flight delayed :( now landing PDX at 22:40 instead of 19:10. Could you "
                "still grab me?",
            ).delayed(30)
            proposal = (
                aui.send_message_to_user(
                    content="Kenji now lands at PDX at 22:40, while you're at the symphony until "
                    "22:30. Shall I book him a cab from PDX to your place for 22:55 and text him?"
                )
                .oracle()
                .depends_on(delay, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes, do that.")
                .oracle()
                .depends_on(proposal, delay_seconds=5)
            )
            ride = (
                cab.order_ride(
                    start_location="PDX Airport",
                    end_location="123 Main St, Anytown, USA",
                    service_type="Default",
                    ride_time="2026-10-02 22:55:00",
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
            tell = (
                messaging.send_message(
                    user_id=self.kenji_id,
                    content="I'm at a concert, so I booked you a cab from PDX at 22:55 to my "
                    "place. Key is under the blue pot!",
                )
                .oracle()
                .depends_on(ride, delay_seconds=2)
            )
        self.events = [delay, proposal, accept, ride, tell]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "a cab from PDX to John's home after Kenji lands",
                "StatefulCabApp",
                "order_ride",
                start_location=mentions("PDX"),
                end_location=mentions("123 Main St"),
                ride_time=between("2026-10-02 22:40:00", "2026-10-02 23:20:00"),
            ),
            expect(
                "Kenji told about the cab",
                "StatefulMessagingApp",
                "send_message",
                user_id=self.kenji_id,
                content=mentions_any("cab", "ride", "taxi"),
            ),
        )
