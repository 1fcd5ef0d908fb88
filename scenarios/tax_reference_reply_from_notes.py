"""The accountant asks for last year's filing reference, which sits in a note."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulNotesApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, either, expect, mentions, same_items


@register_scenario("tax_reference_reply_from_notes")
class TaxReferenceReplyFromNotes(PAREScenario):
    """Helen needs the 2025 filing confirmation number; it is in Notes; reply with it."""

    start_time = datetime(2026, 4, 2, 10, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "information-retrieval", "communication", "easy")
    additional_system_prompt = (
        "You are John. Your accountant Helen Ortiz is preparing an amended return. "
        "You are happy for the assistant to answer her with facts from your notes."
    )

    def init_and_populate_apps(self) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="Taxes 2025",
            content=(
                "Filed 2026-03-28 via e-file.\nFiling confirmation: TX-2025-88412\n"
                "Refund expected: $1,240\nPreparer: Helen Ortiz"
            ),
            created_at="2026-03-28 21:15:00",
        )
        self.notes.create_note_with_time(
            folder="Personal",
            title="Car insurance",
            content="Policy AC-55-1930, renews in August. Agent: Bill Marsh.",
            created_at="2026-01-12 08:40:00",
        )
        self.request_id = "email-helen-amendment"
        self.apps = [self.email, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            request = self.email.send_email_to_user_with_id(
                email_id=self.request_id,
                sender="helen.ortiz@ortizcpa.com",
                subject="Amendment - need your 2025 confirmation number",
                content=(
                    "Hi John, to file the amendment I need the e-file confirmation number "
                    "from your 2025 return. Could you send it over today? Thanks, Helen"
                ),
            ).delayed(30)
            proposal, accept = self.propose(
                "Helen Ortiz needs your 2025 e-file confirmation number. Your 'Taxes 2025' note "
                "has it (TX-2025-88412). Shall I reply to her with it?",
                after=request,
                accept="Yes, send it.",
            )
            reply = self.oracle(self.email, after=accept, delay=3).reply_to_email(
                email_id=self.request_id,
                content="Hi Helen, the confirmation number is TX-2025-88412. Best, John",
            )
        self.events = [request, proposal, accept, reply]

    def expected_actions(self) -> Rules:
        return (
            either(
                "Helen receives the confirmation number",
                expect(
                    "reply",
                    (StatefulEmailApp, "reply_to_email"),
                    email_id=self.request_id,
                    content=mentions("TX-2025-88412"),
                ),
                expect(
                    "new email",
                    (StatefulEmailApp, "send_email"),
                    recipients=same_items("helen.ortiz@ortizcpa.com"),
                    content=mentions("TX-2025-88412"),
                ),
            ),
        )
