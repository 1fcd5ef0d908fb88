"""A friend sprains her ankle in the park and texts John; the urgent care address is in Contacts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.contacts import Contact
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import (
    HomeScreenSystemApp,
    PAREAgentUserInterface,
    StatefulContactsApp,
    StatefulMessagingApp,
)
from pytest_pare.apps.cab import StatefulCabApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import check_actions, expect, mentions, mentions_any
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("sprained_ankle_urgent_care_ride")
class SprainedAnkleUrgentCareRide(PAREScenario):
    """Book a ride from the park entrance to the urgent care address and tell Priya it's coming."""

    start_time = datetime(2026, 6, 6, 15, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("goal-inference", "timing", "multi-app", "travel", "communication")
    additional_system_prompt = "You are John, at work across town. Accept help for your friend."

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
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
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.messaging,
            self.contacts,
            self.cab,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        messaging = self.get_typed_app(StatefulMessagingApp, "Messages")
        cab = self.get_typed_app(StatefulCabApp, "Cab")
        with EventRegisterer.capture_mode():
            hurt = messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.priya_id,
                content="Ugh I rolled my ankle running, can't put weight on it. I'm sitting at the "
                "Laurelhurst Park entrance on SE Ankeny. Phone at 8%, can you get me a ride to "
                "urgent care?",
            ).delayed(20)
            proposal = (
                aui.send_message_to_user(
                    content="Priya hurt her ankle at the Laurelhurst Park entrance (SE Ankeny) and "
                    "needs a ride to urgent care. Shall I book a cab from there to Providence "
                    "Urgent "
                    "Care (5050 NE Hoyt St) and text her?"
                )
                .oracle()
                .depends_on(hurt, delay_seconds=5)
            )
            accept = (
                aui.accept_proposal(content="Yes, now!")
                .oracle()
                .depends_on(proposal, delay_seconds=3)
            )
            ride = (
                cab.order_ride(
                    start_location="Laurelhurst Park entrance, SE Ankeny St",
                    end_location="Providence Urgent Care, 5050 NE Hoyt St",
                    service_type="Default",
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
            tell = (
                messaging.send_message(
                    user_id=self.priya_id,
                    content="Cab booked from the park entrance to Providence Urgent Care on NE "
                    "Hoyt, it's on its way. Hang in there!",
                )
                .oracle()
                .depends_on(ride, delay_seconds=2)
            )
        self.events = [hurt, proposal, accept, ride, tell]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "a cab from the park to the urgent care address",
                "StatefulCabApp",
                "order_ride",
                start_location=mentions("Laurelhurst"),
                end_location=mentions_any("5050 NE Hoyt", "Providence"),
            ),
            expect(
                "Priya told the ride is coming",
                "StatefulMessagingApp",
                "send_message",
                user_id=self.priya_id,
                content=mentions_any("cab", "ride", "car"),
            ),
        )
