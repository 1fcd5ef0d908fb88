"""The notification system, at its public path (the code lives in ``pytest_pare.sim``)."""

from __future__ import annotations

from pytest_pare.sim.notifications import (
    TEMPLATES,
    Audience,
    PAREMessageType,
    PARENotificationSystem,
    render_notification,
)

__all__ = [
    "TEMPLATES",
    "Audience",
    "PAREMessageType",
    "PARENotificationSystem",
    "render_notification",
]
