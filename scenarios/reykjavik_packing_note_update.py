"""A cold-snap warning for the Reykjavik trip; the packing note has no winter gear."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulEmailApp, StatefulNotesApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, all_of, expect, mentions, mentions_any


@register_scenario("reykjavik_packing_note_update")
class ReykjavikPackingNoteUpdate(PAREScenario):
    """Add warm layers to the 'Iceland packing' note, keeping what was already there."""

    start_time = datetime(2026, 3, 1, 18, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "multi-app", "timing", "easy")
    additional_system_prompt = "You are John, flying to Reykjavik on Thursday."

    def init_and_populate_apps(self) -> None:
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
        self.apps = [self.email, self.calendar, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            warning = self.email.send_email_to_user_with_id(
                email_id="email-iceland-weather",
                sender="alerts@weatherwise.app",
                subject="Travel weather: Reykjavik Mar 5-10",
                content="Cold snap ahead: highs of -4°C, lows of -11°C, strong winds and snow "
                "on Mar 6-8. Pack insulated layers, a hat and gloves.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Reykjavik will be -4 to -11°C with snow during your trip, and your packing note "
                "only has a rain shell. Shall I add a down jacket, thermal base layers, hat and "
                "gloves to it?",
                after=warning,
                accept="Good call, yes.",
            )
            update = self.oracle(self.notes, after=accept).update_note(
                note_id=self.packing_id,
                content="Passport\nCharger + adapter (type F)\nSwimsuit (Sky Lagoon)\n"
                "Rain shell\nDown jacket\nThermal base layers\nWool hat\nGloves",
            )
        self.events = [warning, proposal, accept, update]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the packing note gains warm gear and keeps the passport",
                (StatefulNotesApp, "update_note"),
                note_id=self.packing_id,
                content=all_of(
                    mentions("passport", "glove"),
                    mentions_any("jacket", "thermal", "down", "parka"),
                ),
            ),
        )
