"""John's cab to a client review is stuck behind a crash; the client should hear he is late."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.contacts import Contact
from are.simulation.types import EventRegisterer

from pytest_pare.apps import (
    StatefulCabApp,
    StatefulCalendarApp,
    StatefulContactsApp,
    StatefulEmailApp,
)
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid, includes, mentions_any

CLIENT = "Halvorsen Foods, 2200 NW Front Ave, Portland"


@register_scenario("stuck_in_traffic_late_to_client")
class StuckInTrafficLateToClient(PAREScenario):
    """Email Brit Halvorsen (address from Contacts, not Britt Hall's) that John runs late."""

    start_time = datetime(2026, 2, 17, 9, 20, tzinfo=UTC).timestamp()
    tags = (
        "goal-inference",
        "information-retrieval",
        "multi-app",
        "communication",
        "travel",
        "timing",
        "hard",
    )
    additional_system_prompt = (
        "You are John, in a cab to the Halvorsen Foods quarterly review. Being late without a "
        "word is the worst outcome. Accept a heads-up to the client."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        for event_id, title, hour, location, attendee in (
            ("evt-halvorsen-review", "Quarterly review - Halvorsen Foods", 10, CLIENT, "Brit"),
            ("evt-kettle-call", "Supplier call - Kettle & Co", 14, "Phone", "Omar"),
        ):
            self.calendar.set_calendar_event(
                CalendarEvent(
                    event_id=event_id,
                    title=title,
                    start_datetime=datetime(2026, 2, 17, hour, 0, tzinfo=UTC).timestamp(),
                    end_datetime=datetime(2026, 2, 17, hour + 1, 0, tzinfo=UTC).timestamp(),
                    location=location,
                    attendees=["Brit Halvorsen"] if attendee == "Brit" else ["Omar Kettle"],
                )
            )
        self.contacts = StatefulContactsApp(name="Contacts")
        for contact_id, first, last, email, job in (
            ("contact-brit", "Brit", "Halvorsen", "brit@halvorsenfoods.com", "COO, Halvorsen"),
            ("contact-britt", "Britt", "Hall", "britt.hall@gmail.com", "Climbing partner"),
            ("contact-omar", "Omar", "Kettle", "omar@kettleandco.com", "Kettle & Co sales"),
        ):
            self.contacts.add_contact(
                Contact(
                    contact_id=contact_id, first_name=first, last_name=last, email=email, job=job
                )
            )
        self.cab = StatefulCabApp(name="Cab")
        self.cab.order_ride(
            start_location="123 Main St, Anytown, USA",
            end_location=CLIENT,
            service_type="Default",
            ride_time="2026-02-17 09:15:00",
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.calendar, self.contacts, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            delayed = self.cab.update_ride_status(
                status="DELAYED",
                message="Crash on the Fremont Bridge, we're rerouting. About 25 minutes extra.",
            ).delayed(120)
            proposal, accept = self.propose(
                "Your cab is about 25 minutes behind, so you'll reach Halvorsen Foods around "
                "10:15 for the 10:00 review. Shall I email Brit Halvorsen that you're running "
                "about 15 minutes late?",
                after=delayed,
                accept="Yes, quickly.",
            )
            warn = self.oracle(self.email, after=accept).send_email(
                recipients=["brit@halvorsenfoods.com"],
                subject="Running 15 minutes late for our 10:00",
                content="Hi Brit, my cab is stuck behind a crash on the Fremont Bridge. I expect "
                "to arrive around 10:15. Sorry for the delay! - John",
            )
        self.events = [delayed, proposal, accept, warn]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Brit Halvorsen told John is late",
                (StatefulEmailApp, "send_email"),
                recipients=includes("brit@halvorsenfoods.com"),
                content=mentions_any("late", "delay", "10:15"),
            ),
            forbid(
                "the climbing partner with a similar name emailed",
                (StatefulEmailApp, "send_email"),
                recipients=includes("britt.hall@gmail.com"),
            ),
        )
