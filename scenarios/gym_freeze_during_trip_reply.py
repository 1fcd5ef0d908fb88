"""The gym needs a week's notice to freeze a membership; John's trip starts in nine days."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, all_of, either, expect, includes, mentions_any

GYM = "members@pedalhouse.fit"


@register_scenario("gym_freeze_during_trip_reply")
class GymFreezeDuringTripReply(PAREScenario):
    """Ask Pedal House to freeze the membership for the Japan trip dates (Oct 12-30)."""

    start_time = datetime(2026, 10, 3, 9, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "timing", "communication", "easy")
    additional_system_prompt = "You are John. You don't want to pay the gym while away."

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-japan",
                title="Japan trip (Tokyo, Kyoto)",
                start_datetime=datetime(2026, 10, 12, 6, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 10, 30, 22, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.policy_id = "email-pedalhouse-freeze"
        self.apps = [self.email, self.calendar]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            policy = self.email.send_email_to_user_with_id(
                email_id=self.policy_id,
                sender=GYM,
                subject="October newsletter + freeze policy reminder",
                content="Travelling? Reply to this email with your dates to freeze your "
                "membership at no charge. Freezes need at least 7 days' notice.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Pedal House freezes memberships for free with 7 days' notice, and your Japan "
                "trip runs Oct 12-30 (9 days away). Shall I reply asking for a freeze for those "
                "dates?",
                after=policy,
                accept="Yes please.",
            )
            reply = self.oracle(self.email, after=accept).reply_to_email(
                email_id=self.policy_id,
                content="Hi, please freeze my membership from October 12 to October 30 "
                "while I'm travelling. Thanks, John Doe",
            )
        self.events = [policy, proposal, accept, reply]

    def expected_actions(self) -> Rules:
        dates = all_of(
            mentions_any("freeze", "pause", "hold"),
            mentions_any("oct 12", "october 12", "10/12", "12 oct", "2026-10-12"),
            mentions_any(
                "oct 30", "october 30", "10/30", "30 oct", "2026-10-30", "12-30", "12 to 30"
            ),
        )
        return (
            either(
                "the gym asked to freeze for Oct 12-30",
                expect(
                    "reply",
                    (StatefulEmailApp, "reply_to_email"),
                    email_id=self.policy_id,
                    content=dates,
                ),
                expect(
                    "new email",
                    (StatefulEmailApp, "send_email"),
                    recipients=includes(GYM),
                    content=dates,
                ),
            ),
        )
