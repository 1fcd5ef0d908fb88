"""The oracle plan: a scenario's expected actions in order, who plays each, what each waits on.

The ``reference`` policy plays this plan through the agents' real tools, and
the scenario linter checks that it can be played. Besides the ``.oracle()``
events, the plan holds the scripted events that depend on one: outside oracle
mode ARE never runs an event whose dependency is an oracle event, so such an
event happens only if someone plays it. A user action written without
``.oracle()`` (upstream has ``accept_proposal`` so in four modules) is the
simulated user's to play; any other such event can never happen in an agent
run, and a step waiting on it is a scenario defect.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal

from pytest_pare._util.jsonable import jsonable

__all__ = ["OracleStep", "ScenarioDefect", "describe_event", "linked_events", "oracle_plan"]

Actor = Literal["assistant", "user", "scripted"]

AUI_CLASS: Final = "PAREAgentUserInterface"
PROPOSAL_FUNCTION: Final = "send_message_to_user"


class ScenarioDefect(Exception):
    """A scenario that an agent cannot play as written: one line naming the step, and the fix.

    Raised by the ``reference`` policy when it reaches such a step, so the run
    reports the defect instead of waiting for something that never comes.

    Attributes:
        what: what is wrong, naming the step.
        fix: how to fix it.
        step: the plan step at fault (the linter points at its line), or None.
    """

    def __init__(self, what: str, fix: str = "", step: OracleStep | None = None) -> None:
        super().__init__(f"{what}; fix: {fix}" if fix else what)
        self.what = what
        self.fix = fix
        self.step = step

    def __reduce__(self) -> tuple[type[ScenarioDefect], tuple[str, str]]:
        # Crosses process boundaries (xdist, the in-flight pool) as its two texts.
        return (type(self), (self.what, self.fix))


@dataclass(frozen=True)
class OracleStep:
    """One action of the plan, as the agent (or the user) would call it."""

    index: int
    """1-based position in the plan."""
    event_id: str
    app_name: str
    app_class: str
    function: str
    arguments: dict[str, Any]
    actor: Actor
    """``assistant`` or ``user`` (who plays it), or ``scripted``: a non-oracle event that
    depends on an oracle event, which never runs outside oracle mode."""
    is_write: bool
    is_oracle: bool
    gates: tuple[str, ...]
    """Ids of events outside the plan (environment events, conditions) that must have run."""
    blocked_by: tuple[str, ...]
    """Ids of ``scripted`` plan events it depends on (it can never run in an agent run)."""
    gate_labels: tuple[str, ...] = ()
    """What each gate is, for messages: ``StatefulEmailApp.send_email_to_user_with_id``."""

    @property
    def tool(self) -> str:
        """The tool's name as an agent sees it: ``<app name>__<function>``."""
        return f"{self.app_name}__{self.function}"

    @property
    def label(self) -> str:
        """``step 3 (StatefulShoppingApp.checkout)``: how messages name the step."""
        return f"step {self.index} ({self.app_class}.{self.function})"

    @property
    def is_user_step(self) -> bool:
        return self.actor == "user"

    @property
    def is_proposal(self) -> bool:
        """The assistant's message to the user (how it proposes)."""
        return self.app_class == AUI_CLASS and self.function == PROPOSAL_FUNCTION

    @property
    def is_app_write(self) -> bool:
        """A WRITE tool call of the assistant other than its message to the user.

        What observe mode's read-only tools cannot make (they are chosen by the
        tools' operation type); validators judge writes by name instead
        (``scenarios.checks.is_write``).
        """
        return self.actor == "assistant" and self.is_write and not self.is_proposal


def linked_events(scenario: Any) -> list[Any]:
    """The scenario's events and every event linked to them, listed ones first."""
    seen: dict[str, Any] = {}
    pending = list(getattr(scenario, "events", None) or [])
    while pending:
        event = pending.pop(0)
        if event.event_id in seen:
            continue
        seen[event.event_id] = event
        pending.extend(getattr(event, "successors", None) or [])
        pending.extend(getattr(event, "dependencies", None) or [])
    return list(seen.values())


def _chain(events: list[Any]) -> set[str]:
    """Ids of the oracle events and of every event that depends on one, directly or not."""
    from are.simulation.types import OracleEvent

    chain = {e.event_id for e in events if isinstance(e, OracleEvent)}
    grew = True
    while grew:
        grew = False
        for event in events:
            if event.event_id not in chain and any(d.event_id in chain for d in event.dependencies):
                chain.add(event.event_id)
                grew = True
    return chain


def _ordered(events: list[Any], chain: set[str]) -> list[Any]:
    """The chain's events in an order that respects their dependencies; ties keep listing order."""
    members = [e for e in events if e.event_id in chain]
    position = {e.event_id: i for i, e in enumerate(members)}
    done: set[str] = set()
    ordered: list[Any] = []
    pending = list(members)
    while pending:
        ready = [
            e
            for e in pending
            if all(d.event_id in done for d in e.dependencies if d.event_id in chain)
        ]
        chosen = min(ready or pending, key=lambda e: position[e.event_id])
        pending.remove(chosen)
        done.add(chosen.event_id)
        ordered.append(chosen)
    return ordered


def describe_event(event: Any) -> str:
    """``AppClass.function`` of a scheduled event, ``condition <function>`` of a condition."""
    action = getattr(event, "action", None)
    app = getattr(action, "app", None)
    function = getattr(action, "function_name", None) or "?"
    if app is None:
        return f"condition {function}"
    return f"{type(app).__name__}.{function}"


def _step(index: int, event: Any, chain: set[str], actors: dict[str, Actor]) -> OracleStep:
    from are.simulation.tool_utils import OperationType
    from are.simulation.types import ConditionCheckEvent, OracleEvent

    is_oracle = isinstance(event, OracleEvent)
    gates = tuple(d.event_id for d in event.dependencies if d.event_id not in chain)
    blocked = tuple(
        d.event_id
        for d in event.dependencies
        if d.event_id in chain and actors.get(d.event_id) == "scripted"
    )
    gate_labels = tuple(describe_event(d) for d in event.dependencies if d.event_id not in chain)
    if isinstance(event, ConditionCheckEvent):
        function = getattr(event.action, "function_name", "?")
        return OracleStep(
            index, event.event_id, "", "condition", function, {}, "scripted", False, False,
            gates, blocked, gate_labels,
        )  # fmt: skip
    action = event.make_event(None).action if is_oracle else event.action
    function = action.function
    name = getattr(function, "__name__", None) or action.function_name
    app = action.app
    # The action holds the undecorated function; the tool flags sit on the app's method.
    method = getattr(app, name, function)
    is_user = bool(getattr(method, "_is_user_tool", False)) and not bool(
        getattr(method, "_is_app_tool", False)
    )
    actor: Actor = "user" if is_user else ("assistant" if is_oracle else "scripted")
    op = action.operation_type or getattr(function, "__operation_type__", None)
    return OracleStep(
        index=index,
        event_id=event.event_id,
        app_name=getattr(app, "name", None) or type(app).__name__,
        app_class=type(app).__name__,
        function=name,
        arguments={k: jsonable(v) for k, v in action.args.items() if k != "self"},
        actor=actor,
        is_write=op == OperationType.WRITE,
        is_oracle=is_oracle,
        gates=gates,
        blocked_by=blocked,
        gate_labels=gate_labels,
    )


def oracle_plan(scenario: Any) -> list[OracleStep]:
    """The plan of an initialised scenario: its oracle chain in dependency order.

    Args:
        scenario: a scenario after ``initialize()`` (its ``events`` are built).

    Returns:
        One ``OracleStep`` per oracle event and per non-oracle event that depends
        on one; ties keep the order in which the author listed the events.
    """
    events = linked_events(scenario)
    chain = _chain(events)
    actors: dict[str, Actor] = {}
    steps: list[OracleStep] = []
    for index, event in enumerate(_ordered(events, chain), start=1):
        step = _step(index, event, chain, actors)
        actors[step.event_id] = step.actor
        steps.append(step)
    return steps
