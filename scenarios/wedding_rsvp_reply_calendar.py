"""A wedding invitation asks for an RSVP by reply; the date is free in John's calendar."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, all_of, at_time, expect, mentions_any, mentions_none


@register_scenario("wedding_rsvp_reply_calendar")
class WeddingRsvpReplyCalendar(PAREScenario):
    """Reply yes to Leah and Marco's invitation and block Sat Sept 26, 16:00."""

    start_time = datetime(2026, 7, 28, 18, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "scheduling", "communication", "easy")
    additional_system_prompt = (
        "You are John. Leah is a close friend; you will attend her wedding if you are free."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-half-marathon",
                title="Bridge half marathon",
                start_datetime=datetime(2026, 9, 27, 7, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 9, 27, 10, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.invite_id = "email-leah-marco-wedding"
        self.apps = [self.email, self.calendar]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            invite = self.email.send_email_to_user_with_id(
                email_id=self.invite_id,
                sender="leah.and.marco@gmail.com",
                subject="Save the date: Leah & Marco, Sept 26",
                content="We're getting married on Saturday September 26 at 4pm at Bridal Veil "
                "Lakes, Corbett OR! Please RSVP by replying to this email by August 15.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Leah & Marco's wedding is Sat Sept 26, 16:00 at Bridal Veil Lakes, and you're "
                "free. Shall I RSVP yes and add it to your calendar?",
                after=invite,
                accept="Yes, I'll be there.",
            )
            rsvp = self.oracle(self.email, after=accept).reply_to_email(
                email_id=self.invite_id,
                content="Congratulations! Yes, I'll be there on Sept 26. - John",
            )
            block = self.oracle(self.calendar, after=rsvp).add_calendar_event(
                title="Leah & Marco's wedding",
                start_datetime="2026-09-26 16:00:00",
                end_datetime="2026-09-26 23:00:00",
                location="Bridal Veil Lakes, Corbett OR",
            )
        self.events = [invite, proposal, accept, rsvp, block]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "an RSVP reply to the invitation",
                (StatefulEmailApp, "reply_to_email"),
                email_id=self.invite_id,
                # A yes, not a regret: "can't attend" also mentions "attend".
                content=all_of(
                    mentions_any("yes", "attend", "be there", "coming"),
                    mentions_none("can't", "can’t", "cannot", "unable", "regret", "decline"),
                ),
            ),
            expect(
                "the wedding in the calendar at 16:00 on Sept 26",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-09-26 16:00:00"),
            ),
        )
