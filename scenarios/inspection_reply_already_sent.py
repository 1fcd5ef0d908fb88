"""The landlord's mail about Thursday's boiler inspection arrives late; John answered yesterday."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.email_client import Email, EmailFolderName
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, abstain

LANDLORD = "office@hollisproperty.com"


@register_scenario("inspection_reply_already_sent")
class InspectionReplyAlreadySent(PAREScenario):
    """The question is answered in Sent and the visit is in the calendar: nothing is left to do."""

    start_time = datetime(2026, 10, 6, 9, 0, tzinfo=UTC).timestamp()
    tags = ("abstain", "information-retrieval", "follow-up", "easy")
    additional_system_prompt = (
        "You are John. You confirmed Thursday 10:00 for the boiler inspection by email "
        "yesterday and put it in your calendar. You don't want to confirm twice."
    )

    def init_and_populate_apps(self) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.email.add_email(
            Email(
                email_id="email-sent-inspection-ok",
                sender="john@pare.com",
                recipients=[LANDLORD],
                subject="Re: Boiler inspection - Flat 3",
                content="Hi Maureen, Thursday Oct 8 at 10:00 works for the boiler inspection. "
                "I'll be home. Best, John",
                timestamp=datetime(2026, 10, 5, 18, 40, tzinfo=UTC).timestamp(),
                is_read=True,
            ),
            EmailFolderName.SENT,
        )
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-boiler-inspection",
                title="Boiler inspection (Hollis Property)",
                start_datetime=datetime(2026, 10, 8, 10, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 10, 8, 11, 0, tzinfo=UTC).timestamp(),
                location="123 Main St, Flat 3",
            )
        )
        self.apps = [self.email, self.calendar]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            late = self.email.send_email_to_user_with_id(
                email_id="email-hollis-inspection",
                sender=LANDLORD,
                subject="Boiler inspection - Flat 3",
                content="Dear tenant, our engineer can inspect your boiler on Thursday Oct 8 at "
                "10:00. Please confirm you will be home. Kind regards, Maureen, Hollis Property "
                "(sent Oct 5, 08:12; delayed by our mail server)",
            ).delayed(30)
        self.events = [late]

    def expected_actions(self) -> Rules:
        return (abstain("John already confirmed Thursday 10:00 and has it in his calendar"),)
