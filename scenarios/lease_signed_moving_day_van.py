"""The leasing office welcomes John to his new flat and sets the key pickup for moving day."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import (
    StatefulApartmentApp,
    StatefulCabApp,
    StatefulCalendarApp,
    StatefulEmailApp,
)
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import (
    Rules,
    between,
    equals_text,
    expect,
    forbid,
    mentions,
    mentions_any,
)

HOME = "123 Main St, Anytown, USA"
NEW_FLAT = "1820 SE Alder St, Portland"


@register_scenario("lease_signed_moving_day_van")
class LeaseSignedMovingDayVan(PAREScenario):
    """Put Saturday's key pickup in the calendar and book a Van to Alder Court's address."""

    start_time = datetime(2026, 7, 20, 10, 0, tzinfo=UTC).timestamp()
    tags = (
        "goal-inference",
        "information-retrieval",
        "multi-app",
        "housing",
        "travel",
        "scheduling",
        "hard",
    )
    additional_system_prompt = (
        "You are John. You signed the lease for Alder Court #4. The movers bring the furniture "
        "on Aug 2; on Aug 1 you take the boxes and plants over yourself, and you have no car."
    )

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        self.alder_court = self.apartments.add_new_apartment(
            name="Alder Court #4",
            location=NEW_FLAT,
            zip_code="97214",
            price=2095.0,
            number_of_bedrooms=2,
            number_of_bathrooms=1,
            square_footage=860,
            property_type="Apartment",
            lease_term="1 year",
        )
        self.alder_commons = self.apartments.add_new_apartment(
            name="Alder Commons 4B",
            location="700 NE Alder Pl, Portland",
            zip_code="97232",
            price=2010.0,
            number_of_bedrooms=2,
            number_of_bathrooms=1,
            square_footage=820,
            property_type="Apartment",
        )
        self.apartments.save_apartment(self.alder_court)
        self.apartments.save_apartment(self.alder_commons)
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.cab = StatefulCabApp(name="Cab")
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.calendar, self.apartments, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            welcome = self.email.send_email_to_user_with_id(
                email_id="email-alder-welcome",
                sender="leasing@aldercourt.com",
                subject="Welcome to Alder Court #4!",
                content="Hi John, your lease for Alder Court #4 starts August 1. Pick up your keys "
                "at the building office on Saturday Aug 1 from 9:00; we've reserved the freight "
                "elevator for you from 10:00 to 13:00. See you then! - Kim",
            ).delayed(30)
            proposal, accept = self.propose(
                "Alder Court's keys are ready Sat Aug 1 from 9:00 (freight elevator 10-13). "
                "Shall I add the move-in to your calendar and book a Van from home to 1820 SE "
                "Alder St at 9:30 for your boxes?",
                after=welcome,
                accept="Yes, both.",
            )
            move_in = self.oracle(self.calendar, after=accept).add_calendar_event(
                title="Move-in: Alder Court #4 (keys, freight elevator 10-13)",
                start_datetime="2026-08-01 09:30:00",
                end_datetime="2026-08-01 13:00:00",
                location=NEW_FLAT,
            )
            van = self.oracle(self.cab, after=move_in).order_ride(
                start_location=HOME,
                end_location=NEW_FLAT,
                service_type="Van",
                ride_time="2026-08-01 09:30:00",
            )
        self.events = [welcome, proposal, accept, move_in, van]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the move-in on Saturday morning in the calendar",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=between("2026-08-01 09:00:00", "2026-08-01 10:00:00"),
            ),
            expect(
                "a Van from home to the new flat on moving day",
                (StatefulCabApp, "order_ride"),
                start_location=mentions("123 Main St"),
                end_location=mentions_any("1820 SE Alder", "Alder Court"),
                service_type=equals_text("Van"),
                ride_time=between("2026-08-01 09:00:00", "2026-08-01 10:00:00"),
            ),
            forbid(
                "a ride to the other Alder flat",
                (StatefulCabApp, "order_ride"),
                end_location=mentions("700 NE Alder"),
            ),
        )
