"""The conference moves John's talk a day earlier; the calendar and a rehearsal slot must follow."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulEmailApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, between, expect, mentions_any


@register_scenario("conference_talk_moved_rehearsal")
class ConferenceTalkMovedRehearsal(PAREScenario):
    """Talk moves from Fri 14:00 to Thu 09:00: edit the entry, set a rehearsal reminder on Wed."""

    start_time = datetime(2026, 9, 14, 9, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "timing", "multi-app", "scheduling", "medium")
    additional_system_prompt = (
        "You are John, speaking at DataConf this week. You always rehearse the evening before."
    )

    def init_and_populate_apps(self) -> None:
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
        self.apps = [self.email, self.calendar, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            notice = self.email.send_email_to_user_with_id(
                email_id=self.notice_id,
                sender="speakers@dataconf.org",
                subject="Your DataConf slot has changed",
                content="Hi John, a keynote moved, so 'Streaming joins at scale' is now on "
                "Thursday Sept 17, 09:00-09:40, still in Hall B. Please confirm.",
            ).delayed(30)
            proposal, accept = self.propose(
                "DataConf moved your talk to Thu 9/17 09:00-09:40. Shall I update the calendar "
                "entry and remind you to rehearse Wednesday at 19:00?",
                after=notice,
                accept="Yes, both.",
            )
            move = self.oracle(self.calendar, after=accept).edit_calendar_event(
                event_id=self.talk_id,
                start_datetime="2026-09-17 09:00:00",
                end_datetime="2026-09-17 09:40:00",
            )
            rehearse = self.oracle(self.reminders, after=move).add_reminder(
                title="Rehearse DataConf talk",
                due_datetime="2026-09-16 19:00:00",
                description="Talk is Thursday 09:00 in Hall B",
            )
        self.events = [notice, proposal, accept, move, rehearse]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the talk moved to Thursday 09:00",
                (StatefulCalendarApp, "edit_calendar_event"),
                event_id=self.talk_id,
                start_datetime=at_time("2026-09-17 09:00:00"),
            ),
            expect(
                "a rehearsal reminder before Thursday morning",
                (StatefulReminderApp, "add_reminder"),
                title=mentions_any("rehears", "talk", "practice"),
                due_datetime=between("2026-09-15 12:00:00", "2026-09-17 08:00:00"),
            ),
        )
