"""The hospital emails that John's father is discharged at 15:00 and must not drive home."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import (
    StatefulCabApp,
    StatefulContactsApp,
    StatefulEmailApp,
    StatefulMessagingApp,
)
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, forbid, mentions, mentions_any

HOSPITAL = "St. Vincent Medical Center, 9205 SW Barnes Rd, main lobby"
DAD_HOME = "48 Elm Court, Beaverton OR"


@register_scenario("hospital_discharge_ride_for_dad")
class HospitalDischargeRideForDad(PAREScenario):
    """Book a 15:00 cab from the hospital lobby to Dad's address in Contacts, and text him."""

    start_time = datetime(2026, 4, 22, 10, 0, tzinfo=UTC).timestamp()
    tags = (
        "goal-inference",
        "information-retrieval",
        "multi-app",
        "travel",
        "timing",
        "communication",
        "hard",
    )
    additional_system_prompt = (
        "You are John, stuck at work all afternoon. Your father Robert lives on his own. "
        "Accept help getting him home."
    )

    def init_and_populate_apps(self) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        self.contacts.add_contact(
            Contact(
                contact_id="contact-dad",
                first_name="Robert",
                last_name="Doe",
                phone="+15035550811",
                address=DAD_HOME,
                description="Dad",
                age=74,
            )
        )
        self.contacts.add_contact(
            Contact(
                contact_id="contact-rob-dorsey",
                first_name="Rob",
                last_name="Dorsey",
                phone="+15035550812",
                address="17 Oak Hollow Rd, Tigard OR",
                job="Sales lead at work",
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts(
            [("Robert Doe", "+15035550811"), ("Rob Dorsey", "+15035550812")]
        )
        self.dad_id = self.messaging.name_to_id["Robert Doe"]
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id="conv-dad",
                participant_ids=[self.messaging.current_user_id, self.dad_id],
                title="Dad",
                last_updated=datetime(2026, 4, 21, 20, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.cab = StatefulCabApp(name="Cab")
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.messaging, self.contacts, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            notice = self.email.send_email_to_user_with_id(
                email_id="email-discharge",
                sender="discharge@stvincent-health.org",
                subject="Discharge today: Robert Doe",
                content="Robert Doe will be discharged today at 15:00 from the main lobby of St. "
                "Vincent Medical Center, 9205 SW Barnes Rd. After sedation he must not drive for "
                "48 hours, so please arrange transport home for him.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Your dad is discharged at 15:00 from St. Vincent and can't drive. Shall I book "
                "a cab from the main lobby to his home (48 Elm Court, Beaverton) at 15:00 and "
                "text him?",
                after=notice,
                accept="Yes please.",
            )
            ride = self.oracle(self.cab, after=accept).order_ride(
                start_location=HOSPITAL,
                end_location=DAD_HOME,
                service_type="Default",
                ride_time="2026-04-22 15:00:00",
            )
            text = self.oracle(self.messaging, after=ride).send_message(
                user_id=self.dad_id,
                content="Dad, a cab will pick you up at the main lobby at 15:00 and take you "
                "home. Call me when you're in. - John",
            )
        self.events = [notice, proposal, accept, ride, text]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a cab from the hospital to Dad's home at 15:00",
                (StatefulCabApp, "order_ride"),
                start_location=mentions_any("St. Vincent", "9205 SW Barnes"),
                end_location=mentions("48 Elm Court"),
                ride_time=between("2026-04-22 14:45:00", "2026-04-22 15:30:00"),
            ),
            expect(
                "Dad told about the cab",
                (StatefulMessagingApp, "send_message"),
                user_id=self.dad_id,
                content=mentions_any("cab", "ride", "car", "taxi"),
            ),
            forbid(
                "a ride to the colleague's address",
                (StatefulCabApp, "order_ride"),
                end_location=mentions("Oak Hollow"),
            ),
        )
