"""The clinic texts a dosing schedule: every 8 hours for a week, starting at 14:00."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulMessagingApp
from pytest_pare.apps.reminder import StatefulReminderApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import at_time, check_actions, equals_text, expect
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("antibiotic_dose_reminders")
class AntibioticDoseReminders(PAREScenario):
    """A repeating reminder every 8 hours from 14:00 today."""

    start_time = datetime(2026, 2, 9, 11, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "timing", "scheduling")
    additional_system_prompt = "You are John, just prescribed antibiotics. Accept dose reminders."

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
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
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.messaging,
            self.reminders,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        messaging = self.get_typed_app(StatefulMessagingApp, "Messages")
        reminders = self.get_typed_app(StatefulReminderApp, "Reminders")
        with EventRegisterer.capture_mode():
            schedule = messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.clinic_id,
                content="Dr. Osei: take amoxicillin 500mg every 8 hours for 7 days. Start with the "
                "first dose today at 2pm (14:00), then 22:00 and 06:00.",
            ).delayed(20)
            proposal = (
                aui.send_message_to_user(
                    content="The clinic says amoxicillin every 8 hours from 14:00 today. Shall I "
                    "set a reminder at 14:00 repeating every 8 hours?"
                )
                .oracle()
                .depends_on(schedule, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes.").oracle().depends_on(proposal, delay_seconds=5)
            )
            remind = (
                reminders.add_reminder(
                    title="Take amoxicillin 500mg",
                    due_datetime="2026-02-09 14:00:00",
                    description="Every 8 hours for 7 days",
                    repetition_unit="hour",
                    repetition_value=8,
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [schedule, proposal, accept, remind]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "a dose reminder at 14:00 repeating every 8 hours",
                "StatefulReminderApp",
                "add_reminder",
                due_datetime=at_time("2026-02-09 14:00:00"),
                repetition_unit=equals_text("hour"),
                repetition_value=8,
            ),
        )
