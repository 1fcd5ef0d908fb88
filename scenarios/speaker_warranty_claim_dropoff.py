"""A speaker's warranty ends in four weeks; a fault sits in John's notes; the claim comes back."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import (
    StatefulEmailApp,
    StatefulNotesApp,
    StatefulReminderApp,
    StatefulShoppingApp,
)
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import (
    Rules,
    all_of,
    between,
    expect,
    includes,
    mentions,
    mentions_any,
    mentions_none,
)

STORE = "care@soundhaus.com"
CLAIMS = "claims@soundhaus.com"
DAY = 86400


@register_scenario("speaker_warranty_claim_dropoff")
class SpeakerWarrantyClaimDropoff(PAREScenario):
    """Claim with the speaker's order and fault; a week on, plan the drop-off before it expires."""

    start_time = datetime(2026, 6, 1, 9, 0, tzinfo=UTC).timestamp()
    tags = (
        "long-horizon",
        "information-retrieval",
        "timing",
        "multi-app",
        "communication",
        "scheduling",
        "hard",
    )
    additional_system_prompt = (
        "You are John. The kitchen speaker has been acting up and you keep forgetting to deal "
        "with it. Accept help with the warranty claim."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        speaker = self.shopping.add_product(name="Sonos Era 100")
        speaker_item = self.shopping.add_item_to_product(
            product_id=speaker, price=249.0, options={"color": "black"}
        )
        mount = self.shopping.add_product(name="Sonos Era 100 wall mount")
        mount_item = self.shopping.add_item_to_product(
            product_id=mount, price=39.0, options={"color": "black"}
        )
        self.shopping.add_order(
            order_id="SH-20931",
            order_status="delivered",
            order_date=datetime(2025, 6, 28, 14, 0, tzinfo=UTC).timestamp(),
            order_total=249.0,
            item_id=speaker_item,
            quantity=1,
        )
        self.shopping.add_order(
            order_id="SH-20944",
            order_status="delivered",
            order_date=datetime(2025, 7, 2, 10, 0, tzinfo=UTC).timestamp(),
            order_total=39.0,
            item_id=mount_item,
            quantity=1,
        )
        self.notes = StatefulNotesApp(name="Notes")
        self.fix_note = self.notes.create_note_with_time(
            folder="Personal",
            title="Things to fix",
            content="Kitchen speaker (Sonos Era 100): right channel cuts out after ~10 min, "
            "since May\nBathroom fan rattles",
            created_at="2026-05-12 21:00:00",
        )
        self.notes.create_note_with_time(
            folder="Personal",
            title="Gift ideas",
            content="Dad: moka pot\nNora: climbing chalk bag",
            created_at="2026-04-02 08:00:00",
        )
        self.email = StatefulEmailApp(name="Emails")
        self.reminders = StatefulReminderApp(name="Reminders")
        self.apps = [self.email, self.shopping, self.reminders, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ending = self.email.send_email_to_user_with_id(
                email_id="email-soundhaus-warranty",
                sender=STORE,
                subject="Your Sonos Era 100 warranty ends June 28",
                content="The one-year warranty on your Sonos Era 100 ends on June 28. To claim, "
                "email claims@soundhaus.com with your order number and a description of the "
                "fault.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Your Sonos Era 100 warranty ends Jun 28, and your Things to fix note says its "
                "right channel cuts out. Shall I email claims@soundhaus.com with order SH-20931 "
                "and the fault?",
                after=ending,
                accept="Yes, file it.",
            )
            claim = self.oracle(self.email, after=accept).send_email(
                recipients=[CLAIMS],
                subject="Warranty claim - order SH-20931 (Sonos Era 100)",
                content="Hello, I'd like to claim under warranty for my Sonos Era 100, order "
                "SH-20931: the right channel cuts out after about 10 minutes of playback, since "
                "May. Thank you, John Doe",
            )
            approved = self.email.send_email_to_user_with_id(
                email_id="email-soundhaus-rma",
                sender=CLAIMS,
                subject="Claim C-7714 approved",
                content="Your claim is approved. Drop the speaker at any UPS store with return "
                "code RMA-7714 by June 23; the code expires after that.",
            ).depends_on(ending, delay_seconds=8 * DAY)
            offer, yes = self.propose(
                "Soundhaus approved the claim: drop the speaker at a UPS store with code "
                "RMA-7714 by Jun 23. Shall I set a reminder for Saturday Jun 20 and add the code "
                "to your Things to fix note?",
                after=approved,
                accept="Yes.",
            )
            remind = self.oracle(self.reminders, after=yes).add_reminder(
                title="Drop the Sonos speaker at UPS (RMA-7714)",
                due_datetime="2026-06-20 10:00:00",
                description="Return code RMA-7714 expires June 23.",
            )
            code = self.oracle(self.notes, after=remind).update_note(
                note_id=self.fix_note,
                content="Kitchen speaker (Sonos Era 100): right channel cuts out after ~10 min, "
                "since May - claim C-7714 approved, drop at UPS with RMA-7714 by Jun 23\n"
                "Bathroom fan rattles",
            )
        self.events = [ending, proposal, accept, claim, approved, offer, yes, remind, code]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the claim names the speaker's order and the fault",
                (StatefulEmailApp, "send_email"),
                recipients=includes(CLAIMS),
                content=all_of(mentions("SH-20931"), mentions("right"), mentions_none("SH-20944")),
            ),
            expect(
                "a drop-off reminder before the code expires",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=between("2026-06-09 09:00:00", "2026-06-23 12:00:00"),
                title=mentions_any("ups", "sonos", "speaker", "rma", "drop"),
            ),
            expect(
                "the return code kept with the fault",
                (StatefulNotesApp, "update_note"),
                note_id=self.fix_note,
                content=mentions("RMA-7714"),
            ),
        )
