"""A manager introduces a new teammate by email; his details belong in Contacts."""

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
from pytest_pare.scenarios.checks import check_actions, equals_text, expect, same_digits
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("new_teammate_contact_from_intro")
class NewTeammateContactFromIntro(PAREScenario):
    """Rosa introduces Tomas Ferreira with his phone and email; the assistant saves the contact."""

    start_time = datetime(2026, 2, 16, 8, 30, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "information-retrieval")
    additional_system_prompt = "You are John. You like new colleagues saved to Contacts."

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
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
            intro = email.send_email_to_user_with_id(
                email_id=self.intro_id,
                sender="rosa.delgado@northwind.io",
                subject="Welcome Tomas to the data team",
                content=(
                    "Team, please welcome Tomas Ferreira, who joins today as a data engineer. "
                    "John, you'll onboard him this week. His cell is +1 503-555-0199 and his "
                    "email is tomas.ferreira@northwind.io. - Rosa"
                ),
            ).delayed(40)
            proposal = (
                aui.send_message_to_user(
                    content="Rosa introduced Tomas Ferreira (data engineer). Shall I add him "
                    "to your contacts with +1 503-555-0199 and tomas.ferreira@northwind.io?"
                )
                .oracle()
                .depends_on(intro, delay_seconds=8)
            )
            accept = (
                aui.accept_proposal(content="Yes, add him.")
                .oracle()
                .depends_on(proposal, delay_seconds=4)
            )
            add = (
                contacts.add_new_contact(
                    first_name="Tomas",
                    last_name="Ferreira",
                    job="Data Engineer",
                    phone="+15035550199",
                    email="tomas.ferreira@northwind.io",
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [intro, proposal, accept, add]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "Tomas Ferreira saved with his phone and email",
                "StatefulContactsApp",
                "add_new_contact",
                first_name=equals_text("Tomas"),
                last_name=equals_text("Ferreira"),
                phone=same_digits("+15035550199"),
                email=equals_text("tomas.ferreira@northwind.io"),
            ),
        )
