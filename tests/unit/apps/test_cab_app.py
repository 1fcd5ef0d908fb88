"""StatefulCabApp: plan a trip, compare quotations, book, follow and cancel a ride."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from are.simulation.types import CompletedEvent, EventType, OperationType

from pytest_pare.apps.cab import (
    CabHome,
    CabQuotationDetail,
    CabRideDetail,
    CabServiceOptions,
    StatefulCabApp,
)

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC).timestamp()


class FixedClock:
    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now


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
def cab() -> StatefulCabApp:
    app = StatefulCabApp(name="Cab")
    app.register_time_manager(FixedClock(NOW))
    app.add_new_ride("Default", "Home", "Office", 12.5, 20.0, NOW - 86400, 9.0)
    return app


def _book(phone: Phone, service_type: str = "Premium", **trip: Any) -> Any:
    phone.tap("list_rides", start_location="Home", end_location="Airport", **trip)
    phone.tap("get_quotation", service_type=service_type)
    return phone.tap("order_ride")


def test_it_opens_on_the_home_screen_with_the_ride_history(cab: StatefulCabApp) -> None:
    assert isinstance(cab.current_state, CabHome)
    history = Phone(cab).tap("get_ride_history")
    assert history["total"] == 1 and history["rides"][0].end_location == "Office"


def test_planning_a_trip_shows_every_service_type(cab: StatefulCabApp) -> None:
    phone = Phone(cab)
    quotes = phone.tap("list_rides", start_location="Home", end_location="Airport")
    assert sorted(q.service_type for q in quotes) == ["Default", "Premium", "Van"]
    screen = phone.screen
    assert isinstance(screen, CabServiceOptions)
    assert (screen.start_location, screen.end_location, screen.ride_time) == (
        "Home",
        "Airport",
        None,
    )
    assert phone.tap("list_service_types") == ["Default", "Premium", "Van"]
    assert len(phone.tap("show_options")) == 3


def test_booking_walks_options_quotation_and_ride(cab: StatefulCabApp) -> None:
    phone = Phone(cab)
    phone.tap("list_rides", start_location="Home", end_location="Airport")
    quote = phone.tap("get_quotation", service_type="Van")
    assert isinstance(phone.screen, CabQuotationDetail) and phone.screen.ride is quote
    assert phone.tap("show_quotation").status is None  # not booked yet
    ride = phone.tap("order_ride")
    assert isinstance(phone.screen, CabRideDetail) and phone.screen.ride is ride
    assert cab.on_going_ride is ride and ride.status == "BOOKED" and ride.service_type == "Van"
    order = phone.events[-1]
    assert (order.action.class_name, order.action.function_name) == ("StatefulCabApp", "order_ride")
    assert order.action.operation_type == OperationType.WRITE
    assert {e.event_type for e in phone.events} == {EventType.USER}
    assert len(phone.events) == 4  # the backend calls inside the tools are not logged


def test_a_quotation_for_later_books_that_time(cab: StatefulCabApp) -> None:
    ride = _book(Phone(cab), ride_time="2025-03-10 18:30:00")
    assert ride.time_stamp == datetime(2025, 3, 10, 18, 30, tzinfo=UTC).timestamp()


def test_unknown_service_type_is_a_clear_error(cab: StatefulCabApp) -> None:
    phone = Phone(cab)
    phone.tap("list_rides", start_location="Home", end_location="Airport")
    with pytest.raises(ValueError, match="Default, Premium, Van"):
        phone.tap("get_quotation", service_type="Limo")
    assert isinstance(phone.screen, CabServiceOptions)


def test_cancelling_the_ride_returns_home(cab: StatefulCabApp) -> None:
    phone = Phone(cab)
    ride = _book(phone)
    phone.tap("cancel_ride")
    assert isinstance(phone.screen, CabHome) and cab.navigation_stack == []
    assert ride.status == "CANCELLED" and cab.on_going_ride is None


def test_a_ride_the_driver_cancelled_cannot_be_cancelled_again(cab: StatefulCabApp) -> None:
    phone = Phone(cab)
    _book(phone)
    cab.cancel_ride(who_cancel="driver")  # an environment event
    assert phone.tap("show_ride").status == "CANCELLED"
    with pytest.raises(ValueError, match="not in progress"):
        phone.tap("cancel_ride")
    assert isinstance(phone.screen, CabRideDetail)


def test_current_ride_opens_from_home_when_a_scenario_seeds_one(cab: StatefulCabApp) -> None:
    phone = Phone(cab)
    with pytest.raises(ValueError, match="No ride"):
        phone.tap("open_current_ride")
    assert isinstance(phone.screen, CabHome)
    cab.on_going_ride = cab.ride_history[-1]  # the pattern 5 upstream scenarios use
    ride = phone.tap("open_current_ride")
    assert isinstance(phone.screen, CabRideDetail) and phone.screen.ride is ride
    assert ride.end_location == "Office"


def test_a_second_ride_cannot_be_booked_while_one_is_in_progress(cab: StatefulCabApp) -> None:
    phone = Phone(cab)
    _book(phone)
    cab.load_root_state()
    with pytest.raises(ValueError, match="on-going ride"):
        _book(phone)
    assert isinstance(phone.screen, CabQuotationDetail)


def test_go_back_from_a_quotation_returns_to_the_options(cab: StatefulCabApp) -> None:
    phone = Phone(cab)
    phone.tap("list_rides", start_location="Home", end_location="Airport")
    phone.tap("get_quotation", service_type="Default")
    phone.tap("go_back")
    assert isinstance(phone.screen, CabServiceOptions)
    phone.tap("go_back")
    assert isinstance(phone.screen, CabHome)


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
