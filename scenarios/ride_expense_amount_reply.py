"""Finance asks what the client-visit cab cost; the ride history has the fare."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCabApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, mentions


@register_scenario("ride_expense_amount_reply")
class RideExpenseAmountReply(PAREScenario):
    """Reply with the $23.40 fare of the March 3 ride to Brightwater, not the other rides."""

    start_time = datetime(2026, 3, 10, 9, 0, tzinfo=UTC).timestamp()
    tags = ("information-retrieval", "communication", "easy")
    additional_system_prompt = "You are John. Expense questions should be answered precisely."

    def init_and_populate_apps(self) -> None:
        self.cab = StatefulCabApp(name="Cab")
        for end, price, day in (
            ("PDX Airport", 31.5, 1),
            ("Brightwater Foods, 2200 N Interstate Ave", 23.4, 3),
            ("Luce, 2140 E Burnside St", 14.8, 6),
        ):
            self.cab.add_new_ride(
                service_type="Default",
                start_location="123 Main St, Anytown, USA",
                end_location=end,
                price=price,
                duration=20.0,
                time_stamp=datetime(2026, 3, day, 9, 0, tzinfo=UTC).timestamp(),
                distance_km=price / 1.2,
            )
        self.email = StatefulEmailApp(name="Emails")
        self.ask_id = "email-finance-cab"
        self.apps = [self.email, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.email.send_email_to_user_with_id(
                email_id=self.ask_id,
                sender="expenses@northwind.io",
                subject="Missing receipt: cab to Brightwater (Mar 3)",
                content="Hi John, your expense report lists a cab to Brightwater Foods on March 3 "
                "without an amount. What was the fare?",
            ).delayed(30)
            proposal, accept = self.propose(
                "Finance needs the fare of your March 3 cab to Brightwater Foods. Your ride "
                "history shows $23.40. Shall I reply with that?",
                after=ask,
                accept="Yes.",
            )
            reply = self.oracle(self.email, after=accept).reply_to_email(
                email_id=self.ask_id,
                content="Hi, the March 3 cab to Brightwater Foods was $23.40. Thanks, John",
            )
        self.events = [ask, proposal, accept, reply]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "finance told the fare was $23.40",
                (StatefulEmailApp, "reply_to_email"),
                email_id=self.ask_id,
                content=mentions("23.4"),
            ),
        )
