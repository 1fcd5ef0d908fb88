"""In the class parents' chat, Ella's mum shares her number and Ella's peanut allergy."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulContactsApp, StatefulMessagingApp, StatefulNotesApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import (
    Rules,
    all_of,
    equals_text,
    expect,
    forbid,
    mentions,
    mentions_any,
    same_digits,
)

PARENTS = (
    ("Jen Park", "+15035550851"),
    ("Omar Haddad", "+15035550852"),
    ("Lucy Brandt", "+15035550853"),
)


@register_scenario("playdate_parent_number_allergy")
class PlaydateParentNumberAllergy(PAREScenario):
    """Jen Park saved, Ella's allergy in the friends note, and Jen answered about Saturday."""

    start_time = datetime(2026, 9, 18, 16, 0, tzinfo=UTC).timestamp()
    tags = (
        "goal-inference",
        "information-retrieval",
        "multi-app",
        "communication",
        "hard",
    )
    additional_system_prompt = (
        "You are John, Milo's dad. Milo invited Ella over on Saturday; 2pm suits you. Accept "
        "help keeping track of his friends' parents and allergies."
    )

    def init_and_populate_apps(self) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        self.parker_id = "contact-jen-parker"
        self.contacts.add_contact(
            Contact(
                contact_id=self.parker_id,
                first_name="Jen",
                last_name="Parker",
                job="Product designer, Lumen Labs",
                phone="+15035550640",
                email="jen.parker@lumenlabs.io",
            )
        )
        self.notes = StatefulNotesApp(name="Notes")
        self.friends_note = self.notes.create_note_with_time(
            folder="Family",
            title="Milo's friends",
            content="Theo R. - gluten-free (mum Ana, 503-555-0810)\nSami - no dairy",
            created_at="2026-05-02 18:00:00",
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts(list(PARENTS))
        self.jen_id = self.messaging.name_to_id["Jen Park"]
        self.group_id = "conv-room12-parents"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.group_id,
                participant_ids=[self.messaging.current_user_id, *(p for _, p in PARENTS)],
                title="Room 12 parents",
                last_updated=datetime(2026, 9, 17, 20, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.apps = [self.messaging, self.contacts, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            hello = self.messaging.create_and_add_message(
                conversation_id=self.group_id,
                sender_id=self.jen_id,
                content="Hi John, Jen here, Ella's mum! Milo asked Ella over on Saturday, I can "
                "drop her at 2pm if that works? This is my number (503-555-0851). Ella has a "
                "peanut allergy, so no nuts please!",
            ).delayed(30)
            proposal, accept = self.propose(
                "Jen Park (Ella's mum) can drop Ella on Saturday at 2pm; Ella is allergic to "
                "peanuts. Shall I save Jen's number, add the allergy to your Milo's friends "
                "note, and tell Jen 2pm works?",
                after=hello,
                accept="Yes, all three.",
            )
            save = self.oracle(self.contacts, after=accept).add_new_contact(
                first_name="Jen",
                last_name="Park",
                description="Ella's mum (Room 12)",
                phone="+15035550851",
            )
            note = self.oracle(self.notes, after=save).update_note(
                note_id=self.friends_note,
                content="Theo R. - gluten-free (mum Ana, 503-555-0810)\nSami - no dairy\n"
                "Ella Park - PEANUT allergy (mum Jen, 503-555-0851)",
            )
            answer = self.oracle(self.messaging, after=note).send_message(
                user_id=self.jen_id,
                content="Hi Jen! Saturday at 2pm is perfect. No nuts, promise. See you then!",
            )
        self.events = [hello, proposal, accept, save, note, answer]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Jen Park saved with her number",
                (StatefulContactsApp, "add_new_contact"),
                first_name=equals_text("Jen"),
                last_name=equals_text("Park"),
                phone=same_digits("5035550851"),
            ),
            expect(
                "Ella's peanut allergy in the friends note",
                (StatefulNotesApp, "update_note"),
                note_id=self.friends_note,
                content=all_of(mentions("Ella"), mentions("peanut")),
            ),
            expect(
                "Jen told Saturday at 2 works",
                (StatefulMessagingApp, "send_message"),
                user_id=self.jen_id,
                content=mentions_any("2pm", "2 pm", "14:00", "2:00", "at 2"),
            ),
            forbid(
                "Jen Parker is a colleague, not Ella's mum",
                (StatefulContactsApp, "edit_contact"),
                contact_id=self.parker_id,
            ),
        )
