"""Dana asks John to write down the two flats they liked, and their rents, before a call."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulMessagingApp
from pytest_pare.apps.apartment import StatefulApartmentApp
from pytest_pare.apps.note import StatefulNotesApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import all_of, check_actions, expect, mentions, mentions_any
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("apartment_shortlist_note")
class ApartmentShortlistNote(PAREScenario):
    """A new note listing the two saved flats with their rents."""

    start_time = datetime(2026, 6, 20, 17, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "multi-app", "information-retrieval", "housing")
    additional_system_prompt = "You are John, flat-hunting with Dana."

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        for name, price, saved in (
            ("Alberta Arts Lofts 2", 2120.0, True),
            ("Sellwood Gardens 11", 1990.0, True),
            ("Burnside Lofts 210", 2150.0, False),
        ):
            apartment_id = self.apartments.add_new_apartment(
                name=name,
                location="Portland, OR",
                zip_code="97211",
                price=price,
                number_of_bedrooms=2,
                number_of_bathrooms=1,
                square_footage=860,
            )
            if saved:
                self.apartments.save_apartment(apartment_id)
        self.notes = StatefulNotesApp(name="Notes")
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Dana Whitfield", "+15035550133")])
        self.dana_id = self.messaging.name_to_id["Dana Whitfield"]
        self.conv_id = "conv-dana"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.dana_id],
                title="Dana Whitfield",
                last_updated=datetime(2026, 6, 19, 21, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.messaging,
            self.apartments,
            self.notes,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        messaging = self.get_typed_app(StatefulMessagingApp, "Messages")
        notes = self.get_typed_app(StatefulNotesApp, "Notes")
        with EventRegisterer.capture_mode():
            ask = messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.dana_id,
                content="Calling my parents at 6 about the move. Can you jot down the two places "
                "we saved and the rents so I can read them off?",
            ).delayed(20)
            proposal = (
                aui.send_message_to_user(
                    content="Dana wants the two saved flats and rents written down. Shall I create "
                    "a note 'Flat shortlist' with Alberta Arts Lofts 2 ($2,120) and Sellwood "
                    "Gardens 11 ($1,990)?"
                )
                .oracle()
                .depends_on(ask, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes please.")
                .oracle()
                .depends_on(proposal, delay_seconds=5)
            )
            note = (
                notes.create_note(
                    folder="Personal",
                    title="Flat shortlist",
                    content="Alberta Arts Lofts 2 - $2,120/mo\nSellwood Gardens 11 - $1,990/mo",
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [ask, proposal, accept, note]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "a note with both saved flats and their rents",
                "StatefulNotesApp",
                "create_note",
                content=all_of(
                    mentions("Alberta Arts", "Sellwood"),
                    mentions_any("2,120", "2120"),
                    mentions_any("1,990", "1990"),
                ),
            ),
        )
