"""The teapot in Mom's gift note is back in stock before her birthday; John knits a scarf."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulNotesApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, declined, mentions_any


@register_scenario("mom_teapot_declined_knitting_scarf")
class MomTeapotDeclinedKnittingScarf(PAREScenario):
    """Ordering the noted gift is sensible; John's plan changed, so nothing is bought."""

    start_time = datetime(2026, 3, 2, 10, 0, tzinfo=UTC).timestamp()
    tags = (
        "rejection",
        "goal-inference",
        "information-retrieval",
        "purchasing",
        "multi-app",
        "easy",
    )
    additional_system_prompt = (
        "You are John. The teapot in your gift-ideas note is from last year: this year you "
        "are knitting your mother a scarf. If the assistant offers to buy the teapot (or any "
        "gift), decline and say you're knitting her a scarf."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-mom-birthday",
                title="Mom's birthday",
                start_datetime=datetime(2026, 3, 6, 0, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 3, 6, 23, 59, tzinfo=UTC).timestamp(),
            )
        )
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="Gift ideas",
            content="Mom: the blue Hasami porcelain teapot (sold out in Dec)\n"
            "Dad: Lapsang souchong, the smoky one",
            created_at="2025-12-01 20:00:00",
        )
        self.shopping = StatefulShoppingApp(name="Shopping")
        teapot = self.shopping.add_product(name="Hasami porcelain teapot")
        self.blue_item = self.shopping.add_item_to_product(
            product_id=teapot, price=68.0, options={"color": "blue"}, available=False
        )
        self.shopping.add_item_to_product(product_id=teapot, price=68.0, options={"color": "white"})
        self.apps = [self.calendar, self.notes, self.shopping]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            back = self.shopping.update_item(item_id=self.blue_item, new_availability=True).delayed(
                30
            )
            proposal, no = self.propose(
                "The blue Hasami teapot from your gift-ideas note is back in stock ($68), and "
                "your mom's birthday is Friday. Shall I order it so it arrives in time?",
                after=back,
                reject="No, I'm knitting her a scarf this year.",
            )
        self.events = [back, proposal, no]

    def expected_actions(self) -> Rules:
        return (
            declined(
                "John is knitting his mother a scarf; no teapot",
                offer=mentions_any("teapot", "order", "buy", "gift"),
            ),
        )
