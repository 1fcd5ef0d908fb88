"""The book-club host asks everyone for their next pick; John's reading list note has one."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulNotesApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, mentions


@register_scenario("book_club_pick_reply")
class BookClubPickReply(PAREScenario):
    """Reply to Gwen with the book starred as 'next for book club' in the reading-list note."""

    start_time = datetime(2026, 2, 22, 16, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "information-retrieval", "communication", "easy")
    additional_system_prompt = "You are John. You keep a reading list and star book-club ideas."

    def init_and_populate_apps(self) -> None:
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="Reading list",
            content="- Piranesi (read, loved)\n- Demon Copperhead\n"
            "- * The Overstory - next for book club *\n- Tomorrow, and Tomorrow, and Tomorrow",
            created_at="2026-01-30 22:00:00",
        )
        self.email = StatefulEmailApp(name="Emails")
        self.ask_id = "email-bookclub-picks"
        self.apps = [self.email, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.email.send_email_to_user_with_id(
                email_id=self.ask_id,
                sender="gwen.harper@gmail.com",
                subject="Book club: send me your pick by Wednesday",
                content="Hi all! Reply with one book you'd like us to read in March. - Gwen",
            ).delayed(30)
            proposal, accept = self.propose(
                "Gwen wants book-club picks by Wednesday. Your reading list stars 'The Overstory' "
                "as next for book club. Reply with that?",
                after=ask,
                accept="Yes.",
            )
            reply = self.oracle(self.email, after=accept).reply_to_email(
                email_id=self.ask_id,
                content="Hi Gwen, my pick is The Overstory by Richard Powers. - John",
            )
        self.events = [ask, proposal, accept, reply]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Gwen gets 'The Overstory' as John's pick",
                (StatefulEmailApp, "reply_to_email"),
                email_id=self.ask_id,
                content=mentions("Overstory"),
            ),
        )
