"""Stateful phone apps: the public names of upstream ``pare.apps``.

Each app package re-exports its app and screens; this module re-exports the
app classes that scenarios import from ``pytest_pare.apps``. Names load on
first use, so a scenario that imports two apps loads those two packages, not
all nine (docs/performance.md, finding 12).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pytest_pare._util.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from are.simulation.apps.app import App

    from pytest_pare.apps.apartment import StatefulApartmentApp
    from pytest_pare.apps.aui import PAREAgentUserInterface, Proposal, UserResponse
    from pytest_pare.apps.cab import StatefulCabApp
    from pytest_pare.apps.calendar import StatefulCalendarApp
    from pytest_pare.apps.contacts import StatefulContactsApp
    from pytest_pare.apps.core import AppState, StatefulApp, UserAction
    from pytest_pare.apps.email import StatefulEmailApp
    from pytest_pare.apps.messaging import StatefulMessagingApp
    from pytest_pare.apps.note import StatefulNotesApp
    from pytest_pare.apps.reminder import StatefulReminderApp
    from pytest_pare.apps.shopping import StatefulShoppingApp
    from pytest_pare.apps.system import HomeScreenSystemApp
    from pytest_pare.apps.tool_decorators import pare_event_registered, user_tool

_EXPORTS = {
    "App": "are.simulation.apps.app",
    "AppState": "pytest_pare.apps.core",
    "HomeScreenSystemApp": "pytest_pare.apps.system",
    "PAREAgentUserInterface": "pytest_pare.apps.aui",
    "Proposal": "pytest_pare.apps.aui",
    "StatefulApartmentApp": "pytest_pare.apps.apartment",
    "StatefulApp": "pytest_pare.apps.core",
    "StatefulCabApp": "pytest_pare.apps.cab",
    "StatefulCalendarApp": "pytest_pare.apps.calendar",
    "StatefulContactsApp": "pytest_pare.apps.contacts",
    "StatefulEmailApp": "pytest_pare.apps.email",
    "StatefulMessagingApp": "pytest_pare.apps.messaging",
    "StatefulNotesApp": "pytest_pare.apps.note",
    "StatefulReminderApp": "pytest_pare.apps.reminder",
    "StatefulShoppingApp": "pytest_pare.apps.shopping",
    "UserAction": "pytest_pare.apps.core",
    "UserResponse": "pytest_pare.apps.aui",
    "pare_event_registered": "pytest_pare.apps.tool_decorators",
    "user_tool": "pytest_pare.apps.tool_decorators",
}

__all__ = [
    "App",
    "AppState",
    "HomeScreenSystemApp",
    "PAREAgentUserInterface",
    "Proposal",
    "StatefulApartmentApp",
    "StatefulApp",
    "StatefulCabApp",
    "StatefulCalendarApp",
    "StatefulContactsApp",
    "StatefulEmailApp",
    "StatefulMessagingApp",
    "StatefulNotesApp",
    "StatefulReminderApp",
    "StatefulShoppingApp",
    "UserAction",
    "UserResponse",
    "pare_event_registered",
    "user_tool",
]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals(), __all__)
