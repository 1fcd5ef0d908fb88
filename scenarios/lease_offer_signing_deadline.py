"""The application for a saved flat is approved; the lease must be signed within 48 hours."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulEmailApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, mentions_any


@register_scenario("lease_offer_signing_deadline")
class LeaseOfferSigningDeadline(PAREScenario):
    """Set a signing reminder before Wednesday 17:00 and drop the other saved flat."""

    start_time = datetime(2026, 8, 17, 17, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "timing", "multi-app", "housing", "scheduling", "medium")
    additional_system_prompt = (
        "You are John. If Cedar Flats approves you, you take it and stop looking."
    )

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        self.cedar_id = self.apartments.add_new_apartment(
            name="Cedar Flats 2A",
            location="412 SE Ash St, Portland",
            zip_code="97214",
            price=1875.0,
            number_of_bedrooms=1,
            number_of_bathrooms=1,
            square_footage=700,
        )
        self.backup_id = self.apartments.add_new_apartment(
            name="Ladd's Addition Studio",
            location="SE Ladd Ave, Portland",
            zip_code="97214",
            price=1590.0,
            number_of_bedrooms=0,
            number_of_bathrooms=1,
            square_footage=480,
        )
        for apartment_id in (self.cedar_id, self.backup_id):
            self.apartments.save_apartment(apartment_id)
        self.reminders = StatefulReminderApp(name="Reminders")
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.apartments, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            approved = self.email.send_email_to_user_with_id(
                email_id="email-cedar-approved",
                sender="maria@cedarflats.com",
                subject="Approved! Cedar Flats 2A",
                content="Congratulations John, your application for 2A is approved. Please "
                "e-sign the lease by Wednesday Aug 19 at 17:00 or the unit goes to the next "
                "applicant.",
            ).delayed(30)
            proposal, accept = self.propose(
                "You're approved for Cedar Flats 2A! The lease must be signed by Wed 17:00. Shall "
                "I set a reminder for Wednesday 09:00 and remove the Ladd's Addition studio from "
                "your saved flats?",
                after=approved,
                accept="Yes!",
            )
            remind = self.oracle(self.reminders, after=accept).add_reminder(
                title="E-sign Cedar Flats 2A lease",
                due_datetime="2026-08-19 09:00:00",
                description="Deadline Wed Aug 19, 17:00",
            )
            unsave = self.oracle(self.apartments, after=remind).remove_saved_apartment(
                apartment_id=self.backup_id
            )
        self.events = [approved, proposal, accept, remind, unsave]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a signing reminder before Wednesday 17:00",
                (StatefulReminderApp, "add_reminder"),
                title=mentions_any("lease", "sign", "cedar"),
                due_datetime=between("2026-08-17 17:00:00", "2026-08-19 16:00:00"),
            ),
            expect(
                "the backup studio removed from favourites",
                (StatefulApartmentApp, "remove_saved_apartment"),
                apartment_id=self.backup_id,
            ),
        )
