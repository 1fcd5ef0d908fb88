"""A former flatmate asks whether the old landlord ever returned the deposit; he has not."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import (
    StatefulContactsApp,
    StatefulEmailApp,
    StatefulMessagingApp,
    StatefulNotesApp,
)
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import (
    Rules,
    all_of,
    expect,
    forbid,
    includes,
    mentions,
    mentions_any,
)


@register_scenario("deposit_refund_followup_old_landlord")
class DepositRefundFollowupOldLandlord(PAREScenario):
    """Email Greg Pappas (old landlord, from Contacts) for the deposit, citing the move-out note."""

    start_time = datetime(2026, 8, 5, 17, 0, tzinfo=UTC).timestamp()
    tags = (
        "follow-up",
        "information-retrieval",
        "multi-app",
        "communication",
        "goal-inference",
        "hard",
    )
    additional_system_prompt = (
        "You are John. You left the Alder St flat this summer and assumed the deposit would "
        "just arrive. Accept a firm but polite follow-up."
    )

    def init_and_populate_apps(self) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        for contact_id, first, last, email, note in (
            (
                "contact-greg-pappas",
                "Greg",
                "Pappas",
                "greg@pappasproperties.com",
                "Old landlord (Alder St flat)",
            ),
            (
                "contact-helen-park",
                "Helen",
                "Park",
                "helen.park.rentals@gmail.com",
                "Landlord, 4410 SE Division St (current)",
            ),
        ):
            self.contacts.add_contact(
                Contact(
                    contact_id=contact_id,
                    first_name=first,
                    last_name=last,
                    email=email,
                    description=note,
                )
            )
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="Alder St move-out",
            content="Moved out June 30, 2026; keys handed to Greg Pappas the same day.\n"
            "Deposit $1,800 (my half $900, Theo's half $900).\n"
            "Oregon: the landlord must return the deposit or itemise deductions within 31 days.",
            created_at="2026-06-30 18:00:00",
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Theo Brandt", "+15035550721")])
        self.theo_id = self.messaging.name_to_id["Theo Brandt"]
        self.conv_id = "conv-theo"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.theo_id],
                title="Theo Brandt",
                last_updated=datetime(2026, 7, 2, 10, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.messaging, self.contacts, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.theo_id,
                content="Did Greg ever send your half of the Alder St deposit back? Mine still "
                "hasn't come and it's been over a month.",
            ).delayed(20)
            proposal, accept = self.propose(
                "Theo's deposit from Alder St hasn't come back either. You moved out June 30, so "
                "Greg's 31 days ran out on July 31. Shall I email Greg Pappas asking for the "
                "$1,800 deposit and tell Theo?",
                after=ask,
                accept="Yes, please.",
            )
            chase = self.oracle(self.email, after=accept).send_email(
                recipients=["greg@pappasproperties.com"],
                subject="Alder St security deposit",
                content="Hi Greg, Theo and I moved out of the Alder St flat on June 30 and "
                "returned the keys that day. We haven't received the $1,800 deposit or a list of "
                "deductions, and the 31 days have passed. Could you send it this week? "
                "Thanks, John",
            )
            tell = self.oracle(self.messaging, after=chase).send_message(
                user_id=self.theo_id,
                content="Nothing here either. I've just emailed Greg asking for the full "
                "deposit, I'll let you know what he says.",
            )
        self.events = [ask, proposal, accept, chase, tell]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Greg asked for the deposit, with the move-out date",
                (StatefulEmailApp, "send_email"),
                recipients=includes("greg@pappasproperties.com"),
                content=all_of(mentions("deposit"), mentions_any("june 30", "30 june", "6/30")),
            ),
            expect(
                "Theo told it is in hand",
                (StatefulMessagingApp, "send_message"),
                user_id=self.theo_id,
                content=mentions_any("email", "greg", "asked"),
            ),
            forbid(
                "the current landlord emailed about the old deposit",
                (StatefulEmailApp, "send_email"),
                recipients=includes("helen.park.rentals@gmail.com"),
            ),
        )
