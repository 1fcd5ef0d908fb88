"""The clinic texts a dosing schedule: every 8 hours for a week, starting at 14:00."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulMessagingApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, equals_text, expect


@register_scenario("antibiotic_dose_reminders")
class AntibioticDoseReminders(PAREScenario):
    """A repeating reminder every 8 hours from 14:00 today."""

    start_time = datetime(2026, 2, 9, 11, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "timing", "scheduling", "easy")
    additional_system_prompt = "You are John, just prescribed antibiotics. Accept dose reminders."

    def init_and_populate_apps(self) -> None:
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Eastside Clinic", "+15035550650")])
        self.clinic_id = self.messaging.name_to_id["Eastside Clinic"]
        self.conv_id = "conv-eastside-clinic"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.clinic_id],
                title="Eastside Clinic",
                last_updated=datetime(2026, 2, 9, 10, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.reminders = StatefulReminderApp(name="Reminders")
        self.apps = [self.messaging, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            schedule = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.clinic_id,
                content="Dr. Osei: take amoxicillin 500mg every 8 hours for 7 days. Start with the "
                "first dose today at 2pm (14:00), then 22:00 and 06:00.",
            ).delayed(20)
            proposal, accept = self.propose(
                "The clinic says amoxicillin every 8 hours from 14:00 today. Shall I set a "
                "reminder at 14:00 repeating every 8 hours?",
                after=schedule,
                accept="Yes.",
            )
            remind = self.oracle(self.reminders, after=accept).add_reminder(
                title="Take amoxicillin 500mg",
                due_datetime="2026-02-09 14:00:00",
                description="Every 8 hours for 7 days",
                repetition_unit="hour",
                repetition_value=8,
            )
        self.events = [schedule, proposal, accept, remind]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a dose reminder at 14:00 repeating every 8 hours",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=at_time("2026-02-09 14:00:00"),
                repetition_unit=equals_text("hour"),
                repetition_value=8,
            ),
        )
