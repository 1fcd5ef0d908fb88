"""The dog walker reports that Biscuit ate chocolate in the evening, after the usual vet closed."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCabApp, StatefulContactsApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid, mentions, mentions_any

HOME = "123 Main St, Anytown, USA"
EMERGENCY = "DoveLewis Emergency Animal Hospital, 1945 NW Pettygrove St, Portland"


@register_scenario("emergency_vet_ride_after_hours")
class EmergencyVetRideAfterHours(PAREScenario):
    """At 19:30 the day clinic is shut: a cab from home to the 24/7 hospital, and tell Kenji."""

    start_time = datetime(2026, 10, 8, 19, 20, tzinfo=UTC).timestamp()
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
        "You are John, at home without a car tonight. Biscuit is your dog. Accept the fastest "
        "way to get him seen."
    )

    def init_and_populate_apps(self) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        self.contacts.add_contact(
            Contact(
                contact_id="contact-dr-hale",
                first_name="Sarah",
                last_name="Hale",
                job="Vet, Sellwood Animal Clinic",
                description="Biscuit's vet. Open Mon-Fri 8:00-18:00.",
                phone="+15035550870",
                address="Sellwood Animal Clinic, 7000 SE 17th Ave, Portland",
            )
        )
        self.contacts.add_contact(
            Contact(
                contact_id="contact-dovelewis",
                first_name="DoveLewis",
                last_name="Emergency Animal Hospital",
                description="24/7 emergency vet",
                phone="+15035550871",
                address=EMERGENCY,
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Kenji Mori", "+15035550872")])
        self.kenji_id = self.messaging.name_to_id["Kenji Mori"]
        self.conv_id = "conv-kenji"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.kenji_id],
                title="Kenji Mori (dog walker)",
                last_updated=datetime(2026, 10, 6, 12, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.cab = StatefulCabApp(name="Cab")
        self.apps = [self.messaging, self.contacts, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            alarm = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.kenji_id,
                content="John, Biscuit got into a box of dark chocolate on the walk, maybe half "
                "of it. The poison line says he needs a vet tonight. I'm bringing him back to "
                "yours now, 5 min away.",
            ).delayed(20)
            proposal, accept = self.propose(
                "Biscuit ate dark chocolate and needs a vet tonight. Dr. Hale's clinic closed at "
                "18:00; DoveLewis (1945 NW Pettygrove St) is open 24/7. Shall I book a cab from "
                "home to DoveLewis now and tell Kenji?",
                after=alarm,
                delay=5,
                accept="Yes, now.",
                reply_delay=3,
            )
            ride = self.oracle(self.cab, after=accept).order_ride(
                start_location=HOME, end_location=EMERGENCY, service_type="Default"
            )
            tell = self.oracle(self.messaging, after=ride).send_message(
                user_id=self.kenji_id,
                content="Thank you! A cab is booked from mine to DoveLewis emergency vet, I'll "
                "meet you downstairs.",
            )
        self.events = [alarm, proposal, accept, ride, tell]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a cab from home to the 24/7 emergency vet",
                (StatefulCabApp, "order_ride"),
                start_location=mentions("123 Main St"),
                end_location=mentions_any("DoveLewis", "1945 NW Pettygrove"),
            ),
            expect(
                "Kenji told the plan",
                (StatefulMessagingApp, "send_message"),
                user_id=self.kenji_id,
                content=mentions_any("cab", "ride", "DoveLewis", "vet"),
            ),
            forbid(
                "a ride to the day clinic, closed at this hour",
                (StatefulCabApp, "order_ride"),
                end_location=mentions_any("Sellwood", "7000 SE 17th"),
            ),
        )
