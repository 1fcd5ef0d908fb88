"""``StatefulCabApp``: ARE's CabApp with trip planning, quotation and ride screens."""

from __future__ import annotations

from are.simulation.apps.cab import DEFAULT_RIDE_CANCELLED_MESSAGE, CabApp, Ride
from are.simulation.tool_utils import OperationType, app_tool
from are.simulation.types import event_registered
from are.simulation.utils import type_check

from pytest_pare.apps.cab.states import (
    CabHome,
    CabQuotationDetail,
    CabRideDetail,
    CabServiceOptions,
)
from pytest_pare.apps.core import StatefulApp, UserAction

__all__ = ["StatefulCabApp"]


class StatefulCabApp(StatefulApp, CabApp):
    """Cab service whose user sees one screen at a time; the assistant keeps ARE's flat API."""

    def __init__(
        self,
        name: str | None = None,
        quotation_history: list[Ride] | None = None,
        on_going_ride: Ride | None = None,
        ride_history: list[Ride] | None = None,
        MESSAGE_CANCEL: str = DEFAULT_RIDE_CANCELLED_MESSAGE,  # noqa: N803 - ARE's field name
        d_service_config: dict[str, dict[str, float]] | None = None,
    ) -> None:
        services = {} if d_service_config is None else {"d_service_config": d_service_config}
        super().__init__(
            name=name,
            quotation_history=[] if quotation_history is None else quotation_history,
            on_going_ride=on_going_ride,
            ride_history=[] if ride_history is None else ride_history,
            MESSAGE_CANCEL=MESSAGE_CANCEL,
            **services,  # None keeps ARE's Default / Premium / Van
        )

    def create_root_state(self) -> CabHome:
        """The home screen."""
        return CabHome()

    @type_check
    @app_tool()
    @event_registered(operation_type=OperationType.READ)
    def get_current_ride_status(self) -> Ride:
        """
        Check the status for the current ride ordered.
        :returns: ride details, represented by a Ride object
        """
        # ARE updates the delay estimate first, which raises for a ride seeded with
        # add_new_ride (no delay) and made current by the scenario; such a ride is
        # simply returned as it is.
        ride = self.on_going_ride
        if ride is None:
            raise ValueError("No ride ordered.")
        if ride.delay is not None and ride.time_stamp is not None:
            ride.update_delay(self.time_manager.time(), self.rng)
        return ride

    def transition(self, action: UserAction) -> None:
        """Screen changes of section 4.3 of the spec; they apply from any screen."""
        if action.state is not None and action.state is not self.current_state:
            return
        name, result = action.function_name, action.result
        if name == "list_rides":
            args = action.args
            self.set_current_state(
                CabServiceOptions(
                    args["start_location"], args["end_location"], args.get("ride_time")
                )
            )
        elif name == "get_quotation" and isinstance(result, Ride):
            self.set_current_state(CabQuotationDetail(result))
        elif name in {"order_ride", "open_current_ride"} and isinstance(result, Ride):
            self.set_current_state(CabRideDetail(result))
        elif name == "cancel_ride":
            self.load_root_state()
