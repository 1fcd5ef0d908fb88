"""Five friends need to get to a concert together; the group chat settles on meeting at Jade's."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCabApp, StatefulCalendarApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, equals_text, expect, mentions, mentions_any


@register_scenario("concert_van_group_ride")
class ConcertVanGroupRide(PAREScenario):
    """Six people in total need a Van (6 seats) from Jade's place before the 20:00 show."""

    start_time = datetime(2026, 5, 29, 16, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "multi-app", "travel", "communication", "hard")
    additional_system_prompt = "You are John. You offered to sort out the ride for the group."

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-concert",
                title="Khruangbin concert",
                start_datetime=datetime(2026, 5, 29, 20, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 5, 29, 23, 0, tzinfo=UTC).timestamp(),
                location="Moda Center, 1 N Center Ct St",
            )
        )
        friends = [
            ("Jade Morel", "+15035550801"),
            ("Paulo Reyes", "+15035550802"),
            ("Hana Sato", "+15035550803"),
            ("Ike Obi", "+15035550804"),
            ("Tess Lund", "+15035550805"),
        ]
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts(friends)
        self.ids = {name: phone for name, phone in friends}
        self.group_id = "conv-concert-crew"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.group_id,
                participant_ids=[self.messaging.current_user_id, *self.ids.values()],
                title="Concert crew",
                last_updated=datetime(2026, 5, 29, 12, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.cab = StatefulCabApp(name="Cab")
        self.apps = [self.messaging, self.calendar, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            plan = self.messaging.create_and_add_message(
                conversation_id=self.group_id,
                sender_id=self.ids["Jade Morel"],
                content="Everyone meet at mine (415 N Mississippi Ave) at 7, we all go together. "
                "John, you said you'd get us a ride?",
            ).delayed(20)
            agree = self.messaging.create_and_add_message(
                conversation_id=self.group_id,
                sender_id=self.ids["Hana Sato"],
                content="Yes! All six of us, see you at 7.",
            ).depends_on(plan, delay_seconds=30)
            proposal, accept = self.propose(
                "The crew (six of you) meets at Jade's, 415 N Mississippi Ave, at 19:00. Shall I "
                "book a Van from there to the Moda Center for 19:15 and tell the group?",
                after=agree,
                accept="Perfect.",
            )
            ride = self.oracle(self.cab, after=accept).order_ride(
                start_location="415 N Mississippi Ave",
                end_location="Moda Center, 1 N Center Ct St",
                service_type="Van",
                ride_time="2026-05-29 19:15:00",
            )
            tell = self.oracle(self.messaging, after=ride).send_message_to_group_conversation(
                conversation_id=self.group_id,
                content="Booked a van from Jade's at 19:15 to the Moda Center, fits all six!",
            )
        self.events = [plan, agree, proposal, accept, ride, tell]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a Van from Jade's to the concert before 20:00",
                (StatefulCabApp, "order_ride"),
                start_location=mentions("Mississippi"),
                end_location=mentions("Moda"),
                service_type=equals_text("Van"),
                ride_time=between("2026-05-29 19:00:00", "2026-05-29 19:40:00"),
            ),
            expect(
                "the group told about the van",
                (StatefulMessagingApp, "send_message_to_group_conversation"),
                conversation_id=self.group_id,
                content=mentions_any("van", "ride", "cab"),
            ),
        )
