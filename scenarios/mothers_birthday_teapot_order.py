"""John's sister names the exact gift for Mom's birthday; only one colour of it is right."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulMessagingApp
from pytest_pare.apps.calendar import StatefulCalendarApp
from pytest_pare.apps.shopping import StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import check_actions, expect, forbid
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("mothers_birthday_teapot_order")
class MothersBirthdayTeapotOrder(PAREScenario):
    """Nora says Mom wants the blue ceramic teapot; buy that variant before Friday."""

    start_time = datetime(2026, 10, 5, 18, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "multi-app", "purchasing")
    additional_system_prompt = (
        "You are John. Your mother's birthday is on Friday and you have no gift yet. "
        "Accept a proposal to order what your sister suggests."
    )

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
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
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.messaging,
            self.calendar,
            self.shopping,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        messaging = self.get_typed_app(StatefulMessagingApp, "Messages")
        shopping = self.get_typed_app(StatefulShoppingApp, "Shopping")
        with EventRegisterer.capture_mode():
            hint = messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.nora_id,
                content="Gift idea for Friday: Mom keeps talking about that Hasami teapot, the "
                "BLUE one, not white. I already got her flowers!",
            ).delayed(20)
            proposal = (
                aui.send_message_to_user(
                    content="Nora suggests the Hasami ceramic teapot in blue for Mom's birthday on "
                    "Friday. It's $58 in the shop. Shall I order the blue one now?"
                )
                .oracle()
                .depends_on(hint, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes, order it.")
                .oracle()
                .depends_on(proposal, delay_seconds=5)
            )
            add = (
                shopping.add_to_cart(item_id=self.blue_item, quantity=1)
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
            buy = shopping.checkout().oracle().depends_on(add, delay_seconds=2)
        self.events = [hint, proposal, accept, add, buy]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "the blue teapot in the cart",
                "StatefulShoppingApp",
                "add_to_cart",
                item_id=self.blue_item,
            ),
            expect("the order placed", "StatefulShoppingApp", "checkout"),
            forbid(
                "buying the white teapot",
                "StatefulShoppingApp",
                "add_to_cart",
                item_id=self.white_item,
            ),
        )
