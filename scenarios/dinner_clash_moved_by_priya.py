"""Priya's dinner invite clashes with John's call, then she moves it to a free slot herself."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, abstain


@register_scenario("dinner_clash_moved_by_priya")
class DinnerClashMovedByPriya(PAREScenario):
    """The 19:00 dinner overlaps the 18:30-19:30 call; Priya moves it to 20:00 and books it."""

    start_time = datetime(2026, 5, 20, 12, 0, tzinfo=UTC).timestamp()
    tags = ("abstain", "conflict-detection", "easy")
    additional_system_prompt = (
        "You are John. Priya handles dinner plans and told you she'd sort the booking and add "
        "it to your calendar herself. Don't message her or change the calendar."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-sydney-call",
                title="Call with the Sydney team",
                start_datetime=datetime(2026, 5, 22, 18, 30, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 5, 22, 19, 30, tzinfo=UTC).timestamp(),
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Priya Raman", "+14155550142")])
        self.priya_id = self.messaging.name_to_id["Priya Raman"]
        self.conv_id = "conv-priya"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.priya_id],
                title="Priya Raman",
                last_updated=datetime(2026, 5, 18, 20, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.calendar]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            invite = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.priya_id,
                content="Dinner at Nopa on Friday at 7?",
            ).delayed(30)
            moved = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.priya_id,
                content="Oh wait, you have your Sydney call then. I booked Nopa for 8 PM "
                "instead and sent you the invite. Nothing to do!",
            ).depends_on(invite, delay_seconds=40)
            booked = self.calendar.add_calendar_event_by_attendee(
                who_add="Priya Raman",
                title="Dinner at Nopa with Priya",
                start_datetime="2026-05-22 20:00:00",
                end_datetime="2026-05-22 21:30:00",
                location="Nopa, 560 Divisadero St",
                attendees=["Priya Raman", "John Doe"],
            ).depends_on(moved, delay_seconds=5)
        self.events = [invite, moved, booked]

    def expected_actions(self) -> Rules:
        return (abstain("Priya resolved the clash herself: dinner at 20:00 is booked"),)
