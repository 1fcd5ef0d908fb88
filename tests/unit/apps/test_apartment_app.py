"""StatefulApartmentApp: browse, search, save and unsave listings through the screens."""

from __future__ import annotations

from typing import Any

import pytest
from are.simulation.apps.apartment_listing import Apartment
from are.simulation.types import EventType, OperationType

from pytest_pare.apps.apartment import (
    ApartmentDetail,
    ApartmentFavorites,
    ApartmentHome,
    ApartmentSearch,
    StatefulApartmentApp,
)


@pytest.fixture
def flats(phone: Any) -> StatefulApartmentApp:
    app = StatefulApartmentApp(name="Apartment")
    app.loft = app.add_new_apartment(
        "Harbor Loft", "Seattle", "98101", 2400.0, 1, 1, 700, "Apartment",
        pet_policy="Pets allowed", amenities=["Gym", "Elevator"],
    )  # fmt: skip
    app.house = app.add_new_apartment(
        "Maple House", "Portland", "97201", 3100.0, 3, 2, 1500, "House", pet_policy="No pets"
    )
    app.studio = app.add_new_apartment("Pine Studio", "Seattle", "98109", 1500.0, 1, 1, 400)
    app.save_apartment(app.house)
    phone.attach(app)
    return app


def test_it_opens_on_the_home_screen_listing_everything(
    flats: StatefulApartmentApp, phone: Any
) -> None:
    assert isinstance(flats.current_state, ApartmentHome)
    assert set(phone.tap(flats, "list_apartments")) == {flats.loft, flats.house, flats.studio}


def test_search_filters_combine_and_results_open_a_listing(
    flats: StatefulApartmentApp, phone: Any
) -> None:
    phone.tap(flats, "open_search")
    assert isinstance(flats.current_state, ApartmentSearch)
    found = phone.tap(flats, "search", location="seattle", max_price=2000)
    assert list(found) == [flats.studio]
    assert list(phone.tap(flats, "search", amenities=["gym"], pet_policy="pets allowed")) == [
        flats.loft
    ]
    assert list(flats.current_state.results) == [flats.loft]
    search = phone.events[-1]
    assert (search.action.class_name, search.action.function_name) == (
        "StatefulApartmentApp",
        "search",
    )
    assert search.action.args["pet_policy"] == "pets allowed"
    phone.tap(flats, "view_apartment", apartment_id=flats.loft)
    assert (
        isinstance(flats.current_state, ApartmentDetail)
        and flats.current_state.apartment_id == flats.loft
    )
    phone.tap(flats, "go_back")
    assert isinstance(flats.current_state, ApartmentSearch) and list(
        flats.current_state.results
    ) == [flats.loft]


def test_an_impossible_price_range_is_a_clear_error(
    flats: StatefulApartmentApp, phone: Any
) -> None:
    phone.tap(flats, "open_search")
    with pytest.raises(ValueError, match="min_price"):
        phone.tap(flats, "search", min_price=3000.0, max_price=1000.0)


def test_saving_from_the_detail_adds_to_the_favourites(
    flats: StatefulApartmentApp, phone: Any
) -> None:
    listing = phone.tap(flats, "view_apartment", apartment_id=flats.loft)
    assert isinstance(listing, Apartment) and listing.name == "Harbor Loft"
    phone.tap(flats, "save")
    phone.tap(flats, "save")  # saving twice changes nothing
    assert (
        flats.saved_apartments == [flats.house, flats.loft] and flats.apartments[flats.loft].saved
    )
    save = phone.events[-1]
    assert save.action.operation_type == OperationType.WRITE
    assert {e.event_type for e in phone.events} == {EventType.USER}
    assert len(phone.events) == 3  # the backend calls inside the tools are not logged


def test_unsaving_from_the_favourites(flats: StatefulApartmentApp, phone: Any) -> None:
    assert list(phone.tap(flats, "open_favorites")) == [flats.house]
    assert isinstance(flats.current_state, ApartmentFavorites)
    phone.tap(flats, "view_apartment", apartment_id=flats.house)
    phone.tap(flats, "unsave")
    assert isinstance(flats.current_state, ApartmentDetail)
    with pytest.raises(ValueError, match="not in saved list"):
        phone.tap(flats, "unsave")
    phone.tap(flats, "go_back")
    assert phone.tap(flats, "list_saved") == {}


def test_a_listing_that_disappeared_is_a_clear_error(
    flats: StatefulApartmentApp, phone: Any
) -> None:
    phone.tap(flats, "view_apartment", apartment_id=flats.studio)
    flats.delete_apartment(flats.studio)  # an environment event
    with pytest.raises(ValueError, match="does not exist"):
        phone.tap(flats, "show_apartment")


def test_opening_an_unknown_listing_stays_home(flats: StatefulApartmentApp, phone: Any) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        phone.tap(flats, "view_apartment", apartment_id="nope")
    assert isinstance(flats.current_state, ApartmentHome) and flats.navigation_stack == []


def test_seeded_favourites_are_flagged_saved() -> None:
    listing = Apartment("A", "B", "1", 1.0, 1, 1, "Flat", 10, apartment_id="a1")
    app = StatefulApartmentApp(
        name="Apartment", apartments={"a1": listing}, saved_apartments=["a1"]
    )
    assert app.apartments["a1"].saved and list(app.list_saved_apartments()) == ["a1"]


def test_two_apartment_apps_share_no_listings() -> None:
    first, second = StatefulApartmentApp(name="Apartment"), StatefulApartmentApp(name="Apartment")
    first.add_new_apartment("X", "Y", "1", 1.0, 1, 1, 10)
    assert second.apartments == {} and second.saved_apartments == []
