"""Screens of the cab app: home, service options, a quotation, and a booked ride."""

from __future__ import annotations

from typing import Any

from are.simulation.apps.cab import Ride
from are.simulation.tool_utils import OperationType
from are.simulation.types import disable_events

from pytest_pare.apps._datetime import format_datetime
from pytest_pare.apps.core import AppState
from pytest_pare.apps.tool_decorators import pare_event_registered, user_tool

__all__ = ["CabHome", "CabQuotationDetail", "CabRideDetail", "CabServiceOptions"]


class CabHome(AppState):
    """Where to? Trip planning, the ride in progress and past rides."""

    @user_tool()
    @pare_event_registered()
    def list_rides(
        self, start_location: str, end_location: str, ride_time: str | None = None
    ) -> list[Ride]:
        """Plan a trip: see a quotation for every service type (opens the options).

        Args:
            start_location: where the ride starts.
            end_location: where the ride ends.
            ride_time: when, YYYY-MM-DD HH:MM:SS; None for now.

        Returns:
            One quotation per service type.
        """
        with disable_events():
            return self.app.list_rides(
                start_location=start_location, end_location=end_location, ride_time=ride_time
            )

    @user_tool()
    @pare_event_registered()
    def open_current_ride(self) -> Ride:
        """Open the ride in progress.

        Returns:
            The ride, with its status and delay.
        """
        with disable_events():
            return self.app.get_current_ride_status()

    @user_tool()
    @pare_event_registered()
    def get_ride_history(self, offset: int = 0, limit: int = 10) -> dict[str, Any]:
        """List past rides.

        Args:
            offset: index of the first ride.
            limit: how many rides.

        Returns:
            "rides" (index -> ride), "range" and "total".
        """
        with disable_events():
            return self.app.get_ride_history(offset=offset, limit=limit)


class CabServiceOptions(AppState):
    """The service types for one trip."""

    def __init__(
        self, start_location: str, end_location: str, ride_time: str | None = None
    ) -> None:
        super().__init__()
        self.start_location = start_location
        self.end_location = end_location
        self.ride_time = ride_time

    @user_tool()
    @pare_event_registered()
    def list_service_types(self) -> list[str]:
        """List the service types (e.g. Default, Premium, Van).

        Returns:
            Their names, sorted.
        """
        return sorted(self.app.d_service_config)

    @user_tool()
    @pare_event_registered()
    def show_options(self) -> list[Ride]:
        """Compare every service type for this trip.

        Returns:
            One quotation per service type.
        """
        with disable_events():
            return self.app.list_rides(self.start_location, self.end_location, self.ride_time)

    @user_tool()
    @pare_event_registered()
    def get_quotation(self, service_type: str) -> Ride:
        """Get the quotation of one service type (opens it).

        Args:
            service_type: one of the service types.

        Returns:
            The quotation: price, distance, duration and expected delay.
        """
        if service_type not in self.app.d_service_config:
            raise ValueError(
                f"Unknown service type {service_type!r}; choose one of "
                f"{', '.join(sorted(self.app.d_service_config))}."
            )
        with disable_events():
            return self.app.get_quotation(
                start_location=self.start_location,
                end_location=self.end_location,
                service_type=service_type,
                ride_time=self.ride_time,
            )


class CabQuotationDetail(AppState):
    """A quotation, before booking."""

    def __init__(self, ride: Ride) -> None:
        super().__init__()
        self.ride = ride

    @user_tool()
    @pare_event_registered()
    def show_quotation(self) -> Ride:
        """Show this quotation.

        Returns:
            The quotation.
        """
        return self.ride

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def order_ride(self) -> Ride:
        """Book this ride (opens it). Only one ride can be in progress.

        Returns:
            The booked ride.
        """
        ride_time = None
        if self.ride.time_stamp is not None:
            ride_time = format_datetime(self.ride.time_stamp)
        with disable_events():
            return self.app.order_ride(
                start_location=self.ride.start_location,
                end_location=self.ride.end_location,
                service_type=self.ride.service_type,
                ride_time=ride_time,
            )


class CabRideDetail(AppState):
    """A booked ride."""

    def __init__(self, ride: Ride) -> None:
        super().__init__()
        self.ride = ride

    @user_tool()
    @pare_event_registered()
    def show_ride(self) -> Ride:
        """Show this ride and its current status.

        Returns:
            The ride.
        """
        return self.ride

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def cancel_ride(self) -> str:
        """Cancel this ride (back to the home screen).

        Returns:
            A confirmation.
        """
        if self.app.on_going_ride is not self.ride:
            raise ValueError(
                f"Ride {self.ride.ride_id} is not in progress (status {self.ride.status}); "
                "only the current ride can be cancelled."
            )
        with disable_events():
            return self.app.user_cancel_ride()
