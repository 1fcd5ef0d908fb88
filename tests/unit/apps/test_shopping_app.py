"""StatefulShoppingApp: shop screens driven through user tools, and order seeding."""

from __future__ import annotations

import json
from typing import Any

import pytest
from are.simulation.apps.shopping import ShoppingApp
from are.simulation.types import EventType, OperationType

from pytest_pare.apps.shopping import (
    CartView,
    OrderDetailView,
    OrderListView,
    ProductDetail,
    ProductSearchResults,
    ShoppingHome,
    StatefulShoppingApp,
    VariantDetail,
)


@pytest.fixture
def shop(phone: Any) -> StatefulShoppingApp:
    app = StatefulShoppingApp(name="Shopping")
    app.headphones = app.add_product("Wireless Headphones")
    app.black = app.add_item_to_product(app.headphones, 99.0, {"color": "black"})
    app.white = app.add_item_to_product(app.headphones, 89.0, {"color": "white"}, available=False)
    app.mug = app.add_product("Coffee Mug")
    app.mug_item = app.add_item_to_product(app.mug, 12.0)
    app.add_discount_code(app.black, {"SAVE10": 10.0})
    phone.attach(app)
    return app


def test_it_opens_on_the_shop_home(shop: StatefulShoppingApp) -> None:
    assert isinstance(shop.current_state, ShoppingHome)
    assert shop.navigation_stack == []


def test_catalogue_lists_products_by_name(shop: StatefulShoppingApp, phone: Any) -> None:
    listed = phone.tap(shop, "list_products")
    assert list(listed["products"]) == ["Coffee Mug", "Wireless Headphones"]


def test_search_opens_results_then_a_product(shop: StatefulShoppingApp, phone: Any) -> None:
    found = phone.tap(shop, "search_products", query="headph")
    assert [p.name for p in found] == ["Wireless Headphones"]
    assert (
        isinstance(shop.current_state, ProductSearchResults)
        and shop.current_state.query == "headph"
    )
    assert [p.product_id for p in phone.tap(shop, "list_results")] == [shop.headphones]
    phone.tap(shop, "view_product", product_id=shop.headphones)
    assert (
        isinstance(shop.current_state, ProductDetail)
        and shop.current_state.product_id == shop.headphones
    )
    phone.tap(shop, "go_back")
    assert isinstance(shop.current_state, ProductSearchResults)


def test_empty_search_is_a_clear_error(shop: StatefulShoppingApp, phone: Any) -> None:
    with pytest.raises(ValueError, match="search for"):
        phone.tap(shop, "search_products", query="  ")
    assert isinstance(shop.current_state, ShoppingHome)


def test_buying_walks_product_variant_cart_and_order(shop: StatefulShoppingApp, phone: Any) -> None:
    phone.tap(shop, "view_product", product_id=shop.headphones)
    assert set(phone.tap(shop, "show_product").variants) == {shop.black, shop.white}
    variant = phone.tap(shop, "view_variant", item_id=shop.black)
    assert variant["options"] == {"color": "black"} and variant["name"] == "Wireless Headphones"
    assert (
        isinstance(shop.current_state, VariantDetail) and shop.current_state.item_id == shop.black
    )
    phone.tap(shop, "add_to_cart", quantity=2)
    assert isinstance(shop.current_state, CartView)
    assert shop.cart[shop.black].quantity == 2
    assert phone.tap(shop, "check_discount_code", discount_code="SAVE10") == {shop.black: 10.0}
    order_id = phone.tap(shop, "checkout", discount_code="SAVE10")
    assert (
        isinstance(shop.current_state, OrderDetailView) and shop.current_state.order_id == order_id
    )
    assert shop.orders[order_id].order_total == pytest.approx(178.2)
    assert shop.cart == {}
    checkout = phone.events[-1]
    assert (checkout.action.class_name, checkout.action.function_name) == (
        "StatefulShoppingApp",
        "checkout",
    )
    assert checkout.action.args["discount_code"] == "SAVE10"
    assert checkout.action.operation_type == OperationType.WRITE
    # One user action logs one USER event; the backend calls inside are not logged.
    assert {e.event_type for e in phone.events} == {EventType.USER}


def test_a_variant_of_another_product_cannot_be_opened_from_a_product(
    shop: StatefulShoppingApp,
    phone: Any,
) -> None:
    phone.tap(shop, "view_product", product_id=shop.headphones)
    with pytest.raises(ValueError, match="not a variant"):
        phone.tap(shop, "view_variant", item_id=shop.mug_item)
    assert isinstance(shop.current_state, ProductDetail)


def test_unavailable_variant_cannot_go_in_the_cart(shop: StatefulShoppingApp, phone: Any) -> None:
    phone.tap(shop, "view_product", product_id=shop.headphones)
    phone.tap(shop, "view_variant", item_id=shop.white)
    with pytest.raises(ValueError, match="not available"):
        phone.tap(shop, "add_to_cart")
    assert isinstance(shop.current_state, VariantDetail)
    assert phone.events[-1].metadata.exception


def test_removing_from_the_cart_stays_on_the_cart(shop: StatefulShoppingApp, phone: Any) -> None:
    shop.add_to_cart(shop.mug_item, 3)
    phone.tap(shop, "view_cart")
    phone.tap(shop, "remove_item", item_id=shop.mug_item, quantity=2)
    assert isinstance(shop.current_state, CartView)
    assert phone.tap(shop, "list_cart")[shop.mug_item].quantity == 1


def test_order_history_opens_an_order_which_can_be_cancelled(
    shop: StatefulShoppingApp, phone: Any
) -> None:
    shop.add_order("o-1", "processed", 1_700_000_000.0, 12.0, shop.mug_item, 1)
    assert list(phone.tap(shop, "list_orders")) == ["o-1"]
    assert isinstance(shop.current_state, OrderListView)
    phone.tap(shop, "view_order", order_id="o-1")
    assert isinstance(shop.current_state, OrderDetailView)
    assert phone.tap(shop, "view_order").order_status == "processed"
    phone.tap(shop, "cancel_order")
    assert shop.orders["o-1"].order_status == "cancelled"
    phone.tap(shop, "go_back")
    phone.tap(shop, "go_back")
    assert isinstance(shop.current_state, ShoppingHome)


def test_ares_add_order_raises_type_error_and_ours_stores_the_order(
    shop: StatefulShoppingApp,
) -> None:
    plain = ShoppingApp()
    item = plain.add_item_to_product(plain.add_product("Mug"), 12.0)
    with pytest.raises(TypeError):
        plain.add_order("o", "delivered", 1.0, 12.0, item, 1)
    assert shop.add_order("o-2", "delivered", 1_700_000_000, 24.0, shop.mug_item, 2) == "o-2"
    line = shop.orders["o-2"].order_items[shop.mug_item]
    assert (line.quantity, line.price, line.available) == (2, 12.0, True)
    json.dumps(shop.get_state())  # the initial-state snapshot stays JSON-safe


def test_add_order_multiple_items_seeds_every_line(shop: StatefulShoppingApp) -> None:
    shop.add_order_multiple_items("o-3", "shipped", 1.0, 210.0, {shop.black: 2, shop.mug_item: 1})
    order = shop.orders["o-3"]
    assert {k: v.quantity for k, v in order.order_items.items()} == {
        shop.black: 2,
        shop.mug_item: 1,
    }
    assert order.order_items[shop.black].options == {"color": "black"}


@pytest.mark.parametrize(
    ("items", "error"),
    [({}, "at least one item"), ({"nope": 1}, "does not exist"), ({"ITEM": 0}, "positive")],
)
def test_bad_seed_orders_are_clear_errors(
    shop: StatefulShoppingApp, items: dict[str, int], error: str
) -> None:
    items = {(shop.mug_item if k == "ITEM" else k): v for k, v in items.items()}
    with pytest.raises(ValueError, match=error):
        shop.add_order_multiple_items("o-4", "processed", 1.0, 1.0, items)
    assert "o-4" not in shop.orders


def test_seed_order_with_a_non_numeric_date_names_the_parameter(shop: StatefulShoppingApp) -> None:
    with pytest.raises(TypeError, match="order_date"):
        shop.add_order("o-5", "processed", "yesterday", 1.0, shop.mug_item, 1)  # type: ignore[arg-type]


def test_two_shops_share_no_cart() -> None:
    first, second = StatefulShoppingApp(name="Shopping"), StatefulShoppingApp(name="Shopping")
    first.add_to_cart(first.add_item_to_product(first.add_product("Pen"), 1.0))
    assert second.cart == {} and second.products == {}


def test_get_item_gives_an_items_details_and_an_empty_dict_for_an_unknown_id(shop):
    item = shop.get_item(shop.black)

    assert item["name"] == "Wireless Headphones"
    assert item["product_id"] == shop.headphones
    assert item["price"] == 99.0 and item["options"] == {"color": "black"}
    assert shop.get_item("no-such-item") == {}  # as upstream (item_details raises instead)


def test_get_cart_is_the_cart_and_logs_no_event(shop, phone):
    before = len(phone.events)
    assert shop.get_cart() == {}
    shop.add_to_cart(item_id=shop.black, quantity=2)

    cart = shop.get_cart()

    assert list(cart) == [shop.black] and cart[shop.black].quantity == 2
    assert cart == shop.list_cart()
    logged = [e.function_name() for e in phone.events[before:]]
    assert "get_cart" not in logged
