"""The cab app's weekend promo lands while John's calendar says he is home painting all weekend."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCabApp, StatefulCalendarApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, abstain


@register_scenario("ride_promo_on_a_home_weekend")
class RidePromoOnAHomeWeekend(PAREScenario):
    """A discount with a deadline looks urgent; there is no trip to take it for."""

    start_time = datetime(2026, 9, 11, 17, 0, tzinfo=UTC).timestamp()
    tags = ("abstain", "goal-inference", "travel", "multi-app", "easy")
    additional_system_prompt = (
        "You are John. You are painting the flat all weekend and going nowhere. You don't "
        "book rides you don't need, however cheap."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-painting",
                title="Paint the living room (home all weekend)",
                start_datetime=datetime(2026, 9, 12, 8, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 9, 13, 20, 0, tzinfo=UTC).timestamp(),
                location="Home",
            )
        )
        self.cab = StatefulCabApp(name="Cab")
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.calendar, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            promo = self.email.send_email_to_user_with_id(
                email_id="email-ride-promo",
                sender="deals@zipcab.com",
                subject="40% off every ride this weekend - book by Saturday 10 AM",
                content="Going out this weekend? Book any ride before Saturday 10 AM and get "
                "40% off. Airport, dinner, the game: wherever you're headed!",
            ).delayed(25)
        self.events = [promo]

    def expected_actions(self) -> Rules:
        return (abstain("a promo; John is home all weekend and needs no ride"),)
