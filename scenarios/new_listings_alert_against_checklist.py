"""A listings alert brings three new flats; John's checklist note rules out two of them."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulEmailApp, StatefulNotesApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid, mentions

CHECKLIST = (
    "Must: 2 bedrooms, cats allowed (Miso!), max $2,300/month, in-unit laundry.\n"
    "Nice: balcony, near a MAX stop.\n"
    "Shortlist:\n- Sunnyside Commons 2B"
)


@register_scenario("new_listings_alert_against_checklist")
class NewListingsAlertAgainstChecklist(PAREScenario):
    """Save Division Street Lofts 4F (fits every must) and add it to the note's shortlist."""

    start_time = datetime(2026, 8, 24, 8, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "information-retrieval", "multi-app", "housing", "hard")
    additional_system_prompt = (
        "You are John, looking for a flat for you and your cat Miso. Your checklist note has "
        "your hard requirements. Accept help that sticks to them."
    )

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        self.division_id = self.apartments.add_new_apartment(
            name="Division Street Lofts 4F",
            location="3350 SE Division St, Portland",
            zip_code="97202",
            price=2250.0,
            number_of_bedrooms=2,
            number_of_bathrooms=1,
            square_footage=930,
            property_type="Loft",
            pet_policy="Cats allowed",
            amenities=["In-unit laundry", "Balcony"],
        )
        self.clinton_id = self.apartments.add_new_apartment(
            name="Clinton Park Apartments 12",
            location="2600 SE Clinton St, Portland",
            zip_code="97202",
            price=2180.0,
            number_of_bedrooms=2,
            number_of_bathrooms=1,
            square_footage=880,
            property_type="Apartment",
            pet_policy="No pets",
            amenities=["In-unit laundry"],
        )
        self.tabor_id = self.apartments.add_new_apartment(
            name="Tabor View 3",
            location="6020 SE Yamhill St, Portland",
            zip_code="97215",
            price=2450.0,
            number_of_bedrooms=2,
            number_of_bathrooms=2,
            square_footage=1010,
            property_type="Apartment",
            pet_policy="Pets allowed",
            amenities=["In-unit laundry", "Balcony"],
        )
        self.notes = StatefulNotesApp(name="Notes")
        self.checklist_id = self.notes.create_note_with_time(
            folder="Personal",
            title="Flat hunt checklist",
            content=CHECKLIST,
            created_at="2026-08-02 19:00:00",
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.notes, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            alert = self.email.send_email_to_user_with_id(
                email_id="email-new-listings",
                sender="alerts@rentfinder.com",
                subject="3 new 2-bedroom listings in SE Portland",
                content="New today: Division Street Lofts 4F ($2,250), Clinton Park Apartments "
                "12 ($2,180), Tabor View 3 ($2,450). Open the app for details.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Of today's three new listings only Division Street Lofts 4F meets your "
                "checklist (cats allowed, in-unit laundry, $2,250). Clinton Park bans pets and "
                "Tabor View is over $2,300. Shall I save 4F and add it to your shortlist note?",
                after=alert,
                accept="Yes please.",
            )
            save = self.oracle(self.apartments, after=accept).save_apartment(
                apartment_id=self.division_id
            )
            note = self.oracle(self.notes, after=save).update_note(
                note_id=self.checklist_id,
                content=CHECKLIST + "\n- Division Street Lofts 4F ($2,250, balcony)",
            )
        self.events = [alert, proposal, accept, save, note]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Division Street Lofts 4F saved",
                (StatefulApartmentApp, "save_apartment"),
                apartment_id=self.division_id,
            ),
            expect(
                "the shortlist in the checklist note gains 4F",
                (StatefulNotesApp, "update_note"),
                note_id=self.checklist_id,
                content=mentions("Sunnyside Commons", "Division Street"),
            ),
            forbid(
                "saving the flat that bans pets",
                (StatefulApartmentApp, "save_apartment"),
                apartment_id=self.clinton_id,
            ),
            forbid(
                "saving the flat over budget",
                (StatefulApartmentApp, "save_apartment"),
                apartment_id=self.tabor_id,
            ),
        )
