"""A code for the espresso grinder John wants expires Friday, but he waits for Thursday's payday."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulReminderApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, between, expect, forbid, mentions


@register_scenario("promo_expiry_payday_reminder")
class PromoExpiryPaydayReminder(PAREScenario):
    """Remind John on Thursday (payday) about GRIND15 before it expires Friday; don't buy now."""

    start_time = datetime(2026, 5, 18, 12, 0, tzinfo=UTC).timestamp()
    tags = ("timing", "multi-app", "follow-up", "purchasing", "scheduling", "medium")
    additional_system_prompt = (
        "You are John. You get paid on Thursday and never buy big items before payday."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        grinder = self.shopping.add_product(name="Baratza Encore ESP grinder")
        self.grinder_item = self.shopping.add_item_to_product(
            product_id=grinder, price=199.0, options={"color": "black"}
        )
        self.shopping.add_discount_code(self.grinder_item, {"GRIND15": 15.0})
        self.email = StatefulEmailApp(name="Emails")
        self.reminders = StatefulReminderApp(name="Reminders")
        self.reminders.add_reminder(
            title="Payday - transfer rent",
            due_datetime="2026-05-21 09:00:00",
            description="Rent $1,985 to leasing office",
        )
        self.apps = [self.email, self.shopping, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            promo = self.email.send_email_to_user_with_id(
                email_id="email-grind15",
                sender="hello@brewgear.com",
                subject="15% off the Encore ESP - ends Friday",
                content="Code GRIND15 takes 15% off the Baratza Encore ESP grinder until Friday "
                "May 22 at 23:59.",
            ).delayed(30)
            proposal, accept = self.propose(
                "GRIND15 takes 15% off the Encore ESP grinder until Friday. Since you buy after "
                "payday, shall I remind you Thursday at 12:00 to order it with the code?",
                after=promo,
                accept="Yes, Thursday.",
            )
            remind = self.oracle(self.reminders, after=accept).add_reminder(
                title="Order Encore ESP grinder with GRIND15",
                due_datetime="2026-05-21 12:00:00",
                description="15% off until Fri May 22 23:59",
            )
        self.events = [promo, proposal, accept, remind]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "a reminder on payday (Thu) to use GRIND15 before Friday night",
                (StatefulReminderApp, "add_reminder"),
                due_datetime=between("2026-05-21 00:00:00", "2026-05-22 20:00:00"),
                title=mentions("grind"),
            ),
            forbid("buying before payday", (StatefulShoppingApp, "checkout")),
        )
