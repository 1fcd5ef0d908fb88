"""An email to a colleague bounces; her reply from a personal address explains the new one."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulContactsApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, contains_key, equals_text, expect


@register_scenario("bounced_email_contact_fix")
class BouncedEmailContactFix(PAREScenario):
    """Replace Lena's dead work address with lena@fischer.studio in her contact."""

    start_time = datetime(2026, 11, 2, 9, 0, tzinfo=UTC).timestamp()
    tags = ("follow-up", "information-retrieval", "easy")
    additional_system_prompt = "You are John. You want your next email to Lena to arrive."

    def init_and_populate_apps(self) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        self.lena_contact = "contact-lena-fischer"
        self.contacts.add_contact(
            Contact(
                contact_id=self.lena_contact,
                first_name="Lena",
                last_name="Fischer",
                email="lena.fischer@brightwaterfoods.com",
                job="Operations lead, Brightwater Foods",
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.contacts]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            bounce = self.email.send_email_to_user_with_id(
                email_id="email-bounce-lena",
                sender="mailer-daemon@northwind.io",
                subject="Undeliverable: Rescheduling the on-site",
                content="Delivery to lena.fischer@brightwaterfoods.com failed: mailbox disabled.",
            ).delayed(20)
            lena = self.email.send_email_to_user_with_id(
                email_id="email-lena-personal",
                sender="lena@fischer.studio",
                subject="New address!",
                content="Hi John - I left Brightwater last week and started my own consultancy. "
                "Please use lena@fischer.studio from now on. Happy to pick up the on-site "
                "discussion. Lena",
            ).depends_on(bounce, delay_seconds=120)
            proposal, accept = self.propose(
                "Your email to Lena bounced; she now uses lena@fischer.studio. Shall I update her "
                "contact's email?",
                after=lena,
                accept="Yes.",
            )
            edit = self.oracle(self.contacts, after=accept).edit_contact(
                contact_id=self.lena_contact, updates={"email": "lena@fischer.studio"}
            )
        self.events = [bounce, lena, proposal, accept, edit]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Lena's contact has her new address",
                (StatefulContactsApp, "edit_contact"),
                contact_id=self.lena_contact,
                updates=contains_key("email", equals_text("lena@fischer.studio")),
            ),
        )
