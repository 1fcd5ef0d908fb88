"""A neighbour recommends a babysitter, who then confirms Saturday evening."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import (
    HomeScreenSystemApp,
    PAREAgentUserInterface,
    StatefulContactsApp,
    StatefulMessagingApp,
)
from pytest_pare.apps.calendar import StatefulCalendarApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import at_time, check_actions, equals_text, expect, same_digits
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("babysitter_contact_and_booking")
class BabysitterContactAndBooking(PAREScenario):
    """Save Clara Nwosu's number and block Sat 18:00-23:00 'Babysitter: Clara'."""

    start_time = datetime(2026, 4, 8, 19, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "multi-app", "scheduling")
    additional_system_prompt = "You are John, parent of Milo. You need a sitter for Saturday."

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
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
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.messaging,
            self.contacts,
            self.calendar,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        messaging = self.get_typed_app(StatefulMessagingApp, "Messages")
        contacts = self.get_typed_app(StatefulContactsApp, "Contacts")
        calendar = self.get_typed_app(StatefulCalendarApp, "Calendar")
        with EventRegisterer.capture_mode():
            tip = messaging.create_and_add_message(
                conversation_id="conv-marta",
                sender_id=self.marta_id,
                content="Our sitter Clara Nwosu is great with kids, I gave her your number!",
            ).delayed(20)
            confirm = messaging.create_and_add_message(
                conversation_id="conv-clara",
                sender_id=self.clara_id,
                content="Hi John, it's Clara Nwosu (Marta's sitter). I can do this Saturday "
                "6pm-11pm for Milo. See you then!",
            ).depends_on(tip, delay_seconds=300)
            proposal = (
                aui.send_message_to_user(
                    content="Clara Nwosu (Marta's sitter) confirmed Saturday 18:00-23:00. Shall I "
                    "save her number (503-555-0277) and put the booking in your calendar?"
                )
                .oracle()
                .depends_on(confirm, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes.").oracle().depends_on(proposal, delay_seconds=5)
            )
            save = (
                contacts.add_new_contact(
                    first_name="Clara",
                    last_name="Nwosu",
                    job="Babysitter",
                    phone="+15035550277",
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
            block = (
                calendar.add_calendar_event(
                    title="Babysitter: Clara (Milo)",
                    start_datetime="2026-04-11 18:00:00",
                    end_datetime="2026-04-11 23:00:00",
                    attendees=["Clara Nwosu"],
                )
                .oracle()
                .depends_on(save, delay_seconds=2)
            )
        self.events = [tip, confirm, proposal, accept, save, block]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "Clara Nwosu saved with her number",
                "StatefulContactsApp",
                "add_new_contact",
                first_name=equals_text("Clara"),
                last_name=equals_text("Nwosu"),
                phone=same_digits("5035550277"),
            ),
            expect(
                "the sitter booked Saturday from 18:00",
                "StatefulCalendarApp",
                "add_calendar_event",
                start_datetime=at_time("2026-04-11 18:00:00"),
            ),
        )
