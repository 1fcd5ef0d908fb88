"""Stateful phone apps: the public names of upstream ``pare.apps``.

Each app package re-exports its app and screens; this module re-exports the
app classes that scenarios import from ``pytest_pare.apps``.
"""

from __future__ import annotations

from are.simulation.apps.app import App

from pytest_pare.apps.aui import PAREAgentUserInterface, Proposal, UserResponse
from pytest_pare.apps.core import AppState, StatefulApp, UserAction
from pytest_pare.apps.system import HomeScreenSystemApp
from pytest_pare.apps.tool_decorators import pare_event_registered, user_tool

__all__ = [
    "App",
    "AppState",
    "HomeScreenSystemApp",
    "PAREAgentUserInterface",
    "Proposal",
    "StatefulApp",
    "UserAction",
    "UserResponse",
    "pare_event_registered",
    "user_tool",
]
