"""The GP's office refers John to a dermatologist he must phone within two weeks."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulContactsApp, StatefulEmailApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import (
    Rules,
    between,
    equals_text,
    expect,
    forbid,
    mentions_any,
    same_digits,
)


@register_scenario("dermatology_referral_contact_and_call_reminder")
class DermatologyReferralContactAndCallReminder(PAREScenario):
    """Save Dr. Lena Ortiz with her office line (not the GP's fax) and a reminder to call."""

    start_time = datetime(2026, 1, 20, 11, 0, tzinfo=UTC).timestamp()
    tags = (
        "goal-inference",
        "information-retrieval",
        "follow-up",
        "multi-app",
        "scheduling",
        "timing",
        "hard",
    )
    additional_system_prompt = (
        "You are John. You tend to forget calls you have to make. Accept help to book the "
        "dermatologist in time."
    )

    def init_and_populate_apps(self) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        self.contacts.add_contact(
            Contact(
                contact_id="contact-dr-osei",
                first_name="Kofi",
                last_name="Osei",
                job="GP, Eastside Clinic",
                phone="+15035550650",
            )
        )
        self.reminders = StatefulReminderApp(name="Reminders")
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.contacts, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            referral = self.email.send_email_to_user_with_id(
                email_id="email-derm-referral",
                sender="frontdesk@eastsideclinic.org",
                subject="Your referral to dermatology",
                content="Hello John, Dr. Osei has referred you to Dr. Lena Ortiz, dermatologist "
                "at Pearl Skin Center, 1020 NW 9th Ave. Please call her office at 503-555-0456 "
                "(Mon-Fri 8:00-16:00) to book within two weeks; the referral lapses after that. "
                "Our clinic fax for records is 503-555-0499.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Dr. Osei referred you to dermatologist Dr. Lena Ortiz; you must call "
                "503-555-0456 within two weeks. Shall I save her to Contacts and remind you to "
                "call tomorrow at 9:00?",
                after=referral,
                accept="Yes, thanks.",
            )
            save = self.oracle(self.contacts, after=accept).add_new_contact(
                first_name="Lena",
                last_name="Ortiz",
                job="Dermatologist, Pearl Skin Center (1020 NW 9th Ave)",
                phone="+15035550456",
            )
            remind = self.oracle(self.reminders, after=save).add_reminder(
                title="Call Dr. Ortiz to book the dermatology appointment",
                due_datetime="2026-01-21 09:00:00",
                description="503-555-0456, Mon-Fri 8-16. Referral lapses Feb 3.",
            )
        self.events = [referral, proposal, accept, save, remind]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Dr. Lena Ortiz saved with her office number",
                (StatefulContactsApp, "add_new_contact"),
                first_name=equals_text("Lena"),
                last_name=equals_text("Ortiz"),
                phone=same_digits("+15035550456"),
            ),
            expect(
                "a reminder to call within the two weeks",
                (StatefulReminderApp, "add_reminder"),
                title=mentions_any("Ortiz", "dermatolog", "call"),
                due_datetime=between("2026-01-20 11:00:00", "2026-02-03 16:00:00"),
            ),
            forbid(
                "the clinic's fax saved as her number",
                (StatefulContactsApp, "add_new_contact"),
                phone=same_digits("+15035550499"),
            ),
        )
