"""The stateful calendar app and its screens."""

from __future__ import annotations

from pytest_pare.apps.calendar.app import StatefulCalendarApp
from pytest_pare.apps.calendar.editor import EditDraft, EditEvent
from pytest_pare.apps.calendar.states import AgendaView, EventDetail

__all__ = ["AgendaView", "EditDraft", "EditEvent", "EventDetail", "StatefulCalendarApp"]
