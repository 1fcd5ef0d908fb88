"""The offsite runs late and Dana can no longer pick John up."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCabApp, StatefulCalendarApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, mentions


@register_scenario("overtime_meeting_ride_home")
class OvertimeMeetingRideHome(PAREScenario):
    """Book a ride home from the offsite venue when it ends at 21:00."""

    start_time = datetime(2026, 2, 26, 17, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "timing", "multi-app", "travel", "medium")
    additional_system_prompt = "You are John, at an offsite in Lake Oswego without a car."

    def init_and_populate_apps(self) -> None:
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
        self.apps = [self.messaging, self.calendar, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            late = self.messaging.create_and_add_message(
                conversation_id="conv-rosa",
                sender_id=self.rosa_id,
                content="Heads up: we're extending the offsite with a working dinner, wrapping "
                "at 9pm sharp.",
            ).delayed(20)
            dana = self.messaging.create_and_add_message(
                conversation_id="conv-dana",
                sender_id=self.dana_id,
                content="If you're done at 9 I can't get you, I have Milo. Sorry! Take a cab?",
            ).depends_on(late, delay_seconds=60)
            proposal, accept = self.propose(
                "The offsite now ends at 21:00 and Dana can't pick you up. Shall I book a cab "
                "from the Lakewood Center to home for 21:00?",
                after=dana,
                accept="Yes.",
            )
            ride = self.oracle(self.cab, after=accept).order_ride(
                start_location="Lakewood Center, 368 S State St, Lake Oswego",
                end_location="123 Main St, Anytown, USA",
                service_type="Default",
                ride_time="2026-02-26 21:00:00",
            )
        self.events = [late, dana, proposal, accept, ride]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a cab home from the offsite around 21:00",
                (StatefulCabApp, "order_ride"),
                start_location=mentions("Lakewood"),
                end_location=mentions("123 Main St"),
                ride_time=between("2026-02-26 20:50:00", "2026-02-26 21:20:00"),
            ),
        )
