"""The book club's host mails the whole autumn season at once: four evenings and four books."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulEmailApp, StatefulNotesApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, expect, mentions

HOST = "marguerite.oyelaran@gmail.com"


@register_scenario("book_club_season_dates_calendar")
class BookClubSeasonDatesCalendar(PAREScenario):
    """Four calendar evenings and the reading list; every one must land, a failed call retried."""

    start_time = datetime(2026, 9, 1, 18, 0, tzinfo=UTC).timestamp()
    tags = (
        "noise-sensitive",
        "goal-inference",
        "information-retrieval",
        "multi-app",
        "scheduling",
        "hard",
    )
    additional_system_prompt = (
        "You are John, a member of the Hawthorne book club. You want every meeting in your "
        "calendar and the books on your reading list."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-book-club-august",
                title="Book club: Piranesi",
                start_datetime=datetime(2026, 8, 12, 19, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 8, 12, 21, 0, tzinfo=UTC).timestamp(),
                location="Marguerite's, 2811 SE Lincoln St",
            )
        )
        self.notes = StatefulNotesApp(name="Notes")
        self.reading_note = self.notes.create_note_with_time(
            folder="Personal",
            title="Reading list",
            content="Now: Piranesi (done)\nNext: ?",
            created_at="2026-08-13 22:00:00",
        )
        self.notes.create_note_with_time(
            folder="Personal",
            title="Podcasts",
            content="Hard Fork, Ezra Klein",
            created_at="2026-06-03 08:00:00",
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.calendar, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            season = self.email.send_email_to_user_with_id(
                email_id="email-book-club-autumn",
                sender=HOST,
                subject="Book club: the autumn season",
                content="Hello all! Autumn at mine, 7-9pm as usual: Wed Sep 16 - Tomorrow, and "
                "Tomorrow, and Tomorrow; Wed Oct 14 - The Covenant of Water; Wed Nov 11 - "
                "Demon Copperhead; Wed Dec 9 - Orbital. Marguerite",
            ).delayed(30)
            proposal, accept = self.propose(
                "Marguerite sent the autumn book club: Sep 16, Oct 14, Nov 11 and Dec 9, 19:00-"
                "21:00 at hers. Shall I add all four to your calendar and the books to your "
                "Reading list note?",
                after=season,
                accept="Yes, all of it.",
            )
            steps = []
            previous = accept
            for day, book in (
                ("2026-09-16", "Tomorrow, and Tomorrow, and Tomorrow"),
                ("2026-10-14", "The Covenant of Water"),
                ("2026-11-11", "Demon Copperhead"),
                ("2026-12-09", "Orbital"),
            ):
                previous = self.oracle(self.calendar, after=previous).add_calendar_event(
                    title=f"Book club: {book}",
                    start_datetime=f"{day} 19:00:00",
                    end_datetime=f"{day} 21:00:00",
                    location="Marguerite's, 2811 SE Lincoln St",
                )
                steps.append(previous)
            reading = self.oracle(self.notes, after=previous).update_note(
                note_id=self.reading_note,
                content="Now: Piranesi (done)\nNext: Tomorrow, and Tomorrow, and Tomorrow (Sep "
                "16), The Covenant of Water (Oct 14), Demon Copperhead (Nov 11), Orbital (Dec 9)",
            )
        self.events = [season, proposal, accept, *steps, reading]

    def expected_actions(self) -> Rules:
        meetings = [
            expect(
                f"the {day} meeting in the calendar",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time(f"{day} 19:00:00"),
            )
            for day in ("2026-09-16", "2026-10-14", "2026-11-11", "2026-12-09")
        ]
        return (
            *meetings,
            expect(
                "the four books on the reading list",
                (StatefulNotesApp, "update_note"),
                note_id=self.reading_note,
                content=mentions("Tomorrow", "Covenant", "Copperhead", "Orbital"),
            ),
        )
