"""Applications for a saved flat open in two weeks; John's landlord later offers a reference."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import (
    StatefulApartmentApp,
    StatefulEmailApp,
    StatefulNotesApp,
    StatefulReminderApp,
)
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, forbid, mentions, mentions_any

LEASING = "leasing@elmcourtliving.com"
LANDLORD = "office@hollisproperty.com"
DAY = 86400


@register_scenario("flat_applications_open_in_two_weeks")
class FlatApplicationsOpenInTwoWeeks(PAREScenario):
    """A reminder for opening day and the paperwork noted; the reference goes to Carmen Ruiz."""

    start_time = datetime(2026, 7, 20, 10, 0, tzinfo=UTC).timestamp()
    tags = (
        "long-horizon",
        "housing",
        "information-retrieval",
        "timing",
        "multi-app",
        "scheduling",
        "communication",
        "hard",
    )
    additional_system_prompt = (
        "You are John, hunting for a flat with Dana. You saved Elm Court 2B and want to apply "
        "the moment applications open. Accept help preparing."
    )

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        self.elm_2b = self.apartments.add_new_apartment(
            name="Elm Court 2B",
            location="SE Salmon St, Portland",
            zip_code="97214",
            price=2150.0,
            number_of_bedrooms=2,
            number_of_bathrooms=1,
            square_footage=880,
            property_type="Apartment",
        )
        self.apartments.save_apartment(self.elm_2b)
        self.elm_3a = self.apartments.add_new_apartment(
            name="Elm Court 3A",
            location="SE Salmon St, Portland",
            zip_code="97214",
            price=2390.0,
            number_of_bedrooms=2,
            number_of_bathrooms=2,
            square_footage=960,
            property_type="Apartment",
        )
        self.notes = StatefulNotesApp(name="Notes")
        self.hunt_note = self.notes.create_note_with_time(
            folder="Personal",
            title="Flat hunt",
            content="Budget: up to $2,200\nMust: 2 bed, near the 14 bus\nSaved: Elm Court 2B",
            created_at="2026-07-01 20:00:00",
        )
        self.notes.create_note_with_time(
            folder="Personal",
            title="Moving boxes",
            content="Ask Theo for his boxes; buy tape",
            created_at="2026-07-05 09:00:00",
        )
        self.email = StatefulEmailApp(name="Emails")
        self.reminders = StatefulReminderApp(name="Reminders")
        self.offer_id = "email-hollis-reference-offer"
        self.apps = [self.email, self.reminders, self.notes, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            opening = self.email.send_email_to_user_with_id(
                email_id="email-elm-applications",
                sender=LEASING,
                subject="Elm Court 2B - applications open Aug 3",
                content="Thanks for your interest in Elm Court 2B (available Sep 1, $2,150). "
                "Applications open Monday August 3 at 9:00, first come first served. Have ready: "
                "your last two pay stubs, photo ID and a reference from your current landlord, "
                "addressed to me. Carmen Ruiz, Elm Court leasing",
            ).delayed(30)
            proposal, accept = self.propose(
                "Elm Court 2B applications open Mon Aug 3 at 9:00, first come first served. "
                "Shall I set a reminder for 08:45 that day and add the paperwork (2 pay stubs, "
                "photo ID, landlord reference to Carmen Ruiz) to your Flat hunt note?",
                after=opening,
                accept="Yes, both.",
            )
            remind = self.oracle(self.reminders, after=accept).add_reminder(
                title="Apply for Elm Court 2B (opens 9:00)",
                due_datetime="2026-08-03 08:45:00",
                description="First come first served. Pay stubs, photo ID, landlord reference.",
            )
            checklist = self.oracle(self.notes, after=remind).update_note(
                note_id=self.hunt_note,
                content="Budget: up to $2,200\nMust: 2 bed, near the 14 bus\nSaved: Elm Court 2B"
                "\nApplication (opens Mon Aug 3, 9:00): last 2 pay stubs, photo ID, reference "
                "from Hollis addressed to Carmen Ruiz (Elm Court leasing)",
            )
            landlord = self.email.send_email_to_user_with_id(
                email_id=self.offer_id,
                sender=LANDLORD,
                subject="Reference letter",
                content="Hi John, sorry to hear you're leaving us! Happy to write you a "
                "reference. Who should I address it to, and where should I send it? Maureen",
            ).depends_on(opening, delay_seconds=8 * DAY)
            offer, yes = self.propose(
                "Maureen at Hollis will write your reference. Shall I reply that it goes to "
                "Carmen Ruiz at leasing@elmcourtliving.com?",
                after=landlord,
                accept="Yes.",
            )
            reply = self.oracle(self.email, after=yes).reply_to_email(
                email_id=self.offer_id,
                content="Thank you, Maureen! Please address it to Carmen Ruiz, Elm Court "
                "leasing, and send it to leasing@elmcourtliving.com before Monday August 3. "
                "Best, John",
            )
        self.events = [opening, proposal, accept, remind, checklist, landlord, offer, yes, reply]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a reminder on opening morning, before 9:00",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=between("2026-08-02 18:00:00", "2026-08-03 09:00:00"),
            ),
            expect(
                "the paperwork in the Flat hunt note",
                (StatefulNotesApp, "update_note"),
                note_id=self.hunt_note,
                content=mentions("pay stub", "reference"),
            ),
            expect(
                "Maureen told who the reference is for",
                (StatefulEmailApp, "reply_to_email"),
                email_id=self.offer_id,
                content=mentions_any("carmen", LEASING),
            ),
            forbid(
                "Elm Court 3A is not the flat John wants",
                (StatefulApartmentApp, "save_apartment"),
                apartment_id=self.elm_3a,
            ),
        )
