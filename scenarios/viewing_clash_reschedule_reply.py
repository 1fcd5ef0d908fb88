"""A landlord proposes a viewing time that collides with John's calendar; a second slot is free."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulCalendarApp, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, at_time, expect, forbid, mentions_any


@register_scenario("viewing_clash_reschedule_reply")
class ViewingClashRescheduleReply(PAREScenario):
    """Thu 17:30 clashes with a team dinner; reply for Fri 12:00 and book that, not Thursday."""

    start_time = datetime(2026, 9, 7, 10, 0, tzinfo=UTC).timestamp()
    tags = ("conflict-detection", "multi-app", "scheduling", "housing", "communication", "hard")
    additional_system_prompt = "You are John. The team dinner on Thursday is important to you."

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        self.loft_id = self.apartments.add_new_apartment(
            name="Kerns Corner Loft",
            location="2305 E Burnside St, Portland",
            zip_code="97214",
            price=2050.0,
            number_of_bedrooms=1,
            number_of_bathrooms=1,
            square_footage=740,
            property_type="Loft",
        )
        self.apartments.save_apartment(self.loft_id)
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-team-dinner",
                title="Team dinner (Wei's farewell)",
                start_datetime=datetime(2026, 9, 10, 17, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 9, 10, 20, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.offer_id = "email-kerns-viewing"
        self.apps = [self.email, self.calendar, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            offer = self.email.send_email_to_user_with_id(
                email_id=self.offer_id,
                sender="owner.kernsloft@gmail.com",
                subject="Viewing Kerns Corner Loft",
                content="Hi John, I can show the loft Thursday Sept 10 at 17:30, or Friday Sept 11 "
                "at 12:00. Which works? - Walt",
            ).delayed(30)
            proposal, accept = self.propose(
                "Walt offers Thu 9/10 17:30 or Fri 9/11 12:00 to view Kerns Corner Loft. Thursday "
                "clashes with Wei's farewell dinner; shall I reply Friday 12:00 and add it to "
                "your calendar?",
                after=offer,
                accept="Yes.",
            )
            reply = self.oracle(self.email, after=accept).reply_to_email(
                email_id=self.offer_id,
                content="Hi Walt, Friday Sept 11 at 12:00 works for me. See you then! - John",
            )
            book = self.oracle(self.calendar, after=reply).add_calendar_event(
                title="Viewing: Kerns Corner Loft",
                start_datetime="2026-09-11 12:00:00",
                end_datetime="2026-09-11 12:45:00",
                location="2305 E Burnside St, Portland",
            )
        self.events = [offer, proposal, accept, reply, book]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "Walt told Friday 12:00",
                (StatefulEmailApp, "reply_to_email"),
                email_id=self.offer_id,
                content=mentions_any("friday", "fri", "sept 11", "9/11"),
            ),
            expect(
                "the viewing booked Friday 12:00",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-09-11 12:00:00"),
            ),
            forbid(
                "the clashing Thursday slot booked",
                (StatefulCalendarApp, "add_calendar_event"),
                start_datetime=at_time("2026-09-10 17:30:00"),
            ),
        )
