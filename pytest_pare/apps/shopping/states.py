"""Screens of the shopping app: home, search results, product, variant, cart and orders."""

from __future__ import annotations

from typing import Any

from are.simulation.apps.shopping import CartItem, Order, Product, ProductListResult
from are.simulation.tool_utils import OperationType
from are.simulation.types import disable_events

from pytest_pare.apps.core import AppState
from pytest_pare.apps.tool_decorators import pare_event_registered, user_tool

__all__ = [
    "CartView",
    "OrderDetailView",
    "OrderListView",
    "ProductDetail",
    "ProductSearchResults",
    "ShoppingHome",
    "VariantDetail",
]


class _OpensProducts(AppState):
    """A screen listing products: tapping one opens it, and the search bar is at the top."""

    @user_tool()
    @pare_event_registered()
    def view_product(self, product_id: str) -> Product:
        """Open a product.

        Args:
            product_id: id of the product.

        Returns:
            The product with its variants (items).
        """
        with disable_events():
            return self.app.get_product_details(product_id=product_id)

    @user_tool()
    @pare_event_registered()
    def search_products(self, query: str) -> list[Product]:
        """Search the catalogue by product name (opens the results).

        Args:
            query: part of the product name (case-insensitive).

        Returns:
            The first page of matching products.
        """
        if not query.strip():
            raise ValueError("Type something to search for, e.g. 'headphones'.")
        with disable_events():
            return self.app.search_product(product_name=query)


class ShoppingHome(_OpensProducts):
    """The shop's front page: catalogue, search, cart and orders."""

    @user_tool()
    @pare_event_registered()
    def list_products(self, offset: int = 0, limit: int = 10) -> ProductListResult:
        """List the catalogue by product name.

        Args:
            offset: index of the first product.
            limit: how many products.

        Returns:
            "products" (name -> product id) and "metadata" (range, total).
        """
        with disable_events():
            return self.app.list_all_products(offset=offset, limit=limit)

    @user_tool()
    @pare_event_registered()
    def view_cart(self) -> dict[str, CartItem]:
        """Open the cart.

        Returns:
            The cart's items by item id.
        """
        with disable_events():
            return dict(self.app.list_cart())

    @user_tool()
    @pare_event_registered()
    def list_orders(self) -> dict[str, Order]:
        """Open the order history.

        Returns:
            The orders by order id.
        """
        with disable_events():
            return dict(self.app.list_orders())


class ProductSearchResults(_OpensProducts):
    """The products whose name matches a search."""

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query = query

    @user_tool()
    @pare_event_registered()
    def list_results(self, offset: int = 0, limit: int = 10) -> list[Product]:
        """List the products matching this search.

        Args:
            offset: index of the first result.
            limit: how many results.

        Returns:
            The matching products.
        """
        with disable_events():
            return self.app.search_product(product_name=self.query, offset=offset, limit=limit)


class ProductDetail(AppState):
    """One product and its variants (items)."""

    def __init__(self, product_id: str) -> None:
        super().__init__()
        self.product_id = product_id

    @user_tool()
    @pare_event_registered()
    def show_product(self) -> Product:
        """Show this product and its variants.

        Returns:
            The product.
        """
        with disable_events():
            return self.app.get_product_details(product_id=self.product_id)

    @user_tool()
    @pare_event_registered()
    def view_variant(self, item_id: str) -> dict[str, Any]:
        """Open one variant of this product.

        Args:
            item_id: id of the variant (item).

        Returns:
            The variant: price, availability, options, product name.
        """
        with disable_events():
            product = self.app.get_product_details(product_id=self.product_id)
        if item_id not in product.variants:
            raise ValueError(
                f"Item {item_id} is not a variant of {product.name!r}; "
                f"its variants are {sorted(product.variants)}."
            )
        return self.app.item_details(item_id)


class VariantDetail(AppState):
    """One purchasable variant (item) of a product."""

    def __init__(self, item_id: str) -> None:
        super().__init__()
        self.item_id = item_id

    @user_tool()
    @pare_event_registered()
    def show_item(self) -> dict[str, Any]:
        """Show this variant.

        Returns:
            Price, availability, options and product name.
        """
        return self.app.item_details(self.item_id)

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def add_to_cart(self, quantity: int = 1) -> str:
        """Put this variant in the cart (opens the cart).

        Args:
            quantity: how many to add.

        Returns:
            The item id.
        """
        with disable_events():
            return self.app.add_to_cart(item_id=self.item_id, quantity=quantity)


class CartView(AppState):
    """The cart."""

    @user_tool()
    @pare_event_registered()
    def list_cart(self) -> dict[str, CartItem]:
        """List what is in the cart.

        Returns:
            The cart's items by item id.
        """
        with disable_events():
            return dict(self.app.list_cart())

    @user_tool()
    @pare_event_registered()
    def check_discount_code(self, discount_code: str) -> dict[str, float]:
        """See which items a discount code applies to.

        Args:
            discount_code: the code.

        Returns:
            Item id -> discount percentage, for the items the code works on.
        """
        with disable_events():
            return self.app.get_discount_code_info(discount_code=discount_code)

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def remove_item(self, item_id: str, quantity: int = 1) -> str:
        """Take some of an item out of the cart.

        Args:
            item_id: id of the item.
            quantity: how many to remove.

        Returns:
            The item id.
        """
        with disable_events():
            return self.app.remove_from_cart(item_id=item_id, quantity=quantity)

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def checkout(self, discount_code: str | None = None) -> str:
        """Buy the cart (opens the new order). A code must be valid for every item.

        Args:
            discount_code: optional discount code.

        Returns:
            The id of the new order.
        """
        with disable_events():
            return self.app.checkout(discount_code=discount_code)


class OrderListView(AppState):
    """The order history."""

    @user_tool()
    @pare_event_registered()
    def list_orders(self) -> dict[str, Order]:
        """List all orders.

        Returns:
            The orders by order id.
        """
        with disable_events():
            return dict(self.app.list_orders())

    @user_tool()
    @pare_event_registered()
    def view_order(self, order_id: str) -> Order:
        """Open an order.

        Args:
            order_id: id of the order.

        Returns:
            The order.
        """
        with disable_events():
            return self.app.get_order_details(order_id=order_id)


class OrderDetailView(AppState):
    """One order."""

    def __init__(self, order_id: str) -> None:
        super().__init__()
        self.order_id = order_id

    @user_tool()
    @pare_event_registered()
    def view_order(self) -> Order:
        """Show this order.

        Returns:
            The order: status, date, total and items.
        """
        with disable_events():
            return self.app.get_order_details(order_id=self.order_id)

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def cancel_order(self) -> str:
        """Cancel this order (only while it is processed or shipped).

        Returns:
            The order id.
        """
        with disable_events():
            return self.app.cancel_order(order_id=self.order_id)
