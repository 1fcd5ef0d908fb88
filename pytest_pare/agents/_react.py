"""What the user and the proactive agent share: a ReAct agent per role, turn budgets, notes.

Each role runs ARE's ``BaseAgent`` (real prompts, JSON action parser, tools).
A turn makes model calls until the role called a tool that ends it, or made
its iteration budget of valid actions; an answer without a valid action
(empty, prose, broken JSON, an unknown tool) does not use that budget, but a
role that gives ``INVALID_ANSWER_LIMIT`` of them in a row fails the run
(``NoValidAction``, an agent error). The model call is bracketed by
``pause_env``/``resume_env``, which here advances the simulated clock by the
configured generation time, so a run never waits on the wall clock; before
each call the run's deadline is checked. The prompt is kept within the role's
budget (``_history``).
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from time import perf_counter as _wall_seconds
from typing import Any

from are.simulation.agents.agent_log import (
    ErrorLog,
    LLMOutputThoughtActionLog,
    TaskLog,
    ToolCallLog,
)
from are.simulation.agents.are_simulation_agent import AgentStoppedException
from are.simulation.agents.default_agent.base_agent import BaseAgent, TerminationStep
from are.simulation.agents.default_agent.tools.json_action_executor import JsonActionExecutor
from are.simulation.tool_utils import AppToolAdapter
from are.simulation.tools import Tool
from are.simulation.types import SimulatedGenerationTimeConfig

from pytest_pare._util.seeding import stable_seed
from pytest_pare.agents._history import BoundedAgent, is_invalid_error
from pytest_pare.agents.errors import NoValidAction
from pytest_pare.agents.retry import stats_of
from pytest_pare.agents.tokens import estimate_prompt_tokens, message_text

logger = logging.getLogger(__name__)

INVALID_ANSWER_LIMIT = 4
"""Answers in a row without a valid action after which a role fails the run (an agent error).

One answer and three retries, as many as ARE's own format retries allowed before.
"""

_OUTPUT_SHOWN = 300  # characters of a bad answer quoted in the NoValidAction message

#: a call record's counts, as the engine's metadata names them (0 when it reports none)
_CALL_COUNTS = (
    "prompt_tokens",
    "completion_tokens",
    "cached_tokens",
    "reasoning_tokens",
    "retries",
    "rate_limited",
)


def _count(value: Any) -> int:
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError):
        return 0


@dataclass
class TurnReport:
    """What one agent did in one turn."""

    agent: str
    """``user``, ``observe`` or ``execute``."""
    tool_calls: list[str] = field(default_factory=list)
    model_calls: int = 0
    error: str | None = None
    """``"<ExceptionType>: <message>"`` when the turn raised (what it did before stays)."""
    calls: list[dict[str, Any]] = field(default_factory=list)
    """One JSON-safe record per model call of the turn (see ``EngineGuard``)."""
    messages: dict[str, dict[str, str]] = field(default_factory=dict)
    """The prompt messages the ``calls`` refer to, by id (``{"role", "content"}``)."""


def message_id(role: str, content: str) -> str:
    """A short content hash naming one prompt message in a transcript."""
    return hashlib.sha1(f"{role}\0{content}".encode()).hexdigest()[:12]


class EngineGuard:
    """Wraps an engine for BaseAgent: counts and records calls, keeps the first failure.

    BaseAgent logs and swallows any exception raised inside its loop, so a
    missing API key would otherwise look like a model that never answers. The
    guard stops the loop at once and the agent re-raises the original error
    after the turn (``raise_if_failed``). Before each call it checks the run's
    ``deadline``, so a run never starts a call after its time is up.

    Each call is recorded for the transcript: the prompt (as message ids into
    ``messages``), the raw output, the tokens the server reported and our
    estimate of the prompt, the wall-clock latency, and the error if it raised.
    The role adds what came of the answer (``action`` or ``invalid``).
    """

    def __init__(
        self, engine: Callable[..., Any], *, measure: bool = False, deadline: Any = None
    ) -> None:
        self.engine = engine
        self.model_name = getattr(engine, "model_name", "engine")
        self.calls = 0
        self.error: BaseException | None = None
        # In "measured" generation-time mode BaseAgent advances the clock by the
        # metadata's completion_duration, which no engine reports: the guard times
        # the call. Only then: a fixed-mode run never lets the wall clock into the run.
        self.measure = measure
        self.deadline = deadline
        self.records: list[dict[str, Any]] = []
        self.messages: dict[str, dict[str, str]] = {}
        self.where = "a model call"
        #: called with each answered call's record; may raise to stop the run
        self.judge: Callable[[dict[str, Any]], None] | None = None

    def __call__(
        self, messages: list[dict[str, Any]], stop_sequences: list[str] | None = None, **kwargs: Any
    ) -> Any:
        if self.error is not None:
            raise AgentStoppedException("an earlier model call failed")
        if self.deadline is not None:
            try:
                self.deadline.check(f"before {self.where}")
            except Exception as exc:
                self.error = exc
                # Under --pare-record the store learns where the run ended, so that
                # its replay ends there too.
                note = getattr(self.engine, "record_failure", None)
                if note is not None:
                    note(messages, list(stop_sequences or []), exc)
                raise AgentStoppedException(f"run deadline passed: {exc}") from exc
        self.calls += 1
        record = self._record(messages)
        started = _wall_seconds()
        try:
            # The model is outside the simulated world: call it in an empty context, so
            # that a client drawing uuid4s (litellm does, per request) cannot consume the
            # run's seeded id stream; a recorded and a replayed run then log the same ids.
            response = contextvars.Context().run(
                self.engine, messages, stop_sequences=list(stop_sequences or []), **kwargs
            )
        except Exception as exc:
            record["latency"] = round(_wall_seconds() - started, 4)
            record["error"] = f"{type(exc).__name__}: {exc}"
            stats = stats_of(exc)  # a failed call's attempts and 429s count too
            if stats is not None:
                record.update(retries=stats.retries, rate_limited=stats.rate_limited)
            self.error = exc
            raise AgentStoppedException(f"model call failed: {exc}") from exc
        elapsed = _wall_seconds() - started
        output, metadata = response if isinstance(response, tuple) else (response, None)
        metadata = dict(metadata or {})
        record.update(
            latency=round(elapsed, 4),
            output=output,
            **{key: _count(metadata.get(key)) for key in _CALL_COUNTS},
            finish_reason=metadata.get("finish_reason"),
        )
        if self.judge is not None:
            try:
                self.judge(record)
            except Exception as exc:  # the role's verdict on its answers (NoValidAction)
                self.error = exc
                raise AgentStoppedException(str(exc)) from exc
        if not self.measure:
            return response
        return output, {"completion_duration": elapsed, **metadata}

    def _record(self, messages: list[dict[str, Any]]) -> dict[str, Any]:
        ids = []
        for message in messages:
            role = str(getattr(message.get("role"), "value", message.get("role")))
            content = message_text(message)
            key = message_id(role, content)
            self.messages.setdefault(key, {"role": role, "content": content})
            ids.append(key)
        record: dict[str, Any] = {
            "messages": ids,
            "estimated_prompt_tokens": estimate_prompt_tokens(messages),
            "output": None,
            "action": None,
            "invalid": None,
            "error": None,
            **dict.fromkeys(_CALL_COUNTS, 0),
        }
        self.records.append(record)
        return record

    def raise_if_failed(self) -> None:
        if self.error is not None:
            raise self.error


class PassTurnTool(Tool):
    """The user's way to do nothing this turn (a real person often just looks)."""

    name = "pass_turn"
    description = "Do nothing this turn: nothing on the phone needs your attention now."
    inputs: dict[str, dict[str, Any]] = {}
    output_type = "string"

    def forward(self) -> str:
        return "You leave the phone for now."


def _ending_tool_called(agent: BaseAgent, ending_tools: frozenset[str]) -> bool:
    """Whether the turn's last tool call was one that ends the turn (exact names)."""
    for log in reversed(agent.logs):
        if isinstance(log, ToolCallLog):
            # Exact names: "wait" must not match "wait_for_notification".
            return log.tool_name in ending_tools
        if isinstance(log, TaskLog):
            return False
    return False


class ReactRole:
    """One BaseAgent driven turn by turn on the environment's simulated clock.

    ``seed`` is the run's seed; the agent's shuffle seed derives from it and the
    role name. ``prompt_budget`` bounds the prompt in estimated tokens (None: no
    bound beyond dropping stale invalid answers); ``deadline`` is the run's.
    """

    def __init__(
        self,
        name: str,
        engine: Callable[..., Any],
        env: Any,
        *,
        max_iterations: int,
        generation_time: float,
        generation_time_mode: str = "fixed",
        seed: int = 0,
        prompt_budget: int | None = None,
        deadline: Any = None,
    ) -> None:
        self.name = name
        self.guard = EngineGuard(
            engine, measure=generation_time_mode == "measured", deadline=deadline
        )
        self.guard.where = f"a call of the {name} model"
        self.env = env
        self.agent = BoundedAgent(
            llm_engine=self.guard,
            system_prompts={"system_prompt": ""},
            tools={},
            action_executor=JsonActionExecutor(use_custom_logger=False),
            max_iterations=max_iterations,
            # Its condition is replaced at the start of every turn by one that knows
            # the turn's ending tools.
            termination_step=TerminationStep(condition=lambda agent: True),
            time_manager=env.time_manager,
            simulated_generation_time_config=SimulatedGenerationTimeConfig(
                mode=generation_time_mode,
                seconds=float(generation_time),
            ),
            use_custom_logger=False,
        )
        self.agent.prompt_budget = prompt_budget
        self.agent.name = f"{name}_agent"
        # BaseAgent.__init__ seeds its tool shuffling from the wall clock (its only
        # wall-clock read); replace it at once with a seed of the run and the role.
        self.agent.shuffle_seed = stable_seed(seed, name)
        self.agent.pause_env = _no_pause
        self.agent.resume_env = self._resume
        # ARE retries an answer without "Thought:"/"Action:" inside the step, with the
        # same prompt; each retry goes through the guard (deadline check, record) and
        # counts towards INVALID_ANSWER_LIMIT, where the guard's judge ends the run.
        # ARE discards the answer of its last allowed retry even when it is valid, so
        # it must allow more retries than the judge does.
        self.agent.invalid_format_retries = INVALID_ANSWER_LIMIT
        self.guard.judge = self._judge_call
        self.started = False
        # Called with every turn's report, also one that raised (the runner keeps
        # a run's transcript and model calls even when a model call failed).
        self.on_report: Callable[[TurnReport], None] | None = None
        self.invalid_streak = 0
        self._valid_in_turn = 0
        self._seen_logs = 0
        self._last_invalid: tuple[str, str] | None = None

    def _resume(self, offset: float) -> None:
        # The model "generated" for `offset` simulated seconds; events due meanwhile fire now.
        if offset > 0:
            self.env.advance(offset)

    def _judge_call(self, record: dict[str, Any]) -> None:
        """A call's answer without ARE's tokens is invalid before it is parsed (ARE retries it)."""
        output = str(record.get("output") or "")
        if self.agent.action_token in output or self.agent.thought_token in output:
            return
        record["invalid"] = "empty answer" if not output.strip() else "no Thought:/Action: in it"
        self._invalid(record["invalid"], output)

    def _invalid(self, reason: str, output: str) -> None:
        self.invalid_streak += 1
        self._last_invalid = (reason, output)
        if self.invalid_streak < INVALID_ANSWER_LIMIT:
            return
        shown = output.strip().replace("\n", " ")
        if len(shown) > _OUTPUT_SHOWN:
            shown = shown[:_OUTPUT_SHOWN] + "..."
        raise NoValidAction(
            f"the {self.name} model ({self.guard.model_name}) gave {self.invalid_streak} "
            f"answers in a row without a valid action; last: {reason}; its answer: "
            f"{shown!r}. The model does not follow the action format (the trace's model "
            f"calls show every answer)"
        )

    def _account(self) -> None:
        """Judge the step logged since the last look: a valid action or an invalid answer.

        Called between steps (one step at most since the last call) and when a
        turn ends. The step's answer is the latest call's (its format retries
        were judged as they came, by ``_judge_call``).
        """
        logs = self.agent.logs
        new, self._seen_logs = logs[self._seen_logs :], len(logs)
        answers = [i for i, log in enumerate(new) if isinstance(log, LLMOutputThoughtActionLog)]
        if not answers:
            return  # no answered step (the turn's start, or a call that raised)
        tool = args = None
        errors: list[ErrorLog] = []
        # What follows the step's final answer; ARE logs its format retries before it.
        for log in new[answers[-1] :]:
            if isinstance(log, ToolCallLog):
                tool, args = log.tool_name, log.tool_arguments
            elif isinstance(log, ErrorLog):
                errors.append(log)
        record = self.guard.records[-1] if self.guard.records else {}
        if record.get("invalid"):
            return  # counted when it came in
        invalid = [e for e in errors if is_invalid_error(e)]
        if tool is not None and not invalid:
            self.invalid_streak = 0
            self._valid_in_turn += 1
            record["action"] = {"tool": tool, "args": args}
            if errors:
                record["tool_error"] = _error_line(errors[-1])
            return
        record["invalid"] = _error_line(invalid[-1]) if invalid else "no tool call in it"
        self._invalid(record["invalid"], str(record.get("output") or ""))

    def _turn_over(self, agent: BaseAgent, ending_tools: frozenset[str]) -> bool:
        self._account()
        if self._valid_in_turn >= agent.max_iterations:
            return True
        return _ending_tool_called(agent, ending_tools)

    def run_turn(
        self,
        *,
        system_prompt: str | None,
        tools: Iterable[Tool],
        task: str,
        ending_tools: Iterable[str],
        reset: bool,
    ) -> TurnReport:
        """Run one turn; ``reset`` starts a fresh conversation with ``system_prompt``."""
        ending = frozenset(ending_tools)
        self.agent.termination_step.condition = lambda agent: self._turn_over(agent, ending)
        fresh = reset or not self.started
        if fresh:
            self.agent.init_system_prompts = {"system_prompt": system_prompt or ""}
        self.agent.tools = {tool.name: tool for tool in tools}
        self.agent.action_executor.update_tools(self.agent.tools)
        first_log = 0 if fresh else len(self.agent.logs)
        self._seen_logs = first_log
        self._valid_in_turn = 0
        calls_before = self.guard.calls
        records_before = len(self.guard.records)
        logger.debug("%s turn: %s", self.name, task.replace("\n", " | ")[:300])
        report = TurnReport(agent=self.name)
        try:
            self.agent.run(task, reset=fresh)
            self.started = True
            self.guard.raise_if_failed()
            self._account()
        except BaseException as exc:
            with suppress(NoValidAction):  # the turn raised already; judge its last answer
                self._account()
            report.error = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            report.tool_calls = [
                log.tool_name for log in self.agent.logs[first_log:] if isinstance(log, ToolCallLog)
            ]
            report.model_calls = self.guard.calls - calls_before
            report.calls = self.guard.records[records_before:]
            report.messages = {
                key: self.guard.messages[key]
                for record in report.calls
                for key in record["messages"]
            }
            if self.on_report is not None:
                self.on_report(report)
        logger.info("%s called %s", self.name, report.tool_calls or "no tool")
        return report


def _error_line(log: ErrorLog) -> str:
    text = str(log.exception or "").strip().splitlines()
    first = text[0] if text else ""
    return f"{log.error}: {first[:200]}" if first else str(log.error)


def _no_pause() -> None:
    """Simulated time does not flow by itself: nothing to pause."""


def adapt(app_tools: Iterable[Any]) -> list[Tool]:
    """ARE AppTools as agent tools (their names are ``<App name>__<function>``)."""
    return [AppToolAdapter(tool) for tool in app_tools]


def date_line(env: Any) -> str:
    now = datetime.fromtimestamp(float(env.current_time), tz=UTC)
    return f"It is {now:%A %Y-%m-%d %H:%M} (UTC)."


def describe_event(event: Any, limit: int = 240) -> str | None:
    """One short line for a logged event, or None for entries that are not app actions."""
    action = getattr(event, "action", None)
    function = getattr(action, "function_name", None)
    app = getattr(getattr(action, "app", None), "name", None)
    if function is None or app is None:
        return None
    args = getattr(action, "args", {}) or {}
    shown = ", ".join(f"{k}={v!r}" for k, v in args.items() if k != "self")
    text = f"{app}.{function}({shown})"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def unseen_events(env: Any, seen: set[str]) -> list[Any]:
    """The logged events whose ids are not in ``seen``, in log order; their ids join ``seen``."""
    new = []
    for event in env.event_log.list_view():
        if event.event_id not in seen:
            seen.add(event.event_id)
            new.append(event)
    return new


def run_seed_of(scenario: Any) -> int:
    """The run's seed (the runner sets ``scenario.seed`` from ``stable_seed``); 0 when unset."""
    seed = getattr(scenario, "seed", 0)
    return seed if isinstance(seed, int) else 0


def find_aui(scenario: Any) -> Any:
    """The scenario's PAREAgentUserInterface (the app holding the proposal tools)."""
    for app in getattr(scenario, "apps", None) or []:
        if hasattr(app, "accept_proposal") and hasattr(app, "send_message_to_user"):
            return app
    raise ValueError(
        "the scenario has no PAREAgentUserInterface app: add PAREAgentUserInterface() to "
        "self.apps in init_and_populate_apps, the assistant proposes through it"
    )
