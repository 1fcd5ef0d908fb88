"""The Lisbon hotel confirmation lands; John's trip note still says 'hotel: TBD'."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulEmailApp, StatefulNotesApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, mentions


@register_scenario("hotel_confirmation_trip_note")
class HotelConfirmationTripNote(PAREScenario):
    """Record the hotel name and confirmation code in the 'Lisbon trip' note."""

    start_time = datetime(2026, 5, 12, 20, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "multi-app", "information-retrieval", "easy")
    additional_system_prompt = "You are John. Your trip note is where you look things up abroad."

    def init_and_populate_apps(self) -> None:
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
        self.apps = [self.email, self.calendar, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            booking = self.email.send_email_to_user_with_id(
                email_id="email-hotel-lisbon",
                sender="reservations@casadoalfama.pt",
                subject="Booking confirmed - Casa do Alfama",
                content="Dear John, your stay at Casa do Alfama (Rua de São Miguel 19) from June 4 "
                "to June 9 is confirmed. Confirmation code: ALF-77310. Check-in from 14:00.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Casa do Alfama confirmed Jun 4-9 (code ALF-77310). Your 'Lisbon trip' note still "
                "says hotel TBD; shall I fill it in?",
                after=booking,
                accept="Yes please.",
            )
            update = self.oracle(self.notes, after=accept).update_note(
                note_id=self.trip_note,
                content="Flights: TP 1351 Jun 4 (arr 11:20), TP 1350 Jun 9\nHotel: Casa do "
                "Alfama, Rua de São Miguel 19 - code ALF-77310, check-in 14:00\n"
                "Must eat: Cervejaria Ramiro, Time Out Market",
            )
        self.events = [booking, proposal, accept, update]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the trip note has the hotel and its code",
                (StatefulNotesApp, "update_note"),
                note_id=self.trip_note,
                content=mentions("Casa do Alfama", "ALF-77310"),
            ),
        )
