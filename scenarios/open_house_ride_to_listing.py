"""The leasing office warns that parking is closed for the open house John is going to."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import (
    StatefulApartmentApp,
    StatefulCabApp,
    StatefulCalendarApp,
    StatefulEmailApp,
)
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, mentions_any


@register_scenario("open_house_ride_to_listing")
class OpenHouseRideToListing(PAREScenario):
    """Book a cab to the Harbor View Lofts address so John arrives before the 14:00 open house."""

    start_time = datetime(2026, 7, 11, 10, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "timing", "multi-app", "travel", "housing", "medium")
    additional_system_prompt = "You are John. Accept a ride if driving is not an option."

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        self.harbor_id = self.apartments.add_new_apartment(
            name="Harbor View Lofts 7C",
            location="1550 NW Naito Pkwy, Portland",
            zip_code="97209",
            price=2480.0,
            number_of_bedrooms=2,
            number_of_bathrooms=2,
            square_footage=1010,
            property_type="Loft",
        )
        self.apartments.save_apartment(self.harbor_id)
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-harbor-open-house",
                title="Open house: Harbor View Lofts 7C",
                start_datetime=datetime(2026, 7, 11, 14, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 7, 11, 15, 0, tzinfo=UTC).timestamp(),
                location="Harbor View Lofts",
            )
        )
        self.cab = StatefulCabApp(name="Cab")
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.calendar, self.apartments, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            warn = self.email.send_email_to_user_with_id(
                email_id="email-harbor-parking",
                sender="leasing@harborviewlofts.com",
                subject="Today's open house - no parking",
                content="Hi! The garage is closed today for the waterfront festival, and street "
                "parking is blocked. Please come by taxi or transit. See you at 2pm!",
            ).delayed(30)
            proposal, accept = self.propose(
                "Harbor View Lofts says parking is closed for today's 14:00 open house. Shall I "
                "book a cab from home to 1550 NW Naito Pkwy for 13:30?",
                after=warn,
                accept="Yes.",
            )
            ride = self.oracle(self.cab, after=accept).order_ride(
                start_location="123 Main St, Anytown, USA",
                end_location="1550 NW Naito Pkwy, Portland",
                service_type="Default",
                ride_time="2026-07-11 13:30:00",
            )
        self.events = [warn, proposal, accept, ride]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a cab to the listing's address arriving before 14:00",
                (StatefulCabApp, "order_ride"),
                end_location=mentions_any("1550 NW Naito", "Harbor View"),
                ride_time=between("2026-07-11 13:00:00", "2026-07-11 13:45:00"),
            ),
        )
