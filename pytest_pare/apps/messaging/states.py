"""Screens of the messaging app: the conversation list and one open conversation."""

from __future__ import annotations

from typing import Any

from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.tool_utils import OperationType
from are.simulation.types import disable_events

from pytest_pare.apps.core import AppState
from pytest_pare.apps.tool_decorators import pare_event_registered, user_tool

__all__ = ["ConversationList", "ConversationOpened"]


class ConversationList(AppState):
    """The list of conversations, most recent first (the app opens here)."""

    @user_tool()
    @pare_event_registered()
    def list_recent_conversations(
        self,
        offset: int = 0,
        limit: int = 5,
        offset_recent_messages_per_conversation: int = 0,
        limit_recent_messages_per_conversation: int = 10,
    ) -> list[ConversationV2]:
        """List conversations, most recently active first, with their latest messages.

        Args:
            offset: Position of the first conversation to show.
            limit: How many conversations to show (at most the app's view limit, 5 by default).
            offset_recent_messages_per_conversation: Skip this many latest messages in each.
            limit_recent_messages_per_conversation: How many messages to show in each.

        Returns:
            The conversations shown.
        """
        with disable_events():
            return self.app.list_recent_conversations(
                offset=offset,
                limit=limit,
                offset_recent_messages_per_conversation=offset_recent_messages_per_conversation,
                limit_recent_messages_per_conversation=limit_recent_messages_per_conversation,
            )

    @user_tool()
    @pare_event_registered()
    def open_conversation(
        self, conversation_id: str, offset: int = 0, limit: int = 20
    ) -> dict[str, Any]:
        """Open a conversation and show its messages, newest first.

        Args:
            conversation_id: The id of the conversation.
            offset: Skip this many newest messages.
            limit: How many messages to show.

        Returns:
            The messages shown and the conversation's details.
        """
        with disable_events():
            return self.app.read_conversation(
                conversation_id=conversation_id, offset=offset, limit=limit
            )

    @user_tool()
    @pare_event_registered()
    def search_conversations(
        self,
        query: str,
        min_date: str | None = None,
        max_date: str | None = None,
        limit: int = 10,
    ) -> list[dict[str, Any]]:
        """Search conversations by participant, title or message text.

        Args:
            query: Text to look for (case-insensitive).
            min_date: Only messages at or after this time ('YYYY-MM-DD HH:MM:SS').
            max_date: Only messages at or before this time ('YYYY-MM-DD HH:MM:SS').
            limit: The most conversations to show.

        Returns:
            For each match: its conversation_id, title and participant names.
        """
        with disable_events():
            ids = self.app.search(query=query, min_date=min_date, max_date=max_date)
        return [self.app.conversation_summary(cid) for cid in ids[: max(limit, 0)]]

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def start_conversation(self, user_name: str) -> str:
        """Open the one-to-one conversation with a person, starting it if there is none.

        Args:
            user_name: The person's name as known to the app (or their user id).

        Returns:
            The id of the conversation now open.
        """
        return self.app.open_direct_conversation(user_name)


class ConversationOpened(AppState):
    """One conversation: read it and write into it."""

    def __init__(self, conversation_id: str) -> None:
        super().__init__()
        self.conversation_id = conversation_id

    @user_tool()
    @pare_event_registered()
    def read_messages(
        self,
        offset: int = 0,
        limit: int = 10,
        min_date: str | None = None,
        max_date: str | None = None,
    ) -> dict[str, Any]:
        """Show this conversation's messages, newest first.

        Args:
            offset: Skip this many newest messages.
            limit: How many messages to show.
            min_date: Only messages at or after this time ('YYYY-MM-DD HH:MM:SS').
            max_date: Only messages at or before this time ('YYYY-MM-DD HH:MM:SS').

        Returns:
            The messages shown and the conversation's details.
        """
        with disable_events():
            return self.app.read_conversation(
                conversation_id=self.conversation_id,
                offset=offset,
                limit=limit,
                min_date=min_date,
                max_date=max_date,
            )

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def send_message(self, content: str, attachment_path: str | None = None) -> str:
        """Send a message in this conversation.

        Args:
            content: The text to send.
            attachment_path: A file from the phone's files to send with it.

        Returns:
            The id of this conversation.
        """
        return self.app.post_message(self.conversation_id, content, attachment_path)
