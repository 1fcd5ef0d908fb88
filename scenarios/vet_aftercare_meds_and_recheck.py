"""After Biscuit's surgery the vet texts two medication schedules and a stitch check."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCalendarApp, StatefulMessagingApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, equals_text, expect, mentions_any


@register_scenario("vet_aftercare_meds_and_recheck")
class VetAftercareMedsAndRecheck(PAREScenario):
    """A daily and a 12-hourly reminder plus the recheck; none may be lost to a failed call."""

    start_time = datetime(2026, 4, 14, 17, 30, tzinfo=UTC).timestamp()
    tags = (
        "noise-sensitive",
        "goal-inference",
        "timing",
        "multi-app",
        "scheduling",
        "hard",
    )
    additional_system_prompt = (
        "You are John. Your dog Biscuit was spayed today. Accept every reminder that helps you "
        "give her the medicines on time."
    )

    def init_and_populate_apps(self) -> None:
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Alderwood Vet", "+15035550818")])
        self.vet_id = self.messaging.name_to_id["Alderwood Vet"]
        self.conv_id = "conv-alderwood-vet"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.vet_id],
                title="Alderwood Vet",
                last_updated=datetime(2026, 4, 14, 8, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-standup-apr21",
                title="Standup",
                start_datetime=datetime(2026, 4, 21, 9, 30, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 4, 21, 9, 45, tzinfo=UTC).timestamp(),
            )
        )
        self.reminders = StatefulReminderApp(name="Reminders")
        self.apps = [self.messaging, self.calendar, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            care = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.vet_id,
                content="Biscuit's spay went well! Meds: Gabapentin every 12 hours for 3 days, "
                "first dose tonight at 20:00. Meloxicam once a day with breakfast (08:00) for 5 "
                "days from tomorrow. Stitch check: Tuesday April 21 at 10:15.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Alderwood sent Biscuit's aftercare. Shall I set a Gabapentin reminder every 12 "
                "hours from 20:00 tonight, a daily Meloxicam reminder at 08:00 from tomorrow, and "
                "put the stitch check (Tue Apr 21, 10:15) in your calendar?",
                after=care,
                accept="Yes, all three.",
            )
            gabapentin = self.oracle(self.reminders, after=accept).add_reminder(
                title="Biscuit: Gabapentin",
                due_datetime="2026-04-14 20:00:00",
                description="Every 12 hours for 3 days",
                repetition_unit="hour",
                repetition_value=12,
            )
            meloxicam = self.oracle(self.reminders, after=gabapentin).add_reminder(
                title="Biscuit: Meloxicam with breakfast",
                due_datetime="2026-04-15 08:00:00",
                description="Once a day for 5 days",
                repetition_unit="day",
                repetition_value=1,
            )
            recheck = self.oracle(self.calendar, after=meloxicam).add_calendar_event(
                title="Biscuit stitch check - Alderwood Vet",
                start_datetime="2026-04-21 10:15:00",
                end_datetime="2026-04-21 10:45:00",
                location="Alderwood Vet",
            )
        self.events = [care, proposal, accept, gabapentin, meloxicam, recheck]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Gabapentin every 12 hours from tonight at 20:00",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=at_time("2026-04-14 20:00:00"),
                repetition_unit=equals_text("hour"),
                repetition_value=12,
            ),
            expect(
                "Meloxicam daily at breakfast from tomorrow",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=at_time("2026-04-15 08:00:00"),
                repetition_unit=equals_text("day"),
                repetition_value=1,
            ),
            expect(
                "the stitch check in the calendar",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-04-21 10:15:00"),
                title=mentions_any("biscuit", "stitch", "vet", "check"),
            ),
        )
