"""A price drop on a flat John already ruled out in his flat-hunt note (noise from the bus line)."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulEmailApp, StatefulNotesApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, abstain


@register_scenario("price_drop_on_ruled_out_flat")
class PriceDropOnRuledOutFlat(PAREScenario):
    """Burnside Lofts #210 gets cheaper, but the note says NO; the price was never the reason."""

    start_time = datetime(2026, 7, 8, 18, 0, tzinfo=UTC).timestamp()
    tags = ("abstain", "information-retrieval", "housing", "multi-app", "easy")
    additional_system_prompt = (
        "You are John, flat-hunting. You ruled out Burnside Lofts after the viewing: it is on "
        "the night-bus route and too loud. No price changes that."
    )

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        self.lofts_id = self.apartments.add_new_apartment(
            name="Burnside Lofts #210",
            location="Kerns, Portland",
            zip_code="97214",
            price=2150.0,
            number_of_bedrooms=1,
            number_of_bathrooms=1,
            square_footage=640,
            property_type="Loft",
        )
        self.maple_id = self.apartments.add_new_apartment(
            name="Maple Court #4B",
            location="Laurelhurst, Portland",
            zip_code="97232",
            price=2095.0,
            number_of_bedrooms=1,
            number_of_bathrooms=1,
            square_footage=700,
            property_type="Apartment",
        )
        self.apartments.save_apartment(apartment_id=self.maple_id)
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="Flat hunt",
            content="Maple Court #4B - YES, saved, viewing went well\n"
            "Burnside Lofts #210 - NO: on the night-bus route, windows rattle, too loud\n"
            "Budget: up to $2,200",
            created_at="2026-07-02 21:00:00",
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.notes, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            drop = self.apartments.update_apartment(
                apartment_id=self.lofts_id, new_price=1895.0
            ).delayed(20)
            alert = self.email.send_email_to_user_with_id(
                email_id="email-lofts-drop",
                sender="alerts@rentfinder.com",
                subject="Price drop: Burnside Lofts #210 is now $1,895",
                content="A listing you viewed, Burnside Lofts #210 (1 bd, Kerns), dropped from "
                "$2,150 to $1,895 per month. Save it before it's gone!",
            ).depends_on(drop, delay_seconds=5)
        self.events = [drop, alert]

    def expected_actions(self) -> Rules:
        return (abstain("John ruled the flat out for the noise, not the price"),)
