"""Leo's school asks for a second emergency contact by reply."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulContactsApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, all_of, expect, forbid, mentions


@register_scenario("school_emergency_contact_reply")
class SchoolEmergencyContactReply(PAREScenario):
    """Reply with Grandma Linda Doe's number from Contacts, not Lindsay Dow's."""

    start_time = datetime(2026, 9, 8, 8, 30, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "information-retrieval", "communication", "easy")
    additional_system_prompt = (
        "You are John. Your mother, Linda Doe, picks Leo up from school whenever you can't. "
        "Accept answering the school."
    )

    def init_and_populate_apps(self) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        for contact_id, first, last, phone, description in (
            (
                "contact-mom",
                "Linda",
                "Doe",
                "+15035550901",
                "Mom (Leo's grandma), 5 min from school",
            ),
            ("contact-lindsay", "Lindsay", "Dow", "+15035550902", "Finance, Northwind"),
        ):
            self.contacts.add_contact(
                Contact(
                    contact_id=contact_id,
                    first_name=first,
                    last_name=last,
                    phone=phone,
                    description=description,
                )
            )
        self.email = StatefulEmailApp(name="Emails")
        self.request_id = "email-school-emergency"
        self.apps = [self.email, self.contacts]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.email.send_email_to_user_with_id(
                email_id=self.request_id,
                sender="office@rosewayheights.school",
                subject="Second emergency contact for Leo Doe",
                content="Dear Mr. Doe, our records list only you as Leo's emergency contact. "
                "Please reply with the name, relationship and phone number of a second adult we "
                "may call. Thank you, Roseway Heights front office",
            ).delayed(30)
            proposal, accept = self.propose(
                "Leo's school wants a second emergency contact. Shall I reply with his grandma, "
                "Linda Doe, +1 503-555-0901?",
                after=ask,
                accept="Yes, Mom's the one.",
            )
            reply = self.oracle(self.email, after=accept).reply_to_email(
                email_id=self.request_id,
                content="Hello, Leo's second emergency contact is his grandmother, Linda Doe, "
                "+1 503-555-0901. Best regards, John Doe",
            )
        self.events = [ask, proposal, accept, reply]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the school given Linda Doe's number",
                (StatefulEmailApp, "reply_to_email"),
                email_id=self.request_id,
                content=all_of(mentions("Linda"), mentions("0901")),
            ),
            forbid(
                "the colleague with a similar name given instead",
                (StatefulEmailApp, "reply_to_email"),
                content=mentions("0902"),
            ),
        )
