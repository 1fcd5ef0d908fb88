"""The car insurance renewal jumps by a quarter; the broker's better quote comes two weeks later."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.types import EventRegisterer

from pytest_pare.apps import (
    StatefulContactsApp,
    StatefulEmailApp,
    StatefulNotesApp,
    StatefulReminderApp,
)
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import (
    Rules,
    all_of,
    between,
    either,
    expect,
    forbid,
    includes,
    mentions,
    mentions_any,
)

INSURER = "renewals@beaconmutual.com"
BROKER = "sam@ortizinsurance.com"
COWORKER = "sam.ortega@lumenlabs.io"
DAY = 86400


@register_scenario("car_insurance_renewal_broker_quote")
class CarInsuranceRenewalBrokerQuote(PAREScenario):
    """Ask the broker, set a decision reminder; on his quote, accept it and cancel with Beacon."""

    start_time = datetime(2026, 7, 1, 9, 0, tzinfo=UTC).timestamp()
    tags = (
        "long-horizon",
        "information-retrieval",
        "timing",
        "multi-app",
        "communication",
        "scheduling",
        "hard",
    )
    additional_system_prompt = (
        "You are John. You won't pay more for the same car insurance; your broker Sam Ortiz "
        "finds you quotes. If his quote is cheaper for the same cover, you switch."
    )

    def init_and_populate_apps(self) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        self.contacts.add_contact(
            Contact(
                contact_id="contact-sam-ortiz",
                first_name="Sam",
                last_name="Ortiz",
                job="Insurance broker, Ortiz Insurance",
                email=BROKER,
                phone="+15035550240",
            )
        )
        self.contacts.add_contact(
            Contact(
                contact_id="contact-sam-ortega",
                first_name="Sam",
                last_name="Ortega",
                job="Data engineer, Lumen Labs",
                email=COWORKER,
                phone="+15035550266",
            )
        )
        self.notes = StatefulNotesApp(name="Notes")
        self.notes.create_note_with_time(
            folder="Personal",
            title="Car",
            content="Subaru Outback 2019, plate 427 KJX\nInsurance: Beacon Mutual, policy "
            "BM-44120, renews Aug 15\nBroker: Sam Ortiz",
            created_at="2025-08-20 10:00:00",
        )
        self.email = StatefulEmailApp(name="Emails")
        self.reminders = StatefulReminderApp(name="Reminders")
        self.renewal_id = "email-beacon-renewal"
        self.quote_id = "email-ortiz-quote"
        self.apps = [self.email, self.contacts, self.reminders, self.notes]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            renewal = self.email.send_email_to_user_with_id(
                email_id=self.renewal_id,
                sender=INSURER,
                subject="Your renewal: policy BM-44120",
                content="Your car insurance renews on August 15 at $1,140 a year (last year "
                "$890). To cancel instead, reply with 14 days' notice, by August 1.",
            ).delayed(30)
            proposal, accept = self.propose(
                "Beacon's renewal jumps to $1,140 from $890, and cancelling needs notice by "
                "Aug 1. Shall I ask your broker Sam Ortiz for quotes and remind you on Jul 28 "
                "to decide?",
                after=renewal,
                accept="Yes, both.",
            )
            ask = self.oracle(self.email, after=accept).send_email(
                recipients=[BROKER],
                subject="Quotes for the Outback (BM-44120 renewal)",
                content="Hi Sam, Beacon wants $1,140 to renew policy BM-44120 on Aug 15 (was "
                "$890). Could you find me quotes for the same cover? Thanks, John",
            )
            remind = self.oracle(self.reminders, after=ask).add_reminder(
                title="Decide on car insurance (Beacon notice by Aug 1)",
                due_datetime="2026-07-28 09:00:00",
                description="Beacon renewal $1,140; check Sam Ortiz's quotes.",
            )
            quote = self.email.send_email_to_user_with_id(
                email_id=self.quote_id,
                sender=BROKER,
                subject="Re: Quotes for the Outback (BM-44120 renewal)",
                content="Hi John, Harbor Mutual quotes $905 a year for the same cover, starting "
                "Aug 15. Say yes and I'll set it up; you'd cancel with Beacon effective Aug 15.",
            ).depends_on(renewal, delay_seconds=14 * DAY)
            offer, yes = self.propose(
                "Sam found Harbor Mutual at $905 for the same cover. Shall I tell him yes and "
                "reply to Beacon cancelling BM-44120 effective Aug 15?",
                after=quote,
                accept="Yes, switch.",
            )
            go = self.oracle(self.email, after=yes).reply_to_email(
                email_id=self.quote_id,
                content="Yes please, go ahead with Harbor Mutual from Aug 15. Thanks, Sam!",
            )
            cancel = self.oracle(self.email, after=go).reply_to_email(
                email_id=self.renewal_id,
                content="Hello, please cancel policy BM-44120 effective August 15; I will not "
                "renew. Regards, John Doe",
            )
        self.events = [renewal, proposal, accept, ask, remind, quote, offer, yes, go, cancel]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the broker asked for quotes",
                (StatefulEmailApp, "send_email"),
                recipients=includes(BROKER),
                content=mentions("quote"),
            ),
            expect(
                "a decision reminder before the notice deadline",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=between("2026-07-15 00:00:00", "2026-08-01 09:00:00"),
            ),
            expect(
                "Sam told to go ahead",
                (StatefulEmailApp, "reply_to_email"),
                email_id=self.quote_id,
                content=mentions_any("yes", "go ahead", "please do", "switch"),
            ),
            either(
                "Beacon told the policy will not renew",
                expect(
                    "reply",
                    (StatefulEmailApp, "reply_to_email"),
                    email_id=self.renewal_id,
                    content=all_of(mentions("cancel"), mentions("BM-44120")),
                ),
                expect(
                    "new email",
                    (StatefulEmailApp, "send_email"),
                    recipients=includes(INSURER),
                    content=all_of(mentions("cancel"), mentions("BM-44120")),
                ),
            ),
            forbid(
                "Sam Ortega is a coworker, not the broker",
                (StatefulEmailApp, "send_email"),
                recipients=includes(COWORKER),
            ),
        )
