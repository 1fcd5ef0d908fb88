"""The stateful messaging app and its screens (upstream ``pare.apps.messaging``)."""

from __future__ import annotations

from pytest_pare.apps.messaging.app import USER_NAME, StatefulMessagingApp
from pytest_pare.apps.messaging.states import ConversationList, ConversationOpened

__all__ = ["USER_NAME", "ConversationList", "ConversationOpened", "StatefulMessagingApp"]
