"""A signature-required delivery lands while John is away; his neighbour offered to help."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.messaging_v2 import ConversationV2, MessageV2
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.apps import (
    HomeScreenSystemApp,
    PAREAgentUserInterface,
    StatefulEmailApp,
    StatefulMessagingApp,
)
from pytest_pare.apps.calendar import StatefulCalendarApp
from pytest_pare.apps.shopping import StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import (
    all_of,
    check_actions,
    expect,
    forbid,
    mentions,
    mentions_any,
)
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("delivery_during_trip_neighbor")
class DeliveryDuringTripNeighbor(PAREScenario):
    """The espresso machine arrives Tuesday while John is in Chicago; Marta can sign for it."""

    start_time = datetime(2026, 3, 14, 9, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    tags = ("conflict-detection", "multi-app", "communication", "purchasing")
    additional_system_prompt = (
        "You are John. Your neighbour Marta Kowalski collects parcels for you when you "
        "travel. Accept a proposal to ask her."
    )

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.shopping = StatefulShoppingApp(name="Shopping")
        machine = self.shopping.add_product(name="Breville Bambino espresso machine")
        self.machine_item = self.shopping.add_item_to_product(
            product_id=machine, price=299.0, options={"color": "brushed steel"}
        )
        self.order_id = "order-bambino-5521"
        self.shopping.add_order(
            order_id=self.order_id,
            order_status="processed",
            order_date=datetime(2026, 3, 12, 15, 0, tzinfo=UTC).timestamp(),
            order_total=299.0,
            item_id=self.machine_item,
            quantity=1,
        )
        self.calendar = StatefulCalendarApp(name="Calendar")
        self.calendar.set_calendar_event(
            CalendarEvent(
                event_id="evt-chicago-trip",
                title="Chicago - client workshop",
                start_datetime=datetime(2026, 3, 16, 6, 0, tzinfo=UTC).timestamp(),
                end_datetime=datetime(2026, 3, 18, 22, 0, tzinfo=UTC).timestamp(),
                location="Chicago, IL",
            )
        )
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts(
            [("Marta Kowalski", "+15035550191"), ("Marty Kowal", "+15035550777")]
        )
        self.marta_id = self.messaging.name_to_id["Marta Kowalski"]
        self.marty_id = self.messaging.name_to_id["Marty Kowal"]
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id="conv-marta",
                participant_ids=[self.messaging.current_user_id, self.marta_id],
                title="Marta Kowalski",
                last_updated=datetime(2026, 2, 20, 18, 0, tzinfo=UTC).timestamp(),
                messages=[
                    MessageV2(
                        message_id="marta-1",
                        sender_id=self.marta_id,
                        content="Got your box from the porch, it's inside my door. Happy to sign "
                        "for things anytime you're travelling!",
                        timestamp=datetime(2026, 2, 20, 18, 0, tzinfo=UTC).timestamp(),
                    )
                ],
            )
        )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.shopping,
            self.calendar,
            self.messaging,
            self.email,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        shopping = self.get_typed_app(StatefulShoppingApp, "Shopping")
        email = self.get_typed_app(StatefulEmailApp, "Emails")
        messaging = self.get_typed_app(StatefulMessagingApp, "Messages")
        with EventRegisterer.capture_mode():
            shipped = shopping.update_order_status(
                order_id=self.order_id, status="shipped"
            ).delayed(15)
            notice = email.send_email_to_user_with_id(
                email_id="email-parcel-eta",
                sender="tracking@parcelpoint.com",
                subject="Your Breville order arrives Tuesday - signature required",
                content="Delivery window: Tuesday March 17, 10:00-14:00. An adult signature is "
                "required; we will try once and then return the parcel to the depot.",
            ).depends_on(shipped, delay_seconds=20)
            proposal = (
                aui.send_message_to_user(
                    content="Your espresso machine arrives Tue 3/17 (10-14h, signature needed), "
                    "but "
                    "you're in Chicago then. Shall I ask Marta Kowalski to sign for it?"
                )
                .oracle()
                .depends_on(notice, delay_seconds=10)
            )
            accept = (
                aui.accept_proposal(content="Yes, ask Marta.")
                .oracle()
                .depends_on(proposal, delay_seconds=5)
            )
            ask = (
                messaging.send_message(
                    user_id=self.marta_id,
                    content="Hi Marta! I'm in Chicago Tue 3/17 and a parcel needing a signature "
                    "arrives between 10 and 14. Could you sign for it? Thank you!",
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [shipped, notice, proposal, accept, ask]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "Marta asked to sign for the Tuesday delivery",
                "StatefulMessagingApp",
                "send_message",
                user_id=self.marta_id,
                content=all_of(mentions("sign"), mentions_any("tue", "3/17", "17")),
            ),
            forbid(
                "messaging the wrong neighbour",
                "StatefulMessagingApp",
                "send_message",
                user_id=self.marty_id,
            ),
        )
