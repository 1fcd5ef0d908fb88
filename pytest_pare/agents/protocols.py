"""The interfaces the agents are built on, for the several things that implement them."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from pytest_pare.agents._react import ReactRole, TurnReport

__all__ = ["Assistant", "Engine", "SimulatedUser"]


class Engine(Protocol):
    """A model behind one agent role: ARE's ``LLMEngine`` call shape.

    Implemented by the litellm engine (real providers and local servers), the
    scripted policies (``reference``, ``idle``), the record/replay wrappers and
    the test engines of ``pytest_pare.testing``.
    """

    def __call__(
        self, messages: list[dict[str, Any]], stop_sequences: list[str] | None = None, **kwargs: Any
    ) -> tuple[str, dict[str, Any] | None]:
        """Answer the conversation ``messages``; returns the text and call metadata."""
        ...


class SimulatedUser(Protocol):
    """The user side of the two-agent loop (``agents.user.UserAgent``)."""

    @property
    def role(self) -> ReactRole: ...

    def take_turn(self, proposal_ids: Collection[str] = ()) -> TurnReport:
        """Act once on the phone; ``proposal_ids`` are the AUI messages that are proposals."""
        ...


class Assistant(Protocol):
    """The proactive assistant under test, as the two-agent loop drives it.

    ``agents.proactive.ProactiveAgent`` is the shipped one: it observes with
    read-only tools, proposes through the AUI, and executes once the user
    accepts. The loop reads which mode it is in and which tools end its turns.
    """

    @property
    def mode(self) -> str: ...

    @property
    def observer(self) -> ReactRole: ...

    @property
    def executor(self) -> ReactRole: ...

    @property
    def proposal_ids(self) -> Collection[str]: ...

    @property
    def send_tool(self) -> str: ...

    @property
    def wait_tools(self) -> frozenset[str]: ...

    @property
    def observe_tools(self) -> Sequence[Any]: ...

    @property
    def all_tools(self) -> Sequence[Any]: ...

    def take_turn(self) -> list[TurnReport]:
        """One assistant turn; returns what each mode that ran did."""
        ...
