"""A jury summons lands on the first day of a client offsite; the court later grants a new date."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulEmailApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import (
    Rules,
    all_of,
    at_time,
    between,
    expect,
    forbid,
    mentions,
    mentions_any,
)

COURT = "jury@multco-courts.gov"
DAY = 86400


@register_scenario("jury_summons_deferral_new_date")
class JurySummonsDeferralNewDate(PAREScenario):
    """Ask to defer citing the Bend offsite; nine days on, calendar the new date and the letter."""

    start_time = datetime(2026, 3, 2, 9, 0, tzinfo=UTC).timestamp()
    tags = (
        "long-horizon",
        "conflict-detection",
        "communication",
        "scheduling",
        "multi-app",
        "hard",
    )
    additional_system_prompt = (
        "You are John. You lead the Halvorsen client offsite in Bend on March 30-31 and cannot "
        "miss it, but you are happy to serve on a jury later in spring."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.offsite_id = "evt-halvorsen-offsite"
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id=self.offsite_id,
                title="Halvorsen client offsite (Bend)",
                start_datetime=datetime(2026, 3, 30, 8, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 3, 31, 18, 0, tzinfo=UTC).timestamp(),
                location="Tetherow Lodge, Bend",
            )
        )
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-team-lunch",
                title="Team lunch",
                start_datetime=datetime(2026, 4, 28, 12, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 4, 28, 13, 0, tzinfo=UTC).timestamp(),
                location="Lardo, SE Hawthorne",
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.reminders = StatefulReminderApp(name="Reminders")
        self.summons_id = "email-jury-summons"
        self.apps = [self.email, self.calendar, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            summons = self.email.send_email_to_user_with_id(
                email_id=self.summons_id,
                sender=COURT,
                subject="Jury summons J-558213",
                content="You are summoned for jury service on Monday March 30, 08:30, at the "
                "Multnomah County Courthouse, 1200 SW 1st Ave. You may request one deferral by "
                "replying to this email before March 16 with your reason.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Your jury summons is for Mon Mar 30, the first day of the Halvorsen offsite in "
                "Bend. Shall I reply asking for a one-time deferral, citing the offsite?",
                after=summons,
                accept="Yes, ask for a deferral.",
            )
            defer = self.oracle(self.email, after=accept).reply_to_email(
                email_id=self.summons_id,
                content="Hello, I request a one-time deferral of summons J-558213: on March "
                "30-31 I lead a client offsite in Bend that cannot be moved. Any date from mid "
                "April works. Thank you, John Doe",
            )
            granted = self.email.send_email_to_user_with_id(
                email_id="email-jury-deferral-granted",
                sender=COURT,
                subject="Re: Jury summons J-558213 - deferral granted",
                content="Your deferral is granted. Report on Monday April 27 at 08:30, same "
                "address. Bring this letter; service usually ends by 17:00.",
            ).depends_on(summons, delay_seconds=9 * DAY)
            offer, yes = self.propose(
                "The court moved your jury service to Mon Apr 27 at 08:30. Shall I add it to "
                "your calendar and remind you the evening before to bring the letter?",
                after=granted,
                accept="Yes, thanks.",
            )
            block = self.oracle(self.calendar, after=yes).add_calendar_event(
                title="Jury service",
                start_datetime="2026-04-27 08:30:00",
                end_datetime="2026-04-27 17:00:00",
                location="Multnomah County Courthouse, 1200 SW 1st Ave",
            )
            letter = self.oracle(self.reminders, after=block).add_reminder(
                title="Bring the jury letter (J-558213)",
                due_datetime="2026-04-26 19:00:00",
                description="Courthouse 08:30 tomorrow, 1200 SW 1st Ave.",
            )
        self.events = [summons, proposal, accept, defer, granted, offer, yes, block, letter]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a deferral requested by reply, giving the offsite as the reason",
                (StatefulEmailApp, "reply_to_email"),
                email_id=self.summons_id,
                content=all_of(
                    mentions_any("defer", "postpone", "reschedul", "another date"),
                    mentions_any("offsite", "bend", "client"),
                ),
            ),
            expect(
                "jury service on the new date in the calendar",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-04-27 08:30:00"),
            ),
            expect(
                "a reminder before the new date to bring the letter",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=between("2026-04-26 12:00:00", "2026-04-27 08:00:00"),
                title=mentions("letter"),
            ),
            forbid(
                "the offsite stays: John still leads it",
                (StatefulCalendarApp, "delete_calendar_event"),
                event_id=self.offsite_id,
            ),
        )
