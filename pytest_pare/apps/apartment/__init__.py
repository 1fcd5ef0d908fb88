"""The stateful apartment listing app and its screens."""

from __future__ import annotations

from pytest_pare.apps.apartment.app import StatefulApartmentApp
from pytest_pare.apps.apartment.states import (
    ApartmentDetail,
    ApartmentFavorites,
    ApartmentHome,
    ApartmentSearch,
)

__all__ = [
    "ApartmentDetail",
    "ApartmentFavorites",
    "ApartmentHome",
    "ApartmentSearch",
    "StatefulApartmentApp",
]
