"""A standing rule in John's notes says utility bills go to his accountant."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.contacts import Contact
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import (
    HomeScreenSystemApp,
    PAREAgentUserInterface,
    StatefulContactsApp,
    StatefulEmailApp,
)
from pytest_pare.apps.note import StatefulNotesApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import check_actions, either, expect, mentions, same_items
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("utility_bill_forward_to_accountant")
class UtilityBillForwardToAccountant(PAREScenario):
    """The electricity bill arrives; forward it to Helen, whose address is in Contacts."""

    start_time = datetime(2026, 3, 2, 8, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "multi-app", "information-retrieval", "communication")
    additional_system_prompt = (
        "You are John, self-employed with a home office. Your accountant needs every "
        "utility bill; accept forwarding them."
    )

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
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
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.email,
            self.notes,
            self.contacts,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        email = self.get_typed_app(StatefulEmailApp, "Emails")
        with EventRegisterer.capture_mode():
            bill = email.send_email_to_user_with_id(
                email_id=self.bill_id,
                sender="billing@portlandgeneral.com",
                subject="Your February electricity bill: $142.18",
                content="Account 5521-0093. Amount due $142.18 by March 20.",
            ).delayed(30)
            proposal = (
                aui.send_message_to_user(
                    content="Your February electricity bill arrived. Your bookkeeping note says to "
                    "forward utility bills to Helen Ortiz. Shall I forward it to her?"
                )
                .oracle()
                .depends_on(bill, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes, forward it.")
                .oracle()
                .depends_on(proposal, delay_seconds=5)
            )
            forward = (
                email.forward_email(email_id=self.bill_id, recipients=["helen.ortiz@ortizcpa.com"])
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [bill, proposal, accept, forward]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            either(
                "the bill reaches Helen Ortiz",
                expect(
                    "forward",
                    "StatefulEmailApp",
                    "forward_email",
                    email_id=self.bill_id,
                    recipients=same_items("helen.ortiz@ortizcpa.com"),
                ),
                expect(
                    "send",
                    "StatefulEmailApp",
                    "send_email",
                    recipients=same_items("helen.ortiz@ortizcpa.com"),
                    content=mentions("142.18"),
                ),
            ),
        )
