"""``StatefulShoppingApp``: ARE's ShoppingApp with shop screens and working order seeding."""

from __future__ import annotations

from typing import Any

from are.simulation.apps.shopping import CartItem, Order, Product, ShoppingApp
from are.simulation.tool_utils import data_tool

from pytest_pare.apps.core import StatefulApp, UserAction
from pytest_pare.apps.shopping.states import (
    CartView,
    OrderDetailView,
    OrderListView,
    ProductDetail,
    ProductSearchResults,
    ShoppingHome,
    VariantDetail,
)

__all__ = ["StatefulShoppingApp"]

# Upstream's transition table also answers to these backend names on the home screen.
_OPEN_PRODUCT = {"view_product", "get_product", "get_product_details"}
_OPEN_VARIANT = {"view_variant", "get_item", "get_item_details", "_get_item"}
_OPEN_CART = {"view_cart", "add_to_cart", "list_cart", "get_cart"}
_OPEN_ORDER = {"view_order", "get_order_details"}


def _check_seed_order(order_id: Any, status: Any, order_date: Any, order_total: Any) -> None:
    # Not ARE's @type_check: it rejects an int timestamp for a float parameter.
    if not isinstance(order_id, str) or not order_id:
        raise TypeError(f"order_id must be a non-empty string, got {order_id!r}.")
    if not isinstance(status, str):
        raise TypeError(f"order_status must be a string such as 'delivered', got {status!r}.")
    for label, value in (("order_date", order_date), ("order_total", order_total)):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"{label} must be a number (epoch seconds / amount), got {value!r}.")


class StatefulShoppingApp(StatefulApp, ShoppingApp):
    """Shop whose user sees one screen at a time; the assistant keeps ARE's flat API."""

    def __init__(
        self,
        name: str | None = None,
        products: dict[str, Product] | None = None,
        cart: dict[str, CartItem] | None = None,
        orders: dict[str, Order] | None = None,
        discount_codes: dict[str, dict[str, float]] | None = None,
    ) -> None:
        super().__init__(
            name=name,
            products={} if products is None else products,
            cart={} if cart is None else cart,
            orders={} if orders is None else orders,
            discount_codes={} if discount_codes is None else discount_codes,
        )

    def create_root_state(self) -> ShoppingHome:
        """The shop's front page."""
        return ShoppingHome()

    def item_details(self, item_id: str) -> dict[str, Any]:
        """An item's fields plus its product's name and id; a clear error if unknown."""
        details = self._get_item(item_id)
        if not details:
            raise ValueError(
                f"Item {item_id} does not exist; item ids come from add_item_to_product "
                "or a product's variants."
            )
        return details

    def get_item(self, item_id: str) -> dict[str, Any]:
        """An item's fields plus its product's name and id; ``{}`` for an unknown id.

        Upstream's name for ARE's ``_get_item`` (no event is logged); ``item_details``
        is the strict form that raises on an unknown id.
        """
        return self._get_item(item_id)

    def get_cart(self) -> dict[str, CartItem]:
        """The cart, item id -> ``CartItem`` (upstream's name for ``list_cart``; no event)."""
        return self.cart

    def _order_item(self, item_id: str, quantity: int) -> CartItem:
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
            raise ValueError(f"Quantity of item {item_id} must be positive, got {quantity}.")
        details = self.item_details(item_id)
        # ARE's add_order passes every key of _get_item (name, product_id, ...) to
        # CartItem, which accepts only these, hence its TypeError.
        return CartItem(
            item_id=details["item_id"],
            quantity=quantity,
            price=details["price"],
            available=details["available"],
            options=dict(details["options"]),
        )

    @data_tool()
    def add_order(
        self,
        order_id: str,
        order_status: str,
        order_date: float,
        order_total: float,
        item_id: str,
        quantity: int,
    ) -> str:
        """Add a past order of one item (scenario seeding).

        Args:
            order_id: id of the order.
            order_status: status, e.g. "processed", "shipped", "delivered", "cancelled".
            order_date: when it was ordered, epoch seconds.
            order_total: the amount paid.
            item_id: the item ordered.
            quantity: how many.

        Returns:
            The order id.
        """
        return self.add_order_multiple_items(
            order_id=order_id,
            order_status=order_status,
            order_date=order_date,
            order_total=order_total,
            items={item_id: quantity},
        )

    @data_tool()
    def add_order_multiple_items(
        self,
        order_id: str,
        order_status: str,
        order_date: float,
        order_total: float,
        items: dict[str, int],
    ) -> str:
        """Add a past order of several items (scenario seeding).

        Args:
            order_id: id of the order.
            order_status: status, e.g. "processed", "shipped", "delivered", "cancelled".
            order_date: when it was ordered, epoch seconds.
            order_total: the amount paid.
            items: item id -> quantity.

        Returns:
            The order id.
        """
        _check_seed_order(order_id, order_status, order_date, order_total)
        if not isinstance(items, dict) or not items:
            raise ValueError(f"Order {order_id} needs at least one item ({{item_id: quantity}}).")
        order_items = {item_id: self._order_item(item_id, qty) for item_id, qty in items.items()}
        self.orders[order_id] = Order(
            order_status=order_status,
            order_date=order_date,
            order_total=order_total,
            order_id=order_id,
            order_items=order_items,
        )
        return order_id

    def transition(self, action: UserAction) -> None:
        """Screen changes of section 4.3 of the spec, plus the search results screen."""
        state = self.current_state
        if action.state is not None and action.state is not state:
            return
        name, args = action.function_name, action.args
        target: Any = None
        if isinstance(state, ShoppingHome | ProductSearchResults):
            if name in _OPEN_PRODUCT and args.get("product_id"):
                target = ProductDetail(args["product_id"])
            elif name == "search_products":
                target = ProductSearchResults(args["query"])
            elif isinstance(state, ShoppingHome):
                if name in _OPEN_VARIANT and args.get("item_id"):
                    target = VariantDetail(args["item_id"])
                elif name in _OPEN_CART:
                    target = CartView()
                elif name == "list_orders":
                    target = OrderListView()
        elif isinstance(state, ProductDetail | VariantDetail):
            if name in _OPEN_VARIANT and args.get("item_id"):
                target = VariantDetail(args["item_id"])
            elif name == "add_to_cart":
                target = CartView()
        elif isinstance(state, CartView):
            if name == "checkout" and isinstance(action.result, str):
                target = OrderDetailView(action.result)
        elif isinstance(state, OrderListView):
            if name in _OPEN_ORDER and args.get("order_id"):
                target = OrderDetailView(args["order_id"])
        if target is not None:
            self.set_current_state(target)
