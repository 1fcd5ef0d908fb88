"""The driver cancels John's ride to a job interview; a faster car and a heads-up are needed."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2, MessageV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCabApp, StatefulCalendarApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, equals_text, expect, mentions, mentions_any

HOME = "123 Main St, Anytown, USA"
OFFICE = "Lumen Labs, 800 NW 6th Ave"


@register_scenario("cancelled_ride_interview_rebook")
class CancelledRideInterviewRebook(PAREScenario):
    """A ride is cancelled 40 min before a 10:00 interview: book Premium, warn the recruiter."""

    start_time = datetime(2026, 9, 22, 9, 10, tzinfo=UTC).timestamp()
    tags = ("timing", "multi-app", "travel", "communication", "medium")
    additional_system_prompt = (
        "You are John, heading to a job interview at Lumen Labs at 10:00. Being on time "
        "matters more than the fare. Accept quick fixes."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-interview",
                title="Interview - Lumen Labs (Grace Kim)",
                start_datetime=datetime(2026, 9, 22, 10, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 9, 22, 11, 0, tzinfo=UTC).timestamp(),
                location=OFFICE,
                attendees=["Grace Kim"],
            )
        )
        self.cab = StatefulCabApp(name="Cab")
        self.cab.order_ride(
            start_location=HOME,
            end_location=OFFICE,
            service_type="Default",
            ride_time="2026-09-22 09:20:00",
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Grace Kim", "+15035550240")])
        self.grace_id = self.messaging.name_to_id["Grace Kim"]
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id="conv-grace",
                participant_ids=[self.messaging.current_user_id, self.grace_id],
                title="Grace Kim",
                last_updated=datetime(2026, 9, 19, 16, 0, tzinfo=UTC).timestamp(),
                messages=[
                    MessageV2(
                        message_id="grace-1",
                        sender_id=self.grace_id,
                        content="See you Tuesday at 10! Text me at this number if anything comes "
                        "up.",
                        timestamp=datetime(2026, 9, 19, 16, 0, tzinfo=UTC).timestamp(),
                    )
                ],
            )
        )
        self.apps = [self.calendar, self.cab, self.messaging]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            cancelled = self.cab.cancel_ride(
                who_cancel="driver", message="Your driver had to cancel. Please book again."
            ).delayed(60)
            proposal, accept = self.propose(
                "Your driver cancelled the ride to Lumen Labs. Shall I book a Premium car now "
                "(shortest wait) and text Grace Kim you may be a few minutes late?",
                after=cancelled,
                delay=5,
                accept="Yes, quickly!",
                reply_delay=3,
            )
            rebook = self.oracle(self.cab, after=accept).order_ride(
                start_location=HOME, end_location=OFFICE, service_type="Premium"
            )
            warn = self.oracle(self.messaging, after=rebook).send_message(
                user_id=self.grace_id,
                content="Hi Grace, my ride was cancelled; I'm in a new car and may be 5-10 "
                "minutes late for our 10:00. Sorry! - John",
            )
        self.events = [cancelled, proposal, accept, rebook, warn]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a new ride from home to Lumen Labs",
                (StatefulCabApp, "order_ride"),
                start_location=mentions("123 Main St"),
                end_location=mentions("Lumen Labs"),
                service_type=equals_text("Premium"),
            ),
            expect(
                "Grace warned about a late arrival",
                (StatefulMessagingApp, "send_message"),
                user_id=self.grace_id,
                content=mentions_any("late", "delay", "few minutes"),
            ),
        )
