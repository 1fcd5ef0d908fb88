"""Friends claim dishes for Saturday's potluck in a group chat; John's plan note is out of date."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulMessagingApp, StatefulNotesApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, mentions


@register_scenario("potluck_dishes_note_update")
class PotluckDishesNoteUpdate(PAREScenario):
    """Guests claim dishes and one has a nut allergy; record it all in the plan note."""

    start_time = datetime(2026, 7, 8, 18, 0, tzinfo=UTC).timestamp()
    tags = ("goal-inference", "information-retrieval", "medium")
    additional_system_prompt = (
        "You are John, hosting a potluck on Saturday. You keep the plan in a note called "
        "'Potluck plan'. Accept help that keeps it current."
    )

    def init_and_populate_apps(self) -> None:
        self.messaging = StatefulMessagingApp(name="Messages")
        friends = [
            ("Aiko Tanaka", "+15035550181"),
            ("Ben Okafor", "+15035550182"),
            ("Lucia Marin", "+15035550183"),
        ]
        self.messaging.add_contacts(friends)
        self.ids = {name: self.messaging.name_to_id[name] for name, _ in friends}
        self.group_id = "conv-potluck"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.group_id,
                participant_ids=[self.messaging.current_user_id, *self.ids.values()],
                title="Saturday potluck",
                last_updated=datetime(2026, 7, 6, 9, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.notes = StatefulNotesApp(name="Notes")
        self.plan_id = self.notes.create_note_with_time(
            folder="Personal",
            title="Potluck plan",
            content="Sat 7/11, 18:00 at mine.\nJohn: grilled corn, drinks\nGuests: TBD",
            created_at="2026-07-05 10:00:00",
        )
        self.apps = [self.messaging, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            aiko = self.messaging.create_and_add_message(
                conversation_id=self.group_id,
                sender_id=self.ids["Aiko Tanaka"],
                content="I'll bring my mushroom lasagna!",
            ).delayed(20)
            ben = self.messaging.create_and_add_message(
                conversation_id=self.group_id,
                sender_id=self.ids["Ben Okafor"],
                content="Quinoa salad from me. Heads up, I'm allergic to peanuts.",
            ).depends_on(aiko, delay_seconds=40)
            lucia = self.messaging.create_and_add_message(
                conversation_id=self.group_id,
                sender_id=self.ids["Lucia Marin"],
                content="Brownies it is :)",
            ).depends_on(ben, delay_seconds=30)
            proposal, accept = self.propose(
                "Aiko (mushroom lasagna), Ben (quinoa salad, peanut allergy) and Lucia (brownies) "
                "claimed dishes. Shall I add them to your 'Potluck plan' note?",
                after=lucia,
                accept="Yes please.",
            )
            update = self.oracle(self.notes, after=accept).update_note(
                note_id=self.plan_id,
                content=(
                    "Sat 7/11, 18:00 at mine.\nJohn: grilled corn, drinks\n"
                    "Aiko: mushroom lasagna\nBen: quinoa salad (peanut allergy!)\n"
                    "Lucia: brownies"
                ),
            )
        self.events = [aiko, ben, lucia, proposal, accept, update]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the plan note lists every dish and Ben's allergy",
                (StatefulNotesApp, "update_note"),
                note_id=self.plan_id,
                content=mentions("lasagna", "quinoa", "brownies", "peanut"),
            ),
        )
