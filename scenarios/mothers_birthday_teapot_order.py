"""John's sister names the exact gift for Mom's birthday; only one colour of it is right."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulMessagingApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid


@register_scenario("mothers_birthday_teapot_order")
class MothersBirthdayTeapotOrder(PAREScenario):
    """Nora says Mom wants the blue ceramic teapot; buy that variant before Friday."""

    start_time = datetime(2026, 10, 5, 18, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "multi-app", "purchasing", "hard")
    additional_system_prompt = (
        "You are John. Your mother's birthday is on Friday and you have no gift yet. "
        "Accept a proposal to order what your sister suggests."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        teapot = self.shopping.add_product(name="Hasami ceramic teapot")
        self.blue_item = self.shopping.add_item_to_product(
            product_id=teapot, price=58.0, options={"color": "indigo blue", "capacity": "0.8L"}
        )
        self.white_item = self.shopping.add_item_to_product(
            product_id=teapot, price=52.0, options={"color": "white", "capacity": "0.8L"}
        )
        kettle = self.shopping.add_product(name="Gooseneck electric kettle")
        self.shopping.add_item_to_product(product_id=kettle, price=79.0, options={"color": "black"})
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-mom-birthday",
                title="Mom's birthday dinner",
                start_datetime=datetime(2026, 10, 9, 18, 30, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 10, 9, 21, 0, tzinfo=UTC).timestamp(),
                location="Mom's house",
            )
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
                last_updated=datetime(2026, 10, 1, 10, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.calendar, self.shopping]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            hint = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.nora_id,
                content="Gift idea for Friday: Mom keeps talking about that Hasami teapot, the "
                "BLUE one, not white. I already got her flowers!",
            ).delayed(20)
            proposal, accept = self.propose(
                "Nora suggests the Hasami ceramic teapot in blue for Mom's birthday on Friday. "
                "It's $58 in the shop. Shall I order the blue one now?",
                after=hint,
                accept="Yes, order it.",
            )
            add = self.oracle(self.shopping, after=accept).add_to_cart(
                item_id=self.blue_item, quantity=1
            )
            buy = self.oracle(self.shopping, after=add).checkout()
        self.events = [hint, proposal, accept, add, buy]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the blue teapot in the cart",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.blue_item,
                quantity=1,
            ),
            expect("the order placed", (StatefulShoppingApp, "checkout")),
            forbid(
                "buying the white teapot",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.white_item,
            ),
        )
