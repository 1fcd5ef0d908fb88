"""Nora already bought Dad the e-reader that sits in John's cart for his birthday."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulMessagingApp, StatefulNotesApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid


@register_scenario("sister_bought_same_gift_swap")
class SisterBoughtSameGiftSwap(PAREScenario):
    """Drop the Kindle from the cart and order the 12-inch skillet, the note's second idea."""

    start_time = datetime(2026, 6, 15, 18, 0, tzinfo=UTC).timestamp()
    tags = (
        "conflict-detection",
        "goal-inference",
        "information-retrieval",
        "multi-app",
        "purchasing",
        "hard",
    )
    additional_system_prompt = (
        "You are John. Dad's birthday is Sunday. You keep gift ideas in a note and would "
        "rather not give the same present as your sister."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        kindle = self.shopping.add_product(name="Kindle Paperwhite")
        self.kindle = self.shopping.add_item_to_product(
            product_id=kindle, price=159.0, options={"storage": "16 GB", "color": "black"}
        )
        skillet = self.shopping.add_product(name="Lodge cast-iron skillet")
        self.skillet_12 = self.shopping.add_item_to_product(
            product_id=skillet, price=39.0, options={"size": "12 inch"}
        )
        self.skillet_10 = self.shopping.add_item_to_product(
            product_id=skillet, price=29.0, options={"size": "10.25 inch"}
        )
        self.shopping.add_to_cart(item_id=self.kindle, quantity=1)
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="Gift ideas",
            content="Dad (birthday June 21): Kindle Paperwhite; or a Lodge 12-inch cast-iron "
            "skillet (his 10-inch one is too small for Sunday pancakes).\n"
            "Mom (Oct 9): Hasami teapot, blue.",
            created_at="2026-05-30 21:00:00",
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Nora Doe", "+15035550301")])
        self.nora_id = self.messaging.name_to_id["Nora Doe"]
        self.conv_id = "conv-nora"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.nora_id],
                title="Nora Doe",
                last_updated=datetime(2026, 6, 10, 12, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.notes, self.shopping]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            heads_up = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.nora_id,
                content="Heads up, I ordered Dad a Kindle Paperwhite last night for Sunday! "
                "Don't double up :)",
            ).delayed(20)
            proposal, accept = self.propose(
                "Nora already bought Dad a Kindle Paperwhite, the one in your cart. Your gift "
                "note's other idea is the Lodge 12-inch skillet ($39). Shall I take the Kindle "
                "out of the cart and order the skillet instead?",
                after=heads_up,
                accept="Yes, good call.",
            )
            remove = self.oracle(self.shopping, after=accept).remove_from_cart(
                item_id=self.kindle, quantity=1
            )
            add = self.oracle(self.shopping, after=remove).add_to_cart(
                item_id=self.skillet_12, quantity=1
            )
            buy = self.oracle(self.shopping, after=add).checkout()
        self.events = [heads_up, proposal, accept, remove, add, buy]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the Kindle taken out of the cart",
                (StatefulShoppingApp, "remove_from_cart"),
                item_id=self.kindle,
            ),
            expect(
                "the 12-inch skillet in the cart",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.skillet_12,
                quantity=1,
            ),
            expect("the skillet ordered", (StatefulShoppingApp, "checkout")),
            forbid(
                "the 10-inch skillet Dad already has",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.skillet_10,
            ),
        )
