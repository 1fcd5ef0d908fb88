"""John's lease moves to a furnished unit while a sofa and a bed for the old one are on order."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulApartmentApp, StatefulEmailApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid


@register_scenario("furnished_unit_upgrade_cancel_furniture")
class FurnishedUnitUpgradeCancelFurniture(PAREScenario):
    """Unit 6's listing includes a sofa and a bed: cancel those two orders, keep the lamp."""

    start_time = datetime(2026, 7, 8, 11, 0, tzinfo=UTC).timestamp()
    tags = (
        "conflict-detection",
        "information-retrieval",
        "multi-app",
        "purchasing",
        "housing",
        "hard",
    )
    additional_system_prompt = (
        "You are John, moving to Alberta Commons next month. You ordered furniture for the "
        "empty unit you first signed for. Accept cancelling what the new unit already has."
    )

    def init_and_populate_apps(self) -> None:
        self.apartments = StatefulApartmentApp(name="Apartment")
        for name, furnished, amenities in (
            ("Alberta Commons 3", "Unfurnished", ["In-unit laundry"]),
            (
                "Alberta Commons 6",
                "Furnished",
                ["In-unit laundry", "Sofa", "Queen bed frame and mattress", "Dining table"],
            ),
        ):
            self.apartments.add_new_apartment(
                name=name,
                location="1720 NE Alberta St, Portland",
                zip_code="97211",
                price=1980.0,
                number_of_bedrooms=1,
                number_of_bathrooms=1,
                square_footage=690,
                property_type="Apartment",
                furnished_status=furnished,
                amenities=amenities,
            )
        self.shopping = StatefulShoppingApp(name="Shopping")
        self.orders = {}
        for key, name, options, price, status in (
            ("sofa", "Article Sven 3-seat sofa", {"color": "charme tan"}, 1299.0, "processed"),
            ("bed", "Zinus platform bed frame", {"size": "queen"}, 289.0, "processed"),
            ("lamp", "Arc floor lamp", {"finish": "brass"}, 149.0, "shipped"),
        ):
            product = self.shopping.add_product(name=name)
            item = self.shopping.add_item_to_product(
                product_id=product, price=price, options=options
            )
            self.orders[key] = f"order-{key}-2201"
            self.shopping.add_order(
                order_id=self.orders[key],
                order_status=status,
                order_date=datetime(2026, 7, 2, 20, 0, tzinfo=UTC).timestamp(),
                order_total=price,
                item_id=item,
                quantity=1,
            )
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [self.email, self.shopping, self.apartments]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            moved = self.email.send_email_to_user_with_id(
                email_id="email-alberta-unit-6",
                sender="leasing@albertacommons.com",
                subject="Your lease is now for unit 6",
                content="Hi John, as agreed on the phone, your lease from August 1 is for unit 6 "
                "instead of unit 3, same rent. Unit 6 is let furnished; the listing in the app "
                "shows what's included. - Rosa, Alberta Commons",
            ).delayed(30)
            proposal, accept = self.propose(
                "Your lease moved to Alberta Commons 6, which comes with a sofa and a queen bed "
                "frame and mattress. Your sofa and bed-frame orders haven't shipped yet. Shall I "
                "cancel both? The floor lamp isn't included in the flat, so it stays.",
                after=moved,
                accept="Yes, cancel them.",
            )
            sofa = self.oracle(self.shopping, after=accept).cancel_order(
                order_id=self.orders["sofa"]
            )
            bed = self.oracle(self.shopping, after=sofa).cancel_order(order_id=self.orders["bed"])
        self.events = [moved, proposal, accept, sofa, bed]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the sofa order cancelled",
                (StatefulShoppingApp, "cancel_order"),
                order_id=self.orders["sofa"],
            ),
            expect(
                "the bed-frame order cancelled",
                (StatefulShoppingApp, "cancel_order"),
                order_id=self.orders["bed"],
            ),
            forbid(
                "the lamp, which the flat doesn't have, cancelled",
                (StatefulShoppingApp, "cancel_order"),
                order_id=self.orders["lamp"],
            ),
        )
