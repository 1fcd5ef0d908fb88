"""The leasing office warns that parking is closed for the open house John is going to."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulEmailApp
from pytest_pare.apps.apartment import StatefulApartmentApp
from pytest_pare.apps.cab import StatefulCabApp
from pytest_pare.apps.calendar import StatefulCalendarApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import between, check_actions, expect, mentions_any
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("open_house_ride_to_listing")
class OpenHouseRideToListing(PAREScenario):
    """Book a cab to the Harbor View Lofts address so John arrives before the 14:00 open house."""

    start_time = datetime(2026, 7, 11, 10, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "timing", "multi-app", "travel", "housing")
    additional_system_prompt = "You are John. Accept a ride if driving is not an option."

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
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
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.email,
            self.calendar,
            self.apartments,
            self.cab,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        email = self.get_typed_app(StatefulEmailApp, "Emails")
        cab = self.get_typed_app(StatefulCabApp, "Cab")
        with EventRegisterer.capture_mode():
            warn = email.send_email_to_user_with_id(
                email_id="email-harbor-parking",
                sender="leasing@harborviewlofts.com",
                subject="Today's open house - no parking",
                content="Hi! The garage is closed today for the waterfront festival, and street "
                "parking is blocked. Please come by taxi or transit. See you at 2pm!",
            ).delayed(30)
            proposal = (
                aui.send_message_to_user(
                    content="Harbor View Lofts says parking is closed for today's 14:00 open "
                    "house. "
                    "Shall I book a cab from home to 1550 NW Naito Pkwy for 13:30?"
                )
                .oracle()
                .depends_on(warn, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes.").oracle().depends_on(proposal, delay_seconds=5)
            )
            ride = (
                cab.order_ride(
                    start_location="123 Main St, Anytown, USA",
                    end_location="1550 NW Naito Pkwy, Portland",
                    service_type="Default",
                    ride_time="2026-07-11 13:30:00",
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [warn, proposal, accept, ride]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "a cab to the listing's address arriving before 14:00",
                "StatefulCabApp",
                "order_ride",
                end_location=mentions_any("1550 NW Naito", "Harbor View"),
                ride_time=between("2026-07-11 13:00:00", "2026-07-11 13:45:00"),
            ),
        )
