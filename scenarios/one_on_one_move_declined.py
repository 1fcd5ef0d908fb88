"""Lena asks to move Thursday's 1:1 to Friday; John wants to keep Thursday and talk to her."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, declined, mentions_any


@register_scenario("one_on_one_move_declined")
class OneOnOneMoveDeclined(PAREScenario):
    """Friday 10:00 is free and moving looks helpful; John declines, the 1:1 stays put."""

    start_time = datetime(2026, 2, 10, 14, 0, tzinfo=UTC).timestamp()
    tags = ("rejection", "scheduling", "communication", "easy")
    additional_system_prompt = (
        "You are John, Lena's manager. You need Thursday's 1:1 before Friday's planning; "
        "you'll talk to Lena in person about it. Decline moving it or replying for you."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-lena-1on1",
                title="1:1 Lena / John",
                start_datetime=datetime(2026, 2, 12, 15, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 2, 12, 15, 30, tzinfo=UTC).timestamp(),
                attendees=["Lena Fischer", "John Doe"],
            )
        )
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-q2-planning",
                title="Q2 planning",
                start_datetime=datetime(2026, 2, 13, 13, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 2, 13, 15, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.calendar]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.email.send_email_to_user_with_id(
                email_id="email-lena-move",
                sender="lena.fischer@brightwaterfoods.com",
                subject="Move our 1:1?",
                content="Hi John, could we move Thursday's 1:1 to Friday at 10:00? Thursday "
                "afternoon got busy. Thanks, Lena",
            ).delayed(30)
            proposal, no = self.propose(
                "Lena asks to move Thursday's 1:1 to Friday 10:00, which is free. Shall I move "
                "the event and reply that Friday works?",
                after=ask,
                reject="No, I need it before Friday's planning. I'll talk to her.",
            )
        self.events = [ask, proposal, no]

    def expected_actions(self) -> Rules:
        return (
            declined(
                "John keeps Thursday's 1:1 and talks to Lena himself",
                offer=mentions_any("move", "friday", "reschedul"),
            ),
        )
