"""The team asks John to send a get-well basket to a colleague with a nut allergy."""

from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.apps.contacts import Contact
from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulContactsApp, StatefulEmailApp, StatefulShoppingApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, all_of, expect, forbid, mentions, mentions_any


@register_scenario("get_well_gift_basket_nut_free")
class GetWellGiftBasketNutFree(PAREScenario):
    """Ines's contact card notes a tree-nut allergy: order the nut-free basket and tell Tom."""

    start_time = datetime(2026, 11, 3, 14, 0, tzinfo=UTC).timestamp()
    tags = (
        "goal-inference",
        "information-retrieval",
        "multi-app",
        "purchasing",
        "communication",
        "hard",
    )
    additional_system_prompt = (
        "You are John. You volunteered to handle team gifts. Accept ordering something safe "
        "for Ines."
    )

    def init_and_populate_apps(self) -> None:
        self.contacts = StatefulContactsApp(name="Contacts")
        self.contacts.add_contact(
            Contact(
                contact_id="contact-ines-alvarez",
                first_name="Ines",
                last_name="Alvarez",
                job="Product designer (my team)",
                email="ines.alvarez@northwind.io",
                phone="+15035550661",
                description="Severe tree-nut allergy (carries an EpiPen). Vegetarian.",
            )
        )
        self.contacts.add_contact(
            Contact(
                contact_id="contact-tom-becker",
                first_name="Tom",
                last_name="Becker",
                job="Engineering manager",
                email="tom.becker@northwind.io",
            )
        )
        self.shopping = StatefulShoppingApp(name="Shopping")
        basket = self.shopping.add_product(name="Harvest get-well gift basket")
        self.classic = self.shopping.add_item_to_product(
            product_id=basket,
            price=59.0,
            options={"style": "Classic: almonds, pecan brittle, chocolate, tea"},
        )
        self.nut_free = self.shopping.add_item_to_product(
            product_id=basket,
            price=62.0,
            options={"style": "Nut-free: fruit, crackers, cheese, tea"},
        )
        self.email = StatefulEmailApp(name="Emails")
        self.request_id = "email-ines-gift"
        self.apps = [self.email, self.contacts, self.shopping]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            ask = self.email.send_email_to_user_with_id(
                email_id=self.request_id,
                sender="tom.becker@northwind.io",
                subject="Get-well gift for Ines",
                content="Hi John, Ines is home recovering from her surgery. Could you order a "
                "get-well basket from all of us (the Harvest ones are nice)? Reply so I know it's "
                "done. Thanks! Tom",
            ).delayed(30)
            proposal, accept = self.propose(
                "Tom asks you to order a get-well basket for Ines. Her contact notes a severe "
                "tree-nut allergy, so the Classic basket (almonds, pecans) is out. Shall I order "
                "the nut-free Harvest basket ($62) and reply to Tom?",
                after=ask,
                accept="Good catch, yes.",
            )
            add = self.oracle(self.shopping, after=accept).add_to_cart(
                item_id=self.nut_free, quantity=1
            )
            buy = self.oracle(self.shopping, after=add).checkout()
            reply = self.oracle(self.email, after=buy).reply_to_email(
                email_id=self.request_id,
                content="Done: I ordered the nut-free Harvest basket (fruit, crackers, cheese, "
                "tea) for Ines, since she has a tree-nut allergy. - John",
            )
        self.events = [ask, proposal, accept, add, buy, reply]

    def expected_actions(self) -> Rules:
        return (
            expect(
                "the nut-free basket in the cart",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.nut_free,
                quantity=1,
            ),
            expect("the basket ordered", (StatefulShoppingApp, "checkout")),
            expect(
                "Tom told it is ordered",
                (StatefulEmailApp, "reply_to_email"),
                email_id=self.request_id,
                content=all_of(mentions_any("ordered", "done", "sent"), mentions("nut")),
            ),
            forbid(
                "the basket with nuts",
                (StatefulShoppingApp, "add_to_cart"),
                item_id=self.classic,
            ),
        )
