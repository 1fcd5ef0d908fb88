"""Nora puts John on Dad's 70th-birthday gift; his note says wait for a sale, and one comes."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import (
    StatefulEmailApp,
    StatefulMessagingApp,
    StatefulNotesApp,
    StatefulReminderApp,
    StatefulShoppingApp,
)
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, forbid, mentions_any

DAY = 86400


@register_scenario("dad_gift_wait_for_sale")
class DadGiftWaitForSale(PAREScenario):
    """A last-safe-day reminder; when the 6-cup moka pot drops a week on, buy it and tell Nora."""

    start_time = datetime(2026, 9, 28, 19, 0, tzinfo=UTC).timestamp()
    tags = (
        "long-horizon",
        "goal-inference",
        "timing",
        "information-retrieval",
        "multi-app",
        "purchasing",
        "scheduling",
        "communication",
        "hard",
    )
    additional_system_prompt = (
        "You are John. Your dad turns 70 on October 18. You'd rather not pay full price for his "
        "gift, but it must arrive in time."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        moka = self.shopping.add_product(name="Bialetti Moka Express")
        self.six_cup = self.shopping.add_item_to_product(
            product_id=moka, price=59.99, options={"size": "6-cup"}
        )
        self.three_cup = self.shopping.add_item_to_product(
            product_id=moka, price=44.99, options={"size": "3-cup"}
        )
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="Gift ideas",
            content="Dad: Bialetti Moka Express, the 6-cup (NOT the 3-cup, he makes coffee for "
            "Mom too). Wait for a sale - he'd hate me spending $60.\nNora: climbing chalk bag",
            created_at="2026-08-30 21:00:00",
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Nora Doe", "+15035550455")])
        self.nora_id = self.messaging.name_to_id["Nora Doe"]
        self.conv_id = "conv-nora"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.nora_id],
                title="Nora Doe",
                last_updated=datetime(2026, 9, 20, 12, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.reminders = StatefulReminderApp(name="Reminders")
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.messaging, self.shopping, self.reminders, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            split = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.nora_id,
                content="Dad's 70th is Sunday Oct 18! I'm doing the cake, you're on the gift. "
                "Shipping is slow out there, order by the 10th so it arrives in time?",
            ).delayed(30)
            proposal, accept = self.propose(
                "Nora says Dad's gift must be ordered by Oct 10. Your Gift ideas note says the "
                "6-cup Bialetti, and to wait for a sale. Shall I remind you on Oct 9 to order "
                "it, sale or not?",
                after=split,
                accept="Yes, good plan.",
            )
            remind = self.oracle(self.reminders, after=accept).add_reminder(
                title="Order Dad's Bialetti (6-cup) - last safe day tomorrow",
                due_datetime="2026-10-09 18:00:00",
                description="Order by Oct 10 so it arrives before his 70th on Oct 18.",
            )
            drop = self.shopping.update_item(item_id=self.six_cup, new_price=41.99).depends_on(
                split, delay_seconds=8 * DAY
            )
            alert = self.email.send_email_to_user_with_id(
                email_id="email-moka-price-drop",
                sender="deals@shop.example.com",
                subject="Price drop: Bialetti Moka Express 6-cup now $41.99",
                content="An item you viewed is on sale this week: Bialetti Moka Express, 6-cup, "
                "$41.99 (was $59.99).",
            ).depends_on(drop, delay_seconds=60)
            offer, yes = self.propose(
                "The 6-cup Bialetti is down to $41.99. Shall I order it now and tell Nora the "
                "gift is sorted?",
                after=alert,
                accept="Yes!",
            )
            cart = self.oracle(self.shopping, after=yes).add_to_cart(
                item_id=self.six_cup, quantity=1
            )
            buy = self.oracle(self.shopping, after=cart).checkout()
            tell = self.oracle(self.messaging, after=buy).send_message(
                user_id=self.nora_id,
                content="Gift sorted: I ordered Dad the 6-cup Bialetti moka pot, on sale. It "
                "arrives well before the 18th.",
            )
        self.events = [split, proposal, accept, remind, drop, alert, offer, yes, cart, buy, tell]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a reminder before the last safe ordering day",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=between("2026-10-05 00:00:00", "2026-10-10 18:00:00"),
            ),
            expect(
                "the 6-cup moka pot in the cart",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.six_cup,
                quantity=1,
            ),
            expect("the order placed", (StatefulShoppingApp, "checkout")),
            expect(
                "Nora told the gift is ordered",
                (StatefulMessagingApp, "send_message"),
                user_id=self.nora_id,
                content=mentions_any("moka", "bialetti", "gift", "ordered"),
            ),
            forbid(
                "the 3-cup is too small for two",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.three_cup,
            ),
        )
