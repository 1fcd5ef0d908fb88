"""Lena waters John's plants while he is away; thirteen days in, his flight home slips two days."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import (
    StatefulCalendarApp,
    StatefulEmailApp,
    StatefulMessagingApp,
    StatefulNotesApp,
)
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, all_of, between, expect, forbid, mentions

DAY = 86400


@register_scenario("plant_sitter_return_flight_slips")
class PlantSitterReturnFlightSlips(PAREScenario):
    """Lena gets the lockbox code now; when the flight slips, the trip and her watering extend."""

    start_time = datetime(2026, 7, 2, 18, 0, tzinfo=UTC).timestamp()
    tags = (
        "long-horizon",
        "information-retrieval",
        "follow-up",
        "multi-app",
        "communication",
        "scheduling",
        "hard",
    )
    additional_system_prompt = (
        "You are John, flying to Oaxaca tomorrow for two weeks. Your neighbour Lena Fischer "
        "waters your plants. Accept help with her and with your trip."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.trip_id = "evt-oaxaca-trip"
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id=self.trip_id,
                title="Trip: Oaxaca",
                start_datetime=datetime(2026, 7, 3, 7, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 7, 17, 22, 0, tzinfo=UTC).timestamp(),
                location="Oaxaca, Mexico",
            )
        )
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-dentist-july",
                title="Dentist",
                start_datetime=datetime(2026, 7, 22, 15, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 7, 22, 16, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="House",
            content="Spare key: lockbox behind the recycling bin, code 4471\n"
            "Plants: ferns twice a week, the fig once a week (no more!)\n"
            "Bins go out Tuesday night",
            created_at="2026-03-14 10:00:00",
        )
        self.notes.create_note_with_time(
            folder="Personal",
            title="Bike",
            content="Lock code 9902. Tyres 60 psi.",
            created_at="2026-05-02 09:00:00",
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts(
            [("Lena Fischer", "+15035550604"), ("Lena Park", "+15035550681")]
        )
        self.lena_id = self.messaging.name_to_id["Lena Fischer"]
        self.other_lena_id = self.messaging.name_to_id["Lena Park"]
        self.conv_id = "conv-lena-fischer"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.lena_id],
                title="Lena Fischer",
                last_updated=datetime(2026, 6, 28, 12, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.messaging, self.email, self.calendar, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.lena_id,
                content="Happy to water your plants while you're away, 3rd to 17th! How do I "
                "get in?",
            ).delayed(30)
            proposal, accept = self.propose(
                "Lena asks how to get in. Your House note says the spare key is in the lockbox "
                "behind the recycling bin, code 4471. Shall I send her that with the watering "
                "notes?",
                after=ask,
                accept="Yes, send it.",
            )
            code = self.oracle(self.messaging, after=accept).send_message(
                user_id=self.lena_id,
                content="Thank you! The spare key is in the lockbox behind the recycling bin, "
                "code 4471. Ferns twice a week, the fig only once a week.",
            )
            slipped = self.email.send_email_to_user_with_id(
                email_id="email-return-flight-rebooked",
                sender="notices@aeromexico.com",
                subject="Schedule change: OAX-PDX on July 17 cancelled",
                content="Your flight on July 17 was cancelled. You are rebooked on Sunday July "
                "19, departing Oaxaca 13:05, arriving Portland 21:40.",
            ).depends_on(ask, delay_seconds=13 * DAY)
            offer, yes = self.propose(
                "Your flight home moved from Jul 17 to Sun Jul 19 (landing 21:40). Shall I extend "
                "the Oaxaca trip in your calendar and ask Lena to keep watering until the 19th?",
                after=slipped,
                accept="Yes please.",
            )
            extend = self.oracle(self.calendar, after=yes).edit_calendar_event(
                event_id=self.trip_id, end_datetime="2026-07-19 22:00:00"
            )
            extra = self.oracle(self.messaging, after=extend).send_message(
                user_id=self.lena_id,
                content="Hi Lena, my flight home was cancelled and I'm now back Sunday the 19th. "
                "Could you keep watering until then? So sorry, and thank you!",
            )
        self.events = [ask, proposal, accept, code, slipped, offer, yes, extend, extra]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Lena given the lockbox code",
                (StatefulMessagingApp, "send_message"),
                user_id=self.lena_id,
                content=mentions("4471"),
            ),
            expect(
                "the trip now ends on the 19th",
                (StatefulCalendarApp, "edit_calendar_event"),
                event_id=self.trip_id,
                end_datetime=between("2026-07-19 21:40:00", "2026-07-20 02:00:00"),
            ),
            expect(
                "Lena asked to water until the 19th",
                (StatefulMessagingApp, "send_message"),
                user_id=self.lena_id,
                content=all_of(mentions("19"), mentions("water")),
            ),
            forbid(
                "the lockbox code to the wrong Lena",
                (StatefulMessagingApp, "send_message"),
                user_id=self.other_lena_id,
            ),
        )
