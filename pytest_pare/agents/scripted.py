"""The offline ``scripted`` provider: ``reference``, ``idle`` and ``eager`` policies as engines.

They answer the agents' real prompts with text in the exact format a model
writes (``Thought: ... Action: {json}``), parsed by ARE's JSON action parser
and executed through the real tools. ``reference`` derives its answers from
the scenario's oracle events, so it proves every scenario solvable by an agent
holding the tools it is given; ``idle`` only waits, so a validator that passes
it checks nothing; ``eager`` (``agents/eager.py``) proposes on every
notification and does not take no for an answer, so a scenario that rewards
restraint fails it.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Final, Protocol

from pytest_pare.agents.models import SCRIPTED_POLICIES
from pytest_pare.agents.oracle_plan import OracleStep, ScenarioDefect, oracle_plan


class AssistantScript(Protocol):
    """One run's scripted assistant, shared by its observe and execute engines."""

    def next_assistant_answer(self, role: str, context: ScriptSource) -> str: ...


class ScriptSource(Protocol):
    """What a scripted engine reads of its run (``engines.EngineContext`` provides it)."""

    scenario: Any
    environment: Any
    tool_names: dict[str, frozenset[str]]

    def completed_event_ids(self) -> set[str]:
        """The ids of the events that have happened so far in the run."""
        ...

    def reference_script(self) -> ReferenceScript: ...

    def eager_script(self) -> AssistantScript: ...


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


MAX_RETRIES: Final = 5
"""How often a scripted assistant calls one step again after injected noise failed it."""


@dataclass
class Retries:
    """The step a scripted assistant called last, to check its outcome on the next call."""

    issued: tuple[OracleStep, int] | None = None
    """The step last called and the log's length just before."""
    counts: Counter[int] = field(default_factory=Counter)

    def note(self, step: OracleStep, context: ScriptSource) -> None:
        self.issued = (step, len(_log(context)))

    def take(self, context: ScriptSource) -> tuple[OracleStep, tuple[Any, str] | None] | None:
        """The step called last and its failure ``(action, error)`` or None; None if no step."""
        if self.issued is None:
            return None
        step, before = self.issued
        self.issued = None
        return step, failed_call(step, _log(context)[before:])

    def failed_by_noise(self, context: ScriptSource) -> OracleStep | None:
        """The step called last when noise failed it and it may be called again, else None."""
        last = self.take(context)
        if last is None or last[1] is None or not _injected_failure(*last[1]):
            return None
        return last[0] if self.again(last[0]) else None

    def again(self, step: OracleStep) -> bool:
        """Whether ``step`` may be called once more (counts the call)."""
        self.counts[step.index] += 1
        return self.counts[step.index] <= MAX_RETRIES


def failed_call(step: OracleStep, logged: list[Any]) -> tuple[Any, str] | None:
    """``(action, error)`` when ``logged`` shows ``step``'s call raising, else None."""
    for event in logged:
        action = getattr(event, "action", None)
        if getattr(action, "function_name", None) != step.function:
            continue
        if type(getattr(action, "app", None)).__name__ != step.app_class:
            continue
        error = getattr(getattr(event, "metadata", None), "exception", None)
        return None if error is None else (action, str(error))
    return None


def failed_by_noise(step: OracleStep, logged: list[Any]) -> bool:
    """Whether ``logged`` shows ``step``'s call failing by injected noise.

    An injected failure (``--pare-tool-failure-probability``) has the tool's own
    failure message; any other exception is the scenario's or the app's fault,
    and calling again would not mend it.
    """
    failed = failed_call(step, logged)
    return failed is not None and _injected_failure(*failed)


def retry_action(step: OracleStep) -> str:
    """The answer that calls ``step`` again."""
    return format_action(
        f"{step.function} failed (a transient error); trying again.", step.tool, step.arguments
    )


@dataclass
class ReferenceScript:
    """The shared cursor of one run's reference assistant over the oracle plan.

    Besides playing the plan, it reports a plan an agent cannot play: a step it
    reaches that the assistant cannot make (a write while it observes, a tool it
    is not given), that waits on an event which never happens outside oracle
    mode, or that raised in the app, is a ``ScenarioDefect`` naming the step. A
    step whose call failed by injected noise is called again, up to
    ``MAX_RETRIES`` times, as a careful agent reading the error would.
    """

    steps: list[OracleStep]
    cursor: int = 0
    answers: list[tuple[str, str]] = field(default_factory=list)
    """The oracle user's answers to the proposals, in order: (tool, content)."""
    proposed: bool = False
    stalled_on: tuple[str, ...] = ()
    """What the last execute turn stopped waiting on (it then ended, back to observing)."""
    retries: Retries = field(default_factory=Retries)
    """The step last played: its result is checked on the next call."""

    @classmethod
    def for_scenario(cls, scenario: Any) -> ReferenceScript:
        steps = oracle_plan(scenario)
        answers = [
            (s.tool, str(s.arguments.get("content", "")))
            for s in steps
            if s.is_user_step and s.function in ANSWER_FUNCTIONS
        ]
        return cls(steps=steps, answers=answers)

    def next_assistant_answer(self, role: str, context: ScriptSource) -> str:
        """The assistant's next answer in ``role`` (``observe`` or ``execute``).

        Raises:
            ScenarioDefect: the plan cannot be played from here (see the class).
        """
        again = self._check_last_step(context)
        if again is not None:
            self.retries.note(again, context)
            return retry_action(again)
        while self.cursor < len(self.steps) and self.steps[self.cursor].actor != "assistant":
            self.cursor += 1  # the user policy plays the user's part; scripted events run alone
        if self.cursor >= len(self.steps):
            return format_action("The task is done; I keep observing.", WAIT_TOOL)
        step = self.steps[self.cursor]
        if step.blocked_by:
            raise self._blocked(step)
        if step.gates and not context.completed_event_ids().issuperset(step.gates):
            if role == "execute":
                self.stalled_on = step.gate_labels
            return format_action("What I need to act on has not happened yet.", WAIT_TOOL)
        if role == "execute" and self._is_answered_proposal(self.cursor):
            # A further proposal is the observer's to make, once this execution is over.
            self.stalled_on = ()
            return format_action("Done with what was accepted.", WAIT_TOOL)
        if role == "observe" and step.is_app_write:
            raise self._observed_write(step)
        self._check_tool(step, role, context)
        if step.is_proposal:
            self.proposed = True
        self.stalled_on = ()  # the cursor moves on: what stalled it is behind
        self.cursor += 1
        self.retries.note(step, context)
        return format_action(f"Next step: {step.function}.", step.tool, step.arguments)

    def _is_answered_proposal(self, index: int) -> bool:
        """A message to the user that the plan has the user answer (accept or reject)."""
        return is_answered_proposal(self.steps, index)

    def _check_tool(self, step: OracleStep, role: str, context: ScriptSource) -> None:
        given = context.tool_names.get(role)
        if given is None or step.tool in given:
            return
        where = "while observing" if role == "observe" else "while executing"
        raise ScenarioDefect(
            f"oracle {step.label} calls {step.tool}, a tool the assistant is not given "
            f"{where} ({len(given)} tools)",
            f"use one of the assistant's app tools, or make {step.function} an @app_tool of "
            f"{step.app_class}",
            step,
        )

    def _check_last_step(self, context: ScriptSource) -> OracleStep | None:
        """The step played last when noise failed it and it may be called again, else None.

        Raises:
            ScenarioDefect: it raised in the app (not by injected noise).
        """
        last = self.retries.take(context)
        if last is None:
            return None
        step, failure = last
        if failure is None:
            return None
        action, error = failure
        if not _injected_failure(action, error):
            raise ScenarioDefect(
                f"oracle {step.label} raised in the app: {_one_line(error)}",
                "fix its arguments or the data the scenario seeds (an oracle step must succeed)",
                step,
            )
        return step if self.retries.again(step) else None

    def _observed_write(self, step: OracleStep) -> ScenarioDefect:
        fix = "put a send_message_to_user proposal and the user's accept_proposal before it"
        if not self.proposed:
            what = (
                f"oracle {step.label} writes before the first proposal; the assistant only "
                "has read-only tools until the user accepts one"
            )
        elif self.stalled_on:
            what = (
                f"oracle {step.label} writes after waiting on {', '.join(self.stalled_on)} "
                "once the user had accepted; by then the execution is over and the assistant "
                "observes with read-only tools"
            )
            fix = f"make it depend on the accept (not on a later event), or {fix}"
        else:
            what = f"oracle {step.label} writes after the accepted proposal's execution ended"
        return ScenarioDefect(what, fix, step)

    def _blocked(self, step: OracleStep) -> ScenarioDefect:
        by = {s.event_id: s for s in self.steps}
        names = ", ".join(by[i].label if i in by else i for i in step.blocked_by)
        return ScenarioDefect(
            f"oracle {step.label} depends on {names}, a scripted event that itself depends on "
            "an oracle step, so it never runs outside oracle mode",
            "mark it .oracle() if the assistant or the user does it, or make it depend on an "
            "environment event",
            step,
        )

    def next_answer(self) -> tuple[str, str]:
        """The user's next answer as the oracle gives it (accept, or reject); else accept."""
        return self.answers.pop(0) if self.answers else (ACCEPT_TOOL, "")


def is_answered_proposal(steps: list[OracleStep], index: int) -> bool:
    """Whether ``steps[index]`` is a message to the user that the plan has the user answer."""
    if not steps[index].is_proposal:
        return False
    following = steps[index + 1 : index + 2]
    return (
        bool(following) and following[0].is_user_step and following[0].function in ANSWER_FUNCTIONS
    )


def event_log(context: ScriptSource) -> list[Any]:
    """The run's event log so far (empty before the environment exists)."""
    return _log(context)


def _log(context: ScriptSource) -> list[Any]:
    env = context.environment
    return list(env.event_log.list_view()) if env is not None else []


def _injected_failure(action: Any, error: str) -> bool:
    """Whether ``error`` is tool-failure noise (``--pare-tool-failure-probability``)."""
    app = getattr(action, "app", None)
    if app is None or not getattr(app, "failure_probability", None):
        return False
    name = getattr(action, "function_name", None)
    for tool in app.get_tools():
        if tool.func_name == name:
            return bool(error == tool.failure_message_template.format(name=tool.name))
    return False


def _one_line(error: object) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= 200 else text[:197] + "..."


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
            raise ValueError(
                f"unknown scripted policy {policy!r}: use one of {', '.join(SCRIPTED_POLICIES)}"
            )
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
            # The user is the world, not the policy under test: under `eager` it answers as
            # under `reference` (as the oracle does), so eager meets the same yes and no.
            answers = self.policy in ("reference", "eager")
            if answers and PROPOSAL_HEADER in _last_user_message(messages):
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
        if self.policy == "eager":
            return self.context.eager_script().next_assistant_answer(self.role, self.context)
        return self.context.reference_script().next_assistant_answer(self.role, self.context)
