"""A roommate says the flat is out of dish soap and coffee filters; the brands are in a note."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulMessagingApp, StatefulNotesApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid


@register_scenario("household_staples_reorder")
class HouseholdStaplesReorder(PAREScenario):
    """Order the preferred variants (lemon soap, #4 filters) named in 'Household staples'."""

    start_time = datetime(2026, 8, 3, 18, 30, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "multi-app", "information-retrieval", "purchasing", "hard")
    additional_system_prompt = (
        "You are John. You and Theo share a flat; you buy household basics online."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        soap = self.shopping.add_product(name="Seventh Generation dish soap")
        self.soap_lemon = self.shopping.add_item_to_product(
            product_id=soap, price=4.49, options={"scent": "lemongrass", "size": "19 oz"}
        )
        self.soap_lavender = self.shopping.add_item_to_product(
            product_id=soap, price=4.49, options={"scent": "lavender", "size": "19 oz"}
        )
        filters = self.shopping.add_product(name="Melitta coffee filters")
        self.filters_4 = self.shopping.add_item_to_product(
            product_id=filters, price=5.99, options={"size": "#4", "count": 100}
        )
        self.filters_2 = self.shopping.add_item_to_product(
            product_id=filters, price=5.49, options={"size": "#2", "count": 100}
        )
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="Household staples",
            content="Dish soap: Seventh Generation, lemongrass (Theo hates lavender)\n"
            "Coffee filters: Melitta #4 (the #2 don't fit our cone)\nTrash bags: 13 gal",
            created_at="2026-03-11 12:00:00",
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
                last_updated=datetime(2026, 8, 1, 9, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.notes, self.shopping]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            out = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.theo_id,
                content="We're out of dish soap AND coffee filters. Can you order the usual?",
            ).delayed(20)
            proposal, accept = self.propose(
                "Theo says you're out of dish soap and coffee filters. Shall I order the "
                "lemongrass Seventh Generation soap and Melitta #4 filters from your staples note?",
                after=out,
                accept="Yes, order them.",
            )
            soap = self.oracle(self.shopping, after=accept).add_to_cart(
                item_id=self.soap_lemon, quantity=1
            )
            filters = self.oracle(self.shopping, after=soap).add_to_cart(
                item_id=self.filters_4, quantity=1
            )
            buy = self.oracle(self.shopping, after=filters).checkout()
        self.events = [out, proposal, accept, soap, filters, buy]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "lemongrass soap in the cart",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.soap_lemon,
                quantity=1,
            ),
            expect(
                "#4 filters in the cart",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.filters_4,
                quantity=1,
            ),
            expect("the order placed", (StatefulShoppingApp, "checkout")),
            forbid(
                "lavender soap", (StatefulShoppingApp, "add_to_cart"), item_id=self.soap_lavender
            ),
            forbid("#2 filters", (StatefulShoppingApp, "add_to_cart"), item_id=self.filters_2),
        )
