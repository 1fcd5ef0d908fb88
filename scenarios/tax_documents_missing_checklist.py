"""The accountant lists the documents she needs by March 20; John's tax note shows the gaps."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulNotesApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, all_of, between, expect, mentions, mentions_any

ACCOUNTANT = "fiona@lindqvisttax.com"


@register_scenario("tax_documents_missing_checklist")
class TaxDocumentsMissingChecklist(PAREScenario):
    """Note the three missing forms, remind John before the 20th, tell Fiona when to expect them."""

    start_time = datetime(2026, 2, 16, 9, 0, tzinfo=UTC).timestamp()
    tags = (
        "goal-inference",
        "information-retrieval",
        "follow-up",
        "multi-app",
        "scheduling",
        "communication",
        "hard",
    )
    additional_system_prompt = (
        "You are John. Your accountant Fiona files your taxes; you are slow with paperwork and "
        "welcome a checklist and a nudge."
    )

    def init_and_populate_apps(self) -> None:
        self.notes = StatefulNotesApp(name="Notes")
        self.tax_note = self.notes.create_note_with_time(
            folder="Personal",
            title="Taxes 2025",
            content="W-2 Lumen Labs: received Jan 30\n1099-INT Ally Bank: received Feb 3\n"
            "Mortgage 1098: n/a (renting)",
            created_at="2026-02-03 20:00:00",
        )
        self.notes.create_note_with_time(
            folder="Personal",
            title="Taxes 2024",
            content="Filed April 9 2025 by Fiona; refund $412",
            created_at="2025-04-10 08:00:00",
        )
        self.email = StatefulEmailApp(name="Emails")
        self.reminders = StatefulReminderApp(name="Reminders")
        self.ask_id = "email-fiona-documents"
        self.apps = [self.email, self.reminders, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.email.send_email_to_user_with_id(
                email_id=self.ask_id,
                sender=ACCOUNTANT,
                subject="Your 2025 return: documents by March 20",
                content="Hi John, to file by April 15 I need these by March 20: your W-2, the "
                "1099-INT from Ally, the 1099-B from Fidelity for your stock sale, your HSA "
                "form 5498-SA and the daycare receipts for the dependent care credit. Fiona",
            ).delayed(30)
            proposal, accept = self.propose(
                "Fiona needs five documents by Mar 20. Your Taxes 2025 note has the W-2 and the "
                "1099-INT; still missing are the Fidelity 1099-B, the HSA 5498-SA and the "
                "daycare receipts. Shall I add those to the note, remind you on Mar 13, and "
                "tell Fiona to expect everything by the 20th?",
                after=ask,
                accept="Yes please.",
            )
            note = self.oracle(self.notes, after=accept).update_note(
                note_id=self.tax_note,
                content="W-2 Lumen Labs: received Jan 30\n1099-INT Ally Bank: received Feb 3\n"
                "Mortgage 1098: n/a (renting)\nSTILL NEEDED for Fiona by Mar 20: 1099-B "
                "(Fidelity), HSA 5498-SA, daycare receipts",
            )
            remind = self.oracle(self.reminders, after=note).add_reminder(
                title="Send Fiona the tax documents",
                due_datetime="2026-03-13 18:00:00",
                description="1099-B Fidelity, HSA 5498-SA, daycare receipts; due to her Mar 20.",
            )
            reply = self.oracle(self.email, after=remind).reply_to_email(
                email_id=self.ask_id,
                content="Hi Fiona, thanks! I have the W-2 and the 1099-INT; I'll gather the "
                "1099-B, the 5498-SA and the daycare receipts and send everything by March 20. "
                "John",
            )
        self.events = [ask, proposal, accept, note, remind, reply]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the missing forms listed in the tax note",
                (StatefulNotesApp, "update_note"),
                note_id=self.tax_note,
                content=mentions("1099-B", "5498", "daycare"),
            ),
            expect(
                "a reminder before Fiona's deadline",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=between("2026-02-16 09:00:00", "2026-03-19 23:59:00"),
            ),
            expect(
                "Fiona told when to expect the documents",
                (StatefulEmailApp, "reply_to_email"),
                email_id=self.ask_id,
                content=all_of(
                    mentions_any("march 20", "mar 20", "20th", "3/20"), mentions("1099")
                ),
            ),
        )
