"""John's dentist announces a move next month; a month later the cleaning is at the new address."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulContactsApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import (
    Rules,
    at_time,
    contains_key,
    expect,
    forbid,
    mentions,
    mentions_any,
)

PRACTICE = "frontdesk@pearldental.com"
DAY = 86400


@register_scenario("dental_practice_moves_next_month")
class DentalPracticeMovesNextMonth(PAREScenario):
    """Dr. Mori's card gets the new address; four weeks on, confirm the cleaning and calendar it."""

    start_time = datetime(2026, 3, 10, 10, 0, tzinfo=UTC).timestamp()
    tags = (
        "long-horizon",
        "follow-up",
        "multi-app",
        "communication",
        "scheduling",
        "hard",
    )
    additional_system_prompt = (
        "You are John. Dr. Hana Mori at Pearl Dental is your dentist. Accept help keeping her "
        "details and your appointments right."
    )

    def init_and_populate_apps(self) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        self.mori_id = "contact-hana-mori"
        self.contacts.add_contact(
            Contact(
                contact_id=self.mori_id,
                first_name="Hana",
                last_name="Mori",
                job="Dentist, Pearl Dental",
                email=PRACTICE,
                phone="+15035550930",
                address="1020 NW Glisan St, Portland",
            )
        )
        self.morita_id = "contact-hana-morita"
        self.contacts.add_contact(
            Contact(
                contact_id=self.morita_id,
                first_name="Hana",
                last_name="Morita",
                job="Illustrator",
                email="hana.morita@fastmail.com",
                phone="+15035550577",
                address="3311 SE Ankeny St, Portland",
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.confirm_id = "email-pearl-confirm"
        self.apps = [self.email, self.calendar, self.contacts]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            moving = self.email.send_email_to_user_with_id(
                email_id="email-pearl-moving",
                sender=PRACTICE,
                subject="Pearl Dental is moving on April 1",
                content="From April 1, Dr. Mori sees patients at our new office: 410 NW 10th Ave, "
                "Suite 300, Portland. Our phone number stays the same. We'll confirm your next "
                "cleaning a week ahead.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Pearl Dental moves to 410 NW 10th Ave, Suite 300 on April 1. Shall I update "
                "Dr. Hana Mori's address in your contacts?",
                after=moving,
                accept="Yes.",
            )
            update = self.oracle(self.contacts, after=accept).edit_contact(
                contact_id=self.mori_id,
                updates={"address": "410 NW 10th Ave, Suite 300, Portland"},
            )
            confirm = self.email.send_email_to_user_with_id(
                email_id=self.confirm_id,
                sender=PRACTICE,
                subject="Your cleaning on April 14",
                content="Your cleaning with Dr. Mori is Tuesday April 14 at 08:30 at our new "
                "office, 410 NW 10th Ave, Suite 300. Please reply to confirm.",
            ).depends_on(moving, delay_seconds=28 * DAY)
            offer, yes = self.propose(
                "Pearl Dental asks you to confirm your cleaning on Tue Apr 14 at 08:30 at the "
                "new office. Shall I confirm and add it to your calendar?",
                after=confirm,
                accept="Yes, confirm it.",
            )
            reply = self.oracle(self.email, after=yes).reply_to_email(
                email_id=self.confirm_id,
                content="Confirmed: Tuesday April 14 at 08:30. See you then. John Doe",
            )
            block = self.oracle(self.calendar, after=reply).add_calendar_event(
                title="Dental cleaning - Dr. Mori",
                start_datetime="2026-04-14 08:30:00",
                end_datetime="2026-04-14 09:30:00",
                location="Pearl Dental, 410 NW 10th Ave, Suite 300",
            )
        self.events = [moving, proposal, accept, update, confirm, offer, yes, reply, block]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Dr. Mori's card has the new address",
                (StatefulContactsApp, "edit_contact"),
                contact_id=self.mori_id,
                updates=contains_key("address", mentions("410 NW 10th")),
            ),
            expect(
                "the cleaning confirmed by reply",
                (StatefulEmailApp, "reply_to_email"),
                email_id=self.confirm_id,
                content=mentions_any("confirm", "see you", "works"),
            ),
            expect(
                "the cleaning in the calendar at the new office",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-04-14 08:30:00"),
                location=mentions("410"),
            ),
            forbid(
                "Hana Morita is a friend, not the dentist",
                (StatefulContactsApp, "edit_contact"),
                contact_id=self.morita_id,
            ),
        )
