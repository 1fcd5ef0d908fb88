"""Late answers in the team chat change the holiday dinner's headcount and dietary needs."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.email_client import Email
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulMessagingApp, StatefulNotesApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import (
    Rules,
    all_of,
    either,
    expect,
    forbid,
    includes,
    mentions,
    mentions_any,
)

RESTAURANT = "events@oxrestaurant.com"
TEAM = (
    ("Lea Novak", "+15035550701"),
    ("Ravi Menon", "+15035550702"),
    ("Chloe Ames", "+15035550703"),
    ("Tomas Reyes", "+15035550704"),
)


@register_scenario("team_dinner_headcount_change")
class TeamDinnerHeadcountChange(PAREScenario):
    """Note, restaurant and team all updated to 8 with two vegetarians; every write must land."""

    start_time = datetime(2026, 11, 30, 17, 0, tzinfo=UTC).timestamp()
    tags = (
        "noise-sensitive",
        "goal-inference",
        "information-retrieval",
        "multi-app",
        "communication",
        "hard",
    )
    additional_system_prompt = (
        "You are John, organising the team's holiday dinner at Ox on December 11. Accept help "
        "keeping the booking, your note and the team in step."
    )

    def init_and_populate_apps(self) -> None:
        self.notes = StatefulNotesApp(name="Notes")
        self.dinner_note = self.notes.create_note_with_time(
            folder="Work",
            title="Team dinner Dec 11",
            content="Ox, 19:00, booked for 7\nComing: John, Lea?, Ravi, Chloe, Tomas, Mei, "
            "Arjun, Bea\nDietary: Chloe gluten-free",
            created_at="2026-11-20 12:00:00",
        )
        self.email = StatefulEmailApp(name="Emails")
        self.booking_id = "email-ox-booking"
        self.email.add_email(
            Email(
                email_id=self.booking_id,
                sender=RESTAURANT,
                recipients=["john@pare.com"],
                subject="Your booking: Friday Dec 11, 19:00, 7 guests",
                content="Your table for 7 on Friday December 11 at 19:00 is confirmed. Reply to "
                "this email to change the party size or dietary needs.",
                timestamp=datetime(2026, 11, 20, 11, 0, tzinfo=UTC).timestamp(),
                is_read=True,
            )
        )
        self.email.add_email(
            Email(
                email_id="email-ox-newsletter",
                sender="news@oxrestaurant.com",
                recipients=["john@pare.com"],
                subject="New winter menu at Ox",
                content="Our winter menu is here: smoked short rib, wood-fired squash and more.",
                timestamp=datetime(2026, 11, 25, 9, 0, tzinfo=UTC).timestamp(),
                is_read=False,
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts(list(TEAM))
        self.lea_id = self.messaging.name_to_id["Lea Novak"]
        self.ravi_id = self.messaging.name_to_id["Ravi Menon"]
        self.team_id = "conv-data-team"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.team_id,
                participant_ids=[self.messaging.current_user_id, *(p for _, p in TEAM)],
                title="Data team",
                last_updated=datetime(2026, 11, 28, 16, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.email, self.messaging, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            lea = self.messaging.create_and_add_message(
                conversation_id=self.team_id,
                sender_id=self.lea_id,
                content="Sorry, late reply: I'm in for the 11th, plus one (my partner Sam). "
                "We're both vegetarian!",
            ).delayed(30)
            ravi = self.messaging.create_and_add_message(
                conversation_id=self.team_id,
                sender_id=self.ravi_id,
                content="Bad news, I can't make the dinner after all, sick kid.",
            ).depends_on(lea, delay_seconds=40)
            proposal, accept = self.propose(
                "Lea and her partner Sam are coming (both vegetarian) and Ravi dropped out, so "
                "the dinner is 8, not 7. Shall I update your note, ask Ox to change the booking "
                "to 8 with two vegetarians, and tell the team?",
                after=ravi,
                accept="Yes, please.",
            )
            note = self.oracle(self.notes, after=accept).update_note(
                note_id=self.dinner_note,
                content="Ox, 19:00, booked for 8\nComing: John, Lea + Sam, Chloe, Tomas, Mei, "
                "Arjun, Bea (Ravi out)\nDietary: Chloe gluten-free; Lea and Sam vegetarian",
            )
            change = self.oracle(self.email, after=note).reply_to_email(
                email_id=self.booking_id,
                content="Hello, could you change our booking on Friday December 11 at 19:00 to "
                "8 guests? Two of them are vegetarian and one is gluten-free. Thank you, John Doe",
            )
            post = self.oracle(self.messaging, after=change).send_message_to_group_conversation(
                conversation_id=self.team_id,
                content="Updated: Ox on Dec 11 at 19:00 is now booked for 8, with vegetarian "
                "dishes for Lea and Sam. Feel better, Ravi's kid!",
            )
        self.events = [lea, ravi, proposal, accept, note, change, post]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the note has the new headcount",
                (StatefulNotesApp, "update_note"),
                note_id=self.dinner_note,
                content=all_of(mentions("8"), mentions("vegetarian")),
            ),
            either(
                "Ox asked for 8 guests with two vegetarians",
                expect(
                    "reply",
                    (StatefulEmailApp, "reply_to_email"),
                    email_id=self.booking_id,
                    content=all_of(mentions_any("8 ", "eight"), mentions("vegetarian")),
                ),
                expect(
                    "new email",
                    (StatefulEmailApp, "send_email"),
                    recipients=includes(RESTAURANT),
                    content=all_of(mentions_any("8 ", "eight"), mentions("vegetarian")),
                ),
            ),
            expect(
                "the team told the booking is for 8",
                (StatefulMessagingApp, "send_message_to_group_conversation"),
                conversation_id=self.team_id,
                content=mentions("8"),
            ),
            forbid(
                "the newsletter is not the booking",
                (StatefulEmailApp, "reply_to_email"),
                email_id="email-ox-newsletter",
            ),
        )
