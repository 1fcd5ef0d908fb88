"""The agent confirms Tuesday's viewing by email; it is in the calendar and the flat is saved."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulCalendarApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, abstain


@register_scenario("viewing_confirmation_already_booked")
class ViewingConfirmationAlreadyBooked(PAREScenario):
    """A confirmation of what John booked himself: same flat, same time, no reply asked for."""

    start_time = datetime(2026, 9, 28, 9, 0, tzinfo=UTC).timestamp()
    tags = ("abstain", "information-retrieval", "housing", "scheduling", "multi-app", "easy")
    additional_system_prompt = (
        "You are John. You booked the Alder Street viewing through the listing yourself and "
        "put it in your calendar. The agent's mail is just their confirmation."
    )

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        self.alder_id = self.apartments.add_new_apartment(
            name="Alder Street 3B",
            location="Buckman, Portland",
            zip_code="97214",
            price=1980.0,
            number_of_bedrooms=1,
            number_of_bathrooms=1,
            square_footage=650,
            property_type="Apartment",
        )
        self.apartments.save_apartment(apartment_id=self.alder_id)
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-alder-viewing",
                title="Viewing: Alder Street 3B",
                start_datetime=datetime(2026, 9, 29, 17, 30, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 9, 29, 18, 0, tzinfo=UTC).timestamp(),
                location="1420 SE Alder St, Portland",
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.calendar, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            confirm = self.email.send_email_to_user_with_id(
                email_id="email-alder-confirm",
                sender="viewings@stumptownlettings.com",
                subject="Viewing confirmed: Alder Street 3B, Tue Sep 29 17:30",
                content="Hi John, this confirms your viewing of Alder Street 3B (1420 SE Alder "
                "St) on Tuesday Sep 29 at 17:30. No need to reply. See you there! - Maya, "
                "Stumptown Lettings",
            ).delayed(40)
        self.events = [confirm]

    def expected_actions(self) -> Rules:
        return (abstain("the viewing John booked is confirmed, in the calendar and saved"),)
