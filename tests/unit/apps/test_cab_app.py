"""StatefulCabApp: plan a trip, compare quotations, book, follow and cancel a ride."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from are.simulation.types import EventType, OperationType

from pytest_pare.apps.cab import (
    CabHome,
    CabQuotationDetail,
    CabRideDetail,
    CabServiceOptions,
    StatefulCabApp,
)
from pytest_pare.sim.clock import SimulatedTimeManager

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC).timestamp()


@pytest.fixture
def cab(phone: Any) -> StatefulCabApp:
    app = StatefulCabApp(name="Cab")
    app.register_time_manager(SimulatedTimeManager(NOW))
    app.add_new_ride("Default", "Home", "Office", 12.5, 20.0, NOW - 86400, 9.0)
    phone.attach(app)
    return app


def _book(phone: Any, cab: StatefulCabApp, service_type: str = "Premium", **trip: Any) -> Any:
    phone.tap(cab, "list_rides", start_location="Home", end_location="Airport", **trip)
    phone.tap(cab, "get_quotation", service_type=service_type)
    return phone.tap(cab, "order_ride")


def test_it_opens_on_the_home_screen_with_the_ride_history(cab: StatefulCabApp, phone: Any) -> None:
    assert isinstance(cab.current_state, CabHome)
    history = phone.tap(cab, "get_ride_history")
    assert history["total"] == 1 and history["rides"][0].end_location == "Office"


def test_planning_a_trip_shows_every_service_type(cab: StatefulCabApp, phone: Any) -> None:
    quotes = phone.tap(cab, "list_rides", start_location="Home", end_location="Airport")
    assert sorted(q.service_type for q in quotes) == ["Default", "Premium", "Van"]
    screen = cab.current_state
    assert isinstance(screen, CabServiceOptions)
    assert (screen.start_location, screen.end_location, screen.ride_time) == (
        "Home",
        "Airport",
        None,
    )
    assert phone.tap(cab, "list_service_types") == ["Default", "Premium", "Van"]
    assert len(phone.tap(cab, "show_options")) == 3


def test_booking_walks_options_quotation_and_ride(cab: StatefulCabApp, phone: Any) -> None:
    phone.tap(cab, "list_rides", start_location="Home", end_location="Airport")
    quote = phone.tap(cab, "get_quotation", service_type="Van")
    assert isinstance(cab.current_state, CabQuotationDetail) and cab.current_state.ride is quote
    assert phone.tap(cab, "show_quotation").status is None  # not booked yet
    ride = phone.tap(cab, "order_ride")
    assert isinstance(cab.current_state, CabRideDetail) and cab.current_state.ride is ride
    assert cab.on_going_ride is ride and ride.status == "BOOKED" and ride.service_type == "Van"
    order = phone.events[-1]
    assert (order.action.class_name, order.action.function_name) == ("StatefulCabApp", "order_ride")
    assert order.action.operation_type == OperationType.WRITE
    assert {e.event_type for e in phone.events} == {EventType.USER}
    assert len(phone.events) == 4  # the backend calls inside the tools are not logged


def test_a_quotation_for_later_books_that_time(cab: StatefulCabApp, phone: Any) -> None:
    ride = _book(phone, cab, ride_time="2025-03-10 18:30:00")
    assert ride.time_stamp == datetime(2025, 3, 10, 18, 30, tzinfo=UTC).timestamp()


def test_unknown_service_type_is_a_clear_error(cab: StatefulCabApp, phone: Any) -> None:
    phone.tap(cab, "list_rides", start_location="Home", end_location="Airport")
    with pytest.raises(ValueError, match="Default, Premium, Van"):
        phone.tap(cab, "get_quotation", service_type="Limo")
    assert isinstance(cab.current_state, CabServiceOptions)


def test_cancelling_the_ride_returns_home(cab: StatefulCabApp, phone: Any) -> None:
    ride = _book(phone, cab)
    phone.tap(cab, "cancel_ride")
    assert isinstance(cab.current_state, CabHome) and cab.navigation_stack == []
    assert ride.status == "CANCELLED" and cab.on_going_ride is None


def test_a_ride_the_driver_cancelled_cannot_be_cancelled_again(
    cab: StatefulCabApp, phone: Any
) -> None:
    _book(phone, cab)
    cab.cancel_ride(who_cancel="driver")  # an environment event
    assert phone.tap(cab, "show_ride").status == "CANCELLED"
    with pytest.raises(ValueError, match="not in progress"):
        phone.tap(cab, "cancel_ride")
    assert isinstance(cab.current_state, CabRideDetail)


def test_current_ride_opens_from_home_when_a_scenario_seeds_one(
    cab: StatefulCabApp, phone: Any
) -> None:
    with pytest.raises(ValueError, match="No ride"):
        phone.tap(cab, "open_current_ride")
    assert isinstance(cab.current_state, CabHome)
    cab.on_going_ride = cab.ride_history[-1]  # the pattern 5 upstream scenarios use
    ride = phone.tap(cab, "open_current_ride")
    assert isinstance(cab.current_state, CabRideDetail) and cab.current_state.ride is ride
    assert ride.end_location == "Office"


def test_a_second_ride_cannot_be_booked_while_one_is_in_progress(
    cab: StatefulCabApp, phone: Any
) -> None:
    _book(phone, cab)
    cab.load_root_state()
    with pytest.raises(ValueError, match="on-going ride"):
        _book(phone, cab)
    assert isinstance(cab.current_state, CabQuotationDetail)


def test_go_back_from_a_quotation_returns_to_the_options(cab: StatefulCabApp, phone: Any) -> None:
    phone.tap(cab, "list_rides", start_location="Home", end_location="Airport")
    phone.tap(cab, "get_quotation", service_type="Default")
    phone.tap(cab, "go_back")
    assert isinstance(cab.current_state, CabServiceOptions)
    phone.tap(cab, "go_back")
    assert isinstance(cab.current_state, CabHome)


def test_two_cab_apps_share_no_rides() -> None:
    first, second = StatefulCabApp(name="Cab"), StatefulCabApp(name="Cab")
    first.add_new_ride("Default", "A", "B", 1.0)
    assert second.ride_history == [] and second.quotation_history == []


def test_assistant_reads_the_status_of_a_seeded_ride_without_an_error(cab: StatefulCabApp) -> None:
    cab.on_going_ride = cab.ride_history[-1]
    assert cab.get_current_ride_status().status == "BOOKED"  # ARE raises: no delay set
    cab.on_going_ride = None
    booked = cab.order_ride("Home", "Airport", "Default")
    assert cab.get_current_ride_status() is booked and len(booked.delay_history) == 2
