"""The stateful cab app and its screens."""

from __future__ import annotations

from pytest_pare.apps.cab.app import StatefulCabApp
from pytest_pare.apps.cab.states import (
    CabHome,
    CabQuotationDetail,
    CabRideDetail,
    CabServiceOptions,
)

__all__ = ["CabHome", "CabQuotationDetail", "CabRideDetail", "CabServiceOptions", "StatefulCabApp"]
