"""The roofer promises a quote by Friday; a week later nothing has come and Maya asks about it."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.email_client import Email, EmailFolderName
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulMessagingApp, StatefulReminderApp
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

ROOFER = "dave@ridgelineroofing.com"
GUTTERS = "bookings@clearflowgutters.com"
DAY = 86400


@register_scenario("roofer_quote_silence_followup")
class RooferQuoteSilenceFollowup(PAREScenario):
    """A Friday check reminder now; the Monday after, chase Ridgeline and tell Maya."""

    start_time = datetime(2026, 6, 8, 9, 0, tzinfo=UTC).timestamp()
    tags = (
        "long-horizon",
        "follow-up",
        "timing",
        "multi-app",
        "scheduling",
        "communication",
        "hard",
    )
    additional_system_prompt = (
        "You are John. A leak in the attic needs fixing before the autumn rains; you asked "
        "Ridgeline Roofing for a written quote. Accept help keeping track of it and chasing it."
    )

    def init_and_populate_apps(self) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.email.add_email(
            Email(
                email_id="email-sent-roof-request",
                sender="john@pare.com",
                recipients=[ROOFER],
                subject="Quote for attic leak repair",
                content="Hi Dave, could you quote for fixing the leak above the back bedroom "
                "(flashing around the chimney, I think)? Thanks, John",
                timestamp=datetime(2026, 6, 1, 19, 0, tzinfo=UTC).timestamp(),
                is_read=True,
            ),
            EmailFolderName.SENT,
        )
        self.gutter_quote_id = "email-clearflow-quote"
        self.email.add_email(
            Email(
                email_id=self.gutter_quote_id,
                sender=GUTTERS,
                recipients=["john@pare.com"],
                subject="Your gutter cleaning quote",
                content="Hi John, cleaning front and back gutters: $240. Reply to book a date.",
                timestamp=datetime(2026, 6, 3, 11, 0, tzinfo=UTC).timestamp(),
                is_read=True,
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Maya Doe", "+15035550312"), ("Ray Okafor", "+15035550389")])
        self.maya_id = self.messaging.name_to_id["Maya Doe"]
        self.conv_id = "conv-maya"
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id=self.conv_id,
                participant_ids=[self.messaging.current_user_id, self.maya_id],
                title="Maya Doe",
                last_updated=datetime(2026, 6, 7, 20, 0, tzinfo=UTC).timestamp(),
            )
        )
        self.reminders = StatefulReminderApp(name="Reminders")
        self.promise_id = "email-ridgeline-promise"
        self.apps = [self.email, self.messaging, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            promise = self.email.send_email_to_user_with_id(
                email_id=self.promise_id,
                sender=ROOFER,
                subject="Re: Quote for attic leak repair",
                content="Hi John, thanks for letting me up on Saturday. It is the chimney "
                "flashing. I'll have the written quote to you by Friday June 12. Dave, Ridgeline",
            ).delayed(30)
            proposal, accept = self.propose(
                "Dave from Ridgeline promises the roof quote by Friday June 12. Shall I set a "
                "reminder for Friday at 17:00 to check it arrived?",
                after=promise,
                accept="Yes please.",
            )
            remind = self.oracle(self.reminders, after=accept).add_reminder(
                title="Check Ridgeline roof quote arrived",
                due_datetime="2026-06-12 17:00:00",
                description="Dave promised the written quote for the chimney flashing by Friday.",
            )
            booked = self.email.send_email_to_user_with_id(
                email_id="email-clearflow-booked",
                sender=GUTTERS,
                subject="Gutter cleaning booked: Thu June 18",
                content="Your gutter cleaning is booked for Thursday June 18, 8-10am.",
            ).depends_on(promise, delay_seconds=2 * DAY)
            ask = self.messaging.create_and_add_message(
                conversation_id=self.conv_id,
                sender_id=self.maya_id,
                content="Did the roofer ever send that quote? Forecast says heavy rain from "
                "Thursday, I'd like the chimney sorted.",
            ).depends_on(promise, delay_seconds=7 * DAY)
            nudge, go = self.propose(
                "No quote from Ridgeline has arrived; Dave promised it for Friday June 12. Shall "
                "I email him to follow up (rain is forecast from Thursday) and tell Maya you're "
                "chasing it?",
                after=ask,
                accept="Yes, do both.",
            )
            chase = self.oracle(self.email, after=go).reply_to_email(
                email_id=self.promise_id,
                content="Hi Dave, I haven't received the roof quote yet (you mentioned Friday "
                "June 12). Could you send it today? Rain is forecast from Thursday. Thanks, John",
            )
            tell = self.oracle(self.messaging, after=chase).send_message(
                user_id=self.maya_id,
                content="No quote yet from Ridgeline - I've just emailed Dave to chase it.",
            )
        self.events = [promise, proposal, accept, remind, booked, ask, nudge, go, chase, tell]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a reminder on the promised Friday to check for the quote",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=between("2026-06-12 08:00:00", "2026-06-12 23:59:00"),
            ),
            either(
                "Dave chased for the overdue quote",
                expect(
                    "reply",
                    (StatefulEmailApp, "reply_to_email"),
                    email_id=self.promise_id,
                    content=mentions("quote"),
                ),
                expect(
                    "new email",
                    (StatefulEmailApp, "send_email"),
                    recipients=includes(ROOFER),
                    content=mentions("quote"),
                ),
            ),
            expect(
                "Maya told the roofer is being chased",
                (StatefulMessagingApp, "send_message"),
                user_id=self.maya_id,
                content=all_of(
                    mentions_any("roof", "ridgeline", "dave", "quote"),
                    mentions_any("email", "chas", "follow", "asked", "wrote", "nudge"),
                ),
            ),
            forbid(
                "the gutter company is not the roofer",
                (StatefulEmailApp, "reply_to_email"),
                email_id=self.gutter_quote_id,
            ),
        )
