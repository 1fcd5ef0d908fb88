"""A neighbour recommends a babysitter, who then confirms Saturday evening."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulContactsApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, equals_text, expect, same_digits


@register_scenario("babysitter_contact_and_booking")
class BabysitterContactAndBooking(PAREScenario):
    """Save Clara Nwosu's number and block Sat 18:00-23:00 'Babysitter: Clara'."""

    start_time = datetime(2026, 4, 8, 19, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "multi-app", "scheduling", "hard")
    additional_system_prompt = "You are John, parent of Milo. You need a sitter for Saturday."

    def init_and_populate_apps(self) -> None:
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Marta Kowalski", "+15035550191"), ("Clara", "+15035550277")])
        self.marta_id = self.messaging.name_to_id["Marta Kowalski"]
        self.clara_id = self.messaging.name_to_id["Clara"]
        me = self.messaging.current_user_id
        for conv_id, other, title in (
            ("conv-marta", self.marta_id, "Marta Kowalski"),
            ("conv-clara", self.clara_id, "+1 503-555-0277"),
        ):
            self.messaging.add_conversation(
                ConversationV2(
                    conversation_id=conv_id,
                    participant_ids=[me, other],
                    title=title,
                    last_updated=datetime(2026, 4, 8, 12, 0, tzinfo=UTC).timestamp(),
                )
            )
        self.contacts = StatefulContactsApp(name="Contacts")
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.apps = [self.messaging, self.contacts, self.calendar]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            tip = self.messaging.create_and_add_message(
                conversation_id="conv-marta",
                sender_id=self.marta_id,
                content="Our sitter Clara Nwosu is great with kids, I gave her your number!",
            ).delayed(20)
            confirm = self.messaging.create_and_add_message(
                conversation_id="conv-clara",
                sender_id=self.clara_id,
                content="Hi John, it's Clara Nwosu (Marta's sitter). I can do this Saturday "
                "6pm-11pm for Milo. See you then!",
            ).depends_on(tip, delay_seconds=300)
            proposal, accept = self.propose(
                "Clara Nwosu (Marta's sitter) confirmed Saturday 18:00-23:00. Shall I save her "
                "number (503-555-0277) and put the booking in your calendar?",
                after=confirm,
                accept="Yes.",
            )
            save = self.oracle(self.contacts, after=accept).add_new_contact(
                first_name="Clara",
                last_name="Nwosu",
                job="Babysitter",
                phone="+15035550277",
            )
            block = self.oracle(self.calendar, after=save).add_calendar_event(
                title="Babysitter: Clara (Milo)",
                start_datetime="2026-04-11 18:00:00",
                end_datetime="2026-04-11 23:00:00",
                attendees=["Clara Nwosu"],
            )
        self.events = [tip, confirm, proposal, accept, save, block]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Clara Nwosu saved with her number",
                (StatefulContactsApp, "add_new_contact"),
                first_name=equals_text("Clara"),
                last_name=equals_text("Nwosu"),
                phone=same_digits("5035550277"),
            ),
            expect(
                "the sitter booked Saturday from 18:00",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-04-11 18:00:00"),
            ),
        )
