"""The garage keeps John's car for ten days; the day it is ready he has no way to get there."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCabApp, StatefulCalendarApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, forbid, mentions_any

GARAGE = "service@kesslerauto.com"
DAY = 86400


@register_scenario("car_in_shop_pickup_ride")
class CarInShopPickupRide(PAREScenario):
    """Block the pickup after Thursday's 1:1; on the day, a cab to the garage before it closes."""

    start_time = datetime(2026, 3, 9, 8, 0, tzinfo=UTC).timestamp()
    tags = (
        "long-horizon",
        "timing",
        "multi-app",
        "scheduling",
        "travel",
        "hard",
    )
    additional_system_prompt = (
        "You are John. Your Subaru is at Kessler Auto for a new clutch and you have no other "
        "car. Accept help fitting the pickup around work."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.one_on_one = "evt-rosa-1on1"
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id=self.one_on_one,
                title="1:1 with Rosa",
                start_datetime=datetime(2026, 3, 19, 15, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 3, 19, 15, 30, tzinfo=UTC).timestamp(),
            )
        )
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-climbing",
                title="Climbing with Kai",
                start_datetime=datetime(2026, 3, 19, 19, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 3, 19, 21, 0, tzinfo=UTC).timestamp(),
                location="The Circuit, SE Portland",
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.cab = StatefulCabApp(name="Cab")
        self.apps = [self.email, self.calendar, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            estimate = self.email.send_email_to_user_with_id(
                email_id="email-kessler-clutch",
                sender=GARAGE,
                subject="Your Subaru: clutch replacement",
                content="Hi John, your Subaru needs a new clutch. The parts arrive next week, so "
                "it will be ready Thursday March 19 from 15:00. We close at 18:00. Kessler Auto, "
                "2240 SE Division St, Portland",
            ).delayed(30)
            proposal, accept = self.propose(
                "Kessler Auto will have your car ready Thu Mar 19 from 15:00 (they close at "
                "18:00), and you have a 1:1 with Rosa until 15:30 that day. Shall I block "
                "16:00-17:00 to pick it up?",
                after=estimate,
                accept="Yes.",
            )
            block = self.oracle(self.calendar, after=accept).add_calendar_event(
                title="Pick up the Subaru at Kessler Auto",
                start_datetime="2026-03-19 16:00:00",
                end_datetime="2026-03-19 17:00:00",
                location="2240 SE Division St, Portland",
            )
            ready = self.email.send_email_to_user_with_id(
                email_id="email-kessler-ready",
                sender=GARAGE,
                subject="Your Subaru is ready",
                content="All done: $1,480 including parts. You can collect it from 15:00 today; "
                "we close at 18:00.",
            ).depends_on(estimate, delay_seconds=10 * DAY + 5 * 3600)
            offer, yes = self.propose(
                "Your car is ready at Kessler Auto. Shall I book a cab from home to 2240 SE "
                "Division St for 15:40, so you're there by your 16:00 pickup?",
                after=ready,
                accept="Yes please.",
            )
            ride = self.oracle(self.cab, after=yes).order_ride(
                start_location="123 Main St, Anytown, USA",
                end_location="2240 SE Division St, Portland",
                service_type="Default",
                ride_time="2026-03-19 15:40:00",
            )
        self.events = [estimate, proposal, accept, block, ready, offer, yes, ride]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the pickup blocked after the 1:1 and before closing",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=between("2026-03-19 15:30:00", "2026-03-19 17:30:00"),
            ),
            expect(
                "a cab to the garage in time to collect the car",
                (StatefulCabApp, "order_ride"),
                end_location=mentions_any("2240 SE Division", "Kessler"),
                ride_time=between("2026-03-19 15:00:00", "2026-03-19 17:30:00"),
            ),
            forbid(
                "the 1:1 stays where it is",
                (StatefulCalendarApp, "delete_calendar_event"),
                event_id=self.one_on_one,
            ),
        )
