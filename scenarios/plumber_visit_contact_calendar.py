"""The landlord sends the plumber's details and visit window for a leaking tap."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulContactsApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, equals_text, expect, same_digits


@register_scenario("plumber_visit_contact_calendar")
class PlumberVisitContactCalendar(PAREScenario):
    """Save Marco Bellini (plumber) as a contact and block Wed 08:00-10:00 for his visit."""

    start_time = datetime(2026, 1, 19, 16, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "multi-app", "scheduling", "medium")
    additional_system_prompt = "You are John. You need to be home when the plumber comes."

    def init_and_populate_apps(self) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.contacts, self.calendar]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            note = self.email.send_email_to_user_with_id(
                email_id="email-landlord-plumber",
                sender="leasing@divisionstreetflats.com",
                subject="Plumber for the kitchen tap",
                content="Hi John, Marco Bellini (Bellini Plumbing, 503-555-0466) will come "
                "Wednesday Jan 21 between 8 and 10am to fix the tap. Please be home or call him.",
            ).delayed(30)
            proposal, accept = self.propose(
                "The plumber Marco Bellini comes Wed Jan 21, 08:00-10:00. Shall I save his number "
                "(503-555-0466) and block that window in your calendar?",
                after=note,
                accept="Yes, both.",
            )
            add_contact = self.oracle(self.contacts, after=accept).add_new_contact(
                first_name="Marco",
                last_name="Bellini",
                job="Plumber (Bellini Plumbing)",
                phone="+15035550466",
            )
            block = self.oracle(self.calendar, after=add_contact).add_calendar_event(
                title="Plumber visit - Marco Bellini",
                start_datetime="2026-01-21 08:00:00",
                end_datetime="2026-01-21 10:00:00",
                location="Home",
            )
        self.events = [note, proposal, accept, add_contact, block]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Marco Bellini saved with his number",
                (StatefulContactsApp, "add_new_contact"),
                first_name=equals_text("Marco"),
                last_name=equals_text("Bellini"),
                phone=same_digits("5035550466"),
            ),
            expect(
                "the visit window blocked from 08:00 Wednesday",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-01-21 08:00:00"),
            ),
        )
