"""The babysitter's last bus home leaves before John and Dana get back from dinner."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.contacts import Contact
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import (
    StatefulCabApp,
    StatefulCalendarApp,
    StatefulContactsApp,
    StatefulMessagingApp,
)
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, forbid, mentions, mentions_any

HOME = "123 Main St, Anytown, USA"
ZOE_HOME = "8120 N Lombard St, Portland"


@register_scenario("babysitter_ride_home_late")
class BabysitterRideHomeLate(PAREScenario):
    """A 23:30 cab from John's home to Zoe Park's address (not Zoe Parker's), and tell her."""

    start_time = datetime(2026, 11, 21, 21, 30, tzinfo=UTC).timestamp()
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
        "You are John, out at an anniversary dinner with Dana until 23:00; you'll be home "
        "around 23:30. You always make sure the sitter gets home safely."
    )

    def init_and_populate_apps(self) -> None:
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-anniversary-dinner",
                title="Anniversary dinner at Ava Gene's",
                start_datetime=datetime(2026, 11, 21, 19, 30, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 11, 21, 23, 0, tzinfo=UTC).timestamp(),
                location="Ava Gene's, 3377 SE Division St",
            )
        )
        self.contacts = StatefulContactsApp(name="Contacts")
        for contact_id, first, last, phone, address, description in (
            ("contact-zoe-park", "Zoe", "Park", "+15035550741", ZOE_HOME, "Babysitter (regular)"),
            (
                "contact-zoe-parker",
                "Zoe",
                "Parker",
                "+15035550742",
                "3300 SE Woodstock Blvd, Portland",
                "Backup sitter",
            ),
        ):
            self.contacts.add_contact(
                Contact(
                    contact_id=contact_id,
                    first_name=first,
                    last_name=last,
                    phone=phone,
                    address=address,
                    description=description,
                )
            )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Zoe Park", "+15035550741"), ("Zoe Parker", "+15035550742")])
        self.zoe_id = self.messaging.name_to_id["Zoe Park"]
        self.conv_id = "conv-zoe-park"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.zoe_id],
                title="Zoe Park",
                last_updated=datetime(2026, 11, 21, 19, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.cab = StatefulCabApp(name="Cab")
        self.apps = [self.messaging, self.calendar, self.contacts, self.cab]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            note = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.zoe_id,
                content="Kids are asleep :) Just so you know, the last bus to St Johns leaves "
                "at 23:05, so if you're back later than that could you get me a cab home?",
            ).delayed(20)
            proposal, accept = self.propose(
                "Zoe's last bus leaves at 23:05 and you'll be home around 23:30. Shall I book a "
                "cab from home to her place (8120 N Lombard St) at 23:30 and let her know?",
                after=note,
                accept="Yes, of course.",
            )
            ride = self.oracle(self.cab, after=accept).order_ride(
                start_location=HOME,
                end_location=ZOE_HOME,
                service_type="Default",
                ride_time="2026-11-21 23:30:00",
            )
            tell = self.oracle(self.messaging, after=ride).send_message(
                user_id=self.zoe_id,
                content="Thanks Zoe! We'll be back around 23:30 and I've booked a cab to take "
                "you home then.",
            )
        self.events = [note, proposal, accept, ride, tell]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a cab from John's home to Zoe Park's address after 23:00",
                (StatefulCabApp, "order_ride"),
                start_location=mentions("123 Main St"),
                end_location=mentions("8120 N Lombard"),
                ride_time=between("2026-11-21 23:00:00", "2026-11-21 23:59:59"),
            ),
            expect(
                "Zoe told a cab is booked",
                (StatefulMessagingApp, "send_message"),
                user_id=self.zoe_id,
                content=mentions_any("cab", "ride", "taxi"),
            ),
            forbid(
                "a cab to the backup sitter's address",
                (StatefulCabApp, "order_ride"),
                end_location=mentions("Woodstock"),
            ),
        )
