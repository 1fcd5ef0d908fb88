"""Dana lists what to ask at Saturday's second viewing and wants it kept somewhere safe."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import (
    StatefulApartmentApp,
    StatefulCalendarApp,
    StatefulMessagingApp,
    StatefulNotesApp,
)
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, expect, forbid, mentions, mentions_any


@register_scenario("second_viewing_questions_note")
class SecondViewingQuestionsNote(PAREScenario):
    """A note with Dana's three questions, and the viewing at Clinton Mews's address booked."""

    start_time = datetime(2026, 6, 24, 19, 0, tzinfo=UTC).timestamp()
    tags = (
        "goal-inference",
        "information-retrieval",
        "multi-app",
        "housing",
        "scheduling",
        "hard",
    )
    additional_system_prompt = (
        "You are John, flat-hunting with Dana. Clinton Mews #2 is your favourite. Accept help "
        "keeping the viewing organised."
    )

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        for name, location, price in (
            ("Clinton Mews #2", "2410 SE Clinton St, Portland", 2140.0),
            ("Clinton Mill Lofts #2", "3100 SE 26th Ave, Portland", 2090.0),
        ):
            flat = self.apartments.add_new_apartment(
                name=name,
                location=location,
                zip_code="97202",
                price=price,
                number_of_bedrooms=2,
                number_of_bathrooms=1,
                square_footage=880,
                property_type="Apartment",
            )
            self.apartments.save_apartment(flat)
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Dana Whitfield", "+15035550133")])
        self.dana_id = self.messaging.name_to_id["Dana Whitfield"]
        self.conv_id = "conv-dana"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.dana_id],
                title="Dana Whitfield",
                last_updated=datetime(2026, 6, 23, 20, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.notes = StatefulNotesApp(name="Notes")
        self.apps = [self.messaging, self.calendar, self.notes, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.dana_id,
                content="The agent confirmed our second viewing of Clinton Mews #2: Saturday "
                "11:00! Let's ask about 1) the parking fee, 2) what heating it has, 3) the "
                "lease-break clause. Can you put those somewhere we won't lose them?",
            ).delayed(20)
            proposal, accept = self.propose(
                "Dana confirmed Saturday 11:00 for the second viewing of Clinton Mews #2. Shall "
                "I add it to your calendar at 2410 SE Clinton St and write her three questions "
                "(parking fee, heating, lease break) in a note?",
                after=ask,
                accept="Yes please.",
            )
            viewing = self.oracle(self.calendar, after=accept).add_calendar_event(
                title="Second viewing: Clinton Mews #2",
                start_datetime="2026-06-27 11:00:00",
                end_datetime="2026-06-27 11:45:00",
                location="2410 SE Clinton St, Portland",
            )
            note = self.oracle(self.notes, after=viewing).create_note(
                folder="Personal",
                title="Clinton Mews #2 - second viewing questions",
                content="1. Parking fee?\n2. What heating does it have?\n3. Lease-break clause?",
            )
        self.events = [ask, proposal, accept, viewing, note]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the second viewing on Saturday 11:00 at Clinton Mews",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-06-27 11:00:00"),
                location=mentions_any("2410 SE Clinton", "Clinton Mews"),
            ),
            expect(
                "a note with the three questions",
                (StatefulNotesApp, "create_note"),
                content=mentions("parking", "heat", "lease"),
            ),
            forbid(
                "the viewing placed at the other Clinton flat",
                (StatefulCalendarApp, "add_calendar_event"),
                location=mentions_any("3100 SE 26th", "Clinton Mill"),
            ),
        )
