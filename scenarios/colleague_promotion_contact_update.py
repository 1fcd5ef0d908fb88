"""A colleague's email signature shows a new title and a new direct line."""

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
from pytest_pare.scenarios.checks import (
    check_actions,
    contains_key,
    expect,
    mentions,
    same_digits,
)
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("colleague_promotion_contact_update")
class ColleaguePromotionContactUpdate(PAREScenario):
    """Mei Chen is now Director of Product with a new phone: update her contact card."""

    start_time = datetime(2026, 4, 7, 9, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "information-retrieval")
    additional_system_prompt = "You are John. You like contact cards to reflect current roles."

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
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
            note = email.send_email_to_user_with_id(
                email_id="email-mei-roadmap",
                sender="mei.chen@northwind.io",
                subject="Q3 roadmap review invite",
                content="Hi John, sharing the Q3 roadmap deck ahead of Thursday.\n\n--\nMei Chen\n"
                "Director of Product, Northwind\nDirect: +1 503 555 0388",
            ).delayed(30)
            proposal = (
                aui.send_message_to_user(
                    content="Mei Chen's signature says she's now Director of Product, with a new "
                    "direct line +1 503 555 0388. Update her contact?"
                )
                .oracle()
                .depends_on(note, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes.").oracle().depends_on(proposal, delay_seconds=5)
            )
            edit = (
                contacts.edit_contact(
                    contact_id=self.mei_contact,
                    updates={"job": "Director of Product", "phone": "+15035550388"},
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [note, proposal, accept, edit]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "Mei Chen's card has the new title",
                "StatefulContactsApp",
                "edit_contact",
                contact_id=self.mei_contact,
                updates=contains_key("job", mentions("director")),
            ),
            expect(
                "Mei Chen's card has the new direct line",
                "StatefulContactsApp",
                "edit_contact",
                contact_id=self.mei_contact,
                updates=contains_key("phone", same_digits("5035550388")),
            ),
        )
