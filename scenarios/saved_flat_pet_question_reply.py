"""Dana asks whether "the Belmont place" allows cats and comes furnished."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulMessagingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import (
    Rules,
    all_of,
    expect,
    mentions,
    mentions_any,
    mentions_none,
)


@register_scenario("saved_flat_pet_question_reply")
class SavedFlatPetQuestionReply(PAREScenario):
    """Answer from the saved Belmont Terrace listing: cats allowed, unfurnished."""

    start_time = datetime(2026, 5, 5, 18, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "information-retrieval", "communication", "housing", "easy")
    additional_system_prompt = "You are John, flat-hunting with Dana. Accept quick answers to her."

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        terrace = self.apartments.add_new_apartment(
            name="Belmont Terrace 3C",
            location="3400 SE Belmont St, Portland",
            zip_code="97214",
            price=2060.0,
            number_of_bedrooms=2,
            number_of_bathrooms=1,
            square_footage=840,
            property_type="Apartment",
            furnished_status="Unfurnished",
            pet_policy="Cats allowed",
        )
        self.apartments.add_new_apartment(
            name="Belmont Lofts 12",
            location="2200 SE Belmont St, Portland",
            zip_code="97214",
            price=2240.0,
            number_of_bedrooms=2,
            number_of_bathrooms=1,
            square_footage=900,
            property_type="Loft",
            furnished_status="Furnished",
            pet_policy="No pets",
        )
        self.apartments.save_apartment(terrace)
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Dana Whitfield", "+15035550133")])
        self.dana_id = self.messaging.name_to_id["Dana Whitfield"]
        self.conv_id = "conv-dana"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.dana_id],
                title="Dana Whitfield",
                last_updated=datetime(2026, 5, 4, 21, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.dana_id,
                content="Calling the agent in 10 min about the Belmont place we saved. Do you "
                "know if it allows cats, and is it furnished?",
            ).delayed(20)
            proposal, accept = self.propose(
                "Dana asks about the saved Belmont place. Belmont Terrace 3C allows cats and is "
                "unfurnished. Shall I tell her?",
                after=ask,
                accept="Yes, send it.",
            )
            reply = self.oracle(self.messaging, after=accept).send_message(
                user_id=self.dana_id,
                content="Belmont Terrace 3C: cats allowed, and it's unfurnished.",
            )
        self.events = [ask, proposal, accept, reply]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Dana told: cats allowed, unfurnished",
                (StatefulMessagingApp, "send_message"),
                user_id=self.dana_id,
                content=all_of(
                    mentions("cat"),
                    mentions_any("unfurnished", "not furnished"),
                    mentions_none("no pets"),
                ),
            ),
        )
