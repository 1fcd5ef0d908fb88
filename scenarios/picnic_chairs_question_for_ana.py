"""In the picnic group chat Leo asks Ana to bring chairs, and Ana says yes; none of it is John's."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, abstain


@register_scenario("picnic_chairs_question_for_ana")
class PicnicChairsQuestionForAna(PAREScenario):
    """A question addressed to someone else, answered by her a minute later."""

    start_time = datetime(2026, 6, 24, 18, 0, tzinfo=UTC).timestamp()
    tags = ("abstain", "communication", "easy")
    additional_system_prompt = (
        "You are John. You are bringing the cake to Saturday's picnic, as agreed last week; "
        "chairs are Ana's job. You don't chime in on other people's tasks."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-picnic",
                title="Picnic at Laurelhurst Park (bring the cake)",
                start_datetime=datetime(2026, 6, 27, 12, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 6, 27, 16, 0, tzinfo=UTC).timestamp(),
                location="Laurelhurst Park",
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Leo Hart", "+15035550851"), ("Ana Souza", "+15035550852")])
        self.leo_id = self.messaging.name_to_id["Leo Hart"]
        self.ana_id = self.messaging.name_to_id["Ana Souza"]
        self.group_id = "conv-picnic-crew"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.group_id,
                participant_ids=[self.messaging.current_user_id, self.leo_id, self.ana_id],
                title="Picnic crew",
                last_updated=datetime(2026, 6, 20, 10, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.calendar]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.messaging.create_and_add_message(
                conversation_id=self.group_id,
                sender_id=self.leo_id,
                content="@Ana can you bring folding chairs on Saturday? We need about six.",
            ).delayed(30)
            yes = self.messaging.create_and_add_message(
                conversation_id=self.group_id,
                sender_id=self.ana_id,
                content="Yes! Six chairs are already in my car.",
            ).depends_on(ask, delay_seconds=60)
        self.events = [ask, yes]

    def expected_actions(self) -> Rules:
        return (abstain("the chairs were Ana's to bring, and she said yes"),)
