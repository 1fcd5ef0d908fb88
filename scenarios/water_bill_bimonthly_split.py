"""The water company switches to bills every two months; the first one lands two weeks later."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import (
    StatefulEmailApp,
    StatefulMessagingApp,
    StatefulNotesApp,
    StatefulReminderApp,
)
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, equals_text, expect, forbid, mentions

UTILITY = "billing@portlandwater.gov"
DAY = 86400


@register_scenario("water_bill_bimonthly_split")
class WaterBillBimonthlySplit(PAREScenario):
    """A reminder every two months before the due day; the first bill noted and split three ways."""

    start_time = datetime(2026, 1, 15, 9, 0, tzinfo=UTC).timestamp()
    tags = (
        "long-horizon",
        "goal-inference",
        "information-retrieval",
        "multi-app",
        "scheduling",
        "communication",
        "hard",
    )
    additional_system_prompt = (
        "You are John. You pay the flat's bills and split them with Theo and Kai. Accept help "
        "keeping the bills note and the flatmates up to date."
    )

    def init_and_populate_apps(self) -> None:
        self.notes = StatefulNotesApp(name="Notes")
        self.bills_note = self.notes.create_note_with_time(
            folder="Personal",
            title="Flat bills",
            content="Split 3 ways: John, Theo, Kai\nElectric: monthly, ~$95\nInternet: $72/mo\n"
            "Water: monthly, ~$80",
            created_at="2025-10-02 19:00:00",
        )
        self.notes.create_note_with_time(
            folder="Personal",
            title="Climbing gym",
            content="Membership renews March 1, $65/mo",
            created_at="2025-11-12 08:00:00",
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        flatmates = [("Theo Brandt", "+15035550721"), ("Kai Nakamura", "+15035550733")]
        self.messaging.add_contacts([*flatmates, ("Ada Moss", "+15035550790")])
        self.flat_id = "conv-flat-412"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.flat_id,
                participant_ids=[self.messaging.current_user_id, *(p for _, p in flatmates)],
                title="Flat 412",
                last_updated=datetime(2026, 1, 10, 21, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.climbing_id = "conv-climbing-crew"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.climbing_id,
                participant_ids=[
                    self.messaging.current_user_id,
                    "+15035550733",
                    "+15035550790",
                ],
                title="Climbing crew",
                last_updated=datetime(2026, 1, 14, 18, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.reminders = StatefulReminderApp(name="Reminders")
        self.apps = [self.email, self.messaging, self.reminders, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            switch = self.email.send_email_to_user_with_id(
                email_id="email-water-bimonthly",
                sender=UTILITY,
                subject="Your water bill is changing to every two months",
                content="From February we bill every two months. Your first two-month bill is "
                "issued February 1 and due February 20; later bills follow every two months, "
                "due on the 20th.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Portland Water now bills every two months, first due Feb 20. Shall I set a "
                "reminder for Feb 18 that repeats every 2 months?",
                after=switch,
                accept="Yes.",
            )
            remind = self.oracle(self.reminders, after=accept).add_reminder(
                title="Pay the water bill (due the 20th)",
                due_datetime="2026-02-18 09:00:00",
                description="Portland Water, billed every two months.",
                repetition_unit="month",
                repetition_value=2,
            )
            bill = self.email.send_email_to_user_with_id(
                email_id="email-water-bill-feb",
                sender=UTILITY,
                subject="Your bill for December-January: $186.60",
                content="Amount due: $186.60 for December 1 - January 31. Due February 20.",
            ).depends_on(switch, delay_seconds=17 * DAY)
            offer, yes = self.propose(
                "The first two-month water bill is $186.60, so $62.20 each. Shall I update "
                "your Flat bills note and tell Theo and Kai in the Flat 412 chat?",
                after=bill,
                accept="Yes please.",
            )
            note = self.oracle(self.notes, after=yes).update_note(
                note_id=self.bills_note,
                content="Split 3 ways: John, Theo, Kai\nElectric: monthly, ~$95\nInternet: "
                "$72/mo\nWater: every 2 months, due the 20th; Dec-Jan $186.60 ($62.20 each)",
            )
            post = self.oracle(self.messaging, after=note).send_message_to_group_conversation(
                conversation_id=self.flat_id,
                content="Water is billed every two months now: Dec-Jan was $186.60, so $62.20 "
                "each. I'll pay it by Feb 20.",
            )
        self.events = [switch, proposal, accept, remind, bill, offer, yes, note, post]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a reminder before the 20th, every two months",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=between("2026-02-10 00:00:00", "2026-02-20 12:00:00"),
                repetition_unit=equals_text("month"),
                repetition_value=2,
            ),
            expect(
                "the bills note has the new water bill",
                (StatefulNotesApp, "update_note"),
                note_id=self.bills_note,
                content=mentions("186.60"),
            ),
            expect(
                "the flatmates told their share",
                (StatefulMessagingApp, "send_message_to_group_conversation"),
                conversation_id=self.flat_id,
                content=mentions("62.20"),
            ),
            forbid(
                "the climbing chat is not the flat",
                (StatefulMessagingApp, "send_message_to_group_conversation"),
                conversation_id=self.climbing_id,
            ),
        )
