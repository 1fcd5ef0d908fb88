"""A booking confirmation arrives while the group chat asks where Friday dinner is."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulEmailApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, all_of, at_time, expect, mentions, mentions_any


@register_scenario("restaurant_booking_group_post")
class RestaurantBookingGroupPost(PAREScenario):
    """Post the Tusk 20:15 booking in the group chat and put it in the calendar."""

    start_time = datetime(2026, 10, 13, 12, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "multi-app", "communication", "scheduling", "hard")
    additional_system_prompt = "You are John. You booked dinner for the Friday crew."

    def init_and_populate_apps(self) -> None:
        friends = [("Aiko Tanaka", "+15035550181"), ("Ben Okafor", "+15035550182")]
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts(friends)
        self.group_id = "conv-friday-crew"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.group_id,
                participant_ids=[self.messaging.current_user_id, *(p for _, p in friends)],
                title="Friday crew",
                last_updated=datetime(2026, 10, 12, 20, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.ben_id = self.messaging.name_to_id["Ben Okafor"]
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.messaging, self.calendar]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            booked = self.email.send_email_to_user_with_id(
                email_id="email-tusk-booking",
                sender="reservations@tuskpdx.com",
                subject="Reservation confirmed: Friday Oct 16, 20:15, party of 3",
                content="Thanks John! Table for 3 at Tusk, 2448 E Burnside St, Friday October 16 "
                "at 20:15. We hold tables for 15 minutes.",
            ).delayed(20)
            ask = self.messaging.create_and_add_message(
                conversation_id=self.group_id,
                sender_id=self.ben_id,
                content="So where and when are we eating Friday??",
            ).depends_on(booked, delay_seconds=60)
            proposal, accept = self.propose(
                "Tusk confirmed Friday 10/16 at 20:15 for 3, and Ben is asking in Friday crew. "
                "Shall I post the details there and add it to your calendar?",
                after=ask,
                accept="Yes.",
            )
            post = self.oracle(self.messaging, after=accept).send_message_to_group_conversation(
                conversation_id=self.group_id,
                content="Booked! Tusk, 2448 E Burnside, Friday 8:15pm (20:15). They hold the "
                "table 15 min.",
            )
            block = self.oracle(self.calendar, after=post).add_calendar_event(
                title="Dinner at Tusk - Friday crew",
                start_datetime="2026-10-16 20:15:00",
                end_datetime="2026-10-16 22:15:00",
                location="Tusk, 2448 E Burnside St",
                attendees=["Aiko Tanaka", "Ben Okafor"],
            )
        self.events = [booked, ask, proposal, accept, post, block]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the group told the place and time",
                (StatefulMessagingApp, "send_message_to_group_conversation"),
                conversation_id=self.group_id,
                content=all_of(mentions("Tusk"), mentions_any("8:15", "20:15")),
            ),
            expect(
                "the dinner in the calendar at 20:15 Friday",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-10-16 20:15:00"),
            ),
        )
