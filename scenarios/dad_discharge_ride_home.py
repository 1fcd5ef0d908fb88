"""Dad is discharged from hospital tomorrow at 11 and cannot drive; John is in board prep then."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.contacts import Contact
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import (
    StatefulCabApp,
    StatefulCalendarApp,
    StatefulContactsApp,
    StatefulMessagingApp,
    StatefulReminderApp,
)
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import (
    Rules,
    all_of,
    between,
    expect,
    forbid,
    mentions,
    mentions_any,
)

HOSPITAL = "Providence St. Vincent, 9205 SW Barnes Rd, Portland"
DAD_HOME = "77 Elm St, Beaverton, OR"


@register_scenario("dad_discharge_ride_home")
class DadDischargeRideHome(PAREScenario):
    """A cab from the hospital to the address in Contacts, a text, an evening check-in reminder."""

    start_time = datetime(2026, 11, 2, 19, 0, tzinfo=UTC).timestamp()
    tags = (
        "noise-sensitive",
        "goal-inference",
        "conflict-detection",
        "information-retrieval",
        "multi-app",
        "travel",
        "communication",
        "scheduling",
        "hard",
    )
    additional_system_prompt = (
        "You are John. You can't leave tomorrow's board prep (10:00-12:00), so you want a cab "
        "for your dad and to check on him after work."
    )

    def init_and_populate_apps(self) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        self.contacts.add_contact(
            Contact(
                contact_id="contact-robert-doe",
                first_name="Robert",
                last_name="Doe",
                description="Dad",
                phone="+15035550101",
                address=DAD_HOME,
            )
        )
        self.contacts.add_contact(
            Contact(
                contact_id="contact-nora-doe",
                first_name="Nora",
                last_name="Doe",
                description="Sister",
                phone="+15035550455",
                address="2904 NE Alberta St, Portland",
            )
        )
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-board-prep",
                title="Board prep",
                start_datetime=datetime(2026, 11, 3, 10, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 11, 3, 12, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Robert Doe", "+15035550101"), ("Nora Doe", "+15035550455")])
        self.dad_id = self.messaging.name_to_id["Robert Doe"]
        self.nora_id = self.messaging.name_to_id["Nora Doe"]
        self.conv_id = "conv-dad"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.dad_id],
                title="Dad",
                last_updated=datetime(2026, 11, 1, 12, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.cab = StatefulCabApp(name="Cab")
        self.reminders = StatefulReminderApp(name="Reminders")
        self.apps = [self.messaging, self.calendar, self.contacts, self.cab, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            discharge = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.dad_id,
                content="Good news, they discharge me tomorrow at 11:00! No driving for a week "
                "though, doctor's orders.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Your dad is discharged from Providence St. Vincent tomorrow at 11:00 and can't "
                "drive, while you're in board prep 10:00-12:00. Shall I book a cab from the "
                "hospital to his home (77 Elm St, Beaverton) at 11:15, text him the plan, and "
                "remind you to call him at 18:00?",
                after=discharge,
                accept="Yes, please do all that.",
            )
            ride = self.oracle(self.cab, after=accept).order_ride(
                start_location=HOSPITAL,
                end_location=DAD_HOME,
                service_type="Default",
                ride_time="2026-11-03 11:15:00",
            )
            text = self.oracle(self.messaging, after=ride).send_message(
                user_id=self.dad_id,
                content="Great news! I'm stuck in board prep until noon, so I've booked you a "
                "cab from the hospital at 11:15 to take you home. I'll call you at 6.",
            )
            call = self.oracle(self.reminders, after=text).add_reminder(
                title="Call Dad - first evening home",
                due_datetime="2026-11-03 18:00:00",
                description="Discharged today; no driving for a week.",
            )
        self.events = [discharge, proposal, accept, ride, text, call]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a cab from the hospital to Dad's home after the discharge",
                (StatefulCabApp, "order_ride"),
                start_location=mentions_any("St. Vincent", "St Vincent", "Barnes"),
                end_location=mentions("77 Elm"),
                ride_time=between("2026-11-03 11:00:00", "2026-11-03 12:00:00"),
            ),
            expect(
                "Dad told a cab is coming",
                (StatefulMessagingApp, "send_message"),
                user_id=self.dad_id,
                content=all_of(mentions_any("cab", "ride", "taxi", "car"), mentions("11")),
            ),
            expect(
                "a reminder to check on him in the evening",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=between("2026-11-03 12:00:00", "2026-11-03 22:00:00"),
            ),
            forbid(
                "the plan is for Dad, not Nora",
                (StatefulMessagingApp, "send_message"),
                user_id=self.nora_id,
            ),
        )
