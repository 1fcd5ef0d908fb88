"""The conference agenda arrives; John's wishlist note names the three talks he wants to see."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulEmailApp, StatefulNotesApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, expect, forbid

TALKS = (
    ("Streaming joins at scale", "2026-10-13 10:30:00", "2026-10-13 11:15:00", "Room A"),
    ("Polars in production", "2026-10-13 15:00:00", "2026-10-13 15:45:00", "Room C"),
    ("Evaluating LLM agents", "2026-10-14 11:00:00", "2026-10-14 11:45:00", "Room B"),
)


@register_scenario("conference_talks_from_wishlist")
class ConferenceTalksFromWishlist(PAREScenario):
    """Three talks from the wishlist, not the keynotes, in the calendar; each call must land."""

    start_time = datetime(2026, 10, 5, 8, 0, tzinfo=UTC).timestamp()
    tags = (
        "noise-sensitive",
        "goal-inference",
        "information-retrieval",
        "multi-app",
        "scheduling",
        "hard",
    )
    additional_system_prompt = (
        "You are John, going to DataConf on October 13-14. You only attend the talks on your "
        "wishlist and skip the keynotes."
    )

    def init_and_populate_apps(self) -> None:
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Work",
            title="DataConf wishlist",
            content="Must see: Streaming joins at scale (Priya Raman); Polars in production; "
            "Evaluating LLM agents.\nSkip the keynotes, catch up on video.",
            created_at="2026-09-20 21:00:00",
        )
        self.notes.create_note_with_time(
            folder="Work",
            title="Q4 goals",
            content="Ship the ingestion rewrite; hire one data engineer",
            created_at="2026-09-30 09:00:00",
        )
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.calendar, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            agenda = self.email.send_email_to_user_with_id(
                email_id="email-dataconf-agenda",
                sender="hello@dataconf.io",
                subject="DataConf 2026: the full agenda",
                content="Tue Oct 13: 09:00 Opening keynote (Hall); 10:30 Streaming joins at "
                "scale (Room A); 13:30 Data contracts 101 (Room B); 15:00 Polars in production "
                "(Room C). Wed Oct 14: 09:00 Keynote: the next decade of data (Hall); 11:00 "
                "Evaluating LLM agents (Room B); 14:00 Lakehouse migrations (Room A). Talks run "
                "45 minutes.",
            ).delayed(30)
            proposal, accept = self.propose(
                "The DataConf agenda is out. From your wishlist: Streaming joins at scale (Tue "
                "10:30, Room A), Polars in production (Tue 15:00, Room C) and Evaluating LLM "
                "agents (Wed 11:00, Room B). Shall I add those three to your calendar?",
                after=agenda,
                accept="Yes, just those.",
            )
            previous = accept
            added = []
            for title, start, end, room in TALKS:
                previous = self.oracle(self.calendar, after=previous).add_calendar_event(
                    title=f"DataConf: {title}",
                    start_datetime=start,
                    end_datetime=end,
                    location=f"DataConf, {room}",
                )
                added.append(previous)
        self.events = [agenda, proposal, accept, *added]

    def expected_actions(self) -> Rules:
        talks = [
            expect(
                f"'{title}' in the calendar",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time(start),
            )
            for title, start, _, _ in TALKS
        ]
        return (
            *talks,
            forbid(
                "the opening keynote is skipped",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-10-13 09:00:00"),
            ),
        )
