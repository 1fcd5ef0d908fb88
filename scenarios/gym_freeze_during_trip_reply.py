"""The gym needs a week's notice to freeze a membership; John's trip starts in nine days."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulEmailApp
from pytest_pare.apps.calendar import StatefulCalendarApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import (
    all_of,
    check_actions,
    either,
    expect,
    includes,
    mentions_any,
)
from pytest_pare.scenarios.utils.registry import register_scenario

GYM = "members@pedalhouse.fit"


@register_scenario("gym_freeze_during_trip_reply")
class GymFreezeDuringTripReply(PAREScenario):
    """Ask Pedal House to freeze the membership for the Japan trip dates (Oct 12-30)."""

    start_time = datetime(2026, 10, 3, 9, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "timing", "communication")
    additional_system_prompt = "You are John. You don't want to pay the gym while away."

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
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
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.email,
            self.calendar,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        email = self.get_typed_app(StatefulEmailApp, "Emails")
        with EventRegisterer.capture_mode():
            policy = email.send_email_to_user_with_id(
                email_id=self.policy_id,
                sender=GYM,
                subject="October newsletter + freeze policy reminder",
                content="Travelling? Reply to this email with your dates to freeze your "
                "membership at no charge. Freezes need at least 7 days' notice.",
            ).delayed(30)
            proposal = (
                aui.send_message_to_user(
                    content="Pedal House freezes memberships for free with 7 days' notice, and "
                    "your Japan trip runs Oct 12-30 (9 days away). Shall I reply asking for a "
                    "freeze for those dates?"
                )
                .oracle()
                .depends_on(policy, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes please.")
                .oracle()
                .depends_on(proposal, delay_seconds=5)
            )
            reply = (
                email.reply_to_email(
                    email_id=self.policy_id,
                    content="Hi, please freeze my membership from October 12 to October 30 "
                    "while I'm travelling. Thanks, John Doe",
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [policy, proposal, accept, reply]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        dates = all_of(
            mentions_any("freeze", "pause", "hold"),
            mentions_any("oct 12", "october 12", "10/12", "12 oct", "2026-10-12"),
            mentions_any(
                "oct 30", "october 30", "10/30", "30 oct", "2026-10-30", "12-30", "12 to 30"
            ),
        )
        return check_actions(
            env,
            either(
                "the gym asked to freeze for Oct 12-30",
                expect(
                    "reply",
                    "StatefulEmailApp",
                    "reply_to_email",
                    email_id=self.policy_id,
                    content=dates,
                ),
                expect(
                    "new email",
                    "StatefulEmailApp",
                    "send_email",
                    recipients=includes(GYM),
                    content=dates,
                ),
            ),
        )
