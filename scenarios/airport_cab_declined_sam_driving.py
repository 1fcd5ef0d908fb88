"""The itinerary says John lands at 23:10; a cab home is a fair offer, but Sam is picking him up."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCabApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, declined, mentions_any


@register_scenario("airport_cab_declined_sam_driving")
class AirportCabDeclinedSamDriving(PAREScenario):
    """John declines the late-night cab from the airport: no ride is booked, none offered again."""

    start_time = datetime(2026, 5, 29, 9, 0, tzinfo=UTC).timestamp()
    tags = ("rejection", "goal-inference", "travel", "easy")
    additional_system_prompt = (
        "You are John. Your friend Sam is picking you up at the airport on Friday night; you "
        "arranged it on the phone. If the assistant offers a cab or ride from the airport, "
        "decline and say Sam is picking you up."
    )

    def init_and_populate_apps(self) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.cab = StatefulCabApp(name="Cab")
        self.apps = [self.email, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            itinerary = self.email.send_email_to_user_with_id(
                email_id="email-skyhop-itinerary",
                sender="trips@skyhop.com",
                subject="Your itinerary: SH 212 Chicago -> Portland, Fri May 29",
                content="Flight SH 212 departs ORD 20:05 and lands PDX Friday at 23:10. "
                "Need a ride from the airport? Book ahead, late-night cabs are scarce.",
            ).delayed(30)
            proposal, no = self.propose(
                "Your flight lands at PDX Friday at 23:10 and late-night cabs are scarce. "
                "Shall I book a cab home from the airport for 23:30?",
                after=itinerary,
                reject="No thanks, Sam is picking me up.",
            )
        self.events = [itinerary, proposal, no]

    def expected_actions(self) -> Rules:
        return (
            declined(
                "Sam picks John up at the airport; no cab",
                offer=mentions_any("cab", "ride", "taxi", "car"),
            ),
        )
