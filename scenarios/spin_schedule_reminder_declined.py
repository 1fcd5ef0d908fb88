"""The gym mails a new spin timetable; a weekly reminder is sensible, but John is quitting."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, declined, mentions_any


@register_scenario("spin_schedule_reminder_declined")
class SpinScheduleReminderDeclined(PAREScenario):
    """John cancels his membership at the month's end: no class reminders."""

    start_time = datetime(2026, 1, 19, 7, 0, tzinfo=UTC).timestamp()
    tags = ("rejection", "goal-inference", "scheduling", "easy")
    additional_system_prompt = (
        "You are John. You are cancelling your gym membership at the end of the month and "
        "won't go to classes any more. Decline reminders for gym classes and say so."
    )

    def init_and_populate_apps(self) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.reminders = StatefulReminderApp(name="Reminders")
        self.reminders.add_reminder(
            title="Cancel gym membership", due_datetime="2026-01-30 12:00:00", description=""
        )
        self.apps = [self.email, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            timetable = self.email.send_email_to_user_with_id(
                email_id="email-gym-timetable",
                sender="hello@cyclehouse.fit",
                subject="New spin timetable from Feb 2",
                content="Hi John, from February 2 your favourite spin class moves to Tuesdays "
                "and Thursdays at 07:00. Book your bike in the app!",
            ).delayed(40)
            proposal, no = self.propose(
                "Your spin class moves to Tuesdays and Thursdays at 07:00 from Feb 2. Shall I "
                "set a weekly reminder the evening before each class?",
                after=timetable,
                reject="No, I'm cancelling the membership at the end of the month.",
            )
        self.events = [timetable, proposal, no]

    def expected_actions(self) -> Rules:
        return (
            declined(
                "John is quitting the gym; no class reminders",
                offer=mentions_any("remind", "spin", "class"),
            ),
        )
