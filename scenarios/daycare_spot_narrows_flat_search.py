"""A daycare place comes through, and Dana wants to live within walking distance of it."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulContactsApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid, mentions


@register_scenario("daycare_spot_narrows_flat_search")
class DaycareSpotNarrowsFlatSearch(PAREScenario):
    """Unsave the 97214 flat, save the 2-bed in the daycare's 97212, keep the other 97212 one."""

    start_time = datetime(2026, 3, 2, 12, 0, tzinfo=UTC).timestamp()
    tags = (
        "goal-inference",
        "information-retrieval",
        "multi-app",
        "housing",
        "communication",
        "hard",
    )
    additional_system_prompt = (
        "You are John, flat-hunting with Dana for the two of you and baby Noor. You need 2 "
        "bedrooms. Accept help that follows what Dana asks."
    )

    def init_and_populate_apps(self) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        self.contacts.add_contact(
            Contact(
                contact_id="contact-little-acorns",
                first_name="Little Acorns",
                last_name="Daycare",
                phone="+15035550640",
                address="3620 NE Fremont St, Portland OR 97212",
                description="Noor's daycare (waitlist)",
            )
        )
        self.apartments = StatefulApartmentApp(name="Apartment")
        listings = {}
        for key, name, location, zip_code, bedrooms in (
            ("beaumont", "Beaumont Court #3", "NE 41st Ave & Fremont, Portland", "97212", 2),
            ("hawthorne", "Hawthorne Terrace #5", "SE 30th Ave & Hawthorne, Portland", "97214", 2),
            ("irvington", "Irvington Place #1", "NE 15th Ave & Knott, Portland", "97212", 2),
            ("alameda", "Alameda Row #8", "NE 33rd Ave & Alameda, Portland", "97212", 1),
        ):
            listings[key] = self.apartments.add_new_apartment(
                name=name,
                location=location,
                zip_code=zip_code,
                price=2150.0,
                number_of_bedrooms=bedrooms,
                number_of_bathrooms=1,
                square_footage=880 if bedrooms == 2 else 610,
                property_type="Apartment",
            )
        self.beaumont_id = listings["beaumont"]
        self.hawthorne_id = listings["hawthorne"]
        self.irvington_id = listings["irvington"]
        self.alameda_id = listings["alameda"]
        self.apartments.save_apartment(self.hawthorne_id)
        self.apartments.save_apartment(self.irvington_id)
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Dana Whitfield", "+15035550133")])
        self.dana_id = self.messaging.name_to_id["Dana Whitfield"]
        self.conv_id = "conv-dana"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.dana_id],
                title="Dana Whitfield",
                last_updated=datetime(2026, 3, 1, 21, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.contacts, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            news = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.dana_id,
                content="WE GOT THE SPOT at Little Acorns!! Starts in April. Can we only look at "
                "flats we can walk to it from? Same zip code as the daycare, still 2 bedrooms.",
            ).delayed(20)
            proposal, accept = self.propose(
                "Noor got the Little Acorns place (zip 97212). Of your saved flats, Hawthorne "
                "Terrace is in 97214, Irvington Place is in 97212. Shall I unsave Hawthorne, save "
                "Beaumont Court #3 (2 bd, 97212) and tell Dana?",
                after=news,
                accept="Yes, great.",
            )
            drop = self.oracle(self.apartments, after=accept).remove_saved_apartment(
                apartment_id=self.hawthorne_id
            )
            save = self.oracle(self.apartments, after=drop).save_apartment(
                apartment_id=self.beaumont_id
            )
            tell = self.oracle(self.messaging, after=save).send_message(
                user_id=self.dana_id,
                content="Amazing news! Saved flats are now near Little Acorns: Irvington Place #1 "
                "and Beaumont Court #3 (both 2 bd, 97212). Dropped Hawthorne Terrace.",
            )
        self.events = [news, proposal, accept, drop, save, tell]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the flat outside the daycare's zip unsaved",
                (StatefulApartmentApp, "remove_saved_apartment"),
                apartment_id=self.hawthorne_id,
            ),
            expect(
                "the 2-bed near the daycare saved",
                (StatefulApartmentApp, "save_apartment"),
                apartment_id=self.beaumont_id,
            ),
            expect(
                "Dana told which flats are near the daycare",
                (StatefulMessagingApp, "send_message"),
                user_id=self.dana_id,
                content=mentions("Beaumont"),
            ),
            forbid(
                "unsaving the saved flat that is near the daycare",
                (StatefulApartmentApp, "remove_saved_apartment"),
                apartment_id=self.irvington_id,
            ),
            forbid(
                "saving the 1-bedroom",
                (StatefulApartmentApp, "save_apartment"),
                apartment_id=self.alameda_id,
            ),
        )
