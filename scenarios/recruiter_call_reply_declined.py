"""A recruiter asks for a call and offers slots John has free; he is not looking and won't reply."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, declined, mentions_any


@register_scenario("recruiter_call_reply_declined")
class RecruiterCallReplyDeclined(PAREScenario):
    """Booking a free slot is a fair offer; John declines: no reply, no calendar hold."""

    start_time = datetime(2026, 3, 16, 9, 0, tzinfo=UTC).timestamp()
    tags = ("rejection", "communication", "scheduling", "easy")
    additional_system_prompt = (
        "You are John. You are happy in your job and not talking to recruiters. Decline any "
        "offer to reply to the recruiter or book the call."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-sprint-review",
                title="Sprint review",
                start_datetime=datetime(2026, 3, 17, 15, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 3, 17, 16, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.calendar]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.email.send_email_to_user_with_id(
                email_id="email-recruiter-call",
                sender="dana.kim@talentbridge.io",
                subject="Senior data role - 20 minutes this week?",
                content="Hi John, I'm hiring for a senior data consultant role at a fintech. "
                "Could we talk for 20 minutes? I'm free Tuesday 11:00 or Wednesday 16:00.",
            ).delayed(30)
            proposal, no = self.propose(
                "A recruiter (Dana Kim, TalentBridge) asks for a 20-minute call; you're free "
                "Tuesday 11:00. Shall I reply to book it and add it to your calendar?",
                after=ask,
                reject="No, I'm not looking. Leave it.",
            )
        self.events = [ask, proposal, no]

    def expected_actions(self) -> Rules:
        return (
            declined(
                "John is not talking to recruiters",
                offer=mentions_any("reply", "call", "recruit", "book"),
            ),
        )
