"""A friend sprains her ankle in the park and texts John; the urgent care address is in Contacts."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCabApp, StatefulContactsApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, mentions, mentions_any


@register_scenario("sprained_ankle_urgent_care_ride")
class SprainedAnkleUrgentCareRide(PAREScenario):
    """Book a ride from the park entrance to the urgent care address and tell Priya it's coming."""

    start_time = datetime(2026, 6, 6, 15, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "timing", "multi-app", "travel", "communication", "medium")
    additional_system_prompt = "You are John, at work across town. Accept help for your friend."

    def init_and_populate_apps(self) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        self.contacts.add_contact(
            Contact(
                contact_id="contact-providence-uc",
                first_name="Providence",
                last_name="Urgent Care",
                phone="+15035550990",
                address="5050 NE Hoyt St, Portland OR",
                description="Urgent care, open 8am-8pm",
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Priya Raman", "+14155550142")])
        self.priya_id = self.messaging.name_to_id["Priya Raman"]
        self.conv_id = "conv-priya-raman"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.priya_id],
                title="Priya Raman",
                last_updated=datetime(2026, 6, 5, 19, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.cab = StatefulCabApp(name="Cab")
        self.apps = [self.messaging, self.contacts, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            hurt = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.priya_id,
                content="Ugh I rolled my ankle running, can't put weight on it. I'm sitting at the "
                "Laurelhurst Park entrance on SE Ankeny. Phone at 8%, can you get me a ride to "
                "urgent care?",
            ).delayed(20)
            proposal, accept = self.propose(
                "Priya hurt her ankle at the Laurelhurst Park entrance (SE Ankeny) and needs a "
                "ride to urgent care. Shall I book a cab from there to Providence Urgent Care "
                "(5050 NE Hoyt St) and text her?",
                after=hurt,
                delay=5,
                accept="Yes, now!",
                reply_delay=3,
            )
            ride = self.oracle(self.cab, after=accept).order_ride(
                start_location="Laurelhurst Park entrance, SE Ankeny St",
                end_location="Providence Urgent Care, 5050 NE Hoyt St",
                service_type="Default",
            )
            tell = self.oracle(self.messaging, after=ride).send_message(
                user_id=self.priya_id,
                content="Cab booked from the park entrance to Providence Urgent Care on NE "
                "Hoyt, it's on its way. Hang in there!",
            )
        self.events = [hurt, proposal, accept, ride, tell]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a cab from the park to the urgent care address",
                (StatefulCabApp, "order_ride"),
                start_location=mentions("Laurelhurst"),
                end_location=mentions_any("5050 NE Hoyt", "Providence"),
            ),
            expect(
                "Priya told the ride is coming",
                (StatefulMessagingApp, "send_message"),
                user_id=self.priya_id,
                content=mentions_any("cab", "ride", "car"),
            ),
        )
