"""The client cancels the on-site meeting while John's cab there is already booked."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCabApp, StatefulCalendarApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect


@register_scenario("client_meeting_cancelled_ride")
class ClientMeetingCancelledRide(PAREScenario):
    """Cancel the pending ride to Brightwater and remove the cancelled meeting."""

    start_time = datetime(2026, 4, 14, 8, 30, tzinfo=UTC).timestamp()
    tags = ("follow-up", "timing", "multi-app", "travel", "scheduling", "medium")
    additional_system_prompt = (
        "You are John. You hate paying cancellation fees for rides you don't need."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.meeting_id = "evt-brightwater-onsite"
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id=self.meeting_id,
                title="On-site: Brightwater Foods",
                start_datetime=datetime(2026, 4, 14, 10, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 4, 14, 11, 30, tzinfo=UTC).timestamp(),
                location="Brightwater Foods, 2200 N Interstate Ave",
                attendees=["Lena Fischer"],
            )
        )
        self.cab = StatefulCabApp(name="Cab")
        self.cab.order_ride(
            start_location="123 Main St, Anytown, USA",
            end_location="Brightwater Foods, 2200 N Interstate Ave",
            service_type="Default",
            ride_time="2026-04-14 09:30:00",
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.calendar, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            cancel = self.email.send_email_to_user_with_id(
                email_id="email-brightwater-cancel",
                sender="lena.fischer@brightwaterfoods.com",
                subject="Need to cancel today's on-site",
                content="John, so sorry - we have a plant inspection today and must cancel the "
                "10:00 on-site. I'll send new dates next week. Lena",
            ).delayed(20)
            proposal, accept = self.propose(
                "Lena cancelled today's 10:00 Brightwater on-site. Shall I cancel your 09:30 cab "
                "there and remove the meeting from your calendar?",
                after=cancel,
                accept="Yes, cancel both.",
            )
            no_ride = self.oracle(self.cab, after=accept).user_cancel_ride()
            no_meeting = self.oracle(self.calendar, after=no_ride).delete_calendar_event(
                event_id=self.meeting_id
            )
        self.events = [cancel, proposal, accept, no_ride, no_meeting]

    def expected_actions(self) -> Rules:
        return (
            expect("the booked ride cancelled", (StatefulCabApp, "user_cancel_ride")),
            expect(
                "the cancelled meeting removed",
                (StatefulCalendarApp, "delete_calendar_event"),
                event_id=self.meeting_id,
            ),
        )
