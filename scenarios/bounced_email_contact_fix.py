"""An email to a colleague bounces; her reply from a personal address explains the new one."""

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
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import check_actions, contains_key, equals_text, expect
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("bounced_email_contact_fix")
class BouncedEmailContactFix(PAREScenario):
    """Replace Lena's dead work address with lena@fischer.studio in her contact."""

    start_time = datetime(2026, 11, 2, 9, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("follow-up", "information-retrieval")
    additional_system_prompt = "You are John. You want your next email to Lena to arrive."

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
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
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.email,
            self.contacts,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        email = self.get_typed_app(StatefulEmailApp, "Emails")
        contacts = self.get_typed_app(StatefulContactsApp, "Contacts")
        with EventRegisterer.capture_mode():
            bounce = email.send_email_to_user_with_id(
                email_id="email-bounce-lena",
                sender="mailer-daemon@northwind.io",
                subject="Undeliverable: Rescheduling the on-site",
                content="Delivery to lena.fischer@brightwaterfoods.com failed: mailbox disabled.",
            ).delayed(20)
            lena = email.send_email_to_user_with_id(
                email_id="email-lena-personal",
                sender="lena@fischer.studio",
                subject="New address!",
                content="Hi John - I left Brightwater last week and started my own consultancy. "
                "Please use lena@fischer.studio from now on. Happy to pick up the on-site "
                "discussion. Lena",
            ).depends_on(bounce, delay_seconds=120)
            proposal = (
                aui.send_message_to_user(
                    content="Your email to Lena bounced; she now uses lena@fischer.studio. Shall I "
                    "update her contact's email?"
                )
                .oracle()
                .depends_on(lena, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes.").oracle().depends_on(proposal, delay_seconds=5)
            )
            edit = (
                contacts.edit_contact(
                    contact_id=self.lena_contact, updates={"email": "lena@fischer.studio"}
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [bounce, lena, proposal, accept, edit]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "Lena's contact has her new address",
                "StatefulContactsApp",
                "edit_contact",
                contact_id=self.lena_contact,
                updates=contains_key("email", equals_text("lena@fischer.studio")),
            ),
        )
