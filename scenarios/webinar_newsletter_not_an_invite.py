"""A software vendor's newsletter says "Save your seat: Thursday 2 PM"; it invites everyone."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, abstain


@register_scenario("webinar_newsletter_not_an_invite")
class WebinarNewsletterNotAnInvite(PAREScenario):
    """A marketing mail worded like a meeting request; John never signed up. Nothing to do."""

    start_time = datetime(2026, 4, 13, 8, 30, tzinfo=UTC).timestamp()
    tags = ("abstain", "goal-inference", "easy")
    additional_system_prompt = (
        "You are John, a data consultant. You ignore vendor newsletters and webinars; you "
        "never attend them. Decline any offer about one."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-client-review",
                title="Client review: Brightwater Foods",
                start_datetime=datetime(2026, 4, 16, 15, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 4, 16, 16, 0, tzinfo=UTC).timestamp(),
                attendees=["Lena Fischer", "John Doe"],
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.calendar]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            newsletter = self.email.send_email_to_user_with_id(
                email_id="email-querybase-webinar",
                sender="events@querybase.io",
                subject="John, save your seat: Thursday 2 PM",
                content="Hi John! Join our product team this Thursday at 2 PM UTC for 'Faster "
                "dashboards in 30 minutes'. Reply YES or click below to reserve your seat. "
                "You are receiving this because you subscribed to the QueryBase newsletter. "
                "Unsubscribe any time.",
            ).delayed(40)
        self.events = [newsletter]

    def expected_actions(self) -> Rules:
        return (abstain("a vendor newsletter invites every subscriber; John never attends"),)
