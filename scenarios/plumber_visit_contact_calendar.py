"""The landlord sends the plumber's details and visit window for a leaking tap."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import (
    HomeScreenSystemApp,
    PAREAgentUserInterface,
    StatefulContactsApp,
    StatefulEmailApp,
)
from pytest_pare.apps.calendar import StatefulCalendarApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import at_time, check_actions, equals_text, expect, same_digits
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("plumber_visit_contact_calendar")
class PlumberVisitContactCalendar(PAREScenario):
    """Save Marco Bellini (plumber) as a contact and block Wed 08:00-10:00 for his visit."""

    start_time = datetime(2026, 1, 19, 16, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "multi-app", "scheduling")
    additional_system_prompt = "You are John. You need to be home when the plumber comes."

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.email,
            self.contacts,
            self.calendar,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        email = self.get_typed_app(StatefulEmailApp, "Emails")
        contacts = self.get_typed_app(StatefulContactsApp, "Contacts")
        calendar = self.get_typed_app(StatefulCalendarApp, "Calendar")
        with EventRegisterer.capture_mode():
            note = email.send_email_to_user_with_id(
                email_id="email-landlord-plumber",
                sender="leasing@divisionstreetflats.com",
                subject="Plumber for the kitchen tap",
                content="Hi John, Marco Bellini (Bellini Plumbing, 503-555-0466) will come "
                "Wednesday Jan 21 between 8 and 10am to fix the tap. Please be home or call him.",
            ).delayed(30)
            proposal = (
                aui.send_message_to_user(
                    content="The plumber Marco Bellini comes Wed Jan 21, 08:00-10:00. Shall I save "
                    "his number (503-555-0466) and block that window in your calendar?"
                )
                .oracle()
                .depends_on(note, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes, both.")
                .oracle()
                .depends_on(proposal, delay_seconds=5)
            )
            add_contact = (
                contacts.add_new_contact(
                    first_name="Marco",
                    last_name="Bellini",
                    job="Plumber (Bellini Plumbing)",
                    phone="+15035550466",
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
            block = (
                calendar.add_calendar_event(
                    title="Plumber visit - Marco Bellini",
                    start_datetime="2026-01-21 08:00:00",
                    end_datetime="2026-01-21 10:00:00",
                    location="Home",
                )
                .oracle()
                .depends_on(add_contact, delay_seconds=2)
            )
        self.events = [note, proposal, accept, add_contact, block]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "Marco Bellini saved with his number",
                "StatefulContactsApp",
                "add_new_contact",
                first_name=equals_text("Marco"),
                last_name=equals_text("Bellini"),
                phone=same_digits("5035550466"),
            ),
            expect(
                "the visit window blocked from 08:00 Wednesday",
                "StatefulCalendarApp",
                "add_calendar_event",
                start_datetime=at_time("2026-01-21 08:00:00"),
            ),
        )
