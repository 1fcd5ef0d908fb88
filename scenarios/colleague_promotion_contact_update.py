"""A colleague's email signature shows a new title and a new direct line."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulContactsApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, contains_key, expect, mentions, same_digits


@register_scenario("colleague_promotion_contact_update")
class ColleaguePromotionContactUpdate(PAREScenario):
    """Mei Chen is now Director of Product with a new phone: update her contact card."""

    start_time = datetime(2026, 4, 7, 9, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "information-retrieval", "easy")
    additional_system_prompt = "You are John. You like contact cards to reflect current roles."

    def init_and_populate_apps(self) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        self.mei_contact = "contact-mei-chen"
        self.contacts.add_contact(
            Contact(
                contact_id=self.mei_contact,
                first_name="Mei",
                last_name="Chen",
                email="mei.chen@northwind.io",
                phone="+15035550360",
                job="Senior Product Manager",
            )
        )
        self.contacts.add_contact(
            Contact(
                contact_id="contact-mei-ling",
                first_name="Mei-Ling",
                last_name="Chang",
                email="meiling@gmail.com",
                job="Architect",
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.contacts]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            note = self.email.send_email_to_user_with_id(
                email_id="email-mei-roadmap",
                sender="mei.chen@northwind.io",
                subject="Q3 roadmap review invite",
                content="Hi John, sharing the Q3 roadmap deck ahead of Thursday.\n\n--\nMei Chen\n"
                "Director of Product, Northwind\nDirect: +1 503 555 0388",
            ).delayed(30)
            proposal, accept = self.propose(
                "Mei Chen's signature says she's now Director of Product, with a new direct line "
                "+1 503 555 0388. Update her contact?",
                after=note,
                accept="Yes.",
            )
            edit = self.oracle(self.contacts, after=accept).edit_contact(
                contact_id=self.mei_contact,
                updates={"job": "Director of Product", "phone": "+15035550388"},
            )
        self.events = [note, proposal, accept, edit]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Mei Chen's card has the new title",
                (StatefulContactsApp, "edit_contact"),
                contact_id=self.mei_contact,
                updates=contains_key("job", mentions("director")),
            ),
            expect(
                "Mei Chen's card has the new direct line",
                (StatefulContactsApp, "edit_contact"),
                contact_id=self.mei_contact,
                updates=contains_key("phone", same_digits("5035550388")),
            ),
        )
