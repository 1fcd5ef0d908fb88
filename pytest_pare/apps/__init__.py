"""Stateful phone apps: the public names of upstream ``pare.apps``.

Each app package re-exports its app and screens; this module re-exports the
app classes that scenarios import from ``pytest_pare.apps``.
"""

from __future__ import annotations

from are.simulation.apps.app import App

from pytest_pare.apps.aui import PAREAgentUserInterface, Proposal, UserResponse
from pytest_pare.apps.contacts import StatefulContactsApp
from pytest_pare.apps.core import AppState, StatefulApp, UserAction
from pytest_pare.apps.email import StatefulEmailApp
from pytest_pare.apps.messaging import StatefulMessagingApp
from pytest_pare.apps.system import HomeScreenSystemApp
from pytest_pare.apps.tool_decorators import pare_event_registered, user_tool

__all__ = [
    "App",
    "AppState",
    "HomeScreenSystemApp",
    "PAREAgentUserInterface",
    "Proposal",
    "StatefulApp",
    "StatefulContactsApp",
    "StatefulEmailApp",
    "StatefulMessagingApp",
    "UserAction",
    "UserResponse",
    "pare_event_registered",
    "user_tool",
]

# Apps of other packages are appended below as:
#   from pytest_pare.apps.<app> import Stateful<App>App  # noqa: E402
#   __all__ += ["Stateful<App>App"]

from pytest_pare.apps.apartment import StatefulApartmentApp  # noqa: E402
from pytest_pare.apps.cab import StatefulCabApp  # noqa: E402
from pytest_pare.apps.calendar import StatefulCalendarApp  # noqa: E402
from pytest_pare.apps.note import StatefulNotesApp  # noqa: E402
from pytest_pare.apps.reminder import StatefulReminderApp  # noqa: E402
from pytest_pare.apps.shopping import StatefulShoppingApp  # noqa: E402

__all__ += [
    "StatefulApartmentApp",
    "StatefulCabApp",
    "StatefulCalendarApp",
    "StatefulNotesApp",
    "StatefulReminderApp",
    "StatefulShoppingApp",
]
