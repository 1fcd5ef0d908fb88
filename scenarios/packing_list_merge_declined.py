"""Nora mails her packing list for the coast trip; copying it into John's note is not wanted."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulNotesApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, declined, mentions_any


@register_scenario("packing_list_merge_declined")
class PackingListMergeDeclined(PAREScenario):
    """Each packs their own bag: John's note stays his own list."""

    start_time = datetime(2026, 8, 5, 20, 0, tzinfo=UTC).timestamp()
    tags = ("rejection", "goal-inference", "information-retrieval", "easy")
    additional_system_prompt = (
        "You are John. Nora packs her own bag; your 'Coast trip' note is your own list and "
        "you want it short. Decline adding her items to it."
    )

    def init_and_populate_apps(self) -> None:
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="Coast trip packing",
            content="Rain jacket\nHiking boots\nCharger\nBinoculars",
            created_at="2026-08-01 21:00:00",
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            packing = self.email.send_email_to_user_with_id(
                email_id="email-nora-packing",
                sender="nora.doe@gmail.com",
                subject="my packing list for the coast",
                content="Here's mine: swimsuit, sun hat, paperback, tide table, camera, "
                "wool socks. See you Friday!",
            ).delayed(30)
            proposal, no = self.propose(
                "Nora sent her packing list for the coast trip (swimsuit, sun hat, paperback, "
                "tide table, camera, wool socks). Shall I add the items to your 'Coast trip "
                "packing' note?",
                after=packing,
                reject="No, she packs her own bag. My note is just mine.",
            )
        self.events = [packing, proposal, no]

    def expected_actions(self) -> Rules:
        return (
            declined(
                "John's packing note stays his own",
                offer=mentions_any("note", "packing", "list"),
            ),
        )
