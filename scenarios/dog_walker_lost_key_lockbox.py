"""The dog walker finds the spare key under the mat gone and suggests a wall-mounted lockbox."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulMessagingApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid, mentions_any


@register_scenario("dog_walker_lost_key_lockbox")
class DogWalkerLostKeyLockbox(PAREScenario):
    """Order the wall-mount lockbox (not the portable one) and tell Kenji it is coming."""

    start_time = datetime(2026, 3, 17, 13, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "purchasing", "communication", "hard")
    additional_system_prompt = (
        "You are John. Kenji walks your dog Biscuit on weekdays. You trust his advice about "
        "the house."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        lockbox = self.shopping.add_product(name="Master Lock key lockbox")
        self.wall_mount = self.shopping.add_item_to_product(
            product_id=lockbox,
            price=39.0,
            options={"type": "wall-mount", "lock": "4-digit code"},
        )
        self.portable = self.shopping.add_item_to_product(
            product_id=lockbox,
            price=34.0,
            options={"type": "portable, hangs on the door handle", "lock": "4-digit code"},
        )
        mat = self.shopping.add_product(name="Coir doormat")
        self.shopping.add_item_to_product(product_id=mat, price=24.0, options={"size": "24x36"})
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Kenji Mori", "+15035550872")])
        self.kenji_id = self.messaging.name_to_id["Kenji Mori"]
        self.conv_id = "conv-kenji"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.kenji_id],
                title="Kenji Mori (dog walker)",
                last_updated=datetime(2026, 3, 16, 13, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.shopping]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            heads_up = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.kenji_id,
                content="Heads up: the spare key under your mat is gone, I used my own copy "
                "today. Maybe get one of those wall-mounted code lockboxes? The ones that hang "
                "on the door handle get pulled off.",
            ).delayed(20)
            proposal, accept = self.propose(
                "Kenji says the spare key under the mat is gone and suggests a wall-mounted code "
                "lockbox. Shall I order the Master Lock wall-mount one ($39) and tell him it's "
                "on the way?",
                after=heads_up,
                accept="Yes, good idea.",
            )
            add = self.oracle(self.shopping, after=accept).add_to_cart(
                item_id=self.wall_mount, quantity=1
            )
            buy = self.oracle(self.shopping, after=add).checkout()
            tell = self.oracle(self.messaging, after=buy).send_message(
                user_id=self.kenji_id,
                content="Thanks for telling me! I've ordered a wall-mounted code lockbox; I'll "
                "text you the code once it's up.",
            )
        self.events = [heads_up, proposal, accept, add, buy, tell]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the wall-mount lockbox in the cart",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.wall_mount,
                quantity=1,
            ),
            expect("the lockbox ordered", (StatefulShoppingApp, "checkout")),
            expect(
                "Kenji told a lockbox is coming",
                (StatefulMessagingApp, "send_message"),
                user_id=self.kenji_id,
                content=mentions_any("lockbox", "lock box", "ordered"),
            ),
            forbid(
                "the door-handle lockbox Kenji warned about",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.portable,
            ),
        )
