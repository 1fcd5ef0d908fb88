"""A leasing agent confirms a viewing slot by email; it belongs in the calendar."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulCalendarApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, expect, mentions


@register_scenario("apartment_viewing_confirmation_calendar")
class ApartmentViewingConfirmationCalendar(PAREScenario):
    """Cedar Flats viewing Saturday 11:00: add it to the calendar and save the listing."""

    start_time = datetime(2026, 8, 12, 15, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "multi-app", "scheduling", "housing", "medium")
    additional_system_prompt = (
        "You are John, looking for a new flat. Accept help organising viewings."
    )

    def init_and_populate_apps(self) -> None:
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
        self.apps = [self.email, self.calendar, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            confirm = self.email.send_email_to_user_with_id(
                email_id="email-cedar-viewing",
                sender="maria@cedarflats.com",
                subject="Viewing confirmed: Cedar Flats 2A",
                content="Hi John, you're booked to view Cedar Flats 2A on Saturday August 15 at "
                "11:00. Ring the office buzzer at 412 SE Ash St. - Maria",
            ).delayed(25)
            proposal, accept = self.propose(
                "Maria confirmed your Cedar Flats 2A viewing on Sat Aug 15, 11:00 at 412 SE Ash "
                "St. Add it to your calendar and save the listing?",
                after=confirm,
                accept="Please do.",
            )
            add = self.oracle(self.calendar, after=accept).add_calendar_event(
                title="Viewing: Cedar Flats 2A",
                start_datetime="2026-08-15 11:00:00",
                end_datetime="2026-08-15 11:45:00",
                location="412 SE Ash St, Portland",
            )
            save = self.oracle(self.apartments, after=add).save_apartment(
                apartment_id=self.cedar_id
            )
        self.events = [confirm, proposal, accept, add, save]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the viewing in the calendar at 11:00 Saturday, at the flat",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-08-15 11:00:00"),
                location=mentions("412 SE Ash"),
            ),
            expect(
                "Cedar Flats 2A saved",
                (StatefulApartmentApp, "save_apartment"),
                apartment_id=self.cedar_id,
            ),
        )
