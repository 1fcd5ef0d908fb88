"""An agency announces that sign-ups for a popular open house open Monday at 9:00."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulEmailApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, mentions_any


@register_scenario("open_house_signup_opening_reminder")
class OpenHouseSignupOpeningReminder(PAREScenario):
    """Save Lovejoy Lofts 5A and set a reminder just before sign-up opens on Monday."""

    start_time = datetime(2026, 4, 10, 16, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "timing", "multi-app", "housing", "scheduling", "medium")
    additional_system_prompt = (
        "You are John, hoping to rent in the Pearl. You looked at Lovejoy Lofts 5A twice this "
        "week. Accept help not to miss it."
    )

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        self.lovejoy_id = self.apartments.add_new_apartment(
            name="Lovejoy Lofts 5A",
            location="1120 NW Lovejoy St, Portland",
            zip_code="97209",
            price=1990.0,
            number_of_bedrooms=1,
            number_of_bathrooms=1,
            square_footage=700,
            property_type="Loft",
        )
        self.apartments.add_new_apartment(
            name="Everett Street Flats 2",
            location="1415 NW Everett St, Portland",
            zip_code="97209",
            price=2790.0,
            number_of_bedrooms=2,
            number_of_bathrooms=2,
            square_footage=1050,
            property_type="Apartment",
        )
        self.reminders = StatefulReminderApp(name="Reminders")
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.reminders, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            news = self.email.send_email_to_user_with_id(
                email_id="email-lovejoy-open-house",
                sender="hello@pearlrentals.com",
                subject="Open house: Lovejoy Lofts 5A, Saturday April 18",
                content="Lovejoy Lofts 5A opens to visitors on Saturday April 18. Slots are "
                "limited: sign-up opens Monday April 13 at 9:00 on pearlrentals.com and usually "
                "fills within the hour.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Sign-up for the Lovejoy Lofts 5A open house opens Monday 9:00 and fills fast. "
                "Shall I save the flat and remind you Monday at 8:55?",
                after=news,
                accept="Yes, please.",
            )
            save = self.oracle(self.apartments, after=accept).save_apartment(
                apartment_id=self.lovejoy_id
            )
            remind = self.oracle(self.reminders, after=save).add_reminder(
                title="Sign up for Lovejoy Lofts 5A open house (pearlrentals.com)",
                due_datetime="2026-04-13 08:55:00",
                description="Sign-up opens at 9:00 and fills within the hour.",
            )
        self.events = [news, proposal, accept, save, remind]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Lovejoy Lofts 5A saved",
                (StatefulApartmentApp, "save_apartment"),
                apartment_id=self.lovejoy_id,
            ),
            expect(
                "a reminder just before sign-up opens",
                (StatefulReminderApp, "add_reminder"),
                title=mentions_any("Lovejoy", "open house", "sign"),
                due_datetime=between("2026-04-13 08:30:00", "2026-04-13 09:00:00"),
            ),
        )
