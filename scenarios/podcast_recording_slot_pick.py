"""A podcast host offers two recording slots; one collides with John's calendar."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, expect, forbid, mentions_any


@register_scenario("podcast_recording_slot_pick")
class PodcastRecordingSlotPick(PAREScenario):
    """Tue 10:00 overlaps a sprint review, so reply with Wed 14:00 and book it."""

    start_time = datetime(2026, 6, 22, 9, 0, tzinfo=UTC).timestamp()
    tags = ("conflict-detection", "scheduling", "communication", "medium")
    additional_system_prompt = (
        "You are John, invited as a guest on a data podcast. You want to do it."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-sprint-review",
                title="Sprint review",
                start_datetime=datetime(2026, 6, 23, 9, 30, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 6, 23, 11, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.offer_id = "email-podcast-slots"
        self.apps = [self.email, self.calendar]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            offer = self.email.send_email_to_user_with_id(
                email_id=self.offer_id,
                sender="kai@pipelinepod.fm",
                subject="Recording for Pipeline Pod",
                content="Hi John! Could you record with us Tuesday June 23 at 10:00 or Wednesday "
                "June 24 at 14:00 (both 1 hour, remote)? Just reply with the one that works.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Kai offers Tue 6/23 10:00 or Wed 6/24 14:00 for the podcast. Tuesday clashes "
                "with your sprint review, so shall I reply with Wednesday 14:00 and add it to "
                "your calendar?",
                after=offer,
                accept="Sounds good.",
            )
            reply = self.oracle(self.email, after=accept).reply_to_email(
                email_id=self.offer_id,
                content="Hi Kai, Wednesday June 24 at 14:00 works great. Looking forward! - John",
            )
            book = self.oracle(self.calendar, after=reply).add_calendar_event(
                title="Pipeline Pod recording",
                start_datetime="2026-06-24 14:00:00",
                end_datetime="2026-06-24 15:00:00",
                attendees=["Kai"],
            )
        self.events = [offer, proposal, accept, reply, book]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Kai told Wednesday 14:00 works",
                (StatefulEmailApp, "reply_to_email"),
                email_id=self.offer_id,
                content=mentions_any("wednesday", "wed", "june 24", "6/24"),
            ),
            expect(
                "the recording booked Wed 14:00",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-06-24 14:00:00"),
            ),
            forbid(
                "the clashing Tuesday slot booked",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-06-23 10:00:00"),
            ),
        )
