"""Finance wants the ride receipts and total of the Seattle trip; a personal ride is among them."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.email_client import Email
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCabApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid, includes, mentions

FINANCE = "expenses@lumenlabs.io"
RIDES = (
    ("jun2", 2, "SEA-Tac Airport", "Hotel Andra, 2000 4th Ave, Seattle", 48.2),
    ("jun3", 3, "Hotel Andra, 2000 4th Ave, Seattle", "Fremont Labs, 3400 Stone Way N", 17.6),
    ("jun4", 4, "Fremont Labs, 3400 Stone Way N", "SEA-Tac Airport", 51.1),
)


@register_scenario("client_trip_ride_receipts")
class ClientTripRideReceipts(PAREScenario):
    """Forward the three trip receipts and reply with $116.90; a dropped forward fails the claim."""

    start_time = datetime(2026, 6, 8, 10, 0, tzinfo=UTC).timestamp()
    tags = (
        "noise-sensitive",
        "information-retrieval",
        "communication",
        "follow-up",
        "hard",
    )
    additional_system_prompt = (
        "You are John. You travelled to Seattle for a client on June 2-4 and want the rides "
        "reimbursed; personal rides are not expensed."
    )

    def init_and_populate_apps(self) -> None:
        self.cab = StatefulCabApp(name="Cab")
        self.email = StatefulEmailApp(name="Emails")
        self.receipts: list[str] = []
        rides = [*RIDES, ("jun6", 6, "123 Main St, Anytown, USA", "The Circuit climbing gym", 14.3)]
        for key, day, start, end, price in rides:
            stamp = datetime(2026, 6, day, 9, 0, tzinfo=UTC).timestamp()
            self.cab.add_new_ride(
                service_type="Default",
                start_location=start,
                end_location=end,
                price=price,
                duration=25.0,
                time_stamp=stamp,
                distance_km=price / 1.8,
            )
            self.email.add_email(
                Email(
                    email_id=f"email-rideco-{key}",
                    sender="receipts@rideco.com",
                    recipients=["john@pare.com"],
                    subject=f"Your ride receipt - June {day}",
                    content=f"{start} to {end}: ${price:.2f}. Thanks for riding with RideCo.",
                    timestamp=stamp + 3600,
                    is_read=True,
                )
            )
            self.receipts.append(f"email-rideco-{key}")
        self.personal_receipt = self.receipts.pop()
        self.ask_id = "email-finance-seattle"
        self.apps = [self.email, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.email.send_email_to_user_with_id(
                email_id=self.ask_id,
                sender=FINANCE,
                subject="Seattle trip: ride receipts",
                content="Hi John, to reimburse your Seattle client trip (June 2-4), please "
                "forward the ride receipts to this address and tell me the rides' total. "
                "Thanks, Finance",
            ).delayed(30)
            proposal, accept = self.propose(
                "Finance wants the Seattle trip's ride receipts (Jun 2-4) and the total. Shall I "
                "forward the three RideCo receipts (not the Jun 6 climbing-gym ride) and reply "
                "that the total is $116.90?",
                after=ask,
                accept="Yes.",
            )
            previous = accept
            forwards = []
            for receipt in self.receipts:
                previous = self.oracle(self.email, after=previous).forward_email(
                    email_id=receipt, recipients=[FINANCE]
                )
                forwards.append(previous)
            total = self.oracle(self.email, after=previous).reply_to_email(
                email_id=self.ask_id,
                content="Hi, I've forwarded the three receipts (June 2, 3 and 4). The rides "
                "total $116.90. Thanks, John",
            )
        self.events = [ask, proposal, accept, *forwards, total]

    def expected_actions(self) -> Rules:
        forwards = [
            expect(
                f"the {receipt} receipt forwarded to finance",
                (StatefulEmailApp, "forward_email"),
                email_id=receipt,
                recipients=includes(FINANCE),
            )
            for receipt in self.receipts
        ]
        return (
            *forwards,
            expect(
                "finance told the total",
                (StatefulEmailApp, "reply_to_email"),
                email_id=self.ask_id,
                content=mentions("116.90"),
            ),
            forbid(
                "the climbing-gym ride is personal",
                (StatefulEmailApp, "forward_email"),
                email_id=self.personal_receipt,
            ),
        )
