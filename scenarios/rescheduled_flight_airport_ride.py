"""The airline moves John's flight earlier; the calendar and the airport ride must follow."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCabApp, StatefulCalendarApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, between, expect, mentions

HOME = "123 Main St, Anytown, USA"


@register_scenario("rescheduled_flight_airport_ride")
class RescheduledFlightAirportRide(PAREScenario):
    """UA 482 now leaves at 14:10 instead of 17:40: move the entry, book a noon cab."""

    start_time = datetime(2026, 5, 6, 7, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "timing", "multi-app", "scheduling", "travel", "medium")
    additional_system_prompt = (
        "You are John, flying to Denver today. You always take a cab from home to PDX "
        "about two hours before departure. Accept help that keeps you on time."
    )

    def init_and_populate_apps(self) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.flight_event_id = "evt-flight-ua482"
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id=self.flight_event_id,
                title="Flight UA 482 PDX -> DEN",
                start_datetime=datetime(2026, 5, 6, 17, 40, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 5, 6, 20, 5, tzinfo=UTC).timestamp(),
                location="PDX Airport",
                description="Confirmation KQ7TZP, seat 14C",
            )
        )
        self.cab = StatefulCabApp(name="Cab")
        for day in (3, 17):
            self.cab.add_new_ride(
                service_type="Default",
                start_location=HOME,
                end_location="PDX Airport",
                price=31.5,
                duration=28.0,
                time_stamp=datetime(2026, 4, day, 6, 15, tzinfo=UTC).timestamp(),
                distance_km=19.0,
            )
        self.notice_id = "email-united-schedule-change"
        self.apps = [self.email, self.calendar, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            notice = self.email.send_email_to_user_with_id(
                email_id=self.notice_id,
                sender="notifications@united.com",
                subject="Schedule change: UA 482 on May 6",
                content=(
                    "Your flight UA 482 from Portland (PDX) to Denver (DEN) on May 6 now "
                    "departs at 14:10 and arrives at 16:35. Confirmation KQ7TZP is unchanged."
                ),
            ).delayed(60)
            proposal, accept = self.propose(
                "United moved UA 482 to depart 14:10 today. Shall I update the flight in your "
                "calendar and book a cab from home to PDX for 12:00?",
                after=notice,
                accept="Yes please, do both.",
            )
            move = self.oracle(self.calendar, after=accept).edit_calendar_event(
                event_id=self.flight_event_id,
                start_datetime="2026-05-06 14:10:00",
                end_datetime="2026-05-06 16:35:00",
            )
            ride = self.oracle(self.cab, after=move).order_ride(
                start_location=HOME,
                end_location="PDX Airport",
                service_type="Default",
                ride_time="2026-05-06 12:00:00",
            )
        self.events = [notice, proposal, accept, move, ride]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the flight entry moved to 14:10",
                (StatefulCalendarApp, "edit_calendar_event"),
                event_id=self.flight_event_id,
                start_datetime=at_time("2026-05-06 14:10:00"),
            ),
            expect(
                "a cab from home to PDX leaving in time for 14:10",
                (StatefulCabApp, "order_ride"),
                start_location=mentions("123 Main St"),
                end_location=mentions("PDX"),
                ride_time=between("2026-05-06 11:30:00", "2026-05-06 12:30:00"),
            ),
        )
