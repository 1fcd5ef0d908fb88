"""The teacher's supply list arrives; John's note says what Milo still has from last year."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulNotesApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid


@register_scenario("school_supplies_minus_last_year")
class SchoolSuppliesMinusLastYear(PAREScenario):
    """Pencils, two glue sticks and markers ordered, not the headphones; every call must land."""

    start_time = datetime(2026, 8, 24, 19, 0, tzinfo=UTC).timestamp()
    tags = (
        "noise-sensitive",
        "goal-inference",
        "information-retrieval",
        "multi-app",
        "purchasing",
        "hard",
    )
    additional_system_prompt = (
        "You are John, Milo's dad. School starts next week; you buy only what Milo doesn't "
        "already have."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        pencils = self.shopping.add_product(name="Ticonderoga #2 pencils")
        self.pencils_24 = self.shopping.add_item_to_product(
            product_id=pencils, price=6.49, options={"pack": "24"}
        )
        self.pencils_12 = self.shopping.add_item_to_product(
            product_id=pencils, price=3.99, options={"pack": "12"}
        )
        glue = self.shopping.add_product(name="Elmer's glue stick")
        self.glue_single = self.shopping.add_item_to_product(
            product_id=glue, price=1.29, options={"pack": "single"}
        )
        markers = self.shopping.add_product(name="Expo dry-erase markers")
        self.markers_4 = self.shopping.add_item_to_product(
            product_id=markers, price=5.99, options={"pack": "4"}
        )
        headphones = self.shopping.add_product(name="Kids over-ear headphones")
        self.headphones = self.shopping.add_item_to_product(
            product_id=headphones, price=19.99, options={"color": "blue"}
        )
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="Milo school stuff",
            content="Still good from last year: over-ear headphones (labelled), 1-inch binder\n"
            "Lunchbox: needs a new one",
            created_at="2026-06-20 17:00:00",
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.shopping, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            supplies = self.email.send_email_to_user_with_id(
                email_id="email-grade3-supplies",
                sender="ms.alvarez@sunnysideschool.org",
                subject="Grade 3 supply list",
                content="Welcome to Grade 3! Please send in: 24 Ticonderoga pencils, 2 glue "
                "sticks, a 1-inch binder, labelled over-ear headphones and a 4-pack of dry-erase "
                "markers. Ms. Alvarez",
            ).delayed(30)
            proposal, accept = self.propose(
                "Ms. Alvarez sent the Grade 3 list. Your note says Milo's headphones and binder "
                "are still good, so he needs 24 Ticonderoga pencils, 2 glue sticks and a 4-pack "
                "of Expo markers. Shall I order those?",
                after=supplies,
                accept="Yes, order them.",
            )
            pencils = self.oracle(self.shopping, after=accept).add_to_cart(
                item_id=self.pencils_24, quantity=1
            )
            glue = self.oracle(self.shopping, after=pencils).add_to_cart(
                item_id=self.glue_single, quantity=2
            )
            markers = self.oracle(self.shopping, after=glue).add_to_cart(
                item_id=self.markers_4, quantity=1
            )
            buy = self.oracle(self.shopping, after=markers).checkout()
        self.events = [supplies, proposal, accept, pencils, glue, markers, buy]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "one 24-pack of pencils",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.pencils_24,
                quantity=1,
            ),
            expect(
                "two glue sticks",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.glue_single,
                quantity=2,
            ),
            expect(
                "a 4-pack of markers",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.markers_4,
                quantity=1,
            ),
            expect("the order placed", (StatefulShoppingApp, "checkout")),
            forbid(
                "Milo's headphones are still good",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.headphones,
            ),
        )
