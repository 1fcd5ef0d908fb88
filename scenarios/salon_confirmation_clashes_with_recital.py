"""The barber asks John to confirm Saturday 11:00, now the time of his son's piano recital."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, expect, forbid, mentions_any


@register_scenario("salon_confirmation_clashes_with_recital")
class SalonConfirmationClashesWithRecital(PAREScenario):
    """Of the free slots, 9:00 overlaps swim; reply 14:00 and move the haircut there."""

    start_time = datetime(2026, 5, 28, 18, 0, tzinfo=UTC).timestamp()
    tags = ("conflict-detection", "scheduling", "communication", "medium")
    additional_system_prompt = (
        "You are John. You take Leo to swimming on Saturdays and would never miss his "
        "recital. Accept moving the haircut."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.haircut_id = "evt-haircut"
        for event_id, title, start, end in (
            (self.haircut_id, "Haircut - Barber & Co (Marco)", (11, 0), (11, 45)),
            ("evt-leo-recital", "Leo's piano recital", (10, 30), (12, 0)),
            ("evt-leo-swim", "Leo swim lesson", (8, 30), (9, 30)),
        ):
            self.calendar.set_calendar_event(
                CalendarEvent(
                    event_id=event_id,
                    title=title,
                    start_datetime=datetime(2026, 5, 30, *start, tzinfo=UTC).timestamp(),
                    end_datetime=datetime(2026, 5, 30, *end, tzinfo=UTC).timestamp(),
                )
            )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Barber & Co", "+15035550588")])
        self.barber_id = self.messaging.name_to_id["Barber & Co"]
        self.conv_id = "conv-barber"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.barber_id],
                title="Barber & Co",
                last_updated=datetime(2026, 4, 30, 11, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.calendar]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            confirm = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.barber_id,
                content="Barber & Co: your haircut with Marco is Sat May 30 at 11:00. Reply YES "
                "to confirm, or reply with a new time: we also have 9:00 and 14:00 free.",
            ).delayed(20)
            proposal, accept = self.propose(
                "Your Saturday 11:00 haircut clashes with Leo's recital (10:30-12:00), and the "
                "9:00 slot overlaps his swim lesson. Shall I ask Barber & Co for 14:00 and move "
                "the haircut in your calendar?",
                after=confirm,
                accept="Yes, 14:00.",
            )
            reply = self.oracle(self.messaging, after=accept).send_message(
                user_id=self.barber_id,
                content="Hi, could we move it to 14:00 on Saturday instead? Thanks, John",
            )
            move = self.oracle(self.calendar, after=reply).edit_calendar_event(
                event_id=self.haircut_id,
                start_datetime="2026-05-30 14:00:00",
                end_datetime="2026-05-30 14:45:00",
            )
        self.events = [confirm, proposal, accept, reply, move]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the barber asked for 14:00",
                (StatefulMessagingApp, "send_message"),
                user_id=self.barber_id,
                content=mentions_any("14:00", "2pm", "2 pm", "14h"),
            ),
            expect(
                "the haircut moved to 14:00",
                (StatefulCalendarApp, "edit_calendar_event"),
                event_id=self.haircut_id,
                start_datetime=at_time("2026-05-30 14:00:00"),
            ),
            forbid(
                "the haircut moved onto Leo's swim lesson",
                (StatefulCalendarApp, "edit_calendar_event"),
                event_id=self.haircut_id,
                start_datetime=at_time("2026-05-30 09:00:00"),
            ),
        )
