"""Helpers for ``build_events_flow``: the proposal and its answer, and the oracle's steps.

Every story has the same beats: something happens, the assistant proposes,
the user accepts (or declines), and the assistant acts, one step after the
other. :func:`propose` writes the second and third beat in one call and
:func:`oracle` each step of the last:

    proposal, accept = propose(aui, "Shall I move the dentist to Wednesday?",
                               after=planning, accept="Yes, Wednesday works.")
    moved = oracle(calendar, after=accept).edit_calendar_event(event_id=..., ...)

They build exactly what the long form builds (the form upstream scenarios
use), so the event log, its ids and the results do not change:

    proposal = aui.send_message_to_user(content=...).oracle().depends_on(planning, delay_seconds=10)
    accept = aui.accept_proposal(content=...).oracle().depends_on(proposal, delay_seconds=5)
    moved = calendar.edit_calendar_event(...).oracle().depends_on(accept, delay_seconds=2)

Both capture the calls themselves, so they work inside
``EventRegisterer.capture_mode()`` and outside it. In a scenario, use
``self.propose(...)`` (it finds the assistant's interface) and ``self.oracle(...)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, NamedTuple, TypeAlias, final

from are.simulation.types import AbstractEvent, EventRegisterer, OracleEvent

__all__ = [
    "PROPOSAL_DELAY",
    "Dependency",
    "REPLY_DELAY",
    "STEP_DELAY",
    "OracleCalls",
    "ProposalEvents",
    "oracle",
    "propose",
]

PROPOSAL_DELAY: Final = 10
"""Seconds between what prompts a proposal (``after``) and the proposal."""

REPLY_DELAY: Final = 5
"""Seconds between a proposal and the user's answer."""

STEP_DELAY: Final = 2
"""Seconds between an oracle step and the step it follows."""

Dependency: TypeAlias = AbstractEvent | list[AbstractEvent] | None
"""What an event waits for: one event, several, or nothing (then it counts from the start)."""


class ProposalEvents(NamedTuple):
    """The proposal and the user's answer; unpacks as ``proposal, answer``."""

    proposal: OracleEvent
    answer: OracleEvent


def propose(
    aui: Any,
    content: str,
    *,
    after: Dependency = None,
    delay: float = PROPOSAL_DELAY,
    accept: str | None = None,
    reject: str | None = None,
    reply_delay: float = REPLY_DELAY,
) -> ProposalEvents:
    """The assistant proposes ``content``; the user accepts or declines it.

    Args:
        aui: the scenario's ``PAREAgentUserInterface``.
        content: what the assistant says to the user.
        after: the event (or events) that prompts the proposal; without one the
            proposal comes ``delay`` seconds after the start.
        delay: seconds after ``after`` (default 10).
        accept: the user's words when accepting ("" to accept without a word).
        reject: the user's words when declining. Give ``accept`` or ``reject``.
        reply_delay: seconds between the proposal and the answer (default 5).

    Returns:
        ``ProposalEvents(proposal, answer)``: two oracle events, the answer
        depending on the proposal. List both in ``self.events``.

    Raises:
        TypeError: ``aui`` has no proposal tools, or ``after`` is not an event.
        ValueError: no answer or both, empty ``content``, a negative delay.
    """
    answer_tool, words = _answer(accept, reject)
    if not isinstance(content, str) or not content.strip():
        raise ValueError("propose() needs the assistant's message as non-empty text (content)")
    _check_delay("propose", "delay", delay)
    _check_delay("propose", "reply_delay", reply_delay)
    missing = [tool for tool in ("send_message_to_user", answer_tool) if not hasattr(aui, tool)]
    if missing:
        raise TypeError(
            f"propose() needs the PAREAgentUserInterface app, got {type(aui).__name__} "
            f"(it has no {', '.join(missing)})"
        )
    proposal = oracle(aui, after=after, delay=delay).send_message_to_user(content=content)
    answer = getattr(oracle(aui, after=proposal, delay=reply_delay), answer_tool)(content=words)
    return ProposalEvents(proposal, answer)


def oracle(app: Any, *, after: Dependency = None, delay: float = STEP_DELAY) -> OracleCalls:
    """``app``, whose tool calls become oracle steps ``delay`` seconds after ``after``.

    ``oracle(calendar, after=accept).add_calendar_event(title=...)`` is
    ``calendar.add_calendar_event(title=...).oracle().depends_on(accept, delay_seconds=2)``.

    Args:
        app: the app whose tool the step calls.
        after: the event (or events) the step follows; without one the step
            comes ``delay`` seconds after the start.
        delay: seconds after ``after`` (default 2).

    Raises:
        TypeError: ``after`` is not an event or a list of events.
        ValueError: a negative delay.
    """
    _check_delay("oracle", "delay", delay)
    _check_after(after)
    return OracleCalls(app, after, delay)


@final
class OracleCalls:
    """An app seen through :func:`oracle`: each tool call returns a scheduled oracle event."""

    __slots__ = ("_after", "_app", "_delay")

    def __init__(self, app: Any, after: Dependency, delay: float) -> None:
        self._app = app
        self._after = after
        self._delay = delay

    def __getattr__(self, name: str) -> Callable[..., OracleEvent]:
        if name.startswith("_"):
            raise AttributeError(name)
        app = self._app
        method = getattr(app, name, None)
        if method is None:
            raise AttributeError(f"{type(app).__name__} has no tool {name!r}")
        if not getattr(method, "__event_registered__", False):
            raise TypeError(
                f"{type(app).__name__}.{name} is not a tool (its calls are not logged events), "
                "so it cannot be an oracle step"
            )

        def step(*args: Any, **kwargs: Any) -> OracleEvent:
            with EventRegisterer.capture_mode():
                event = method(*args, **kwargs).oracle()
            scheduled: OracleEvent = (
                event.delayed(self._delay)
                if self._after is None
                else event.depends_on(self._after, delay_seconds=self._delay)
            )
            return scheduled

        return step

    def __repr__(self) -> str:
        return f"oracle({type(self._app).__name__}, after={self._after!r}, delay={self._delay})"


def _answer(accept: str | None, reject: str | None) -> tuple[str, str]:
    if accept is not None and reject is not None:
        raise ValueError("propose() got both accept= and reject=: the user gives one answer")
    if accept is None and reject is None:
        raise ValueError(
            "propose() needs the user's answer: accept='...' or reject='...' "
            "(an empty string answers without a word)"
        )
    kind, tool, words = (
        ("accept", "accept_proposal", accept)
        if accept is not None
        else ("reject", "reject_proposal", reject)
    )
    if not isinstance(words, str):
        raise ValueError(f"propose(): {kind}= takes the user's words as a string, got {words!r}")
    return tool, words


def _check_delay(caller: str, name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"{caller}(): {name} must be a number of seconds >= 0, got {value!r}")


def _check_after(after: object) -> None:
    events = after if isinstance(after, list) else [] if after is None else [after]
    for event in events:
        if not isinstance(event, AbstractEvent):
            raise TypeError(
                "after= takes the event (or list of events) this one follows, e.g. the "
                f"incoming email's event; got {event!r}"
            )
