"""Keep an agent's prompt bounded: stale invalid answers out, then the oldest turns.

ARE's agent rebuilds its prompt from its log before every model call, and the
log keeps every answer and every error message. A model that answers badly
would grow its own prompt by its bad answers and our complaints about them
(+500-1,000 tokens per call, measured), until it overflows its context. Here:

1. an answer without a valid action stays in the prompt only while it is the
   latest step (the model sees its last mistake and ARE's retry hint, not all of
   them);
2. when the prompt is still over the role's budget, the oldest messages after
   the system prompt go first; the system prompt (with the tool list) and the
   current task with everything after it always stay.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from are.simulation.agents.agent_log import (
    BaseAgentLog,
    ErrorLog,
    LLMInputLog,
    LLMOutputThoughtActionLog,
    ObservationLog,
    RationaleLog,
    StepLog,
    ThoughtLog,
    ToolCallLog,
)
from are.simulation.agents.default_agent.base_agent import BaseAgent

from pytest_pare.agents.tokens import estimate_prompt_tokens

#: ARE's errors for an answer the agent could not act on (no tool call came out of it)
INVALID_ANSWER_ERRORS = frozenset(
    {"InvalidActionAgentError", "JsonParsingAgentError", "FormatError", "UnavailableToolAgentError"}
)

# The logs of one step (a model answer and what came of it); a TaskLog or the
# system prompt between two steps is never part of one.
_STEP_LOGS = (
    StepLog,
    LLMInputLog,
    LLMOutputThoughtActionLog,
    ThoughtLog,
    RationaleLog,
    ToolCallLog,
    ObservationLog,
    ErrorLog,
)


def is_invalid_error(log: BaseAgentLog) -> bool:
    """True for the error log of an answer without a valid action."""
    return isinstance(log, ErrorLog) and log.error in INVALID_ANSWER_ERRORS


def without_stale_invalid_steps(logs: Sequence[BaseAgentLog]) -> list[BaseAgentLog]:
    """``logs`` without the steps whose answer held no valid action, except the last step."""
    starts = [i for i, log in enumerate(logs) if isinstance(log, StepLog)]
    drop: set[int] = set()
    for number, start in enumerate(starts[:-1]):
        end = starts[number + 1]
        step = range(start, end)
        if any(is_invalid_error(logs[i]) for i in step):
            drop.update(i for i in step if isinstance(logs[i], _STEP_LOGS))
    return [log for i, log in enumerate(logs) if i not in drop]


def _role(message: dict[str, Any]) -> str:
    role = message.get("role")
    return str(getattr(role, "value", role))


def fit_budget(history: list[dict[str, Any]], budget: int | None) -> list[dict[str, Any]]:
    """Drop the oldest messages after the system prompt until the estimate fits ``budget``.

    The system prompt (first message) and the latest task message with all that
    follows it are kept even when they alone exceed the budget (the server then
    says whether the context holds them). The first message kept after the
    system prompt is a user message, as chat templates expect.
    """
    if budget is None or estimate_prompt_tokens(history) <= budget or len(history) < 3:
        return history
    head = 1 if _role(history[0]) == "system" else 0
    tasks = [
        i
        for i, m in enumerate(history)
        if i >= head and _role(m) == "user" and str(m.get("content", "")).startswith("[TASK]")
    ]
    protected = tasks[-1] if tasks else max(head, len(history) - 2)
    body = history[head:protected]
    tail = history[protected:]
    total = estimate_prompt_tokens(history)
    while body and total > budget:
        total -= estimate_prompt_tokens(body[:1])
        body = body[1:]
    while body and _role(body[0]) != "user":
        body = body[1:]
    return history[:head] + body + tail


class BoundedAgent(BaseAgent):
    """ARE's BaseAgent whose prompt is kept bounded (see the module docstring).

    ``prompt_budget`` is the role's budget in estimated tokens (None: no
    budget; stale invalid answers still go).
    """

    prompt_budget: int | None = None

    def build_history_from_logs(
        self, exclude_log_types: list[str] | None = None
    ) -> list[dict[str, Any]]:
        logs: list[BaseAgentLog] = self.logs  # type: ignore[has-type]  # ARE is untyped
        # BaseAgent numbers steps and reads attachments from self.logs while it
        # builds; nothing is appended meanwhile, so a filtered view is safe here.
        self.logs = without_stale_invalid_steps(logs)
        try:
            history: list[dict[str, Any]] = super().build_history_from_logs(
                exclude_log_types=list(exclude_log_types or [])
            )
        finally:
            self.logs = logs
        return fit_budget(history, self.prompt_budget)
