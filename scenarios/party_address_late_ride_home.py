"""Camila invites John to a party at her new flat that runs past the last train home."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulCabApp, StatefulContactsApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, forbid, mentions, mentions_any

HOME = "123 Main St, Anytown, USA"
CAMILA_ADDRESS = "2217 SE Clinton St, Portland OR"


@register_scenario("party_address_late_ride_home")
class PartyAddressLateRideHome(PAREScenario):
    """Book a 01:00 ride home from Camila Reyes's address in Contacts, not Camila Ortega's."""

    start_time = datetime(2026, 10, 17, 18, 0, tzinfo=UTC).timestamp()
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
        "You are John. You want to go to Camila Reyes's party tonight and you never drive "
        "after a drink. Accept a ride home booked ahead."
    )

    def init_and_populate_apps(self) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        self.contacts.add_contact(
            Contact(
                contact_id="contact-camila-reyes",
                first_name="Camila",
                last_name="Reyes",
                phone="+15035550461",
                address=CAMILA_ADDRESS,
                description="Moved in September",
            )
        )
        self.contacts.add_contact(
            Contact(
                contact_id="contact-camila-ortega",
                first_name="Camila",
                last_name="Ortega",
                phone="+15035550462",
                address="880 N Killingsworth St, Portland OR",
                job="Physiotherapist",
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts(
            [("Camila Reyes", "+15035550461"), ("Camila Ortega", "+15035550462")]
        )
        self.reyes_id = self.messaging.name_to_id["Camila Reyes"]
        self.ortega_id = self.messaging.name_to_id["Camila Ortega"]
        self.conv_id = "conv-camila-reyes"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.reyes_id],
                title="Camila Reyes",
                last_updated=datetime(2026, 10, 2, 12, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.cab = StatefulCabApp(name="Cab")
        self.apps = [self.messaging, self.contacts, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            invite = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.reyes_id,
                content="Housewarming at my new place tonight from 9! It'll go till about 1am, "
                "and the last train is at 00:10, so sort out a way home :) Coming?",
            ).delayed(25)
            proposal, accept = self.propose(
                "Camila Reyes's party runs until about 1am, after the last train. Shall I tell "
                "her you're coming and book a cab from her place (2217 SE Clinton St) home for "
                "01:00?",
                after=invite,
                accept="Yes, do both.",
            )
            reply = self.oracle(self.messaging, after=accept).send_message(
                user_id=self.reyes_id,
                content="Count me in! I've booked a cab home for 1am. See you tonight!",
            )
            ride = self.oracle(self.cab, after=reply).order_ride(
                start_location=CAMILA_ADDRESS,
                end_location=HOME,
                service_type="Default",
                ride_time="2026-10-18 01:00:00",
            )
        self.events = [invite, proposal, accept, reply, ride]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Camila told John is coming",
                (StatefulMessagingApp, "send_message"),
                user_id=self.reyes_id,
                content=mentions_any("coming", "count me in", "see you", "be there"),
            ),
            expect(
                "a ride from Camila Reyes's address home around 01:00",
                (StatefulCabApp, "order_ride"),
                start_location=mentions("2217 SE Clinton"),
                end_location=mentions("123 Main St"),
                ride_time=between("2026-10-18 00:30:00", "2026-10-18 01:30:00"),
            ),
            forbid(
                "a ride from the other Camila's address",
                (StatefulCabApp, "order_ride"),
                start_location=mentions("Killingsworth"),
            ),
        )
