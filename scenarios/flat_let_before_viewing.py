"""The flat John is to view tomorrow has been let; the agent offers a sister unit instead."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulCalendarApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, expect, forbid, mentions_any

AGENT = "viewings@alderhouse.com"


@register_scenario("flat_let_before_viewing")
class FlatLetBeforeViewing(PAREScenario):
    """Unsave 5C and save 2A, move the viewing to Thursday 18:00 and accept it by reply."""

    start_time = datetime(2026, 5, 12, 12, 0, tzinfo=UTC).timestamp()
    tags = (
        "goal-inference",
        "follow-up",
        "multi-app",
        "housing",
        "scheduling",
        "communication",
        "hard",
    )
    additional_system_prompt = (
        "You are John, flat-hunting. A 2-bed under $2,200 in Alder House would suit you just as "
        "well as 5C did. Accept help switching to the other unit."
    )

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        self.unit_5c = self.apartments.add_new_apartment(
            name="Alder House 5C",
            location="N Williams Ave, Portland",
            zip_code="97227",
            price=2150.0,
            number_of_bedrooms=2,
            number_of_bathrooms=1,
            square_footage=870,
            property_type="Apartment",
        )
        self.apartments.save_apartment(self.unit_5c)
        self.unit_2a = self.apartments.add_new_apartment(
            name="Alder House 2A",
            location="N Williams Ave, Portland",
            zip_code="97227",
            price=2090.0,
            number_of_bedrooms=2,
            number_of_bathrooms=1,
            square_footage=850,
            property_type="Apartment",
        )
        self.unit_6b = self.apartments.add_new_apartment(
            name="Alder House 6B",
            location="N Williams Ave, Portland",
            zip_code="97227",
            price=2620.0,
            number_of_bedrooms=3,
            number_of_bathrooms=2,
            square_footage=1120,
            property_type="Apartment",
        )
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.viewing_id = "evt-viewing-alder-5c"
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id=self.viewing_id,
                title="Viewing: Alder House 5C",
                start_datetime=datetime(2026, 5, 13, 17, 30, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 5, 13, 18, 0, tzinfo=UTC).timestamp(),
                location="Alder House, N Williams Ave",
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.offer_id = "email-alder-5c-let"
        self.apps = [self.email, self.calendar, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            let = self.email.send_email_to_user_with_id(
                email_id=self.offer_id,
                sender=AGENT,
                subject="Alder House 5C has been let",
                content="Sorry John, 5C was let this morning, so tomorrow's 17:30 viewing is off. "
                "2A is almost identical (2 bed, $2,090) and I can show it Thursday May 14 at "
                "18:00 instead. Shall I put you down? Jess, Alder House",
            ).delayed(30)
            proposal, accept = self.propose(
                "Alder House 5C was let; Jess offers the near-identical 2A ($2,090) on Thu May "
                "14 at 18:00. Shall I accept, move your viewing to Thursday 18:00, and swap 5C "
                "for 2A in your saved flats?",
                after=let,
                accept="Yes, do that.",
            )
            reply = self.oracle(self.email, after=accept).reply_to_email(
                email_id=self.offer_id,
                content="Thanks Jess, yes please: Thursday May 14 at 18:00 for 2A works. John",
            )
            move = self.oracle(self.calendar, after=reply).edit_calendar_event(
                event_id=self.viewing_id,
                title="Viewing: Alder House 2A",
                start_datetime="2026-05-14 18:00:00",
                end_datetime="2026-05-14 18:30:00",
            )
            unsave = self.oracle(self.apartments, after=move).remove_saved_apartment(
                apartment_id=self.unit_5c
            )
            save = self.oracle(self.apartments, after=unsave).save_apartment(
                apartment_id=self.unit_2a
            )
        self.events = [let, proposal, accept, reply, move, unsave, save]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Jess told Thursday 18:00 works",
                (StatefulEmailApp, "reply_to_email"),
                email_id=self.offer_id,
                content=mentions_any("yes", "works", "great", "please"),
            ),
            expect(
                "the viewing moved to Thursday 18:00",
                (StatefulCalendarApp, "edit_calendar_event"),
                event_id=self.viewing_id,
                start_datetime=at_time("2026-05-14 18:00:00"),
            ),
            expect(
                "the let flat unsaved",
                (StatefulApartmentApp, "remove_saved_apartment"),
                apartment_id=self.unit_5c,
            ),
            expect(
                "2A saved in its place",
                (StatefulApartmentApp, "save_apartment"),
                apartment_id=self.unit_2a,
            ),
            forbid(
                "6B is over budget",
                (StatefulApartmentApp, "save_apartment"),
                apartment_id=self.unit_6b,
            ),
        )
