"""The leasing office writes that one of two units John is viewing in a building is gone."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulCalendarApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid


@register_scenario("leased_unit_viewing_cleanup")
class LeasedUnitViewingCleanup(PAREScenario):
    """Unsave unit 3A and delete its Thursday viewing; unit 5C and its Saturday viewing stay."""

    start_time = datetime(2026, 6, 9, 9, 0, tzinfo=UTC).timestamp()
    tags = ("follow-up", "multi-app", "housing", "scheduling", "hard")
    additional_system_prompt = "You are John, flat-hunting. You like stale entries cleaned up."

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        self.unit_3a = self.apartments.add_new_apartment(
            name="Rose City Flats 3A",
            location="4016 NE Sandy Blvd, Portland",
            zip_code="97232",
            price=1890.0,
            number_of_bedrooms=1,
            number_of_bathrooms=1,
            square_footage=650,
            property_type="Apartment",
            floor_level="Upper floors",
        )
        self.unit_5c = self.apartments.add_new_apartment(
            name="Rose City Flats 5C",
            location="4016 NE Sandy Blvd, Portland",
            zip_code="97232",
            price=1960.0,
            number_of_bedrooms=1,
            number_of_bathrooms=1,
            square_footage=690,
            property_type="Apartment",
            floor_level="Upper floors",
        )
        self.apartments.save_apartment(self.unit_3a)
        self.apartments.save_apartment(self.unit_5c)
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.viewing_3a = "evt-viewing-3a"
        self.viewing_5c = "evt-viewing-5c"
        for event_id, unit, day, hour in (
            (self.viewing_3a, "3A", 11, 17),
            (self.viewing_5c, "5C", 13, 11),
        ):
            self.calendar.set_calendar_event(
                CalendarEvent(
                    event_id=event_id,
                    title=f"Viewing: Rose City Flats {unit}",
                    start_datetime=datetime(2026, 6, day, hour, 0, tzinfo=UTC).timestamp(),
                    end_datetime=datetime(2026, 6, day, hour, 30, tzinfo=UTC).timestamp(),
                    location="4016 NE Sandy Blvd, Portland",
                )
            )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.calendar, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            leased = self.email.send_email_to_user_with_id(
                email_id="email-3a-leased",
                sender="leasing@rosecityflats.com",
                subject="Unit 3A has been leased",
                content="Hi John, unit 3A was leased yesterday, so Thursday's 17:00 viewing is "
                "cancelled. Your Saturday viewing of unit 5C stands, see you at 11. - Marisol",
            ).delayed(30)
            proposal, accept = self.propose(
                "Rose City Flats 3A has been leased and Thursday's viewing is off. Shall I remove "
                "3A from your saved flats and delete the Thursday viewing? 5C stays as it is.",
                after=leased,
                accept="Yes.",
            )
            unsave = self.oracle(self.apartments, after=accept).remove_saved_apartment(
                apartment_id=self.unit_3a
            )
            delete = self.oracle(self.calendar, after=unsave).delete_calendar_event(
                event_id=self.viewing_3a
            )
        self.events = [leased, proposal, accept, unsave, delete]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "unit 3A unsaved",
                (StatefulApartmentApp, "remove_saved_apartment"),
                apartment_id=self.unit_3a,
            ),
            expect(
                "the 3A viewing deleted",
                (StatefulCalendarApp, "delete_calendar_event"),
                event_id=self.viewing_3a,
            ),
            forbid(
                "unit 5C unsaved",
                (StatefulApartmentApp, "remove_saved_apartment"),
                apartment_id=self.unit_5c,
            ),
            forbid(
                "the 5C viewing deleted",
                (StatefulCalendarApp, "delete_calendar_event"),
                event_id=self.viewing_5c,
            ),
        )
