"""Track work shuts the MAX line on the night John and Kai take it home from a concert."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import (
    StatefulCabApp,
    StatefulCalendarApp,
    StatefulEmailApp,
    StatefulMessagingApp,
)
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, forbid, mentions_any


@register_scenario("max_closure_concert_ride_home")
class MaxClosureConcertRideHome(PAREScenario):
    """A cab from the Moda Center after the 23:00 encore, and Kai told the plan."""

    start_time = datetime(2026, 11, 14, 12, 0, tzinfo=UTC).timestamp()
    tags = (
        "goal-inference",
        "conflict-detection",
        "timing",
        "multi-app",
        "travel",
        "communication",
        "hard",
    )
    additional_system_prompt = (
        "You are John, going to a concert tonight with Kai; you planned to take the MAX home. "
        "Accept help getting home another way."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-concert-moda",
                title="Khruangbin with Kai (MAX home)",
                start_datetime=datetime(2026, 11, 14, 20, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 11, 14, 23, 0, tzinfo=UTC).timestamp(),
                location="Moda Center, 1 N Center Ct St, Portland",
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts(
            [("Kai Nakamura", "+15035550733"), ("Kay Norris", "+15035550744")]
        )
        self.kai_id = self.messaging.name_to_id["Kai Nakamura"]
        self.kay_id = self.messaging.name_to_id["Kay Norris"]
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id="conv-kai",
                participant_ids=[self.messaging.current_user_id, self.kai_id],
                title="Kai Nakamura",
                last_updated=datetime(2026, 11, 13, 19, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.cab = StatefulCabApp(name="Cab")
        self.apps = [self.email, self.messaging, self.calendar, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            closure = self.email.send_email_to_user_with_id(
                email_id="email-trimet-closure",
                sender="alerts@trimet.org",
                subject="Service alert: MAX Blue and Red lines closed tonight after 21:30",
                content="Track work: no MAX trains between Rose Quarter and Gateway from 21:30 "
                "tonight until 05:00. Shuttle buses run every 30 minutes.",
            ).delayed(30)
            proposal, accept = self.propose(
                "The MAX is shut from 21:30 tonight, and your concert with Kai at the Moda "
                "Center ends at 23:00. Shall I book a cab home from the Moda Center for 23:15 "
                "and let Kai know?",
                after=closure,
                accept="Yes, do that.",
            )
            ride = self.oracle(self.cab, after=accept).order_ride(
                start_location="Moda Center, 1 N Center Ct St, Portland",
                end_location="123 Main St, Anytown, USA",
                service_type="Default",
                ride_time="2026-11-14 23:15:00",
            )
            tell = self.oracle(self.messaging, after=ride).send_message(
                user_id=self.kai_id,
                content="The MAX is closed tonight after 21:30, so I booked a cab home from the "
                "Moda Center at 23:15. Ride with me!",
            )
        self.events = [closure, proposal, accept, ride, tell]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a cab home from the arena after the show",
                (StatefulCabApp, "order_ride"),
                start_location=mentions_any("Moda", "1 N Center Ct"),
                end_location=mentions_any("123 Main", "home"),
                ride_time=between("2026-11-14 22:45:00", "2026-11-14 23:59:00"),
            ),
            expect(
                "Kai told about the cab",
                (StatefulMessagingApp, "send_message"),
                user_id=self.kai_id,
                content=mentions_any("cab", "ride", "taxi", "car"),
            ),
            forbid(
                "Kay Norris is not at the concert",
                (StatefulMessagingApp, "send_message"),
                user_id=self.kay_id,
            ),
        )
