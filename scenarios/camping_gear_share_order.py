"""The camping group splits the gear; John's share depends on what his gear note says is broken."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulMessagingApp, StatefulNotesApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid, mentions_any


@register_scenario("camping_gear_share_order")
class CampingGearShareOrder(PAREScenario):
    """Two big fuel canisters and the Squeeze filter, ordered and reported; each call must land."""

    start_time = datetime(2026, 7, 8, 20, 0, tzinfo=UTC).timestamp()
    tags = (
        "noise-sensitive",
        "goal-inference",
        "information-retrieval",
        "multi-app",
        "purchasing",
        "communication",
        "hard",
    )
    additional_system_prompt = (
        "You are John, going camping on the Olympic coast with Jade and Leo next weekend. "
        "Accept help getting your share of the gear."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        fuel = self.shopping.add_product(name="MSR IsoPro fuel canister")
        self.fuel_big = self.shopping.add_item_to_product(
            product_id=fuel, price=8.95, options={"size": "227 g"}
        )
        self.fuel_small = self.shopping.add_item_to_product(
            product_id=fuel, price=6.95, options={"size": "110 g"}
        )
        water = self.shopping.add_product(name="Sawyer water filter")
        self.squeeze = self.shopping.add_item_to_product(
            product_id=water, price=39.95, options={"model": "Squeeze"}
        )
        self.mini = self.shopping.add_item_to_product(
            product_id=water, price=24.95, options={"model": "Mini"}
        )
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="Camping gear",
            content="Own: 2 headlamps, sleeping pad, bear canister\nBroken: Sawyer filter "
            "(cracked) - replace with the Squeeze, the Mini clogs\nFuel: none left",
            created_at="2026-06-14 19:00:00",
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        friends = [("Jade Lin", "+15035550612"), ("Leo Marsh", "+15035550623")]
        self.messaging.add_contacts(friends)
        self.jade_id = self.messaging.name_to_id["Jade Lin"]
        self.group_id = "conv-olympic-trip"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.group_id,
                participant_ids=[self.messaging.current_user_id, *(p for _, p in friends)],
                title="Olympic coast trip",
                last_updated=datetime(2026, 7, 6, 18, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.shopping, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            split = self.messaging.create_and_add_message(
                conversation_id=self.group_id,
                sender_id=self.jade_id,
                content="Gear split! Leo: tent + stove. Me: food. John: two of the big 227 g "
                "fuel canisters and a water filter if yours still works? Bring headlamps.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Jade asks you for two 227 g fuel canisters and a water filter; your gear note "
                "says your Sawyer is cracked and to get the Squeeze. Shall I order both and "
                "tell the group?",
                after=split,
                accept="Yes.",
            )
            fuel = self.oracle(self.shopping, after=accept).add_to_cart(
                item_id=self.fuel_big, quantity=2
            )
            filt = self.oracle(self.shopping, after=fuel).add_to_cart(
                item_id=self.squeeze, quantity=1
            )
            buy = self.oracle(self.shopping, after=filt).checkout()
            post = self.oracle(self.messaging, after=buy).send_message_to_group_conversation(
                conversation_id=self.group_id,
                content="Ordered two 227 g canisters and a new Sawyer Squeeze (mine cracked). "
                "I'll bring headlamps too.",
            )
        self.events = [split, proposal, accept, fuel, filt, buy, post]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "two big fuel canisters",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.fuel_big,
                quantity=2,
            ),
            expect(
                "the Squeeze filter",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.squeeze,
                quantity=1,
            ),
            expect("the order placed", (StatefulShoppingApp, "checkout")),
            expect(
                "the group told what John ordered",
                (StatefulMessagingApp, "send_message_to_group_conversation"),
                conversation_id=self.group_id,
                content=mentions_any("ordered", "canister", "filter", "squeeze"),
            ),
            forbid(
                "the Mini clogs, per the note",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.mini,
            ),
        )
