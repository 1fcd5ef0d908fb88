"""A manager introduces a new teammate by email; his details belong in Contacts."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulContactsApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, equals_text, expect, same_digits


@register_scenario("new_teammate_contact_from_intro")
class NewTeammateContactFromIntro(PAREScenario):
    """Rosa introduces Tomas Ferreira with his phone and email; the assistant saves the contact."""

    start_time = datetime(2026, 2, 16, 8, 30, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "information-retrieval", "easy")
    additional_system_prompt = "You are John. You like new colleagues saved to Contacts."

    def init_and_populate_apps(self) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.contacts = StatefulContactsApp(name="Contacts")
        self.contacts.add_contact(
            Contact(
                contact_id="contact-rosa",
                first_name="Rosa",
                last_name="Delgado",
                email="rosa.delgado@northwind.io",
                phone="+15035550171",
                job="Engineering Manager",
            )
        )
        self.intro_id = "email-intro-tomas"
        self.apps = [self.email, self.contacts]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            intro = self.email.send_email_to_user_with_id(
                email_id=self.intro_id,
                sender="rosa.delgado@northwind.io",
                subject="Welcome Tomas to the data team",
                content=(
                    "Team, please welcome Tomas Ferreira, who joins today as a data engineer. "
                    "John, you'll onboard him this week. His cell is +1 503-555-0199 and his "
                    "email is tomas.ferreira@northwind.io. - Rosa"
                ),
            ).delayed(40)
            proposal, accept = self.propose(
                "Rosa introduced Tomas Ferreira (data engineer). Shall I add him to your contacts "
                "with +1 503-555-0199 and tomas.ferreira@northwind.io?",
                after=intro,
                delay=8,
                accept="Yes, add him.",
                reply_delay=4,
            )
            add = self.oracle(self.contacts, after=accept).add_new_contact(
                first_name="Tomas",
                last_name="Ferreira",
                job="Data Engineer",
                phone="+15035550199",
                email="tomas.ferreira@northwind.io",
            )
        self.events = [intro, proposal, accept, add]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Tomas Ferreira saved with his phone and email",
                (StatefulContactsApp, "add_new_contact"),
                first_name=equals_text("Tomas"),
                last_name=equals_text("Ferreira"),
                phone=same_digits("+15035550199"),
                email=equals_text("tomas.ferreira@northwind.io"),
            ),
        )
