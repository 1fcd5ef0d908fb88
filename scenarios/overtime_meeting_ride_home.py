"""The offsite runs late and Dana can no longer pick John up."""

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
from pytest_pare.scenarios.checks import between, check_actions, expect, mentions
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("overtime_meeting_ride_home")
class OvertimeMeetingRideHome(PAREScenario):
    """Book a ride home from the offsite venue when it ends at 21:00."""

    start_time = datetime(2026, 2, 26, 17, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "timing", "multi-app", "travel")
    additional_system_prompt = "You are John, at an offsite in Lake Oswego without a car."

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-offsite",
                title="Leadership offsite",
                start_datetime=datetime(2026, 2, 26, 9, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 2, 26, 18, 0, tzinfo=UTC).timestamp(),
                location="Lakewood Center, 368 S State St, Lake Oswego",
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts(
            [("Dana Whitfield", "+15035550133"), ("Rosa Delgado", "+15035550171")]
        )
        self.dana_id = self.messaging.name_to_id["Dana Whitfield"]
        self.rosa_id = self.messaging.name_to_id["Rosa Delgado"]
        me = self.messaging.current_user_id
        for conv_id, other, title in (
            ("conv-dana", self.dana_id, "Dana Whitfield"),
            ("conv-rosa", self.rosa_id, "Rosa Delgado"),
        ):
            self.messaging.add_conversation(
                ConversationV2(
                    conversation_id=conv_id,
                    participant_ids=[me, other],
                    title=title,
                    last_updated=datetime(2026, 2, 26, 8, 0, tzinfo=UTC).timestamp(),
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
            late = messaging.create_and_add_message(
                conversation_id="conv-rosa",
                sender_id=self.rosa_id,
                content="Heads up: we're extending the offsite with a working dinner, wrapping "
                "at 9pm sharp.",
            ).delayed(20)
            dana = messaging.create_and_add_message(
                conversation_id="conv-dana",
                sender_id=self.dana_id,
                content="If you're done at 9 I can't get you, I have Milo. Sorry! Take a cab?",
            ).depends_on(late, delay_seconds=60)
            proposal = (
                aui.send_message_to_user(
                    content="The offsite now ends at 21:00 and Dana can't pick you up. Shall I "
                    "book "
                    "a cab from the Lakewood Center to home for 21:00?"
                )
                .oracle()
                .depends_on(dana, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes.").oracle().depends_on(proposal, delay_seconds=5)
            )
            ride = (
                cab.order_ride(
                    start_location="Lakewood Center, 368 S State St, Lake Oswego",
                    end_location="123 Main St, Anytown, USA",
                    service_type="Default",
                    ride_time="2026-02-26 21:00:00",
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [late, dana, proposal, accept, ride]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "a cab home from the offsite around 21:00",
                "StatefulCabApp",
                "order_ride",
                start_location=mentions("Lakewood"),
                end_location=mentions("123 Main St"),
                ride_time=between("2026-02-26 20:50:00", "2026-02-26 21:20:00"),
            ),
        )
