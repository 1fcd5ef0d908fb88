"""A new 2-bed under budget is listed in Gresham; it fits the criteria note, not the commute."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulEmailApp, StatefulNotesApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, declined, mentions_any


@register_scenario("far_listing_save_declined_commute")
class FarListingSaveDeclinedCommute(PAREScenario):
    """Saving the listing is a fair offer; John declines it for the 70-minute commute."""

    start_time = datetime(2026, 7, 20, 19, 0, tzinfo=UTC).timestamp()
    tags = ("rejection", "goal-inference", "information-retrieval", "housing", "multi-app", "easy")
    additional_system_prompt = (
        "You are John, flat-hunting. Gresham is a 70-minute commute to your office downtown, "
        "too far whatever the price. Decline saving or sharing listings there."
    )

    def init_and_populate_apps(self) -> None:
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="Flat hunt criteria",
            content="2 bedrooms, under $2,200, laundry in unit, move in by September",
            created_at="2026-07-01 21:00:00",
        )
        self.apartments = StatefulApartmentApp(name="Apartment")
        self.apartments.add_new_apartment(
            name="Hawthorne Terrace 2A",
            location="Richmond, Portland",
            zip_code="97214",
            price=2390.0,
            number_of_bedrooms=2,
            number_of_bathrooms=1,
            square_footage=880,
            property_type="Apartment",
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.notes, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            listed = self.apartments.add_new_apartment(
                name="Rockwood Commons 12",
                location="Gresham",
                zip_code="97030",
                price=1875.0,
                number_of_bedrooms=2,
                number_of_bathrooms=1,
                square_footage=920,
                property_type="Apartment",
                amenities=["In-unit laundry"],
            ).delayed(20)
            alert = self.email.send_email_to_user_with_id(
                email_id="email-rockwood-new",
                sender="alerts@rentfinder.com",
                subject="New match: Rockwood Commons 12, 2 bd, $1,875",
                content="A new listing matches your search: Rockwood Commons 12, Gresham. 2 bd, "
                "1 ba, in-unit laundry, $1,875/month, available Sep 1.",
            ).depends_on(listed, delay_seconds=5)
            proposal, no = self.propose(
                "Rockwood Commons 12 in Gresham just listed: 2 bd, in-unit laundry, $1,875, "
                "available Sep 1, which fits your criteria note. Shall I save it?",
                after=alert,
                reject="No, Gresham is a 70-minute commute.",
            )
        self.events = [listed, alert, proposal, no]

    def expected_actions(self) -> Rules:
        return (
            declined(
                "Gresham is too far from John's office; nothing saved",
                offer=mentions_any("save", "favourite", "favorite", "rockwood"),
            ),
        )
