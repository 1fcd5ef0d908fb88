"""The application for a saved flat is approved; the lease must be signed within 48 hours."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulEmailApp
from pytest_pare.apps.apartment import StatefulApartmentApp
from pytest_pare.apps.reminder import StatefulReminderApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import between, check_actions, expect, mentions_any
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("lease_offer_signing_deadline")
class LeaseOfferSigningDeadline(PAREScenario):
    """Set a signing reminder before Wednesday 17:00 and drop the other saved flat."""

    start_time = datetime(2026, 8, 17, 17, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "timing", "multi-app", "housing", "scheduling")
    additional_system_prompt = (
        "You are John. If Cedar Flats approves you, you take it and stop looking."
    )

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
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
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.email,
            self.apartments,
            self.reminders,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        email = self.get_typed_app(StatefulEmailApp, "Emails")
        apartments = self.get_typed_app(StatefulApartmentApp, "Apartment")
        reminders = self.get_typed_app(StatefulReminderApp, "Reminders")
        with EventRegisterer.capture_mode():
            approved = email.send_email_to_user_with_id(
                email_id="email-cedar-approved",
                sender="maria@cedarflats.com",
                subject="Approved! Cedar Flats 2A",
                content="Congratulations John, your application for 2A is approved. Please "
                "e-sign the lease by Wednesday Aug 19 at 17:00 or the unit goes to the next "
                "applicant.",
            ).delayed(30)
            proposal = (
                aui.send_message_to_user(
                    content="You're approved for Cedar Flats 2A! The lease must be signed by Wed "
                    "17:00. Shall I set a reminder for Wednesday 09:00 and remove the Ladd's "
                    "Addition studio from your saved flats?"
                )
                .oracle()
                .depends_on(approved, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes!").oracle().depends_on(proposal, delay_seconds=5)
            )
            remind = (
                reminders.add_reminder(
                    title="E-sign Cedar Flats 2A lease",
                    due_datetime="2026-08-19 09:00:00",
                    description="Deadline Wed Aug 19, 17:00",
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
            unsave = (
                apartments.remove_saved_apartment(apartment_id=self.backup_id)
                .oracle()
                .depends_on(remind, delay_seconds=2)
            )
        self.events = [approved, proposal, accept, remind, unsave]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "a signing reminder before Wednesday 17:00",
                "StatefulReminderApp",
                "add_reminder",
                title=mentions_any("lease", "sign", "cedar"),
                due_datetime=between("2026-08-17 17:00:00", "2026-08-19 16:00:00"),
            ),
            expect(
                "the backup studio removed from favourites",
                "StatefulApartmentApp",
                "remove_saved_apartment",
                apartment_id=self.backup_id,
            ),
        )
