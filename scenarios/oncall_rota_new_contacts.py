"""Three people join John's weekend on-call rota; he is their escalation contact from Saturday."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulContactsApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, equals_text, expect, forbid, same_digits

PEOPLE = (
    ("Amara", "Osei", "+15035550141", "amara.osei@lumenlabs.io"),
    ("Jonas", "Berg", "+15035550152", "jonas.berg@lumenlabs.io"),
    ("Lucia", "Ferrer", "+15035550163", "lucia.ferrer@lumenlabs.io"),
)


@register_scenario("oncall_rota_new_contacts")
class OncallRotaNewContacts(PAREScenario):
    """Three new contacts and Saturday's shift; a contact lost to a failed call fails the story."""

    start_time = datetime(2026, 2, 2, 9, 0, tzinfo=UTC).timestamp()
    tags = (
        "noise-sensitive",
        "goal-inference",
        "information-retrieval",
        "multi-app",
        "scheduling",
        "hard",
    )
    additional_system_prompt = (
        "You are John, support lead at Lumen Labs. Accept help saving your new on-call "
        "colleagues and your shifts."
    )

    def init_and_populate_apps(self) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        self.friend_id = "contact-amara-osei-bonsu"
        self.contacts.add_contact(
            Contact(
                contact_id=self.friend_id,
                first_name="Amara",
                last_name="Osei-Bonsu",
                job="Nurse",
                email="amara.ob@gmail.com",
                phone="+15035550977",
            )
        )
        self.contacts.add_contact(
            Contact(
                contact_id="contact-rosa-diaz",
                first_name="Rosa",
                last_name="Diaz",
                job="Head of Support, Lumen Labs",
                email="rosa.diaz@lumenlabs.io",
                phone="+15035550120",
            )
        )
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.contacts, self.calendar]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            roster = self.email.send_email_to_user_with_id(
                email_id="email-oncall-roster",
                sender="rosa.diaz@lumenlabs.io",
                subject="Weekend on-call: three new people from Feb 7",
                content="Hi John, three people join the weekend on-call rota and you are their "
                "escalation contact, so please save their numbers: Amara Osei (503-555-0141, "
                "amara.osei@lumenlabs.io), Jonas Berg (503-555-0152, jonas.berg@lumenlabs.io) "
                "and Lucia Ferrer (503-555-0163, lucia.ferrer@lumenlabs.io). Your first shift "
                "with them is Saturday Feb 7, 09:00-17:00. Rosa",
            ).delayed(30)
            proposal, accept = self.propose(
                "Rosa added Amara Osei, Jonas Berg and Lucia Ferrer to the weekend on-call "
                "rota, with you as escalation contact. Shall I save all three in Contacts and "
                "add your Sat Feb 7 09:00-17:00 shift to the calendar?",
                after=roster,
                accept="Yes please.",
            )
            previous = accept
            saved = []
            for first, last, phone, email in PEOPLE:
                previous = self.oracle(self.contacts, after=previous).add_new_contact(
                    first_name=first,
                    last_name=last,
                    job="Support engineer, Lumen Labs (weekend on-call)",
                    phone=phone,
                    email=email,
                )
                saved.append(previous)
            shift = self.oracle(self.calendar, after=previous).add_calendar_event(
                title="Weekend on-call (escalation)",
                start_datetime="2026-02-07 09:00:00",
                end_datetime="2026-02-07 17:00:00",
            )
        self.events = [roster, proposal, accept, *saved, shift]

    def expected_actions(self) -> Rules:
        people = [
            expect(
                f"{first} {last} saved with the number",
                (StatefulContactsApp, "add_new_contact"),
                first_name=equals_text(first),
                last_name=equals_text(last),
                phone=same_digits(phone),
            )
            for first, last, phone, _ in PEOPLE
        ]
        return (
            *people,
            expect(
                "Saturday's shift in the calendar",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-02-07 09:00:00"),
            ),
            forbid(
                "Amara Osei-Bonsu is a friend, not the new colleague",
                (StatefulContactsApp, "edit_contact"),
                contact_id=self.friend_id,
            ),
        )
