"""The listing agent for a flat John enquired about gives her direct line, not the office's."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulContactsApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, equals_text, expect, forbid, same_digits


@register_scenario("listing_agent_direct_line_contact")
class ListingAgentDirectLineContact(PAREScenario):
    """Save Priscilla Nakamura with her direct line, and save unit 2D (not 4D) to favourites."""

    start_time = datetime(2026, 9, 14, 13, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "information-retrieval", "multi-app", "housing", "hard")
    additional_system_prompt = (
        "You are John. You enquired about Overlook Park Residences 2D and want to view it. "
        "You save agents you deal with to Contacts."
    )

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        self.unit_2d = self.apartments.add_new_apartment(
            name="Overlook Park Residences 2D",
            location="2118 N Skidmore St, Portland",
            zip_code="97217",
            price=1975.0,
            number_of_bedrooms=1,
            number_of_bathrooms=1,
            square_footage=720,
            property_type="Condo",
            pet_policy="Cats allowed",
        )
        self.unit_4d = self.apartments.add_new_apartment(
            name="Overlook Park Residences 4D",
            location="2118 N Skidmore St, Portland",
            zip_code="97217",
            price=2240.0,
            number_of_bedrooms=2,
            number_of_bathrooms=1,
            square_footage=940,
            property_type="Condo",
        )
        self.contacts = StatefulContactsApp(name="Contacts")
        self.contacts.add_contact(
            Contact(
                contact_id="contact-marcus-lee",
                first_name="Marcus",
                last_name="Lee",
                job="Leasing agent, Sellwood Gardens",
                phone="+15035550719",
                email="marcus@sellwoodgardens.com",
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.contacts, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            reply = self.email.send_email_to_user_with_id(
                email_id="email-overlook-agent",
                sender="priscilla.n@bridgeportrealty.com",
                subject="Re: Overlook Park Residences 2D",
                content="Hi John, thanks for asking about unit 2D, it's still available! I'm the "
                "listing agent, Priscilla Nakamura. Please text or call my direct line, "
                "503-555-0733, to set up a viewing; the office line (503-555-0700) only takes "
                "messages. Units in this building go fast. - Priscilla, Bridgeport Realty",
            ).delayed(40)
            proposal, accept = self.propose(
                "Priscilla Nakamura, the agent for Overlook Park 2D, sent her direct line "
                "(503-555-0733). Shall I save her to Contacts with it and her email, and save "
                "unit 2D to your favourites?",
                after=reply,
                accept="Yes, do that.",
            )
            add = self.oracle(self.contacts, after=accept).add_new_contact(
                first_name="Priscilla",
                last_name="Nakamura",
                job="Listing agent, Bridgeport Realty (Overlook Park 2D)",
                phone="+15035550733",
                email="priscilla.n@bridgeportrealty.com",
            )
            save = self.oracle(self.apartments, after=add).save_apartment(apartment_id=self.unit_2d)
        self.events = [reply, proposal, accept, add, save]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Priscilla Nakamura saved with her direct line",
                (StatefulContactsApp, "add_new_contact"),
                first_name=equals_text("Priscilla"),
                last_name=equals_text("Nakamura"),
                phone=same_digits("+15035550733"),
            ),
            expect(
                "unit 2D saved",
                (StatefulApartmentApp, "save_apartment"),
                apartment_id=self.unit_2d,
            ),
            forbid(
                "the office line saved as her number",
                (StatefulContactsApp, "add_new_contact"),
                phone=same_digits("+15035550700"),
            ),
            forbid(
                "the other unit saved",
                (StatefulApartmentApp, "save_apartment"),
                apartment_id=self.unit_4d,
            ),
        )
