"""Upstream style: next week the plumber texts a gate code; the assistant files it in a note.

Imports the notes app and its data the way upstream code does
(``pare.apps.note`` and ``pare.apps.note.app``), and schedules the message a
week after the start without a ``duration``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, Action, EventRegisterer, EventType

from pytest_pare.apps import (
    HomeScreenSystemApp,
    PAREAgentUserInterface,
    StatefulMessagingApp,
)
from pytest_pare.apps.note import StatefulNotesApp
from pytest_pare.apps.note.app import Note, ReturnedNotes
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("gate_code_note_next_week")
class GateCodeNoteNextWeek(PAREScenario):
    """The plumber's gate code, sent a week later, goes into John's 'House' note."""

    start_time = datetime(2025, 6, 2, 8, 0, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.notes = StatefulNotesApp(name="Notes")
        self.house_note_id = self.notes.create_note(
            folder="Personal", title="House", content="Boiler serviced in March."
        )
        house_notes: ReturnedNotes = self.notes.list_notes(folder="Personal")
        self.house_note: Note = house_notes.notes[0]
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Omar Haddad", "+15550102030")])
        self.omar_id = self.messaging.name_to_id["Omar Haddad"]
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id="conv-omar",
                participant_ids=[self.messaging.current_user_id, self.omar_id],
                title="Omar Haddad",
            )
        )
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.messaging,
            self.notes,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        messaging = self.get_typed_app(StatefulMessagingApp, "Messages")
        notes = self.get_typed_app(StatefulNotesApp, "Notes")
        with EventRegisterer.capture_mode():
            text = messaging.create_and_add_message(
                conversation_id="conv-omar",
                sender_id=self.omar_id,
                content="Hi John, for Friday's visit: what's the side gate code? Mine says 4471.",
            ).delayed(7 * 24 * 3600)
            proposal = (
                aui.send_message_to_user(
                    content="Omar mentioned gate code 4471. Shall I add it to your House note?"
                )
                .oracle()
                .depends_on(text, delay_seconds=20)
            )
            accept = (
                aui.accept_proposal(content="Yes").oracle().depends_on(proposal, delay_seconds=4)
            )
            update = (
                notes.update_note(
                    note_id=self.house_note_id,
                    content="Boiler serviced in March.\nSide gate code: 4471",
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [text, proposal, accept, update]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        try:
            updated = any(
                e.event_type == EventType.AGENT
                and isinstance(e.action, Action)
                and e.action.class_name == "StatefulNotesApp"
                and e.action.function_name == "update_note"
                and e.action.args.get("note_id") == self.house_note.note_id
                and "4471" in (e.action.args.get("content") or "")
                for e in env.event_log.list_view()
            )
            if not updated:
                return ScenarioValidationResult(success=False, rationale="gate code not filed")
            return ScenarioValidationResult(success=True)
        except Exception as e:
            return ScenarioValidationResult(success=False, exception=e)
