"""The council changes bin days: three collections on three different rhythms from January."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, equals_text, expect


@register_scenario("bin_collection_new_rota")
class BinCollectionNewRota(PAREScenario):
    """Three repeating evening-before reminders; one lost to a failed call means missed bins."""

    start_time = datetime(2025, 12, 29, 18, 0, tzinfo=UTC).timestamp()
    tags = ("noise-sensitive", "goal-inference", "timing", "scheduling", "medium")
    additional_system_prompt = (
        "You are John. You always forget which bin goes out when; reminders the evening before "
        "are what you want."
    )

    def init_and_populate_apps(self) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.reminders = StatefulReminderApp(name="Reminders")
        self.apps = [self.email, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            rota = self.email.send_email_to_user_with_id(
                email_id="email-council-bins-2026",
                sender="waste@portland.gov",
                subject="Your new collection days from January 2026",
                content="From January: food waste every Monday (first January 5); recycling "
                "every other Wednesday (first January 7); glass every four weeks on Friday "
                "(first January 9). Put bins out the evening before.",
            ).delayed(30)
            proposal, accept = self.propose(
                "The council's new bin days: food waste every Monday, recycling every other "
                "Wednesday, glass every four weeks on Friday. Shall I set three repeating "
                "reminders for 20:00 the evening before, from Jan 4, 6 and 8?",
                after=rota,
                accept="Yes, all three.",
            )
            food = self.oracle(self.reminders, after=accept).add_reminder(
                title="Food waste bin out (Monday collection)",
                due_datetime="2026-01-04 20:00:00",
                description="Every week",
                repetition_unit="week",
                repetition_value=1,
            )
            recycling = self.oracle(self.reminders, after=food).add_reminder(
                title="Recycling bin out (Wednesday collection)",
                due_datetime="2026-01-06 20:00:00",
                description="Every other week",
                repetition_unit="week",
                repetition_value=2,
            )
            glass = self.oracle(self.reminders, after=recycling).add_reminder(
                title="Glass box out (Friday collection)",
                due_datetime="2026-01-08 20:00:00",
                description="Every four weeks",
                repetition_unit="week",
                repetition_value=4,
            )
        self.events = [rota, proposal, accept, food, recycling, glass]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "food waste: every Sunday evening from Jan 4",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=at_time("2026-01-04 20:00:00"),
                repetition_unit=equals_text("week"),
                repetition_value=1,
            ),
            expect(
                "recycling: every other Tuesday evening from Jan 6",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=at_time("2026-01-06 20:00:00"),
                repetition_unit=equals_text("week"),
                repetition_value=2,
            ),
            expect(
                "glass: every fourth Thursday evening from Jan 8",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=at_time("2026-01-08 20:00:00"),
                repetition_unit=equals_text("week"),
                repetition_value=4,
            ),
        )
