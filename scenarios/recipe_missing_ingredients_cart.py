"""A friend shares a recipe for Sunday; the pantry note shows what John already has."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulMessagingApp, StatefulNotesApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid


@register_scenario("recipe_missing_ingredients_cart")
class RecipeMissingIngredientsCart(PAREScenario):
    """Order only what the pantry lacks (saffron, arborio), not the stocked parmesan."""

    start_time = datetime(2026, 3, 19, 18, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "multi-app", "information-retrieval", "purchasing", "hard")
    additional_system_prompt = "You are John, cooking risotto for Aiko on Sunday."

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        self.items = {}
        for name, price in (
            ("Spanish saffron 1g", 11.99),
            ("Arborio rice 1kg", 6.49),
            ("Parmigiano Reggiano 250g", 9.99),
        ):
            product = self.shopping.add_product(name=name)
            self.items[name] = self.shopping.add_item_to_product(product_id=product, price=price)
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="Pantry",
            content="Have: parmesan (new block), olive oil, onions, white wine, stock cubes\n"
            "Out of: rice, saffron, coffee",
            created_at="2026-03-17 20:00:00",
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Aiko Tanaka", "+15035550181")])
        self.aiko_id = self.messaging.name_to_id["Aiko Tanaka"]
        self.conv_id = "conv-aiko"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.aiko_id],
                title="Aiko Tanaka",
                last_updated=datetime(2026, 3, 18, 12, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.notes, self.shopping]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            recipe = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.aiko_id,
                content="For Sunday's risotto you need: arborio rice, a pinch of saffron, "
                "parmesan, onion, white wine and stock. Can't wait!",
            ).delayed(20)
            proposal, accept = self.propose(
                "For Aiko's risotto your pantry note says you're out of rice and saffron "
                "(parmesan, onions, wine and stock are in). Shall I order arborio rice and "
                "saffron?",
                after=recipe,
                accept="Yes.",
            )
            rice = self.oracle(self.shopping, after=accept).add_to_cart(
                item_id=self.items["Arborio rice 1kg"], quantity=1
            )
            saffron = self.oracle(self.shopping, after=rice).add_to_cart(
                item_id=self.items["Spanish saffron 1g"], quantity=1
            )
            buy = self.oracle(self.shopping, after=saffron).checkout()
        self.events = [recipe, proposal, accept, rice, saffron, buy]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "arborio rice in the cart",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.items["Arborio rice 1kg"],
                quantity=1,
            ),
            expect(
                "saffron in the cart",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.items["Spanish saffron 1g"],
                quantity=1,
            ),
            expect("the order placed", (StatefulShoppingApp, "checkout")),
            forbid(
                "parmesan John already has",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.items["Parmigiano Reggiano 250g"],
            ),
        )
