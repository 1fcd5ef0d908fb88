"""What the user and the proactive agent share: a ReAct agent per role, turn budgets, notes.

Each role runs ARE's ``BaseAgent`` (real prompts, JSON action parser, tools).
A turn is a bounded number of model calls that ends early on an exact tool
name; the model call is bracketed by ``pause_env``/``resume_env``, which here
advances the simulated clock by the configured generation time, so a run never
waits on the wall clock.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from time import perf_counter as _wall_seconds
from typing import Any

from are.simulation.agents.agent_log import TaskLog, ToolCallLog
from are.simulation.agents.are_simulation_agent import AgentStoppedException
from are.simulation.agents.default_agent.base_agent import BaseAgent, TerminationStep
from are.simulation.agents.default_agent.tools.json_action_executor import JsonActionExecutor
from are.simulation.tool_utils import AppToolAdapter
from are.simulation.tools import Tool
from are.simulation.types import SimulatedGenerationTimeConfig

from pytest_pare._util.seeding import stable_seed

logger = logging.getLogger(__name__)


@dataclass
class TurnReport:
    """What one agent did in one turn."""

    agent: str
    """``user``, ``observe`` or ``execute``."""
    tool_calls: list[str] = field(default_factory=list)
    model_calls: int = 0
    error: str | None = None
    """``"<ExceptionType>: <message>"`` when the turn raised (what it did before stays)."""


class EngineGuard:
    """Wraps an engine for BaseAgent: counts calls and keeps the first failure.

    BaseAgent logs and swallows any exception raised inside its loop, so a
    missing API key would otherwise look like a model that never answers. The
    guard stops the loop at once and the agent re-raises the original error
    after the turn (``raise_if_failed``).
    """

    def __init__(self, engine: Callable[..., Any], *, measure: bool = False) -> None:
        self.engine = engine
        self.model_name = getattr(engine, "model_name", "engine")
        self.calls = 0
        self.error: BaseException | None = None
        # In "measured" generation-time mode BaseAgent advances the clock by the
        # metadata's completion_duration, which no engine reports: the guard times
        # the call. Only then: a fixed-mode run never reads the wall clock.
        self.measure = measure

    def __call__(
        self, messages: list[dict[str, Any]], stop_sequences: list[str] | None = None, **kwargs: Any
    ) -> Any:
        if self.error is not None:
            raise AgentStoppedException("an earlier model call failed")
        self.calls += 1
        started = _wall_seconds() if self.measure else 0.0
        try:
            # The model is outside the simulated world: call it in an empty context, so
            # that a client drawing uuid4s (litellm does, per request) cannot consume the
            # run's seeded id stream; a recorded and a replayed run then log the same ids.
            response = contextvars.Context().run(
                self.engine, messages, stop_sequences=list(stop_sequences or []), **kwargs
            )
        except Exception as exc:
            self.error = exc
            raise AgentStoppedException(f"model call failed: {exc}") from exc
        if not self.measure:
            return response
        output, metadata = response if isinstance(response, tuple) else (response, None)
        return output, {"completion_duration": _wall_seconds() - started, **(metadata or {})}

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


def _turn_condition(ending_tools: frozenset[str]) -> Callable[[BaseAgent], bool]:
    def condition(agent: BaseAgent) -> bool:
        if agent.iterations - agent.custom_state.get("turn_start", 0) >= agent.max_iterations:
            return True
        for log in reversed(agent.logs):
            if isinstance(log, ToolCallLog):
                # Exact names: "wait" must not match "wait_for_notification".
                return log.tool_name in ending_tools
            if isinstance(log, TaskLog):
                return False
        return False

    return condition


class ReactRole:
    """One BaseAgent driven turn by turn on the environment's simulated clock.

    ``seed`` is the run's seed; the agent's shuffle seed derives from it and the role name.
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
    ) -> None:
        self.name = name
        self.guard = EngineGuard(engine, measure=generation_time_mode == "measured")
        self.env = env
        self.agent = BaseAgent(
            llm_engine=self.guard,
            system_prompts={"system_prompt": ""},
            tools={},
            action_executor=JsonActionExecutor(use_custom_logger=False),
            max_iterations=max_iterations,
            # Replaced at the start of every turn by one that knows the turn's ending tools.
            termination_step=TerminationStep(condition=_turn_condition(frozenset())),
            time_manager=env.time_manager,
            simulated_generation_time_config=SimulatedGenerationTimeConfig(
                mode=generation_time_mode,
                seconds=float(generation_time),
            ),
            use_custom_logger=False,
        )
        self.agent.name = f"{name}_agent"
        # BaseAgent.__init__ seeds its tool shuffling from the wall clock (its only
        # wall-clock read); replace it at once with a seed of the run and the role.
        self.agent.shuffle_seed = stable_seed(seed, name)
        self.agent.pause_env = _no_pause
        self.agent.resume_env = self._resume
        self.agent.invalid_format_retries = 3
        self.started = False
        # Called with every turn's report, also one that raised (the runner keeps
        # a run's transcript and model calls even when a model call failed).
        self.on_report: Callable[[TurnReport], None] | None = None

    def _resume(self, offset: float) -> None:
        # The model "generated" for `offset` simulated seconds; events due meanwhile fire now.
        if offset > 0:
            self.env.advance(offset)

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
        self.agent.termination_step.condition = _turn_condition(frozenset(ending_tools))
        fresh = reset or not self.started
        if fresh:
            self.agent.init_system_prompts = {"system_prompt": system_prompt or ""}
        self.agent.tools = {tool.name: tool for tool in tools}
        self.agent.action_executor.update_tools(self.agent.tools)
        first_log = 0 if fresh else len(self.agent.logs)
        calls_before = self.guard.calls
        self.agent.custom_state["turn_start"] = 0 if fresh else self.agent.iterations
        logger.debug("%s turn: %s", self.name, task.replace("\n", " | ")[:300])
        report = TurnReport(agent=self.name)
        try:
            self.agent.run(task, reset=fresh)
            self.started = True
            self.guard.raise_if_failed()
        except BaseException as exc:
            report.error = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            report.tool_calls = [
                log.tool_name for log in self.agent.logs[first_log:] if isinstance(log, ToolCallLog)
            ]
            report.model_calls = self.guard.calls - calls_before
            if self.on_report is not None:
                self.on_report(report)
        logger.info("%s called %s", self.name, report.tool_calls or "no tool")
        return report


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
