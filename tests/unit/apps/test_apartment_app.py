"""StatefulApartmentApp: browse, search, save and unsave listings through the screens."""

from __future__ import annotations

from typing import Any

import pytest
from are.simulation.apps.apartment_listing import Apartment
from are.simulation.types import CompletedEvent, EventType, OperationType

from pytest_pare.apps.apartment import (
    ApartmentDetail,
    ApartmentFavorites,
    ApartmentHome,
    ApartmentSearch,
    StatefulApartmentApp,
)


class Phone:
    """Stands in for the environment: logs the app's events, moves screens after USER events."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.events: list[CompletedEvent] = []
        app.register_to_env("phone", self._log)

    def _log(self, event: CompletedEvent) -> None:
        self.events.append(event)
        if event.event_type == EventType.USER:
            self.app.handle_state_transition(event)

    def tap(self, tool: str, **kwargs: Any) -> Any:
        by_name = {t.func_name: t for t in self.app.get_user_tools()}
        screen = type(self.app.current_state).__name__
        assert tool in by_name, f"{tool} is not on {screen}: {sorted(by_name)}"
        return by_name[tool](**kwargs)

    @property
    def screen(self) -> Any:
        return self.app.current_state


@pytest.fixture
def flats() -> StatefulApartmentApp:
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
    return app


def test_it_opens_on_the_home_screen_listing_everything(flats: StatefulApartmentApp) -> None:
    assert isinstance(flats.current_state, ApartmentHome)
    assert set(Phone(flats).tap("list_apartments")) == {flats.loft, flats.house, flats.studio}


def test_search_filters_combine_and_results_open_a_listing(flats: StatefulApartmentApp) -> None:
    phone = Phone(flats)
    phone.tap("open_search")
    assert isinstance(phone.screen, ApartmentSearch)
    found = phone.tap("search", location="seattle", max_price=2000)
    assert list(found) == [flats.studio]
    assert list(phone.tap("search", amenities=["gym"], pet_policy="pets allowed")) == [flats.loft]
    assert list(phone.screen.results) == [flats.loft]
    search = phone.events[-1]
    assert (search.action.class_name, search.action.function_name) == (
        "StatefulApartmentApp",
        "search",
    )
    assert search.action.args["pet_policy"] == "pets allowed"
    phone.tap("view_apartment", apartment_id=flats.loft)
    assert isinstance(phone.screen, ApartmentDetail) and phone.screen.apartment_id == flats.loft
    phone.tap("go_back")
    assert isinstance(phone.screen, ApartmentSearch) and list(phone.screen.results) == [flats.loft]


def test_an_impossible_price_range_is_a_clear_error(flats: StatefulApartmentApp) -> None:
    phone = Phone(flats)
    phone.tap("open_search")
    with pytest.raises(ValueError, match="min_price"):
        phone.tap("search", min_price=3000.0, max_price=1000.0)


def test_saving_from_the_detail_adds_to_the_favourites(flats: StatefulApartmentApp) -> None:
    phone = Phone(flats)
    listing = phone.tap("view_apartment", apartment_id=flats.loft)
    assert isinstance(listing, Apartment) and listing.name == "Harbor Loft"
    phone.tap("save")
    phone.tap("save")  # saving twice changes nothing
    assert (
        flats.saved_apartments == [flats.house, flats.loft] and flats.apartments[flats.loft].saved
    )
    save = phone.events[-1]
    assert save.action.operation_type == OperationType.WRITE
    assert {e.event_type for e in phone.events} == {EventType.USER}
    assert len(phone.events) == 3  # the backend calls inside the tools are not logged


def test_unsaving_from_the_favourites(flats: StatefulApartmentApp) -> None:
    phone = Phone(flats)
    assert list(phone.tap("open_favorites")) == [flats.house]
    assert isinstance(phone.screen, ApartmentFavorites)
    phone.tap("view_apartment", apartment_id=flats.house)
    phone.tap("unsave")
    assert isinstance(phone.screen, ApartmentDetail)
    with pytest.raises(ValueError, match="not in saved list"):
        phone.tap("unsave")
    phone.tap("go_back")
    assert phone.tap("list_saved") == {}


def test_a_listing_that_disappeared_is_a_clear_error(flats: StatefulApartmentApp) -> None:
    phone = Phone(flats)
    phone.tap("view_apartment", apartment_id=flats.studio)
    flats.delete_apartment(flats.studio)  # an environment event
    with pytest.raises(ValueError, match="does not exist"):
        phone.tap("show_apartment")


def test_opening_an_unknown_listing_stays_home(flats: StatefulApartmentApp) -> None:
    phone = Phone(flats)
    with pytest.raises(ValueError, match="does not exist"):
        phone.tap("view_apartment", apartment_id="nope")
    assert isinstance(phone.screen, ApartmentHome) and flats.navigation_stack == []


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
