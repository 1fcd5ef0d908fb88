"""A visiting client asks whether someone can send a car to her hotel for tomorrow's meeting."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCabApp, StatefulCalendarApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import (
    Rules,
    all_of,
    between,
    equals_text,
    expect,
    mentions,
    mentions_any,
)

CLIENT = "helena.vos@brightwaterfoods.com"


@register_scenario("client_hotel_premium_pickup")
class ClientHotelPremiumPickup(PAREScenario):
    """A Premium car from The Nines in time for 10:00 at the office, and the time sent to Helena."""

    start_time = datetime(2026, 10, 19, 17, 0, tzinfo=UTC).timestamp()
    tags = (
        "goal-inference",
        "timing",
        "multi-app",
        "travel",
        "communication",
        "medium",
    )
    additional_system_prompt = (
        "You are John, account lead for Brightwater Foods. Clients get a Premium car on the "
        "company account. Accept help looking after Helena's visit."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-brightwater-review",
                title="Brightwater quarterly review (Helena Vos)",
                start_datetime=datetime(2026, 10, 20, 10, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 10, 20, 12, 0, tzinfo=UTC).timestamp(),
                location="Lumen Labs, 1120 NW Couch St",
            )
        )
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-brightwater-dinner",
                title="Dinner with Helena",
                start_datetime=datetime(2026, 10, 20, 19, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 10, 20, 21, 0, tzinfo=UTC).timestamp(),
                location="Andina, 1314 NW Glisan St",
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.cab = StatefulCabApp(name="Cab")
        self.ask_id = "email-helena-car"
        self.apps = [self.email, self.calendar, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.email.send_email_to_user_with_id(
                email_id=self.ask_id,
                sender=CLIENT,
                subject="Tomorrow morning",
                content="Hi John, I've landed and I'm at The Nines (525 SW Morrison St). Could "
                "someone send a car for tomorrow's review? I don't know the city at all. Helena",
            ).delayed(30)
            proposal, accept = self.propose(
                "Helena asks for a car from The Nines to tomorrow's 10:00 review at your "
                "office. Shall I book a Premium ride from 525 SW Morrison St at 09:35 and reply "
                "with the pickup time?",
                after=ask,
                accept="Yes, Premium.",
            )
            ride = self.oracle(self.cab, after=accept).order_ride(
                start_location="The Nines, 525 SW Morrison St, Portland",
                end_location="Lumen Labs, 1120 NW Couch St, Portland",
                service_type="Premium",
                ride_time="2026-10-20 09:35:00",
            )
            reply = self.oracle(self.email, after=ride).reply_to_email(
                email_id=self.ask_id,
                content="Welcome, Helena! A car will pick you up at The Nines at 09:35 "
                "tomorrow and bring you to our office for 10:00. See you then, John",
            )
        self.events = [ask, proposal, accept, ride, reply]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a Premium car from the hotel to the office before 10:00",
                (StatefulCabApp, "order_ride"),
                start_location=mentions_any("Nines", "525 SW Morrison"),
                end_location=mentions_any("1120 NW Couch", "Lumen"),
                service_type=equals_text("Premium"),
                ride_time=between("2026-10-20 09:00:00", "2026-10-20 09:50:00"),
            ),
            expect(
                "Helena told when the car comes",
                (StatefulEmailApp, "reply_to_email"),
                email_id=self.ask_id,
                content=all_of(mentions_any("car", "ride", "pick"), mentions("9:")),
            ),
        )
