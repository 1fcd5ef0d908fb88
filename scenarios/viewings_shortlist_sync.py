"""After a day of viewings Dana sends the verdicts: two flats in, one out, rents to the note."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulMessagingApp, StatefulNotesApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid, mentions

LISTINGS = (
    ("Birch Street Flats 3", 1980.0, False),
    ("Alder House 5C", 2150.0, False),
    ("Pine Terrace 12", 2040.0, True),
    ("Oak Row 2", 2050.0, True),
)


@register_scenario("viewings_shortlist_sync")
class ViewingsShortlistSync(PAREScenario):
    """Save two, unsave Pine Terrace, keep Oak Row, rents in the note; all four must land."""

    start_time = datetime(2026, 5, 16, 18, 30, tzinfo=UTC).timestamp()
    tags = (
        "noise-sensitive",
        "goal-inference",
        "information-retrieval",
        "multi-app",
        "housing",
        "hard",
    )
    additional_system_prompt = (
        "You are John, flat-hunting with Dana. Dana's verdicts after viewings are final; "
        "accept help keeping the saved list and the Flat hunt note in line with them."
    )

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        self.ids: dict[str, str] = {}
        for name, price, saved in LISTINGS:
            apartment_id = self.apartments.add_new_apartment(
                name=name,
                location="Portland, OR",
                zip_code="97214",
                price=price,
                number_of_bedrooms=2,
                number_of_bathrooms=1,
                square_footage=860,
                property_type="Apartment",
            )
            if saved:
                self.apartments.save_apartment(apartment_id)
            self.ids[name] = apartment_id
        self.notes = StatefulNotesApp(name="Notes")
        self.hunt_note = self.notes.create_note_with_time(
            folder="Personal",
            title="Flat hunt",
            content="Viewings Sat May 16: Birch Street Flats 3, Alder House 5C, Pine Terrace 12\n"
            "Shortlist: Pine Terrace 12, Oak Row 2 ($2,050)",
            created_at="2026-05-10 20:00:00",
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Dana Whitfield", "+15035550199")])
        self.dana_id = self.messaging.name_to_id["Dana Whitfield"]
        self.conv_id = "conv-dana-whitfield"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.dana_id],
                title="Dana Whitfield",
                last_updated=datetime(2026, 5, 16, 9, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.notes, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            verdict = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.dana_id,
                content="Viewings done! Let's save Birch Street 3 and Alder House 5C. Drop Pine "
                "Terrace, the landlord was creepy. Oak Row stays. Can you put the rents in our "
                "note?",
            ).delayed(30)
            proposal, accept = self.propose(
                "Dana wants Birch Street Flats 3 and Alder House 5C saved, Pine Terrace 12 "
                "dropped and Oak Row 2 kept. Shall I update your saved flats and put the rents "
                "($1,980, $2,150, $2,050) in the Flat hunt note?",
                after=verdict,
                accept="Yes.",
            )
            birch = self.oracle(self.apartments, after=accept).save_apartment(
                apartment_id=self.ids["Birch Street Flats 3"]
            )
            alder = self.oracle(self.apartments, after=birch).save_apartment(
                apartment_id=self.ids["Alder House 5C"]
            )
            pine = self.oracle(self.apartments, after=alder).remove_saved_apartment(
                apartment_id=self.ids["Pine Terrace 12"]
            )
            note = self.oracle(self.notes, after=pine).update_note(
                note_id=self.hunt_note,
                content="Viewings Sat May 16: Birch Street Flats 3, Alder House 5C, Pine "
                "Terrace 12 (out: landlord)\nShortlist: Birch Street Flats 3 ($1,980), Alder "
                "House 5C ($2,150), Oak Row 2 ($2,050)",
            )
        self.events = [verdict, proposal, accept, birch, alder, pine, note]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Birch Street Flats 3 saved",
                (StatefulApartmentApp, "save_apartment"),
                apartment_id=self.ids["Birch Street Flats 3"],
            ),
            expect(
                "Alder House 5C saved",
                (StatefulApartmentApp, "save_apartment"),
                apartment_id=self.ids["Alder House 5C"],
            ),
            expect(
                "Pine Terrace 12 dropped",
                (StatefulApartmentApp, "remove_saved_apartment"),
                apartment_id=self.ids["Pine Terrace 12"],
            ),
            expect(
                "the shortlist's rents in the note",
                (StatefulNotesApp, "update_note"),
                note_id=self.hunt_note,
                content=mentions("1,980", "2,150", "2,050"),
            ),
            forbid(
                "Oak Row stays on the list",
                (StatefulApartmentApp, "remove_saved_apartment"),
                apartment_id=self.ids["Oak Row 2"],
            ),
        )
