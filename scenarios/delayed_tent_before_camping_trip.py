"""The tent for Friday's camping trip is delayed until after the trip."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulEmailApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid


@register_scenario("delayed_tent_before_camping_trip")
class DelayedTentBeforeCampingTrip(PAREScenario):
    """Cancel the late tent order and buy the 2-person tent that arrives Wednesday; keep the pad."""

    start_time = datetime(2026, 7, 6, 9, 0, tzinfo=UTC).timestamp()
    tags = ("conflict-detection", "multi-app", "purchasing", "timing", "hard")
    additional_system_prompt = (
        "You are John, camping at Trillium Lake with Dana from Friday. You need a 2-person "
        "tent. Accept a fix that gets one in time."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        copper = self.shopping.add_product(name="Big Agnes Copper Spur UL2 tent")
        copper_item = self.shopping.add_item_to_product(
            product_id=copper, price=449.0, options={"capacity": "2 person"}
        )
        pad = self.shopping.add_product(name="Therm-a-Rest NeoAir sleeping pad")
        pad_item = self.shopping.add_item_to_product(
            product_id=pad, price=199.0, options={"size": "regular"}
        )
        half_dome = self.shopping.add_product(name="REI Half Dome SL tent")
        self.half_dome_2 = self.shopping.add_item_to_product(
            product_id=half_dome,
            price=279.0,
            options={"capacity": "2 person", "delivery": "arrives Wed Jul 8"},
        )
        self.half_dome_3 = self.shopping.add_item_to_product(
            product_id=half_dome,
            price=349.0,
            options={"capacity": "3 person", "delivery": "arrives Wed Jul 8"},
        )
        self.tent_order = "order-tent-3391"
        self.pad_order = "order-pad-3392"
        for order_id, item, total in (
            (self.tent_order, copper_item, 449.0),
            (self.pad_order, pad_item, 199.0),
        ):
            self.shopping.add_order(
                order_id=order_id,
                order_status="shipped",
                order_date=datetime(2026, 7, 1, 20, 0, tzinfo=UTC).timestamp(),
                order_total=total,
                item_id=item,
                quantity=1,
            )
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-trillium-camping",
                title="Camping - Trillium Lake (with Dana)",
                start_datetime=datetime(2026, 7, 10, 15, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 7, 12, 18, 0, tzinfo=UTC).timestamp(),
                location="Trillium Lake campground, Mt Hood",
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.calendar, self.shopping]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            delayed = self.email.send_email_to_user_with_id(
                email_id="email-tent-delayed",
                sender="updates@trailhead-gear.com",
                subject="Delivery update for order order-tent-3391",
                content="Sorry! Your Big Agnes Copper Spur UL2 tent (order order-tent-3391) is "
                "delayed at our warehouse. New estimated delivery: Tuesday July 14. Your "
                "sleeping pad (order order-pad-3392) arrives Thursday July 9 as planned.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Your tent now arrives July 14, after your Trillium Lake trip starting Friday. "
                "Shall I cancel that order and buy the REI Half Dome SL 2-person tent, which "
                "arrives Wednesday? The sleeping pad still arrives Thursday.",
                after=delayed,
                accept="Yes, do it.",
            )
            cancel = self.oracle(self.shopping, after=accept).cancel_order(order_id=self.tent_order)
            add = self.oracle(self.shopping, after=cancel).add_to_cart(
                item_id=self.half_dome_2, quantity=1
            )
            buy = self.oracle(self.shopping, after=add).checkout()
        self.events = [delayed, proposal, accept, cancel, add, buy]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the late tent order cancelled",
                (StatefulShoppingApp, "cancel_order"),
                order_id=self.tent_order,
            ),
            expect(
                "the 2-person Half Dome in the cart",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.half_dome_2,
                quantity=1,
            ),
            expect("the new tent ordered", (StatefulShoppingApp, "checkout")),
            forbid(
                "the on-time sleeping pad cancelled",
                (StatefulShoppingApp, "cancel_order"),
                order_id=self.pad_order,
            ),
            forbid(
                "the 3-person tent",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.half_dome_3,
            ),
        )
