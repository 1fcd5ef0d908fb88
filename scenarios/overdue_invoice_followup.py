"""A client writes about next quarter while John's January invoice to them is past due."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.email_client import Email, EmailFolderName
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulNotesApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, either, expect, includes, mentions

CLIENT = "ap@brightwaterfoods.com"


@register_scenario("overdue_invoice_followup")
class OverdueInvoiceFollowup(PAREScenario):
    """Remind Brightwater of unpaid invoice INV-2026-014 when they next write."""

    start_time = datetime(2026, 2, 9, 9, 0, tzinfo=UTC).timestamp()
    tags = ("follow-up", "information-retrieval", "communication", "easy")
    additional_system_prompt = (
        "You are John, a freelance data consultant. You dislike chasing payments and "
        "appreciate a polite nudge sent for you."
    )

    def init_and_populate_apps(self) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.email.add_email(
            Email(
                email_id="email-sent-inv-014",
                sender="john@pare.com",
                recipients=[CLIENT],
                subject="Invoice INV-2026-014 (January)",
                content="Hi, attached is invoice INV-2026-014 for January, $4,800, due Feb 4.",
                timestamp=datetime(2026, 1, 5, 10, 0, tzinfo=UTC).timestamp(),
                is_read=True,
            ),
            EmailFolderName.SENT,
        )
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Work",
            title="Invoices 2026",
            content="INV-2026-013 Acme, $2,100 - paid Jan 20\n"
            "INV-2026-014 Brightwater, $4,800, due Feb 4 - UNPAID\n"
            "INV-2026-015 Lumen Labs, $1,250, due Mar 1",
            created_at="2026-01-05 10:05:00",
        )
        self.followup_id = "email-brightwater-q2"
        self.apps = [self.email, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            q2 = self.email.send_email_to_user_with_id(
                email_id=self.followup_id,
                sender=CLIENT,
                subject="Q2 analytics scope",
                content="Hi John, we'd like to extend your engagement into Q2. Could you send "
                "a scope and estimate by next Friday? Thanks, Brightwater AP",
            ).delayed(30)
            proposal, accept = self.propose(
                "Brightwater asks for a Q2 estimate, but your note shows INV-2026-014 ($4,800, "
                "due Feb 4) is still unpaid. Shall I reply that you'll send the scope and "
                "politely ask about the overdue invoice?",
                after=q2,
                accept="Yes, do that.",
            )
            reply = self.oracle(self.email, after=accept).reply_to_email(
                email_id=self.followup_id,
                content="Happy to - I'll send the Q2 scope by Friday. Also, invoice "
                "INV-2026-014 ($4,800) was due Feb 4; could you check on its status? "
                "Thanks, John",
            )
        self.events = [q2, proposal, accept, reply]

    def expected_actions(self) -> Rules:
        return (
            either(
                "Brightwater reminded of INV-2026-014",
                expect(
                    "reply",
                    (StatefulEmailApp, "reply_to_email"),
                    email_id=self.followup_id,
                    content=mentions("INV-2026-014"),
                ),
                expect(
                    "new email",
                    (StatefulEmailApp, "send_email"),
                    recipients=includes(CLIENT),
                    content=mentions("INV-2026-014"),
                ),
            ),
        )
