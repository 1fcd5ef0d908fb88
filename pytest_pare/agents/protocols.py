"""The interfaces the agents are built on, for the several things that implement them."""

from __future__ import annotations

from typing import Any, Protocol

__all__ = ["Engine"]


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
