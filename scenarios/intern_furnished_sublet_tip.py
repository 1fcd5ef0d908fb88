"""A manager asks John to point the summer intern to a furnished short let near the office."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulContactsApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid, includes, mentions

INTERN = "kenji.sato@lumenlabs.io"
NAMESAKE = "kenji.watanabe@gmail.com"


@register_scenario("intern_furnished_sublet_tip")
class InternFurnishedSubletTip(PAREScenario):
    """Email Kenji Sato (address from Contacts) the one furnished month-to-month flat in 97209."""

    start_time = datetime(2026, 5, 6, 10, 0, tzinfo=UTC).timestamp()
    tags = (
        "goal-inference",
        "information-retrieval",
        "multi-app",
        "housing",
        "communication",
        "medium",
    )
    additional_system_prompt = (
        "You are John, a team lead at Lumen Labs in the Pearl (97209). You're glad to help the "
        "new intern find somewhere to live."
    )

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        listings = (
            ("Pearl Studio 410", "97209", "Furnished", "Month-to-month", 1650.0),
            ("Marshall Lofts 3C", "97209", "Unfurnished", "1 year", 1720.0),
            ("Glisan Flats 8", "97209", "Furnished", "1 year", 1580.0),
            ("Goose Hollow Studio", "97201", "Furnished", "Month-to-month", 1490.0),
        )
        self.ids: dict[str, str] = {}
        for name, zip_code, furnished, lease, price in listings:
            self.ids[name] = self.apartments.add_new_apartment(
                name=name,
                location="Portland, OR",
                zip_code=zip_code,
                price=price,
                number_of_bedrooms=0,
                number_of_bathrooms=1,
                square_footage=480,
                property_type="Studio",
                furnished_status=furnished,
                lease_term=lease,
            )
        self.contacts = StatefulContactsApp(name="Contacts")
        self.contacts.add_contact(
            Contact(
                contact_id="contact-kenji-sato",
                first_name="Kenji",
                last_name="Sato",
                job="Summer intern, Lumen Labs",
                email=INTERN,
                phone="+15035550588",
            )
        )
        self.contacts.add_contact(
            Contact(
                contact_id="contact-kenji-watanabe",
                first_name="Kenji",
                last_name="Watanabe",
                job="Architect",
                email=NAMESAKE,
                phone="+15035550544",
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.contacts, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.email.send_email_to_user_with_id(
                email_id="email-intern-housing",
                sender="rosa.diaz@lumenlabs.io",
                subject="Housing for Kenji",
                content="Hi John, our intern Kenji Sato starts June 1 for three months and still "
                "has nowhere to live. He needs a furnished place he can leave after the summer, "
                "ideally in the Pearl (97209). Could you send him something from your apartment "
                "app? Thanks! Rosa",
            ).delayed(30)
            proposal, accept = self.propose(
                "Rosa asks you to help Kenji Sato find a furnished short let in 97209. Pearl "
                "Studio 410 is furnished, month-to-month, $1,650. Shall I email it to Kenji?",
                after=ask,
                accept="Yes, send it to him.",
            )
            tip = self.oracle(self.email, after=accept).send_email(
                recipients=[INTERN],
                subject="A furnished place for the summer",
                content="Hi Kenji, welcome to Lumen Labs! Rosa said you need a place for the "
                "summer: Pearl Studio 410 in the Pearl (97209) is furnished, month-to-month, "
                "$1,650/month, a few minutes from the office. Best, John",
            )
        self.events = [ask, proposal, accept, tip]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Kenji Sato sent the furnished month-to-month studio",
                (StatefulEmailApp, "send_email"),
                recipients=includes(INTERN),
                content=mentions("Pearl Studio 410"),
            ),
            forbid(
                "Kenji Watanabe is someone else",
                (StatefulEmailApp, "send_email"),
                recipients=includes(NAMESAKE),
            ),
        )
