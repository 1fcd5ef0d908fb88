"""A cold-snap warning for the Reykjavik trip; the packing note has no winter gear."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulEmailApp
from pytest_pare.apps.calendar import StatefulCalendarApp
from pytest_pare.apps.note import StatefulNotesApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import all_of, check_actions, expect, mentions, mentions_any
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("reykjavik_packing_note_update")
class ReykjavikPackingNoteUpdate(PAREScenario):
    """Add warm layers to the 'Iceland packing' note, keeping what was already there."""

    start_time = datetime(2026, 3, 1, 18, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "multi-app", "timing")
    additional_system_prompt = "You are John, flying to Reykjavik on Thursday."

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-iceland",
                title="Reykjavik trip",
                start_datetime=datetime(2026, 3, 5, 7, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 3, 10, 20, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.notes = StatefulNotesApp(name="Notes")
        self.packing_id = self.notes.create_note_with_time(
            folder="Personal",
            title="Iceland packing",
            content="Passport\nCharger + adapter (type F)\nSwimsuit (Sky Lagoon)\nRain shell",
            created_at="2026-02-20 21:00:00",
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.email,
            self.calendar,
            self.notes,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        email = self.get_typed_app(StatefulEmailApp, "Emails")
        notes = self.get_typed_app(StatefulNotesApp, "Notes")
        with EventRegisterer.capture_mode():
            warning = email.send_email_to_user_with_id(
                email_id="email-iceland-weather",
                sender="alerts@weatherwise.app",
                subject="Travel weather: Reykjavik Mar 5-10",
                content="Cold snap ahead: highs of -4°C, lows of -11°C, strong winds and snow "
                "on Mar 6-8. Pack insulated layers, a hat and gloves.",
            ).delayed(30)
            proposal = (
                aui.send_message_to_user(
                    content="Reykjavik will be -4 to -11°C with snow during your trip, and your "
                    "packing note only has a rain shell. Shall I add a down jacket, thermal "
                    "base layers, hat and gloves to it?"
                )
                .oracle()
                .depends_on(warning, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Good call, yes.")
                .oracle()
                .depends_on(proposal, delay_seconds=5)
            )
            update = (
                notes.update_note(
                    note_id=self.packing_id,
                    content="Passport\nCharger + adapter (type F)\nSwimsuit (Sky Lagoon)\n"
                    "Rain shell\nDown jacket\nThermal base layers\nWool hat\nGloves",
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [warning, proposal, accept, update]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "the packing note gains warm gear and keeps the passport",
                "StatefulNotesApp",
                "update_note",
                note_id=self.packing_id,
                content=all_of(
                    mentions("passport", "glove"),
                    mentions_any("jacket", "thermal", "down", "parka"),
                ),
            ),
        )
