"""A friend's housewarming invite carries her new address."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulContactsApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, contains_key, expect, mentions


@register_scenario("friend_moved_address_contact")
class FriendMovedAddressContact(PAREScenario):
    """Sofia moved to 2718 NE Alberta St; her contact still has the old flat."""

    start_time = datetime(2026, 5, 2, 10, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "follow-up", "easy")
    additional_system_prompt = "You are John. You send holiday cards, so addresses matter."

    def init_and_populate_apps(self) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        self.sofia_contact = "contact-sofia-russo"
        self.contacts.add_contact(
            Contact(
                contact_id=self.sofia_contact,
                first_name="Sofia",
                last_name="Russo",
                email="sofia.russo@proton.me",
                phone="+15035550515",
                address="88 SW Harbor Way, Apt 12, Portland OR",
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.contacts]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            invite = self.email.send_email_to_user_with_id(
                email_id="email-sofia-housewarming",
                sender="sofia.russo@proton.me",
                subject="Housewarming May 16!",
                content="We finally moved! New address: 2718 NE Alberta St, Portland OR 97211. "
                "Housewarming Saturday May 16 from 6pm, bring nothing but yourself. - Sofia",
            ).delayed(30)
            proposal, accept = self.propose(
                "Sofia Russo moved to 2718 NE Alberta St, Portland OR 97211. Shall I update her "
                "address in your contacts?",
                after=invite,
                accept="Yes.",
            )
            edit = self.oracle(self.contacts, after=accept).edit_contact(
                contact_id=self.sofia_contact,
                updates={"address": "2718 NE Alberta St, Portland OR 97211"},
            )
        self.events = [invite, proposal, accept, edit]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Sofia's contact has the Alberta St address",
                (StatefulContactsApp, "edit_contact"),
                contact_id=self.sofia_contact,
                updates=contains_key("address", mentions("2718", "Alberta")),
            ),
        )
