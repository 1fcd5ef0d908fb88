"""A jury summons lands on the day of a client workshop John is running."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import (
    Rules,
    all_of,
    at_time,
    expect,
    forbid,
    includes,
    mentions_any,
)


@register_scenario("jury_duty_summons_clash")
class JuryDutySummonsClash(PAREScenario):
    """Block Monday for jury duty and ask Ada to move the workshop to Tuesday, John's free day."""

    start_time = datetime(2026, 2, 23, 12, 0, tzinfo=UTC).timestamp()
    tags = ("conflict-detection", "scheduling", "communication", "goal-inference", "medium")
    additional_system_prompt = (
        "You are John. Jury duty can't be skipped. You'd rather move the Fernhill workshop "
        "than cancel it. Accept a plan that does that."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.workshop_id = "evt-fernhill-workshop"
        for event_id, title, day, start, end, attendees in (
            (self.workshop_id, "Client workshop - Fernhill Brewing", 9, 9, 16, ["Ada Lindqvist"]),
            ("evt-board-prep", "Board deck prep (all day)", 11, 9, 17, []),
        ):
            self.calendar.set_calendar_event(
                CalendarEvent(
                    event_id=event_id,
                    title=title,
                    start_datetime=datetime(2026, 3, day, start, 0, tzinfo=UTC).timestamp(),
                    end_datetime=datetime(2026, 3, day, end, 0, tzinfo=UTC).timestamp(),
                    attendees=attendees,
                    description="Ada's contact: ada@fernhillbrewing.com" if attendees else "",
                )
            )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.calendar]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            summons = self.email.send_email_to_user_with_id(
                email_id="email-jury-summons",
                sender="jury@courts.multnomah.example",
                subject="Jury summons: report Monday March 9",
                content="John Doe, you are summoned for jury service. Report Monday March 9, "
                "2026 at 08:00 to the Multnomah County Courthouse, 1200 SW 1st Ave. Expect to be "
                "there until about 17:00.",
            ).delayed(30)
            proposal, accept = self.propose(
                "You're summoned for jury duty Mon Mar 9, 08:00-17:00, the day of the Fernhill "
                "workshop. Tuesday Mar 10 is free (Wednesday is board prep). Shall I block Monday "
                "for jury duty and email Ada Lindqvist (ada@fernhillbrewing.com) to move the "
                "workshop to Tuesday?",
                after=summons,
                accept="Yes, do that.",
            )
            block = self.oracle(self.calendar, after=accept).add_calendar_event(
                title="Jury duty - Multnomah County Courthouse",
                start_datetime="2026-03-09 08:00:00",
                end_datetime="2026-03-09 17:00:00",
                location="1200 SW 1st Ave, Portland",
            )
            ask = self.oracle(self.email, after=block).send_email(
                recipients=["ada@fernhillbrewing.com"],
                subject="Moving our March 9 workshop to Tuesday March 10?",
                content="Hi Ada, I've been called for jury duty on Monday March 9. Could we move "
                "the workshop to Tuesday March 10, same hours (9:00-16:00)? Sorry for the "
                "shuffle! - John",
            )
        self.events = [summons, proposal, accept, block, ask]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Monday blocked for jury duty from 08:00",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-03-09 08:00:00"),
            ),
            expect(
                "Ada asked to move the workshop to Tuesday",
                (StatefulEmailApp, "send_email"),
                recipients=includes("ada@fernhillbrewing.com"),
                content=all_of(mentions_any("jury"), mentions_any("tuesday", "march 10", "3/10")),
            ),
            forbid(
                "the workshop deleted instead of moved",
                (StatefulCalendarApp, "delete_calendar_event"),
                event_id=self.workshop_id,
            ),
        )
