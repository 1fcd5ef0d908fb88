"""PARENotificationSystem: what the simulated user and the assistant are told about events.

An environment event (an email arrives, a ride is cancelled) or an action on
the phone (an email sent, a note updated) becomes two messages: a short one
for the user's lock screen and a full one, with the ids the assistant needs
for its tools. The wording comes from ``TEMPLATES``
(``pytest_pare.sim.notification_templates``), keyed by app family and function,
and is filled in by ``pytest_pare.sim.notification_render``; an event without a
template produces no notification at all (upstream queued the literal text
"None"). This module routes messages: who gets which, and the history.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Literal

from are.simulation.apps.agent_user_interface import AUIMessage, Sender
from are.simulation.notification_system import BaseNotificationSystem, Message, MessageType
from are.simulation.types import AbstractEvent, Action, CompletedEvent, EventType, disable_events

# The template table and the renderer live in their own modules; their names are
# re-exported here, where tests and docs have always imported them.
from pytest_pare.sim.notification_render import render_notification
from pytest_pare.sim.notification_templates import TEMPLATES as TEMPLATES

__all__ = ["Audience", "PAREMessageType", "PARENotificationSystem", "render_notification"]

Audience = Literal["user", "assistant"]


class PAREMessageType(Enum):
    """Kinds of queued messages; each is for the user or for the assistant (see ``AUDIENCE``)."""

    AGENT_MESSAGE = "AGENT_MESSAGE"  # the assistant wrote to the user (a proposal)
    USER_MESSAGE = "USER_MESSAGE"  # the user wrote to, accepted or rejected the assistant
    USER_ACTION = "USER_ACTION"  # the user did something on the phone (the assistant observes)
    ENVIRONMENT_NOTIFICATION_USER = "ENVIRONMENT_NOTIFICATION_USER"
    ENVIRONMENT_NOTIFICATION_AGENT = "ENVIRONMENT_NOTIFICATION_AGENT"
    ENVIRONMENT_STOP = "ENVIRONMENT_STOP"


AUDIENCE: dict[Any, frozenset[str]] = {
    PAREMessageType.AGENT_MESSAGE: frozenset({"user"}),
    PAREMessageType.ENVIRONMENT_NOTIFICATION_USER: frozenset({"user"}),
    PAREMessageType.USER_MESSAGE: frozenset({"assistant"}),
    PAREMessageType.USER_ACTION: frozenset({"assistant"}),
    PAREMessageType.ENVIRONMENT_NOTIFICATION_AGENT: frozenset({"assistant"}),
    PAREMessageType.ENVIRONMENT_STOP: frozenset({"user", "assistant"}),
    MessageType.ENVIRONMENT_STOP: frozenset({"user", "assistant"}),
    MessageType.ENVIRONMENT_NOTIFICATION: frozenset({"user", "assistant"}),
    MessageType.USER_MESSAGE: frozenset({"assistant"}),
}

_AUI_USER_REPLIES = {"accept_proposal": "[ACCEPT]", "reject_proposal": "[REJECT]"}


class PARENotificationSystem(BaseNotificationSystem):
    """ARE's notification system, with separate messages for the user and the assistant."""

    def __init__(self) -> None:
        super().__init__()
        self.apps: dict[str, Any] = {}
        # Every message produced, in order; agents consume the queue, traces read this.
        self.history: list[Message] = []
        self._taken_by: dict[int, set[str]] = {}  # id(message) -> audiences that took it

    def _emit(self, message: Message) -> None:
        self.history.append(message)
        self.message_queue.put(message)

    def attach_apps(self, apps: dict[str, Any]) -> None:
        """Give the system the registered apps, so messages can name people."""
        self.apps = apps

    def _put_pair(self, message: Message) -> None:
        self._emit(replace(message, message_type=PAREMessageType.ENVIRONMENT_NOTIFICATION_USER))
        self._emit(replace(message, message_type=PAREMessageType.ENVIRONMENT_NOTIFICATION_AGENT))

    def _now(self) -> tuple[float, datetime]:
        now = self.get_current_time()
        return now, datetime.fromtimestamp(now, tz=UTC)

    def handle_time_based_notifications(self) -> None:
        if self.reminder_app is None:
            return
        # ARE's check logs a get_due_reminders event on every tick, which makes
        # the event log depend on the tick schedule; the check is not an action.
        with disable_events():
            due = self.reminder_app.get_due_reminders()
        new_due = [reminder for reminder in due if not reminder.already_notified]
        if new_due:
            message = self.convert_reminders_to_message(new_due)
            if message is not None:
                self._put_pair(message)

    def handle_timeout_after_events(self) -> None:
        if self.system_app is None:
            return
        _, stamp = self._now()
        # ARE's has_new_messages sorts the whole queue (every tick); the queue is a
        # heap on the timestamp, so its first message decides.
        first = self.message_queue.messages.peek()
        if first is not None and first.timestamp <= stamp:
            self.system_app.reset_wait_for_notification_timeout()
            return
        timeout = self.system_app.get_wait_for_notification_timeout()
        if timeout is not None:
            message = self.convert_wait_for_notification_timeout_to_message(timeout)
            if message is not None:
                self._put_pair(message)
            self.system_app.reset_wait_for_notification_timeout()

    def handle_event(self, event: AbstractEvent) -> None:
        if not self._initialized:
            raise ValueError(
                "Notification system is not initialised: call initialize(time_manager)."
            )
        for message in self.convert_to_messages(event):
            self._emit(message)

    def convert_to_message(self, event: AbstractEvent) -> Message | None:
        """ARE's single-message hook: the first message for this event, if any."""
        messages = self.convert_to_messages(event)
        return messages[0] if messages else None

    def convert_to_messages(self, event: AbstractEvent) -> list[Message]:
        """The messages an event produces: none, one, or a user/assistant pair."""
        if not isinstance(event, CompletedEvent) or not isinstance(event.action, Action):
            return []
        now, stamp = self._now()
        class_names = {klass.__name__ for klass in type(event.action.app).__mro__}
        function = event.function_name() or ""
        args = event.get_args()
        if "AgentUserInterface" in class_names:
            if function == "send_message_to_user" and event.metadata.exception is None:
                text = str(
                    AUIMessage(sender=Sender.AGENT, content=args.get("content", ""), timestamp=now)
                )
                return [Message(PAREMessageType.AGENT_MESSAGE, text, stamp)]
            if function in _AUI_USER_REPLIES or function == "send_message_to_agent":
                content = args.get("content", "") or ""
                prefix = _AUI_USER_REPLIES.get(function)
                body = f"{prefix}: {content}" if prefix else content
                text = str(
                    AUIMessage(sender=Sender.USER, content=body, timestamp=now, time_read=now)
                )
                return [Message(PAREMessageType.USER_MESSAGE, text, stamp)]
            return []
        if event.event_type == EventType.USER:
            # The user knows what they tapped; the assistant observes it. Screen
            # tools are not env or write tools of an app, so they have no template
            # and are described by name and arguments.
            shown = ", ".join(f"{k}={v!r}" for k, v in args.items() if k != "self")
            text = f"{event.app_class_name()}__{function}({shown})"
            return [Message(PAREMessageType.USER_ACTION, text, stamp)]
        rendered = render_notification(event, self.apps)
        if rendered is None:
            return []
        user_text, assistant_text = rendered
        return [
            Message(PAREMessageType.ENVIRONMENT_NOTIFICATION_USER, user_text, stamp),
            Message(PAREMessageType.ENVIRONMENT_NOTIFICATION_AGENT, assistant_text, stamp),
        ]

    def get_messages_for(self, audience: Audience, timestamp: datetime) -> list[Message]:
        """Take the messages for ``audience`` due by ``timestamp``; leave the others queued.

        Args:
            audience: "user" or "assistant".
            timestamp: messages stamped at or before this time are taken.

        Returns:
            The messages, oldest first.
        """
        if audience not in ("user", "assistant"):
            raise ValueError(f"audience must be 'user' or 'assistant', got {audience!r}")
        mine: list[Message] = []
        for message in self.message_queue.get_by_timestamp(timestamp):
            audiences = AUDIENCE.get(message.message_type, frozenset())
            # A message for both audiences (ENVIRONMENT_STOP) stays queued until
            # each has taken it once.
            taken = self._taken_by.setdefault(id(message), set())
            if audience in audiences and audience not in taken:
                taken.add(audience)
                mine.append(message)
            if audiences - taken:
                self.message_queue.put(message)
            else:
                del self._taken_by[id(message)]
        return mine
