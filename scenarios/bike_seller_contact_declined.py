"""A stranger selling a bike texts to arrange a viewing; saving him as a contact is not wanted."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulContactsApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, declined, mentions_any


@register_scenario("bike_seller_contact_declined")
class BikeSellerContactDeclined(PAREScenario):
    """A one-off seller: John keeps his contacts for people he knows."""

    start_time = datetime(2026, 4, 22, 12, 0, tzinfo=UTC).timestamp()
    tags = ("rejection", "goal-inference", "information-retrieval", "easy")
    additional_system_prompt = (
        "You are John. Greg is selling you a used bike, a one-off; you keep your contacts for "
        "people you know. Decline saving him as a contact."
    )

    def init_and_populate_apps(self) -> None:
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("+1 503 555 0733", "+15035550733")])
        self.greg_id = self.messaging.name_to_id["+1 503 555 0733"]
        self.conv_id = "conv-bike-seller"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.greg_id],
                title="+1 503 555 0733",
                last_updated=datetime(2026, 4, 21, 20, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.contacts = StatefulContactsApp(name="Contacts")
        self.apps = [self.messaging, self.contacts]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            text = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.greg_id,
                content="Hi, Greg here, about the Trek road bike on the listing. Can you come "
                "by at 6 PM? 2218 SE Clinton St. Cash only.",
            ).delayed(30)
            proposal, no = self.propose(
                "Greg, the bike seller, texted from +1 503 555 0733. Shall I save him to your "
                "contacts as 'Greg (Trek bike)'?",
                after=text,
                reject="No, it's a one-off, don't clutter my contacts.",
            )
        self.events = [text, proposal, no]

    def expected_actions(self) -> Rules:
        return (
            declined(
                "a one-off seller stays out of John's contacts",
                offer=mentions_any("contact", "save", "add greg"),
            ),
        )
