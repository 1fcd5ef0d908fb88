"""A cab is about to collect John at home while his calendar puts him at the dentist."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.contacts import Contact
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCabApp, StatefulCalendarApp, StatefulContactsApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, forbid, mentions, mentions_any

HOME = "123 Main St, Anytown, USA"
DENTIST = "Okafor Family Dental, 3120 SE Hawthorne Blvd, Portland"
MARKET = "Pine Street Market, 126 SW 2nd Ave, Portland"


@register_scenario("ride_booked_from_home_while_at_dentist")
class RideBookedFromHomeWhileAtDentist(PAREScenario):
    """Cancel the 15:40 pickup at home and rebook it from the dentist's address in Contacts."""

    start_time = datetime(2026, 5, 19, 15, 0, tzinfo=UTC).timestamp()
    tags = (
        "conflict-detection",
        "information-retrieval",
        "multi-app",
        "travel",
        "timing",
        "hard",
    )
    additional_system_prompt = (
        "You are John, in the dentist's chair until about 15:30, then meeting Lena at Pine "
        "Street Market at 16:00. You booked the cab last week and forgot where you'd be."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-dentist",
                title="Dentist - Dr. Amara Okafor",
                start_datetime=datetime(2026, 5, 19, 14, 30, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 5, 19, 15, 30, tzinfo=UTC).timestamp(),
                location="Okafor Family Dental",
            )
        )
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-coffee-lena",
                title="Coffee with Lena",
                start_datetime=datetime(2026, 5, 19, 16, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 5, 19, 17, 0, tzinfo=UTC).timestamp(),
                location=MARKET,
            )
        )
        self.contacts = StatefulContactsApp(name="Contacts")
        self.contacts.add_contact(
            Contact(
                contact_id="contact-dr-okafor",
                first_name="Amara",
                last_name="Okafor",
                job="Dentist (Okafor Family Dental)",
                phone="+15035550920",
                address=DENTIST,
            )
        )
        self.contacts.add_contact(
            Contact(
                contact_id="contact-chidi-okafor",
                first_name="Chidi",
                last_name="Okafor",
                description="Cousin",
                phone="+15035550921",
                address="5511 NE Sandy Blvd, Portland",
            )
        )
        self.cab = StatefulCabApp(name="Cab")
        self.cab.order_ride(
            start_location=HOME,
            end_location=MARKET,
            service_type="Default",
            ride_time="2026-05-19 15:40:00",
        )
        self.apps = [self.calendar, self.contacts, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            heading = self.cab.update_ride_status(
                status="IN_PROGRESS",
                message="Driver assigned and heading to 123 Main St for your 15:40 pickup.",
            ).delayed(60)
            proposal, accept = self.propose(
                "Your cab is heading to 123 Main St for 15:40, but you're at Okafor Family "
                "Dental until 15:30. Shall I cancel it and book one from the dentist (3120 SE "
                "Hawthorne Blvd) to Pine Street Market at 15:35?",
                after=heading,
                accept="Oh no, yes please.",
            )
            cancel = self.oracle(self.cab, after=accept).user_cancel_ride()
            rebook = self.oracle(self.cab, after=cancel).order_ride(
                start_location=DENTIST,
                end_location=MARKET,
                service_type="Default",
                ride_time="2026-05-19 15:35:00",
            )
        self.events = [heading, proposal, accept, cancel, rebook]

    def expected_actions(self) -> Rules:
        return (
            expect("the pickup at home cancelled", (StatefulCabApp, "user_cancel_ride")),
            expect(
                "a ride from the dentist to Pine Street Market after 15:30",
                (StatefulCabApp, "order_ride"),
                start_location=mentions_any("3120 SE Hawthorne", "Okafor Family Dental"),
                end_location=mentions("Pine Street"),
                ride_time=between("2026-05-19 15:30:00", "2026-05-19 15:50:00"),
            ),
            forbid(
                "a pickup at home again",
                (StatefulCabApp, "order_ride"),
                start_location=mentions("123 Main St"),
            ),
            forbid(
                "a pickup at the cousin's address",
                (StatefulCabApp, "order_ride"),
                start_location=mentions("Sandy Blvd"),
            ),
        )
