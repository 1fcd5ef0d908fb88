"""The stateful reminder app and its screens."""

from __future__ import annotations

from pytest_pare.apps.reminder.app import StatefulReminderApp
from pytest_pare.apps.reminder.states import (
    EditReminder,
    ReminderDetail,
    ReminderDraft,
    ReminderList,
)

__all__ = ["EditReminder", "ReminderDetail", "ReminderDraft", "ReminderList", "StatefulReminderApp"]
