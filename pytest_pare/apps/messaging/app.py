"""``StatefulMessagingApp``: ARE's MessagingAppV2 with conversation-list / conversation screens."""

from __future__ import annotations

from typing import Any

from are.simulation.apps.messaging_v2 import ConversationV2, MessagingAppMode, MessagingAppV2
from are.simulation.apps.sandbox_file_system import SandboxLocalFileSystem
from are.simulation.apps.virtual_file_system import VirtualFileSystem
from are.simulation.types import disable_events
from are.simulation.utils import uuid_hex

from pytest_pare.apps.core import StatefulApp, UserAction
from pytest_pare.apps.messaging.states import ConversationList, ConversationOpened

__all__ = ["StatefulMessagingApp", "USER_NAME"]

#: The simulated user's display name.
USER_NAME = "John Doe"


class StatefulMessagingApp(StatefulApp, MessagingAppV2):
    """Messaging app with screens: ``ConversationList`` (root) and ``ConversationOpened``.

    Unless given, the user's id is drawn from the app's seeded rng and the user's
    name is "John Doe"; both are registered in ``name_to_id`` / ``id_to_name``.
    """

    # Set by ARE's MessagingAppV2; declared for the type checker (class annotations only).
    current_user_id: str | None
    current_user_name: str | None

    def __init__(
        self,
        current_user_id: str | None = None,
        current_user_name: str | None = None,
        name: str | None = None,
        mode: MessagingAppMode = MessagingAppMode.NAME,
        id_to_name: dict[str, str] | None = None,
        name_to_id: dict[str, str] | None = None,
        conversations: dict[str, ConversationV2] | None = None,
        messages_view_limit: int = 10,
        conversation_view_limit: int = 5,
        internal_fs: SandboxLocalFileSystem | VirtualFileSystem | None = None,
    ) -> None:
        super().__init__(
            current_user_id=current_user_id,
            current_user_name=current_user_name,
            name=name,
            mode=mode,
            id_to_name={} if id_to_name is None else id_to_name,
            name_to_id={} if name_to_id is None else name_to_id,
            conversations={} if conversations is None else conversations,
            messages_view_limit=messages_view_limit,
            conversation_view_limit=conversation_view_limit,
            internal_fs=internal_fs,
        )
        if self.current_user_id is None:
            self.current_user_id = uuid_hex(self.rng)
        if self.current_user_name is None:
            self.current_user_name = USER_NAME
        self.id_to_name[self.current_user_id] = self.current_user_name
        self.name_to_id[self.current_user_name] = self.current_user_id

    def create_root_state(self) -> ConversationList:
        """The conversation list."""
        return ConversationList()

    def transition(self, action: UserAction) -> None:
        """Opening (or starting) a conversation from the list shows it."""
        if not isinstance(self.current_state, ConversationList):
            return
        if action.function_name in ("open_conversation", "read_conversation"):
            self.set_current_state(ConversationOpened(action.args["conversation_id"]))
        elif action.function_name == "start_conversation" and isinstance(action.result, str):
            self.set_current_state(ConversationOpened(action.result))

    # -- helpers the screens use (no events) ----------------------------------------------

    def conversation_summary(self, conversation_id: str) -> dict[str, Any]:
        """Id, title and participant names of one conversation."""
        conversation = self._conversation(conversation_id)
        names = [self.id_to_name.get(uid, uid) for uid in conversation.participant_ids]
        return {
            "conversation_id": conversation_id,
            "title": conversation.title,
            "participants": sorted(names),
        }

    def open_direct_conversation(self, user_name: str) -> str:
        """The id of the untitled one-to-one conversation with a person, created if needed.

        Raises:
            ValueError: nobody by that name (or id) is known to the app.
        """
        if user_name in self.name_to_id:
            user_id = self.name_to_id[user_name]
        elif user_name in self.id_to_name:
            user_id = user_name
        else:
            known = ", ".join(sorted(n for n in self.name_to_id if n != self.current_user_name))
            raise ValueError(
                f"No contact named {user_name!r} in Messages; known: {known or 'none'}."
            )
        if user_id == self.current_user_id:
            raise ValueError("That is the user's own name; pick someone else to write to.")
        with disable_events():
            return self._get_or_create_default_conversation([user_id])

    def post_message(self, conversation_id: str, content: str, attachment_path: str | None) -> str:
        """Append the user's message to this exact conversation; returns its id."""
        conversation = self._conversation(conversation_id)
        with disable_events():
            message = self._create_message(self.current_user_id, content, attachment_path)
        conversation.messages.append(message)
        conversation.update_last_updated(message.timestamp)
        return conversation_id

    def _conversation(self, conversation_id: str) -> ConversationV2:
        if conversation_id not in self.conversations:
            raise ValueError(f"Conversation {conversation_id!r} does not exist in {self.name}.")
        return self.conversations[conversation_id]
