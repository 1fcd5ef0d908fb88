"""Screens of the apartment app: home, search, favourites and one listing."""

from __future__ import annotations

from are.simulation.apps.apartment_listing import Apartment
from are.simulation.tool_utils import OperationType
from are.simulation.types import disable_events

from pytest_pare.apps.core import AppState
from pytest_pare.apps.tool_decorators import pare_event_registered, user_tool

__all__ = ["ApartmentDetail", "ApartmentFavorites", "ApartmentHome", "ApartmentSearch"]


class _OpensListings(AppState):
    """A screen of listings; tapping one opens it."""

    @user_tool()
    @pare_event_registered()
    def view_apartment(self, apartment_id: str) -> Apartment:
        """Open a listing.

        Args:
            apartment_id: id of the listing.

        Returns:
            The listing.
        """
        with disable_events():
            return self.app.get_apartment_details(apartment_id=apartment_id)


class ApartmentHome(_OpensListings):
    """All listings, with the way to search and to the favourites."""

    @user_tool()
    @pare_event_registered()
    def list_apartments(self) -> dict[str, Apartment]:
        """List every listing.

        Returns:
            Listing id -> listing.
        """
        with disable_events():
            return dict(self.app.list_all_apartments())

    @user_tool()
    @pare_event_registered()
    def open_search(self) -> str:
        """Open the search screen.

        Returns:
            A confirmation.
        """
        return "Apartment search is open."

    @user_tool()
    @pare_event_registered()
    def open_favorites(self) -> dict[str, Apartment]:
        """Open the saved listings.

        Returns:
            Listing id -> listing, for the saved ones.
        """
        with disable_events():
            return self.app.list_saved_apartments()


class ApartmentSearch(_OpensListings):
    """Search listings by any combination of filters; the last results stay shown."""

    def __init__(self) -> None:
        super().__init__()
        self.results: dict[str, Apartment] = {}

    @user_tool()
    @pare_event_registered()
    def search(
        self,
        name: str | None = None,
        location: str | None = None,
        zip_code: str | None = None,
        min_price: float | None = None,
        max_price: float | None = None,
        number_of_bedrooms: int | None = None,
        number_of_bathrooms: int | None = None,
        property_type: str | None = None,
        square_footage: int | None = None,
        furnished_status: str | None = None,
        floor_level: str | None = None,
        pet_policy: str | None = None,
        lease_term: str | None = None,
        amenities: list[str] | None = None,
    ) -> dict[str, Apartment]:
        """Search listings; every filter is optional and they combine.

        Args:
            name: part of the listing's name.
            location: part of the location.
            zip_code: exact zip code.
            min_price: lowest price.
            max_price: highest price.
            number_of_bedrooms: exact number of bedrooms.
            number_of_bathrooms: exact number of bathrooms.
            property_type: Apartment, Condo, ...
            square_footage: minimum square footage.
            furnished_status: Furnished, Unfurnished or Semi-furnished.
            floor_level: Ground floor, Upper floors, Penthouse, Basement.
            pet_policy: Pets allowed, No pets, Cats allowed, Dogs allowed.
            lease_term: Month-to-month, 6 months, 1 year, Long term lease.
            amenities: amenities the listing must all have.

        Returns:
            Listing id -> listing, for the matches.
        """
        if min_price is not None and max_price is not None and min_price > max_price:
            raise ValueError(f"min_price ({min_price}) is above max_price ({max_price}).")
        with disable_events():
            self.results = self.app.search_apartments(
                name=name,
                location=location,
                zip_code=zip_code,
                min_price=min_price,
                max_price=max_price,
                number_of_bedrooms=number_of_bedrooms,
                number_of_bathrooms=number_of_bathrooms,
                property_type=property_type,
                square_footage=square_footage,
                furnished_status=furnished_status,
                floor_level=floor_level,
                pet_policy=pet_policy,
                lease_term=lease_term,
                amenities=amenities,
            )
        return self.results


class ApartmentFavorites(_OpensListings):
    """The saved listings."""

    @user_tool()
    @pare_event_registered()
    def list_saved(self) -> dict[str, Apartment]:
        """List the saved listings.

        Returns:
            Listing id -> listing.
        """
        with disable_events():
            return self.app.list_saved_apartments()


class ApartmentDetail(AppState):
    """One listing."""

    def __init__(self, apartment_id: str) -> None:
        super().__init__()
        self.apartment_id = apartment_id

    @user_tool()
    @pare_event_registered()
    def show_apartment(self) -> Apartment:
        """Show this listing.

        Returns:
            The listing.
        """
        with disable_events():
            return self.app.get_apartment_details(apartment_id=self.apartment_id)

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def save(self) -> str:
        """Save this listing to the favourites (nothing changes if it is already saved).

        Returns:
            A confirmation.
        """
        with disable_events():
            self.app.save_apartment(apartment_id=self.apartment_id)
        return f"Apartment {self.apartment_id} is saved."

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def unsave(self) -> str:
        """Remove this listing from the favourites.

        Returns:
            A confirmation.
        """
        with disable_events():
            self.app.remove_saved_apartment(apartment_id=self.apartment_id)
        return f"Apartment {self.apartment_id} is no longer saved."
