"""``StatefulApartmentApp``: ARE's ApartmentListingApp with home, search and favourites screens."""

from __future__ import annotations

from are.simulation.apps.apartment_listing import Apartment, ApartmentListingApp

from pytest_pare.apps.apartment.states import (
    ApartmentDetail,
    ApartmentFavorites,
    ApartmentHome,
    ApartmentSearch,
)
from pytest_pare.apps.core import StatefulApp, UserAction

__all__ = ["StatefulApartmentApp"]


class StatefulApartmentApp(StatefulApp, ApartmentListingApp):
    """Apartment listings whose user sees one screen at a time; the assistant keeps ARE's API."""

    def __init__(
        self,
        name: str | None = None,
        apartments: dict[str, Apartment] | None = None,
        saved_apartments: list[str] | None = None,
    ) -> None:
        super().__init__(
            name=name,
            apartments={} if apartments is None else apartments,
            saved_apartments=[] if saved_apartments is None else saved_apartments,
        )

    def create_root_state(self) -> ApartmentHome:
        """The home screen."""
        return ApartmentHome()

    def transition(self, action: UserAction) -> None:
        """Screen changes of section 4.3 of the spec."""
        state = self.current_state
        if action.state is not None and action.state is not state:
            return
        name = action.function_name
        if name == "view_apartment" and isinstance(
            state, ApartmentHome | ApartmentSearch | ApartmentFavorites
        ):
            self.set_current_state(ApartmentDetail(action.args["apartment_id"]))
        elif isinstance(state, ApartmentHome) and name == "open_search":
            self.set_current_state(ApartmentSearch())
        elif isinstance(state, ApartmentHome) and name == "open_favorites":
            self.set_current_state(ApartmentFavorites())
