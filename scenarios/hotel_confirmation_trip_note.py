"""The Lisbon hotel confirmation lands; John's trip note still says 'hotel: TBD'."""

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
from pytest_pare.scenarios.checks import check_actions, expect, mentions
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("hotel_confirmation_trip_note")
class HotelConfirmationTripNote(PAREScenario):
    """Record the hotel name and confirmation code in the 'Lisbon trip' note."""

    start_time = datetime(2026, 5, 12, 20, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "multi-app", "information-retrieval")
    additional_system_prompt = "You are John. Your trip note is where you look things up abroad."

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-lisbon",
                title="Lisbon trip",
                start_datetime=datetime(2026, 6, 4, 6, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 6, 9, 22, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.notes = StatefulNotesApp(name="Notes")
        self.trip_note = self.notes.create_note_with_time(
            folder="Personal",
            title="Lisbon trip",
            content="Flights: TP 1351 Jun 4 (arr 11:20), TP 1350 Jun 9\nHotel: TBD\n"
            "Must eat: Cervejaria Ramiro, Time Out Market",
            created_at="2026-04-28 19:00:00",
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
            booking = email.send_email_to_user_with_id(
                email_id="email-hotel-lisbon",
                sender="reservations@casadoalfama.pt",
                subject="Booking confirmed - Casa do Alfama",
                content="Dear John, your stay at Casa do Alfama (Rua de São Miguel 19) from June 4 "
                "to June 9 is confirmed. Confirmation code: ALF-77310. Check-in from 14:00.",
            ).delayed(30)
            proposal = (
                aui.send_message_to_user(
                    content="Casa do Alfama confirmed Jun 4-9 (code ALF-77310). Your 'Lisbon trip' "
                    "note still says hotel TBD; shall I fill it in?"
                )
                .oracle()
                .depends_on(booking, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes please.")
                .oracle()
                .depends_on(proposal, delay_seconds=5)
            )
            update = (
                notes.update_note(
                    note_id=self.trip_note,
                    content="Flights: TP 1351 Jun 4 (arr 11:20), TP 1350 Jun 9\nHotel: Casa do "
                    "Alfama, Rua de São Miguel 19 - code ALF-77310, check-in 14:00\n"
                    "Must eat: Cervejaria Ramiro, Time Out Market",
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [booking, proposal, accept, update]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "the trip note has the hotel and its code",
                "StatefulNotesApp",
                "update_note",
                note_id=self.trip_note,
                content=mentions("Casa do Alfama", "ALF-77310"),
            ),
        )
