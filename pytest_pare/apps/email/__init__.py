"""The stateful email app and its screens (upstream ``pare.apps.email``)."""

from __future__ import annotations

from pytest_pare.apps.email.app import USER_EMAIL, StatefulEmailApp
from pytest_pare.apps.email.states import ComposeDraft, ComposeEmail, EmailDetail, MailboxView

__all__ = [
    "USER_EMAIL",
    "ComposeDraft",
    "ComposeEmail",
    "EmailDetail",
    "MailboxView",
    "StatefulEmailApp",
]
