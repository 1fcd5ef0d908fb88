"""The home printer warns that black ink is low; the right cartridge is written in a note."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulNotesApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid


@register_scenario("printer_ink_reorder_from_note")
class PrinterInkReorderFromNote(PAREScenario):
    """Order one black 962XL (the note's cartridge for the 9015e), not the look-alike 965XL."""

    start_time = datetime(2026, 3, 9, 9, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "information-retrieval", "multi-app", "purchasing", "hard")
    additional_system_prompt = (
        "You are John. You print tax forms this week and can't run out of black ink. Accept a "
        "reorder of the right cartridge."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        hp962xl = self.shopping.add_product(name="HP 962XL ink cartridge")
        self.black_962xl = self.shopping.add_item_to_product(
            product_id=hp962xl, price=54.0, options={"color": "black", "yield": "2,000 pages"}
        )
        self.cyan_962xl = self.shopping.add_item_to_product(
            product_id=hp962xl, price=31.0, options={"color": "cyan", "yield": "1,600 pages"}
        )
        hp965xl = self.shopping.add_product(name="HP 965XL ink cartridge")
        self.black_965xl = self.shopping.add_item_to_product(
            product_id=hp965xl, price=49.0, options={"color": "black", "yield": "2,000 pages"}
        )
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="Home office",
            content="Printer: HP OfficeJet Pro 9015e - takes 962 / 962XL cartridges (NOT 965, "
            "those are for the 8025 at work).\nRouter admin: see the back of the box.\n"
            "Desk lamp bulb: E12, 40W.",
            created_at="2025-11-02 10:00:00",
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.notes, self.shopping]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            low = self.email.send_email_to_user_with_id(
                email_id="email-ink-low",
                sender="alerts@hpsmart.com",
                subject="OfficeJet Pro 9015e: black ink is low",
                content="Your printer HP OfficeJet Pro 9015e reports black ink at 5%. Colour "
                "cartridges are above 50%.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Your OfficeJet Pro 9015e is at 5% black ink. Your Home office note says it "
                "takes 962XL cartridges. Shall I order one black HP 962XL ($54)?",
                after=low,
                accept="Yes, order it.",
            )
            add = self.oracle(self.shopping, after=accept).add_to_cart(
                item_id=self.black_962xl, quantity=1
            )
            buy = self.oracle(self.shopping, after=add).checkout()
        self.events = [low, proposal, accept, add, buy]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "one black 962XL in the cart",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.black_962xl,
                quantity=1,
            ),
            expect("the cartridge ordered", (StatefulShoppingApp, "checkout")),
            forbid(
                "the 965XL, which fits the work printer",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.black_965xl,
            ),
        )
