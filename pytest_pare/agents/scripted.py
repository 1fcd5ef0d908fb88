"""The offline ``scripted`` provider: ``reference`` and ``idle`` policies as model engines.

They answer the agents' real prompts with text in the exact format a model
writes (``Thought: ... Action: {json}``), parsed by ARE's JSON action parser
and executed through the real tools. ``reference`` derives its answers from
the scenario's oracle events, so it proves every scenario solvable by an agent
holding the tools it is given; ``idle`` only waits, so a validator that passes
it checks nothing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pytest_pare._util.jsonable import jsonable
from pytest_pare.agents.models import SCRIPTED_POLICIES


class ScriptSource(Protocol):
    """What a scripted engine reads of its run (``engines.EngineContext`` provides it)."""

    def completed_event_ids(self) -> set[str]:
        """The ids of the events that have happened so far in the run."""
        ...

    def reference_script(self) -> ReferenceScript: ...


logger = logging.getLogger(__name__)

AUI_NAME = "PAREAgentUserInterface"
WAIT_TOOL = f"{AUI_NAME}__wait"
SEND_TOOL = f"{AUI_NAME}__send_message_to_user"
ACCEPT_TOOL = f"{AUI_NAME}__accept_proposal"
ANSWER_FUNCTIONS = ("accept_proposal", "reject_proposal")
PASS_TOOL = "pass_turn"
"""The user agent's own no-op tool (see ``pytest_pare.agents.user``)."""

PROPOSAL_HEADER = "Proactive assistant messages:"
"""The header under which the user agent's prompt shows new assistant messages."""


def format_action(thought: str, tool: str, arguments: dict[str, Any] | None = None) -> str:
    """A model-style ReAct answer that ARE's ``JsonActionExecutor`` parses back exactly.

    ARE's parser turns every ``\\"`` into ``'`` before decoding, so double quotes
    inside strings are written as ``\\u0022`` and survive unchanged.
    """
    blob = json.dumps(
        {"action": tool, "action_input": arguments or {}}, ensure_ascii=False, indent=2, default=str
    )
    blob = blob.replace('\\"', "\\u0022")
    return f"Thought: {thought}\nAction:\n{blob}<end_action>"


@dataclass
class OracleStep:
    """One oracle action, as the agent would call it."""

    tool: str
    arguments: dict[str, Any]
    function: str
    is_user_step: bool
    is_write: bool
    gates: tuple[str, ...]
    """Event ids of non-oracle events (environment, conditions) that must have happened first."""


def oracle_steps(scenario: Any) -> list[OracleStep]:
    """The scenario's oracle actions in an order that respects their dependencies.

    Ties keep the order in which the author listed the events.
    """
    from are.simulation.tool_utils import OperationType
    from are.simulation.types import OracleEvent

    events = list(getattr(scenario, "events", None) or [])
    oracles = [e for e in events if isinstance(e, OracleEvent)]
    oracle_ids = {e.event_id for e in oracles}
    position = {e.event_id: i for i, e in enumerate(oracles)}
    done: set[str] = set()
    ordered: list[Any] = []
    pending = list(oracles)
    while pending:
        ready = [
            e
            for e in pending
            if all(d.event_id in done for d in e.dependencies if d.event_id in oracle_ids)
        ]
        chosen = min(ready or pending, key=lambda e: position[e.event_id])
        pending.remove(chosen)
        done.add(chosen.event_id)
        ordered.append(chosen)

    steps = []
    for oracle in ordered:
        event = oracle.make_event(None)
        action = event.action
        function = action.function
        name = getattr(function, "__name__", None) or action.function_name
        app_name = getattr(action.app, "name", None) or type(action.app).__name__
        args = {k: jsonable(v) for k, v in action.args.items() if k != "self"}
        # The action holds the undecorated function; the tool flags sit on the app's method.
        method = getattr(action.app, name, function)
        is_user = bool(getattr(method, "_is_user_tool", False)) and not bool(
            getattr(method, "_is_app_tool", False)
        )
        op = action.operation_type or getattr(function, "__operation_type__", None)
        gates = tuple(d.event_id for d in oracle.dependencies if d.event_id not in oracle_ids)
        steps.append(
            OracleStep(
                tool=f"{app_name}__{name}",
                arguments=args,
                function=name,
                is_user_step=is_user,
                is_write=op == OperationType.WRITE,
                gates=gates,
            )
        )
    return steps


@dataclass
class ReferenceScript:
    """The shared cursor of one run's reference assistant over the oracle steps."""

    steps: list[OracleStep]
    cursor: int = 0
    answers: list[tuple[str, str]] = field(default_factory=list)
    """The oracle user's answers to the proposals, in order: (tool, content)."""

    @classmethod
    def for_scenario(cls, scenario: Any) -> ReferenceScript:
        steps = oracle_steps(scenario)
        answers = [
            (s.tool, str(s.arguments.get("content", "")))
            for s in steps
            if s.is_user_step and s.function in ANSWER_FUNCTIONS
        ]
        return cls(steps=steps, answers=answers)

    def next_assistant_answer(self, role: str, completed_ids: Callable[[], set[str]]) -> str:
        """The assistant's next answer; ``completed_ids`` is called only for a gated step."""
        while self.cursor < len(self.steps) and self.steps[self.cursor].is_user_step:
            self.cursor += 1  # the user policy plays the user's part
        if self.cursor >= len(self.steps):
            return format_action("The task is done; I keep observing.", WAIT_TOOL)
        step = self.steps[self.cursor]
        if step.gates and not completed_ids().issuperset(step.gates):
            return format_action("What I need to act on has not happened yet.", WAIT_TOOL)
        if role == "execute" and self._is_proposal(self.cursor):
            # A further proposal is the observer's to make, once this execution is over.
            return format_action("Done with what was accepted.", WAIT_TOOL)
        if role == "observe" and step.is_write and step.tool != SEND_TOOL:
            # Observe mode holds only read-only tools: propose before acting.
            return format_action("I need the user's go-ahead before changing anything.", WAIT_TOOL)
        self.cursor += 1
        return format_action(f"Next step: {step.function}.", step.tool, step.arguments)

    def _is_proposal(self, index: int) -> bool:
        """A message to the user that the oracle has the user answer (accept or reject)."""
        if self.steps[index].tool != SEND_TOOL:
            return False
        following = self.steps[index + 1 : index + 2]
        return (
            bool(following)
            and following[0].is_user_step
            and following[0].function in ANSWER_FUNCTIONS
        )

    def next_answer(self) -> tuple[str, str]:
        """The user's next answer as the oracle gives it (accept, or reject); else accept."""
        return self.answers.pop(0) if self.answers else (ACCEPT_TOOL, "")


def _last_user_message(messages: list[dict[str, Any]]) -> str:
    for message in reversed(messages):
        role = str(getattr(message.get("role"), "value", message.get("role")))
        if role in {"assistant", "tool-call"}:
            return ""
        if role == "user":
            return str(message.get("content", ""))
    return ""


class ScriptedEngine:
    """An LLMEngine-compatible callable answering from a policy instead of a model."""

    def __init__(self, policy: str, role: str, context: ScriptSource) -> None:
        if policy not in SCRIPTED_POLICIES:
            raise ValueError(f"unknown scripted policy {policy!r}: use 'reference' or 'idle'")
        self.policy = policy
        self.role = role
        self.context = context
        self.model_name = f"scripted/{policy}"

    def __call__(
        self, messages: list[dict[str, Any]], stop_sequences: list[str] | None = None, **kwargs: Any
    ) -> tuple[str, dict[str, Any]]:
        text = self._answer(messages)
        for stop in stop_sequences or []:
            text = text.split(stop)[0]
        return text, {}

    def _answer(self, messages: list[dict[str, Any]]) -> str:
        if self.role == "user":
            if self.policy == "reference" and PROPOSAL_HEADER in _last_user_message(messages):
                tool, content = self.context.reference_script().next_answer()
                thought = (
                    "The assistant's proposal helps me: accept it."
                    if tool == ACCEPT_TOOL
                    else "The assistant's proposal is not what I want: reject it."
                )
                return format_action(thought, tool, {"content": content})
            return format_action("Nothing to do right now.", PASS_TOOL)
        if self.policy == "idle":
            return format_action("I keep observing.", WAIT_TOOL)
        return self.context.reference_script().next_assistant_answer(
            self.role, self.context.completed_event_ids
        )
