"""The stateful shopping app and its screens."""

from __future__ import annotations

from pytest_pare.apps.shopping.app import StatefulShoppingApp
from pytest_pare.apps.shopping.states import (
    CartView,
    OrderDetailView,
    OrderListView,
    ProductDetail,
    ProductSearchResults,
    ShoppingHome,
    VariantDetail,
)

__all__ = [
    "CartView",
    "OrderDetailView",
    "OrderListView",
    "ProductDetail",
    "ProductSearchResults",
    "ShoppingHome",
    "StatefulShoppingApp",
    "VariantDetail",
]
