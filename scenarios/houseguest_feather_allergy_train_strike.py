"""A cousin coming in twelve days is allergic to feathers; the day before, a strike delays her."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import (
    StatefulCalendarApp,
    StatefulMessagingApp,
    StatefulNotesApp,
    StatefulShoppingApp,
)
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, expect, forbid, mentions_any

DAY = 86400


@register_scenario("houseguest_feather_allergy_train_strike")
class HouseguestFeatherAllergyTrainStrike(PAREScenario):
    """Two synthetic pillows now; ten days on, move her arrival and offer to meet the train."""

    start_time = datetime(2026, 6, 8, 20, 0, tzinfo=UTC).timestamp()
    tags = (
        "long-horizon",
        "goal-inference",
        "information-retrieval",
        "multi-app",
        "purchasing",
        "scheduling",
        "communication",
        "hard",
    )
    additional_system_prompt = (
        "You are John. Your cousin Ines stays with you from June 19. Accept help getting the "
        "guest room and her arrival right."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.visit_id = "evt-ines-visit"
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id=self.visit_id,
                title="Ines visiting",
                start_datetime=datetime(2026, 6, 19, 16, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 6, 24, 10, 0, tzinfo=UTC).timestamp(),
                location="Home",
            )
        )
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="Guest room",
            content="Duvet: synthetic, washed in May\nPillows: 2 feather (from Grandma)\n"
            "Towels in the hall cupboard",
            created_at="2026-05-20 18:00:00",
        )
        self.shopping = StatefulShoppingApp(name="Shopping")
        synthetic = self.shopping.add_product(name="Hypoallergenic microfibre pillow")
        self.synthetic = self.shopping.add_item_to_product(
            product_id=synthetic, price=24.0, options={"size": "standard"}
        )
        feather = self.shopping.add_product(name="Goose feather & down pillow")
        self.feather = self.shopping.add_item_to_product(
            product_id=feather, price=32.0, options={"size": "standard"}
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Ines Laurent", "+33612345678")])
        self.ines_id = self.messaging.name_to_id["Ines Laurent"]
        self.conv_id = "conv-ines"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.ines_id],
                title="Ines Laurent",
                last_updated=datetime(2026, 6, 1, 9, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.calendar, self.shopping, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            allergy = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.ines_id,
                content="11 days to go!! PS I'm allergic to feathers, I hope that's not a pain. "
                "Vegetarian as always :)",
            ).delayed(30)
            proposal, accept = self.propose(
                "Ines is allergic to feathers, and your Guest room note says the two pillows "
                "are feather. Shall I order two hypoallergenic microfibre pillows?",
                after=allergy,
                accept="Yes, order two.",
            )
            cart = self.oracle(self.shopping, after=accept).add_to_cart(
                item_id=self.synthetic, quantity=2
            )
            buy = self.oracle(self.shopping, after=cart).checkout()
            strike = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.ines_id,
                content="Train strike tomorrow :( I'm on the Saturday train instead, arriving "
                "Union Station at 14:10 on the 20th.",
            ).depends_on(allergy, delay_seconds=10 * DAY)
            offer, yes = self.propose(
                "Ines now arrives Sat Jun 20 at 14:10 at Union Station. Shall I move the start "
                "of her visit in your calendar and tell her you'll meet her off the train?",
                after=strike,
                accept="Yes.",
            )
            move = self.oracle(self.calendar, after=yes).edit_calendar_event(
                event_id=self.visit_id, start_datetime="2026-06-20 14:10:00"
            )
            meet = self.oracle(self.messaging, after=move).send_message(
                user_id=self.ines_id,
                content="No problem! I'll meet you at Union Station at 14:10 on Saturday.",
            )
        self.events = [allergy, proposal, accept, cart, buy, strike, offer, yes, move, meet]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "two feather-free pillows in the cart",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.synthetic,
                quantity=2,
            ),
            expect("the pillows ordered", (StatefulShoppingApp, "checkout")),
            expect(
                "her visit now starts Saturday 14:10",
                (StatefulCalendarApp, "edit_calendar_event"),
                event_id=self.visit_id,
                start_datetime=at_time("2026-06-20 14:10:00"),
            ),
            expect(
                "Ines told she'll be met at the station",
                (StatefulMessagingApp, "send_message"),
                user_id=self.ines_id,
                content=mentions_any("union station", "14:10", "2:10", "station"),
            ),
            forbid(
                "feather pillows for a guest allergic to feathers",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.feather,
            ),
        )
