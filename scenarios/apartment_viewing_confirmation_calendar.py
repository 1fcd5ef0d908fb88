"""A leasing agent confirms a viewing slot by email; it belongs in the calendar."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulEmailApp
from pytest_pare.apps.apartment import StatefulApartmentApp
from pytest_pare.apps.calendar import StatefulCalendarApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import at_time, check_actions, expect, mentions
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("apartment_viewing_confirmation_calendar")
class ApartmentViewingConfirmationCalendar(PAREScenario):
    """Cedar Flats viewing Saturday 11:00: add it to the calendar and save the listing."""

    start_time = datetime(2026, 8, 12, 15, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "multi-app", "scheduling", "housing")
    additional_system_prompt = (
        "You are John, looking for a new flat. Accept help organising viewings."
    )

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        self.cedar_id = self.apartments.add_new_apartment(
            name="Cedar Flats 2A",
            location="412 SE Ash St, Portland",
            zip_code="97214",
            price=1875.0,
            number_of_bedrooms=1,
            number_of_bathrooms=1,
            square_footage=700,
            property_type="Apartment",
            pet_policy="Pets allowed",
        )
        self.apartments.add_new_apartment(
            name="Cedar Grove Townhome",
            location="9100 SW Cedar Hills Blvd, Beaverton",
            zip_code="97005",
            price=2600.0,
            number_of_bedrooms=3,
            number_of_bathrooms=2,
            square_footage=1400,
            property_type="Townhouse",
        )
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.email,
            self.calendar,
            self.apartments,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        email = self.get_typed_app(StatefulEmailApp, "Emails")
        calendar = self.get_typed_app(StatefulCalendarApp, "Calendar")
        apartments = self.get_typed_app(StatefulApartmentApp, "Apartment")
        with EventRegisterer.capture_mode():
            confirm = email.send_email_to_user_with_id(
                email_id="email-cedar-viewing",
                sender="maria@cedarflats.com",
                subject="Viewing confirmed: Cedar Flats 2A",
                content="Hi John, you're booked to view Cedar Flats 2A on Saturday August 15 at "
                "11:00. Ring the office buzzer at 412 SE Ash St. - Maria",
            ).delayed(25)
            proposal = (
                aui.send_message_to_user(
                    content="Maria confirmed your Cedar Flats 2A viewing on Sat Aug 15, 11:00 at "
                    "412 SE Ash St. Add it to your calendar and save the listing?"
                )
                .oracle()
                .depends_on(confirm, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Please do.")
                .oracle()
                .depends_on(proposal, delay_seconds=5)
            )
            add = (
                calendar.add_calendar_event(
                    title="Viewing: Cedar Flats 2A",
                    start_datetime="2026-08-15 11:00:00",
                    end_datetime="2026-08-15 11:45:00",
                    location="412 SE Ash St, Portland",
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
            save = (
                apartments.save_apartment(apartment_id=self.cedar_id)
                .oracle()
                .depends_on(add, delay_seconds=2)
            )
        self.events = [confirm, proposal, accept, add, save]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "the viewing in the calendar at 11:00 Saturday, at the flat",
                "StatefulCalendarApp",
                "add_calendar_event",
                start_datetime=at_time("2026-08-15 11:00:00"),
                location=mentions("412 SE Ash"),
            ),
            expect(
                "Cedar Flats 2A saved",
                "StatefulApartmentApp",
                "save_apartment",
                apartment_id=self.cedar_id,
            ),
        )
