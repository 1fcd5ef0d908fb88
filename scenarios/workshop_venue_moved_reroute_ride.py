"""A power cut moves today's workshop to a hotel, while John's cab is booked to the old venue."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCabApp, StatefulCalendarApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, forbid, mentions, mentions_any

HOME = "123 Main St, Anytown, USA"
OLD_VENUE = "Oregon Convention Center, 777 NE MLK Jr Blvd, Portland"
NEW_VENUE = "Hilton Portland Downtown, 921 SW 6th Ave, Portland"


@register_scenario("workshop_venue_moved_reroute_ride")
class WorkshopVenueMovedRerouteRide(PAREScenario):
    """Cancel the ride to the convention center, book one to the Hilton, fix the event's place."""

    start_time = datetime(2026, 3, 26, 7, 30, tzinfo=UTC).timestamp()
    tags = ("follow-up", "multi-app", "travel", "scheduling", "timing", "hard")
    additional_system_prompt = (
        "You are John, attending the Data Engineering Summit workshop at 9:00 today. Accept "
        "fixes that get you to the right place on time."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.workshop_id = "evt-summit-workshop"
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id=self.workshop_id,
                title="Data Engineering Summit - streaming workshop",
                start_datetime=datetime(2026, 3, 26, 9, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 3, 26, 12, 0, tzinfo=UTC).timestamp(),
                location=OLD_VENUE,
            )
        )
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-summit-keynote",
                title="Data Engineering Summit - keynote",
                start_datetime=datetime(2026, 3, 27, 9, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 3, 27, 10, 0, tzinfo=UTC).timestamp(),
                location=OLD_VENUE,
            )
        )
        self.cab = StatefulCabApp(name="Cab")
        self.cab.order_ride(
            start_location=HOME,
            end_location=OLD_VENUE,
            service_type="Default",
            ride_time="2026-03-26 08:20:00",
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.calendar, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            moved = self.email.send_email_to_user_with_id(
                email_id="email-summit-venue",
                sender="info@desummit.org",
                subject="TODAY: streaming workshop moved to the Hilton",
                content="Due to a power outage at the Oregon Convention Center, today's 9:00 "
                "streaming workshop takes place at the Hilton Portland Downtown, 921 SW 6th Ave, "
                "Pavilion Ballroom. Tomorrow's keynote is unaffected.",
            ).delayed(60)
            proposal, accept = self.propose(
                "Today's 9:00 workshop moved to the Hilton Portland Downtown (921 SW 6th Ave), "
                "but your 08:20 cab goes to the Convention Center. Shall I cancel it, book one "
                "to the Hilton for 08:20, and update the calendar event's location?",
                after=moved,
                accept="Yes, thanks.",
            )
            cancel = self.oracle(self.cab, after=accept).user_cancel_ride()
            rebook = self.oracle(self.cab, after=cancel).order_ride(
                start_location=HOME,
                end_location=NEW_VENUE,
                service_type="Default",
                ride_time="2026-03-26 08:20:00",
            )
            relocate = self.oracle(self.calendar, after=rebook).edit_calendar_event(
                event_id=self.workshop_id, location=NEW_VENUE + " (Pavilion Ballroom)"
            )
        self.events = [moved, proposal, accept, cancel, rebook, relocate]

    def expected_actions(self) -> Rules:
        return (
            expect("the ride to the old venue cancelled", (StatefulCabApp, "user_cancel_ride")),
            expect(
                "a ride to the Hilton before 9:00",
                (StatefulCabApp, "order_ride"),
                start_location=mentions("123 Main St"),
                end_location=mentions_any("921 SW 6th", "Hilton"),
                ride_time=between("2026-03-26 07:45:00", "2026-03-26 08:40:00"),
            ),
            expect(
                "today's workshop relocated in the calendar",
                (StatefulCalendarApp, "edit_calendar_event"),
                event_id=self.workshop_id,
                location=mentions_any("Hilton", "921 SW 6th"),
            ),
            forbid(
                "tomorrow's keynote moved too",
                (StatefulCalendarApp, "edit_calendar_event"),
                event_id="evt-summit-keynote",
            ),
        )
