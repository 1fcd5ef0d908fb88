"""The driver cancels John's ride to a job interview; a faster car and a heads-up are needed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2, MessageV2
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulMessagingApp
from pytest_pare.apps.cab import StatefulCabApp
from pytest_pare.apps.calendar import StatefulCalendarApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import check_actions, equals_text, expect, mentions, mentions_any
from pytest_pare.scenarios.utils.registry import register_scenario

HOME = "123 Main St, Anytown, USA"
OFFICE = "Lumen Labs, 800 NW 6th Ave"


@register_scenario("cancelled_ride_interview_rebook")
class CancelledRideInterviewRebook(PAREScenario):
    """A ride is cancelled 40 min before a 10:00 interview: book Premium, warn the recruiter."""

    start_time = datetime(2026, 9, 22, 9, 10, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("timing", "multi-app", "travel", "communication")
    additional_system_prompt = (
        "You are John, heading to a job interview at Lumen Labs at 10:00. Being on time "
        "matters more than the fare. Accept quick fixes."
    )

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
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
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.calendar,
            self.cab,
            self.messaging,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        cab = self.get_typed_app(StatefulCabApp, "Cab")
        messaging = self.get_typed_app(StatefulMessagingApp, "Messages")
        with EventRegisterer.capture_mode():
            cancelled = cab.cancel_ride(
                who_cancel="driver", message="Your driver had to cancel. Please book again."
            ).delayed(60)
            proposal = (
                aui.send_message_to_user(
                    content="Your driver cancelled the ride to Lumen Labs. Shall I book a Premium "
                    "car now (shortest wait) and text Grace Kim you may be a few minutes late?"
                )
                .oracle()
                .depends_on(cancelled, delay_seconds=5)
            )
            accept = (
                aui.accept_proposal(content="Yes, quickly!")
                .oracle()
                .depends_on(proposal, delay_seconds=3)
            )
            rebook = (
                cab.order_ride(start_location=HOME, end_location=OFFICE, service_type="Premium")
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
            warn = (
                messaging.send_message(
                    user_id=self.grace_id,
                    content="Hi Grace, my ride was cancelled; I'm in a new car and may be 5-10 "
                    "minutes late for our 10:00. Sorry! - John",
                )
                .oracle()
                .depends_on(rebook, delay_seconds=2)
            )
        self.events = [cancelled, proposal, accept, rebook, warn]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "a new ride from home to Lumen Labs",
                "StatefulCabApp",
                "order_ride",
                start_location=mentions("123 Main St"),
                end_location=mentions("Lumen Labs"),
                service_type=equals_text("Premium"),
            ),
            expect(
                "Grace warned about a late arrival",
                "StatefulMessagingApp",
                "send_message",
                user_id=self.grace_id,
                content=mentions_any("late", "delay", "few minutes"),
            ),
        )
