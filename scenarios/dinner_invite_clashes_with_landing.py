"""Nora offers dinner at 19:00 or 20:30 tonight; John's flight lands at 19:40."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCabApp, StatefulCalendarApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import (
    Rules,
    all_of,
    at_time,
    between,
    expect,
    forbid,
    mentions_any,
    mentions_none,
)

RESTAURANT = "Nostrana, 1401 SE Morrison St, Portland"


@register_scenario("dinner_invite_clashes_with_landing")
class DinnerInviteClashesWithLanding(PAREScenario):
    """Pick 20:30, book it in the calendar, and a cab from the airport straight to Nostrana."""

    start_time = datetime(2026, 9, 3, 8, 0, tzinfo=UTC).timestamp()
    tags = (
        "conflict-detection",
        "multi-app",
        "communication",
        "scheduling",
        "travel",
        "timing",
        "hard",
    )
    additional_system_prompt = (
        "You are John, flying home from Denver today. You'd love to celebrate with Nora and "
        "will go straight from the airport. Accept a plan that gets you there on time."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-flight-den-pdx",
                title="Flight UA 1542 Denver -> Portland (PDX)",
                start_datetime=datetime(2026, 9, 3, 17, 5, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 9, 3, 19, 40, tzinfo=UTC).timestamp(),
                location="DEN -> PDX",
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Nora Lind", "+15035550377")])
        self.nora_id = self.messaging.name_to_id["Nora Lind"]
        self.conv_id = "conv-nora-lind"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.nora_id],
                title="Nora Lind",
                last_updated=datetime(2026, 8, 30, 18, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.cab = StatefulCabApp(name="Cab")
        self.apps = [self.messaging, self.calendar, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            invite = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.nora_id,
                content="I GOT THE JOB! Dinner tonight at Nostrana (1401 SE Morrison) to "
                "celebrate? They have tables at 19:00 or 20:30, tell me which and I'll book.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Nora offers dinner at Nostrana tonight at 19:00 or 20:30, but your flight "
                "lands at 19:40. Shall I reply 20:30, add it to your calendar, and book a cab "
                "from PDX to Nostrana at 20:00?",
                after=invite,
                accept="Perfect, yes.",
            )
            reply = self.oracle(self.messaging, after=accept).send_message(
                user_id=self.nora_id,
                content="Congratulations!! 20:30 please, I land at 19:40 and will come straight "
                "from the airport.",
            )
            dinner = self.oracle(self.calendar, after=reply).add_calendar_event(
                title="Dinner with Nora at Nostrana",
                start_datetime="2026-09-03 20:30:00",
                end_datetime="2026-09-03 22:00:00",
                location=RESTAURANT,
            )
            ride = self.oracle(self.cab, after=dinner).order_ride(
                start_location="Portland International Airport (PDX)",
                end_location=RESTAURANT,
                service_type="Default",
                ride_time="2026-09-03 20:00:00",
            )
        self.events = [invite, proposal, accept, reply, dinner, ride]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Nora told 20:30",
                (StatefulMessagingApp, "send_message"),
                user_id=self.nora_id,
                content=all_of(mentions_any("20:30", "8:30"), mentions_none("19:00 works")),
            ),
            expect(
                "the 20:30 dinner in the calendar",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-09-03 20:30:00"),
            ),
            expect(
                "a cab from the airport to Nostrana after landing",
                (StatefulCabApp, "order_ride"),
                start_location=mentions_any("PDX", "airport"),
                end_location=mentions_any("Nostrana", "1401 SE Morrison"),
                ride_time=between("2026-09-03 19:45:00", "2026-09-03 20:15:00"),
            ),
            forbid(
                "the 19:00 table, before the flight lands",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-09-03 19:00:00"),
            ),
        )
