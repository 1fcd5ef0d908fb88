"""The family chat settles who comes to the zoo on Sunday, and John is to buy everyone's tickets."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2, MessageV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulMessagingApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, expect, forbid


@register_scenario("zoo_tickets_family_headcount")
class ZooTicketsFamilyHeadcount(PAREScenario):
    """Four adult and three child tickets (Grandpa Ray stays home), and the outing booked."""

    start_time = datetime(2026, 5, 16, 9, 0, tzinfo=UTC).timestamp()
    tags = (
        "goal-inference",
        "information-retrieval",
        "multi-app",
        "purchasing",
        "scheduling",
        "hard",
    )
    additional_system_prompt = (
        "You are John; your household is you, Dana and your son Leo (7). Accept buying the "
        "zoo tickets for whoever is coming."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        zoo = self.shopping.add_product(name="Oregon Zoo admission - Sunday May 17")
        self.adult = self.shopping.add_item_to_product(
            product_id=zoo, price=24.95, options={"ticket": "Adult (12-64)"}
        )
        self.child = self.shopping.add_item_to_product(
            product_id=zoo, price=19.95, options={"ticket": "Child (3-11)"}
        )
        self.senior = self.shopping.add_item_to_product(
            product_id=zoo, price=22.95, options={"ticket": "Senior (65+)"}
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        family = [
            ("Maya Doe", "+15035550551"),
            ("Dana Whitfield", "+15035550133"),
            ("Ray Doe", "+15035550552"),
        ]
        self.messaging.add_contacts(family)
        self.maya_id = self.messaging.name_to_id["Maya Doe"]
        dana_id = self.messaging.name_to_id["Dana Whitfield"]
        ray_id = self.messaging.name_to_id["Ray Doe"]
        self.conv_id = "conv-family"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.maya_id, dana_id, ray_id],
                title="Doe family",
                last_updated=datetime(2026, 5, 15, 20, 30, tzinfo=UTC).timestamp(),
                messages=[
                    MessageV2(
                        message_id="family-1",
                        sender_id=dana_id,
                        content="Leo and I are in for the zoo on Sunday!",
                        timestamp=datetime(2026, 5, 15, 19, 0, tzinfo=UTC).timestamp(),
                    ),
                    MessageV2(
                        message_id="family-2",
                        sender_id=ray_id,
                        content="I'll skip this one, my knee won't do all that walking. Have fun!",
                        timestamp=datetime(2026, 5, 15, 20, 30, tzinfo=UTC).timestamp(),
                    ),
                ],
            )
        )
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.apps = [self.messaging, self.calendar, self.shopping]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            plan = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.maya_id,
                content="Zoo tomorrow is on! From us it's Tom and me plus both girls (they're 6 "
                "and 9). John, can you buy tickets for everyone who's coming so we go in "
                "together? Meet at the main entrance at 10. I'll pay you back!",
            ).delayed(20)
            proposal, accept = self.propose(
                "Maya asks you to buy zoo tickets for Sunday: you, Dana, Maya and Tom (4 "
                "adults), Leo and Maya's two girls (3 children); Grandpa Ray is skipping it. "
                "Shall I buy 4 adult and 3 child tickets and add Sunday 10:00 at the zoo to your "
                "calendar?",
                after=plan,
                accept="Yes, go ahead.",
            )
            adults = self.oracle(self.shopping, after=accept).add_to_cart(
                item_id=self.adult, quantity=4
            )
            children = self.oracle(self.shopping, after=adults).add_to_cart(
                item_id=self.child, quantity=3
            )
            buy = self.oracle(self.shopping, after=children).checkout()
            outing = self.oracle(self.calendar, after=buy).add_calendar_event(
                title="Oregon Zoo with Maya's family",
                start_datetime="2026-05-17 10:00:00",
                end_datetime="2026-05-17 14:00:00",
                location="Oregon Zoo main entrance",
            )
        self.events = [plan, proposal, accept, adults, children, buy, outing]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "four adult tickets",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.adult,
                quantity=4,
            ),
            expect(
                "three child tickets",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.child,
                quantity=3,
            ),
            expect("the tickets bought", (StatefulShoppingApp, "checkout")),
            expect(
                "the zoo on Sunday at 10:00 in the calendar",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-05-17 10:00:00"),
            ),
            forbid(
                "a senior ticket for Ray, who stays home",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.senior,
            ),
        )
