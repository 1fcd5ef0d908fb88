"""Three countertop quotes arrive over a morning; only one is in budget and done before May 15."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulContactsApp, StatefulEmailApp, StatefulNotesApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import (
    Rules,
    all_of,
    equals_text,
    expect,
    forbid,
    mentions,
    mentions_any,
    mentions_none,
    same_digits,
)

PLAN = "Counters + backsplash. Must be finished before Mom visits May 15.\nBudget: max $9,000."
ACCEPTING = all_of(
    mentions_any("accept", "go ahead", "book you", "let's do"),
    mentions_none("can't", "cannot", "unfortunately", "decline"),
)


@register_scenario("kitchen_quotes_pick_and_save_contractor")
class KitchenQuotesPickAndSaveContractor(PAREScenario):
    """Record all three quotes, accept Brightline ($8,300, Apr 20) and save Sofia Brandt."""

    start_time = datetime(2026, 4, 6, 9, 0, tzinfo=UTC).timestamp()
    tags = (
        "conflict-detection",
        "information-retrieval",
        "multi-app",
        "communication",
        "goal-inference",
        "hard",
    )
    additional_system_prompt = (
        "You are John, redoing your kitchen counters. The note 'Kitchen reno' has your budget "
        "and deadline; you go with the cheapest quote that meets both."
    )

    def init_and_populate_apps(self) -> None:
        self.notes = StatefulNotesApp(name="Notes")
        self.plan_id = self.notes.create_note_with_time(
            folder="Personal",
            title="Kitchen reno",
            content=PLAN + "\nQuotes: waiting on Hartley, Brightline, Oakridge.",
            created_at="2026-03-28 20:00:00",
        )
        self.contacts = StatefulContactsApp(name="Contacts")
        self.email = StatefulEmailApp(name="Emails")
        self.hartley_mail = "email-quote-hartley"
        self.brightline_mail = "email-quote-brightline"
        self.oakridge_mail = "email-quote-oakridge"
        self.apps = [self.email, self.contacts, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            hartley = self.email.send_email_to_user_with_id(
                email_id=self.hartley_mail,
                sender="mike@hartleystone.com",
                subject="Quote: quartz counters and backsplash",
                content="Hi John, our quote is $7,400 all in. Our earliest start is June 1 "
                "(about 10 days of work). Call 503-555-0610 with questions. - Mike Hartley",
            ).delayed(1800)
            brightline = self.email.send_email_to_user_with_id(
                email_id=self.brightline_mail,
                sender="sofia@brightlinereno.com",
                subject="Your kitchen quote from Brightline Renovations",
                content="Hello John, we can do the counters and backsplash for $8,300. We can "
                "start April 20 and finish within two weeks. My cell is 503-555-0620. "
                "- Sofia Brandt, Brightline Renovations",
            ).delayed(6300)
            oakridge = self.email.send_email_to_user_with_id(
                email_id=self.oakridge_mail,
                sender="quotes@oakridgekitchens.com",
                subject="Oakridge Kitchens estimate",
                content="Dear John, estimate for your kitchen: $9,800. Start possible April 13, "
                "completion in 8 working days. Oakridge Kitchens",
            ).delayed(11400)
            proposal, accept = self.propose(
                "All three quotes are in: Hartley $7,400 but only from June 1, Brightline $8,300 "
                "from April 20 (done in two weeks), Oakridge $9,800 (over budget). Only "
                "Brightline meets both your budget and the May 15 deadline. Shall I add the "
                "quotes to your Kitchen reno note, accept Brightline's, and save Sofia Brandt "
                "to Contacts?",
                after=[hartley, brightline, oakridge],
                accept="Yes, go with Brightline.",
            )
            note = self.oracle(self.notes, after=accept).update_note(
                note_id=self.plan_id,
                content=PLAN + "\nQuotes:\n- Hartley Stone & Tile: $7,400, starts June 1 (too "
                "late)\n- Brightline Renovations: $8,300, Apr 20 + 2 weeks (CHOSEN)\n"
                "- Oakridge Kitchens: $9,800 (over budget)",
            )
            reply = self.oracle(self.email, after=note).reply_to_email(
                email_id=self.brightline_mail,
                content="Hi Sofia, thanks! I'd like to accept your quote of $8,300 with the "
                "April 20 start. What do you need from me to confirm? - John",
            )
            save = self.oracle(self.contacts, after=reply).add_new_contact(
                first_name="Sofia",
                last_name="Brandt",
                job="Brightline Renovations (kitchen counters)",
                phone="+15035550620",
                email="sofia@brightlinereno.com",
            )
        self.events = [hartley, brightline, oakridge, proposal, accept, note, reply, save]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the three quotes recorded in the note",
                (StatefulNotesApp, "update_note"),
                note_id=self.plan_id,
                content=mentions("Hartley", "Brightline", "Oakridge"),
            ),
            expect(
                "Brightline's quote accepted",
                (StatefulEmailApp, "reply_to_email"),
                email_id=self.brightline_mail,
                content=ACCEPTING,
            ),
            expect(
                "Sofia Brandt saved",
                (StatefulContactsApp, "add_new_contact"),
                first_name=equals_text("Sofia"),
                last_name=equals_text("Brandt"),
                phone=same_digits("+15035550620"),
            ),
            forbid(
                "accepting Hartley, who starts after the deadline",
                (StatefulEmailApp, "reply_to_email"),
                email_id=self.hartley_mail,
                content=ACCEPTING,
            ),
        )
