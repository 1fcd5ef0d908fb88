"""After a vendor review, a teammate says Acme still waits for the agreed action items."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import (
    StatefulCalendarApp,
    StatefulEmailApp,
    StatefulMessagingApp,
    StatefulNotesApp,
)
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, includes, mentions


@register_scenario("vendor_review_action_items_email")
class VendorReviewActionItemsEmail(PAREScenario):
    """The action items are in John's meeting note; email them to Acme."""

    start_time = datetime(2026, 10, 14, 15, 30, tzinfo=UTC).timestamp()
    tags = ("follow-up", "multi-app", "information-retrieval", "communication", "medium")
    additional_system_prompt = (
        "You are John. You took notes in the vendor review and promised to send the "
        "action items, then forgot. Accept help sending them."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-acme-review",
                title="Vendor review: Acme analytics",
                start_datetime=datetime(2026, 10, 14, 14, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 10, 14, 15, 0, tzinfo=UTC).timestamp(),
                attendees=["Priscilla Ng", "Omar Haddad"],
                description="Priscilla Ng (priscilla.ng@acme.io) from Acme",
            )
        )
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Work",
            title="Acme review 10/14",
            content="Action items:\n1. Acme sends revised SLA draft by 10/21\n"
            "2. We share usage numbers for pricing tiers by 10/18\n3. Follow-up call week of 10/26",
            created_at="2026-10-14 14:55:00",
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Omar Haddad", "+15035550520")])
        self.omar_id = self.messaging.name_to_id["Omar Haddad"]
        self.conv_id = "conv-omar"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.omar_id],
                title="Omar Haddad",
                last_updated=datetime(2026, 10, 13, 9, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.calendar, self.notes, self.messaging, self.email]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            nudge = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.omar_id,
                content="Priscilla just pinged me - did you send Acme the action items from today? "
                "Please cc me.",
            ).delayed(40)
            proposal, accept = self.propose(
                "Omar says Acme is waiting for today's action items. Shall I email Priscilla Ng "
                "the three items from your 'Acme review 10/14' note, cc Omar?",
                after=nudge,
                accept="Yes, send it.",
            )
            send = self.oracle(self.email, after=accept, delay=3).send_email(
                recipients=["priscilla.ng@acme.io"],
                cc=["omar.haddad@northwind.io"],
                subject="Action items from today's review",
                content="Hi Priscilla,\n1. Acme sends the revised SLA draft by 10/21\n2. We "
                "share "
                "usage numbers for the pricing tiers by 10/18\n3. Follow-up call the week of "
                "10/26\nBest, John",
            )
        self.events = [nudge, proposal, accept, send]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the action items emailed to Priscilla",
                (StatefulEmailApp, "send_email"),
                recipients=includes("priscilla.ng@acme.io"),
                content=mentions("SLA", "pricing"),
            ),
        )
