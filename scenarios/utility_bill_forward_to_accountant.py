"""A standing rule in John's notes says utility bills go to his accountant."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulContactsApp, StatefulEmailApp, StatefulNotesApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, either, expect, mentions, same_items


@register_scenario("utility_bill_forward_to_accountant")
class UtilityBillForwardToAccountant(PAREScenario):
    """The electricity bill arrives; forward it to Helen, whose address is in Contacts."""

    start_time = datetime(2026, 3, 2, 8, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "multi-app", "information-retrieval", "communication", "easy")
    additional_system_prompt = (
        "You are John, self-employed with a home office. Your accountant needs every "
        "utility bill; accept forwarding them."
    )

    def init_and_populate_apps(self) -> None:
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Work",
            title="Bookkeeping rules",
            content="Forward every utility bill (power, internet, water) to Helen, my "
            "accountant, as soon as it arrives - home office deduction.",
            created_at="2026-01-05 09:00:00",
        )
        self.contacts = StatefulContactsApp(name="Contacts")
        self.contacts.add_contact(
            Contact(
                contact_id="contact-helen",
                first_name="Helen",
                last_name="Ortiz",
                email="helen.ortiz@ortizcpa.com",
                job="Accountant",
                phone="+15035550808",
            )
        )
        self.contacts.add_contact(
            Contact(
                contact_id="contact-helena",
                first_name="Helena",
                last_name="Brandt",
                email="helena.brandt@gmail.com",
                job="Yoga teacher",
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.bill_id = "email-pge-feb"
        self.apps = [self.email, self.notes, self.contacts]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            bill = self.email.send_email_to_user_with_id(
                email_id=self.bill_id,
                sender="billing@portlandgeneral.com",
                subject="Your February electricity bill: $142.18",
                content="Account 5521-0093. Amount due $142.18 by March 20.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Your February electricity bill arrived. Your bookkeeping note says to forward "
                "utility bills to Helen Ortiz. Shall I forward it to her?",
                after=bill,
                accept="Yes, forward it.",
            )
            forward = self.oracle(self.email, after=accept).forward_email(
                email_id=self.bill_id, recipients=["helen.ortiz@ortizcpa.com"]
            )
        self.events = [bill, proposal, accept, forward]

    def expected_actions(self) -> Rules:
        return (
            either(
                "the bill reaches Helen Ortiz",
                expect(
                    "forward",
                    (StatefulEmailApp, "forward_email"),
                    email_id=self.bill_id,
                    recipients=same_items("helen.ortiz@ortizcpa.com"),
                ),
                expect(
                    "send",
                    (StatefulEmailApp, "send_email"),
                    recipients=same_items("helen.ortiz@ortizcpa.com"),
                    content=mentions("142.18"),
                ),
            ),
        )
