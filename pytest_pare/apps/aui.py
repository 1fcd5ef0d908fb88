"""The assistant/user channel: proposals from the assistant, accept/reject from the user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from are.simulation.agents.user_proxy import UserProxy
from are.simulation.apps.agent_user_interface import AgentUserInterface, AUIMessage, Sender
from are.simulation.tool_utils import OperationType, app_tool, data_tool
from are.simulation.types import EventType, disable_events, event_registered
from are.simulation.utils import type_check, uuid_hex

from pytest_pare.apps.core import StableSeedMixin
from pytest_pare.apps.tool_decorators import user_tool

__all__ = ["PAREAgentUserInterface", "Proposal", "UserResponse"]

ProposalStatus = Literal["pending", "accepted", "rejected"]
ResponseKind = Literal["accepted", "rejected", "message"]

WAIT_MESSAGE = "Continuing to observe user activity."


@dataclass
class Proposal:
    """One message the assistant sent to the user, and what became of it.

    Attributes:
        proposal_id: the id of the AUI message that carried it.
        content: the assistant's text.
        timestamp: simulated time it was sent.
        status: "pending" until the user accepts or rejects it.
        response: the user's text when answering.
        responded_at: simulated time of the answer.
    """

    proposal_id: str
    content: str
    timestamp: float
    status: ProposalStatus = "pending"
    response: str = ""
    responded_at: float | None = None


@dataclass(frozen=True)
class UserResponse:
    """What the user told the assistant: an answer to a proposal or a plain message."""

    kind: ResponseKind
    content: str
    timestamp: float
    proposal_id: str | None = None


class PAREAgentUserInterface(StableSeedMixin, AgentUserInterface):
    """ARE's agent-user interface with proposals.

    The assistant proposes with ``send_message_to_user`` (which never waits for
    an answer) or keeps observing with ``wait``. The user answers with
    ``accept_proposal`` / ``reject_proposal`` (or writes with
    ``send_message_to_agent``); each answer is stored as an AUI user message,
    so the assistant reads it with ARE's ``get_last_unread_messages``, and is
    queued as a ``UserResponse`` for code that drives the assistant
    (``pop_user_responses``).
    """

    def __init__(self, user_proxy: UserProxy | None = None) -> None:
        super().__init__(user_proxy=user_proxy)
        # The run loop hands answers to the assistant itself; ARE's busy-wait for a
        # reply (wait_for_user_response with a GUI) must never run here.
        self.wait_for_user_response = False
        self.proposals: list[Proposal] = []
        self._responses: list[UserResponse] = []
        self._unseen_from = 0

    # -- reading the proposal state ------------------------------------------------

    @property
    def pending_proposal(self) -> Proposal | None:
        """The latest proposal, if the user has not answered it yet."""
        if self.proposals and self.proposals[-1].status == "pending":
            return self.proposals[-1]
        return None

    @property
    def user_responses(self) -> tuple[UserResponse, ...]:
        """Every answer and message from the user, oldest first."""
        return tuple(self._responses)

    def pop_user_responses(self) -> list[UserResponse]:
        """The user's answers and messages not returned by an earlier call."""
        fresh = self._responses[self._unseen_from :]
        self._unseen_from = len(self._responses)
        return fresh

    def reset(self) -> None:
        super().reset()
        self.proposals = []
        self._responses = []
        self._unseen_from = 0

    # -- the assistant's tools -------------------------------------------------------

    @type_check
    @app_tool()
    @data_tool()
    @event_registered(operation_type=OperationType.WRITE)
    def send_message_to_user(self, content: str = "") -> str | None:
        """Sends a message to the User, for example to propose help. This will end the Agent's turn.
        :param content: the content to send to the user
        :returns: None; the user's answer arrives later as a message from the user
        """
        message_id = self._send_message(Sender.AGENT, content)
        superseded = self.pending_proposal
        if superseded is not None:
            # A newer proposal supersedes an unanswered one; the user answers the latest.
            superseded.status = "rejected"
            superseded.response = "superseded by a newer proposal"
        self.proposals.append(
            Proposal(proposal_id=message_id, content=content, timestamp=self.time_manager.time())
        )
        if self.user_proxy is not None:
            # ARE's contract: a configured proxy always answers, as a plain user message.
            with disable_events():
                self.send_message_to_agent(self._get_user_proxy_reply(content))
        return None

    @type_check
    @app_tool()
    @event_registered(operation_type=OperationType.READ, event_type=EventType.AGENT)
    def wait(self) -> str:
        """Keep observing the user without proposing anything now.

        Returns:
            A confirmation that the assistant keeps observing.
        """
        return WAIT_MESSAGE

    # -- the user's tools ----------------------------------------------------------------

    @type_check
    @user_tool()
    @event_registered(operation_type=OperationType.WRITE, event_type=EventType.USER)
    def accept_proposal(self, content: str = "") -> str:
        """Accept the assistant's pending proposal, so it goes ahead.

        Args:
            content: An optional message to the assistant (details, conditions).

        Returns:
            The id of the message sent to the assistant.
        """
        return self._answer("accepted", content)

    @type_check
    @user_tool()
    @event_registered(operation_type=OperationType.WRITE, event_type=EventType.USER)
    def reject_proposal(self, content: str = "") -> str:
        """Reject the assistant's pending proposal, so it does not act on it.

        Args:
            content: An optional message to the assistant (why, or what to do instead).

        Returns:
            The id of the message sent to the assistant.
        """
        return self._answer("rejected", content)

    # -- internals -----------------------------------------------------------------------

    def _answer(self, kind: Literal["accepted", "rejected"], content: str) -> str:
        now = self.time_manager.time()
        proposal = self.pending_proposal
        proposal_id = None
        if proposal is not None:
            proposal.status = kind
            proposal.response = content
            proposal.responded_at = now
            proposal_id = proposal.proposal_id
        self._responses.append(UserResponse(kind, content, now, proposal_id))
        # The assistant reads AUI messages; an empty answer still has to say which it is.
        verb = "accept" if kind == "accepted" else "reject"
        return self._store_message(Sender.USER, content or f"I {verb} your proposal.")

    def _send_message(
        self, sender: Sender, content: str = "", attachments: list[str] | None = None
    ) -> str:
        # ARE's path for every message, including the user's send_message_to_agent,
        # which is queued as a plain message for the assistant.
        message_id = self._store_message(sender, content, attachments)
        if sender == Sender.USER:
            self._responses.append(UserResponse("message", content, self.time_manager.time()))
        return message_id

    def _store_message(
        self, sender: Sender, content: str, attachments: list[str] | None = None
    ) -> str:
        # ARE draws message ids from uuid4; ids from the seeded rng keep logs repeatable.
        timestamp = self.time_manager.time()
        message = AUIMessage(
            sender=sender,
            content=content,
            attachments=list(attachments or []),
            timestamp=timestamp,
            id=uuid_hex(self.rng),
        )
        if sender == Sender.AGENT:
            message.time_read = timestamp
        self.messages.append(message)
        return message.id
