"""The movers confirm Saturday's move and ask for a defrosted fridge; Dana is waiting to hear."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import (
    StatefulCalendarApp,
    StatefulEmailApp,
    StatefulMessagingApp,
    StatefulReminderApp,
)
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import (
    Rules,
    all_of,
    at_time,
    between,
    expect,
    forbid,
    mentions_any,
)


@register_scenario("movers_confirmed_moving_day_prep")
class MoversConfirmedMovingDayPrep(PAREScenario):
    """Block the move, a defrost reminder 24 h ahead, and tell Dana; each call must go through."""

    start_time = datetime(2026, 8, 24, 12, 0, tzinfo=UTC).timestamp()
    tags = (
        "noise-sensitive",
        "goal-inference",
        "timing",
        "multi-app",
        "scheduling",
        "communication",
        "hard",
    )
    additional_system_prompt = (
        "You are John, moving in with Dana Whitfield on Saturday. Accept help with the moving "
        "day; Dana wants to know the plan."
    )

    def init_and_populate_apps(self) -> None:
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts(
            [("Dana Whitfield", "+15035550199"), ("Dana Reyes", "+15035550263")]
        )
        self.dana_id = self.messaging.name_to_id["Dana Whitfield"]
        self.coworker_id = self.messaging.name_to_id["Dana Reyes"]
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id="conv-dana-whitfield",
                participant_ids=[self.messaging.current_user_id, self.dana_id],
                title="Dana Whitfield",
                last_updated=datetime(2026, 8, 23, 21, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.reminders = StatefulReminderApp(name="Reminders")
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.messaging, self.calendar, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            confirmed = self.email.send_email_to_user_with_id(
                email_id="email-movers-confirmed",
                sender="crew@bridgetownmovers.com",
                subject="Confirmed: your move on Saturday August 29",
                content="Three movers arrive Saturday August 29 at 08:00 at 1830 SE Hawthorne "
                "Blvd; we expect to finish at 4410 N Williams Ave by 14:00. Please defrost the "
                "fridge at least 24 hours before we arrive.",
            ).delayed(30)
            proposal, accept = self.propose(
                "The movers are confirmed for Sat Aug 29, 08:00-14:00, and the fridge must be "
                "defrosted 24 hours before. Shall I block the move in your calendar, remind you "
                "Thursday evening to defrost, and send Dana the plan?",
                after=confirmed,
                accept="Yes, all of that.",
            )
            block = self.oracle(self.calendar, after=accept).add_calendar_event(
                title="Moving day (Bridgetown Movers)",
                start_datetime="2026-08-29 08:00:00",
                end_datetime="2026-08-29 14:00:00",
                location="1830 SE Hawthorne Blvd -> 4410 N Williams Ave",
            )
            defrost = self.oracle(self.reminders, after=block).add_reminder(
                title="Unplug and defrost the fridge",
                due_datetime="2026-08-27 20:00:00",
                description="Movers need it defrosted 24h before Saturday 08:00.",
            )
            tell = self.oracle(self.messaging, after=defrost).send_message(
                user_id=self.dana_id,
                content="Movers confirmed: Saturday 8am at my place, three of them, done at "
                "Williams by 2pm.",
            )
        self.events = [confirmed, proposal, accept, block, defrost, tell]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the move blocked from 08:00 Saturday",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-08-29 08:00:00"),
            ),
            expect(
                "a defrost reminder at least 24 hours ahead",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=between("2026-08-24 12:00:00", "2026-08-28 08:00:00"),
                title=mentions_any("fridge", "defrost"),
            ),
            expect(
                "Dana told when the movers come",
                (StatefulMessagingApp, "send_message"),
                user_id=self.dana_id,
                content=all_of(
                    mentions_any("mover", "move"), mentions_any("8am", "8 am", "08:00", "8:00")
                ),
            ),
            forbid(
                "Dana Reyes is a coworker",
                (StatefulMessagingApp, "send_message"),
                user_id=self.coworker_id,
            ),
        )
