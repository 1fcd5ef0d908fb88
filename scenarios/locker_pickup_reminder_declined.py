"""The parcel waits in a locker until Sunday; a reminder is sensible, but John goes tonight."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulReminderApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, declined, mentions_any


@register_scenario("locker_pickup_reminder_declined")
class LockerPickupReminderDeclined(PAREScenario):
    """John passes the locker on his way home tonight: no reminder."""

    start_time = datetime(2026, 10, 14, 13, 0, tzinfo=UTC).timestamp()
    tags = ("rejection", "goal-inference", "timing", "multi-app", "easy")
    additional_system_prompt = (
        "You are John. The parcel locker is at the grocery store you stop at on the way home "
        "tonight; you'll pick it up then. Decline a reminder for it."
    )

    def init_and_populate_apps(self) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        kettle = self.shopping.add_product(name="Fellow Stagg electric kettle")
        self.kettle_item = self.shopping.add_item_to_product(
            product_id=kettle, price=165.0, options={"color": "matte black"}
        )
        self.order_id = "order-kettle-4410"
        self.shopping.add_order(
            order_id=self.order_id,
            order_status="shipped",
            order_date=datetime(2026, 10, 10, 9, 0, tzinfo=UTC).timestamp(),
            order_total=165.0,
            item_id=self.kettle_item,
            quantity=1,
        )
        self.reminders = StatefulReminderApp(name="Reminders")
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.shopping, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            arrived = self.shopping.update_order_status(
                order_id=self.order_id, status="delivered"
            ).delayed(20)
            code = self.email.send_email_to_user_with_id(
                email_id="email-locker-code",
                sender="lockers@parcelhub.com",
                subject="Your parcel is in locker 14 (code 5521)",
                content="Your order order-kettle-4410 is in locker 14 at Fred Meyer Hawthorne. "
                "Code 5521. It will be returned if not collected by Sunday 20:00.",
            ).depends_on(arrived, delay_seconds=5)
            proposal, no = self.propose(
                "Your kettle is in locker 14 at Fred Meyer Hawthorne (code 5521) until Sunday "
                "20:00. Shall I set a reminder for Saturday morning to pick it up?",
                after=code,
                reject="No, I'm stopping there on the way home tonight.",
            )
        self.events = [arrived, code, proposal, no]

    def expected_actions(self) -> Rules:
        return (
            declined(
                "John collects the parcel tonight; no reminder",
                offer=mentions_any("remind", "locker", "pick"),
            ),
        )
