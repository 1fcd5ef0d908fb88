"""The conference moves John's talk a day earlier; the calendar and a rehearsal slot must follow."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulEmailApp
from pytest_pare.apps.calendar import StatefulCalendarApp
from pytest_pare.apps.reminder import StatefulReminderApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import at_time, between, check_actions, expect, mentions_any
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("conference_talk_moved_rehearsal")
class ConferenceTalkMovedRehearsal(PAREScenario):
    """Talk moves from Fri 14:00 to Thu 09:00: edit the entry, set a rehearsal reminder on Wed."""

    start_time = datetime(2026, 9, 14, 9, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "timing", "multi-app", "scheduling")
    additional_system_prompt = (
        "You are John, speaking at DataConf this week. You always rehearse the evening before."
    )

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.talk_id = "evt-dataconf-talk"
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id=self.talk_id,
                title="DataConf talk: Streaming joins at scale",
                start_datetime=datetime(2026, 9, 18, 14, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 9, 18, 14, 40, tzinfo=UTC).timestamp(),
                location="Hall B, Oregon Convention Center",
            )
        )
        self.reminders = StatefulReminderApp(name="Reminders")
        self.email = StatefulEmailApp(name="Emails")
        self.notice_id = "email-dataconf-slot"
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.email,
            self.calendar,
            self.reminders,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        email = self.get_typed_app(StatefulEmailApp, "Emails")
        calendar = self.get_typed_app(StatefulCalendarApp, "Calendar")
        reminders = self.get_typed_app(StatefulReminderApp, "Reminders")
        with EventRegisterer.capture_mode():
            notice = email.send_email_to_user_with_id(
                email_id=self.notice_id,
                sender="speakers@dataconf.org",
                subject="Your DataConf slot has changed",
                content="Hi John, a keynote moved, so 'Streaming joins at scale' is now on "
                "Thursday Sept 17, 09:00-09:40, still in Hall B. Please confirm.",
            ).delayed(30)
            proposal = (
                aui.send_message_to_user(
                    content="DataConf moved your talk to Thu 9/17 09:00-09:40. Shall I update "
                    "the calendar entry and remind you to rehearse Wednesday at 19:00?"
                )
                .oracle()
                .depends_on(notice, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes, both.")
                .oracle()
                .depends_on(proposal, delay_seconds=5)
            )
            move = (
                calendar.edit_calendar_event(
                    event_id=self.talk_id,
                    start_datetime="2026-09-17 09:00:00",
                    end_datetime="2026-09-17 09:40:00",
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
            rehearse = (
                reminders.add_reminder(
                    title="Rehearse DataConf talk",
                    due_datetime="2026-09-16 19:00:00",
                    description="Talk is Thursday 09:00 in Hall B",
                )
                .oracle()
                .depends_on(move, delay_seconds=2)
            )
        self.events = [notice, proposal, accept, move, rehearse]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "the talk moved to Thursday 09:00",
                "StatefulCalendarApp",
                "edit_calendar_event",
                event_id=self.talk_id,
                start_datetime=at_time("2026-09-17 09:00:00"),
            ),
            expect(
                "a rehearsal reminder before Thursday morning",
                "StatefulReminderApp",
                "add_reminder",
                title=mentions_any("rehears", "talk", "practice"),
                due_datetime=between("2026-09-15 12:00:00", "2026-09-17 08:00:00"),
            ),
        )
