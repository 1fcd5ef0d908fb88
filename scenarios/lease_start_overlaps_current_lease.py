"""A flat application is approved with an August 1 start, while John's lease runs to August 31."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulEmailApp, StatefulNotesApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, mentions_any


@register_scenario("lease_start_overlaps_current_lease")
class LeaseStartOverlapsCurrentLease(PAREScenario):
    """Reply for the Sept 1 start (a $300 holding fee beats paying two rents in August)."""

    start_time = datetime(2026, 6, 15, 10, 0, tzinfo=UTC).timestamp()
    tags = (
        "conflict-detection",
        "information-retrieval",
        "multi-app",
        "housing",
        "communication",
        "easy",
    )
    additional_system_prompt = (
        "You are John. You want Laurelhurst Court 2B and you'd rather not pay two rents at "
        "once. Your current lease details are in a note."
    )

    def init_and_populate_apps(self) -> None:
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="Current lease (Division St)",
            content="Lease ends Aug 31, 2026 (notice given June 1, confirmed by landlord).\n"
            "Rent $1,950/month, due on the 1st.",
            created_at="2026-06-01 12:00:00",
        )
        self.apartments = StatefulApartmentApp(name="Apartment")
        court = self.apartments.add_new_apartment(
            name="Laurelhurst Court 2B",
            location="3905 NE Glisan St, Portland",
            zip_code="97232",
            price=2200.0,
            number_of_bedrooms=2,
            number_of_bathrooms=1,
            square_footage=870,
            property_type="Apartment",
        )
        self.apartments.save_apartment(court)
        self.email = StatefulEmailApp(name="Emails")
        self.offer_id = "email-laurelhurst-approved"
        self.apps = [self.email, self.notes, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            approved = self.email.send_email_to_user_with_id(
                email_id=self.offer_id,
                sender="leasing@laurelhurstcourt.com",
                subject="Application approved: Laurelhurst Court 2B",
                content="Congratulations John, you're approved for 2B ($2,200/month)! The lease "
                "can start August 1, or September 1 if you pay a $300 holding fee now. Please "
                "reply by Friday with your start date.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Laurelhurst Court 2B is approved. Your Division St lease runs to Aug 31, so an "
                "Aug 1 start means paying both rents in August ($2,200 extra) against a $300 "
                "holding fee for Sept 1. Shall I reply choosing September 1?",
                after=approved,
                accept="Yes, September 1.",
            )
            reply = self.oracle(self.email, after=accept).reply_to_email(
                email_id=self.offer_id,
                content="Wonderful news, thank you! I'd like the September 1 start and will pay "
                "the $300 holding fee. What's the best way to send it? - John",
            )
        self.events = [approved, proposal, accept, reply]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the September 1 start chosen",
                (StatefulEmailApp, "reply_to_email"),
                email_id=self.offer_id,
                content=mentions_any("september 1", "sept 1", "sep 1", "9/1", "1 september"),
            ),
        )
