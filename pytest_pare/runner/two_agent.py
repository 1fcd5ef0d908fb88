"""The two-agent run: the simulated user and the proactive assistant take turns.

The algorithm, one round per turn up to ``config.max_turns``:

1. the user acts once on the current screen (or answers a proposal, or passes);
2. the assistant observes, or, if the user just answered its proposal,
   executes it (accepted) or goes back to observing (rejected);
3. a round in which nobody did anything (the user passed, the assistant only
   waited or awaited an answer) jumps the clock to the next scheduled event;
   when none is left, the run is over.

Simulated time moves only by the generation time charged per model call and by
those jumps, so the run costs the models' latency plus milliseconds, and the
same model answers give the same run.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pytest_pare.agents._react import PassTurnTool, TurnReport
from pytest_pare.agents.engines import Engine, EngineContext, build_engine
from pytest_pare.agents.models import ROLES
from pytest_pare.agents.proactive import Mode, ProactiveAgent
from pytest_pare.agents.user import UserAgent

logger = logging.getLogger(__name__)

__all__ = ["TwoAgentOutcome", "TwoAgentScenarioRunner", "run_two_agent"]


@dataclass
class TwoAgentOutcome:
    """What the loop reports besides the event log.

    Attributes:
        number_of_turns: rounds played (each has a user turn and an assistant turn).
        model_calls: model calls per role (``user``, ``observe``, ``execute``).
        transcript: one JSON-safe entry per agent turn:
            ``{"turn", "agent", "tool_calls", "model_calls"}``.
        end_reason: ``"max_turns"``, ``"quiescent"`` (nothing left to happen) or
            ``"stopped"`` (the environment stopped).
        models: ``{role: model name}`` as the engines report it.
    """

    number_of_turns: int = 0
    model_calls: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROLES, 0))
    transcript: list[dict[str, Any]] = field(default_factory=list)
    end_reason: str = "max_turns"
    models: dict[str, str] = field(default_factory=dict)


class TwoAgentScenarioRunner:
    """Drives one scenario's user and assistant on an environment that is already running.

    Args:
        scenario: the initialised scenario (its apps are registered in ``env``).
        env: a StateAwareEnvironmentWrapper started with ``run(scenario, wait_for_end=False)``.
        config: the ScenarioRunnerConfig (models, max_turns, iteration budgets,
            simulated_generation_time, record/replay).
        run_number: the run's number, given to the engines' context.
        engines: ``{role: engine}`` to use instead of building them from ``config``
            (tests, or a ``pytest_pare_make_engine``-style hook).
    """

    def __init__(
        self,
        scenario: Any,
        env: Any,
        config: Any,
        *,
        run_number: int = 1,
        engines: Mapping[str, Engine] | None = None,
    ) -> None:
        self.scenario = scenario
        self.env = env
        self.config = config
        self.context = EngineContext(scenario=scenario, environment=env, run_number=run_number)
        built = dict(engines or {})
        for role in ROLES:
            if role not in built:
                built[role] = build_engine(role, config, self.context)
        generation_time = float(getattr(config, "simulated_generation_time", 1.0) or 0.0)
        self.user = UserAgent(
            built["user"],
            env,
            scenario,
            max_iterations=int(getattr(config, "user_max_iterations", 1)),
            generation_time=generation_time,
        )
        self.assistant = ProactiveAgent(
            built["observe"],
            built["execute"],
            env,
            scenario,
            observe_max_iterations=int(getattr(config, "observe_max_iterations", 5)),
            execute_max_iterations=int(getattr(config, "execute_max_iterations", 10)),
            generation_time=generation_time,
        )
        self.turn = 0
        self.outcome = TwoAgentOutcome(
            models={role: str(getattr(built[role], "model_name", role)) for role in ROLES}
        )

    def _logging_context(self) -> tuple[str | None, int]:
        # Read by the environment whenever it logs an event (metrics metadata).
        mode = "execute" if self.assistant.mode is Mode.EXECUTE else "observe"
        return mode, self.turn

    def run(self) -> TwoAgentOutcome:
        """Play the rounds; engine errors propagate (fatal ones stop the session)."""
        max_turns = int(getattr(self.config, "max_turns", 10) or 10)
        self.env.set_proactive_context_getter(self._logging_context)
        try:
            for turn in range(1, max_turns + 1):
                if self._stopped():
                    self.outcome.end_reason = "stopped"
                    break
                self.turn = turn
                user_report = self.user.take_turn(turn, self.assistant.proposal_ids)
                assistant_reports = self.assistant.take_turn(turn)
                self._record(turn, [user_report, *assistant_reports])
                self.outcome.number_of_turns = turn
                if self._idle(user_report, assistant_reports) and not self._jump():
                    self.outcome.end_reason = "quiescent"
                    break
        finally:
            self.env.set_proactive_context_getter(None)
        logger.info(
            "two-agent run of %s ended after %d turn(s): %s",
            getattr(self.scenario, "scenario_id", "?"),
            self.outcome.number_of_turns,
            self.outcome.end_reason,
        )
        return self.outcome

    def _idle(self, user: TurnReport, assistant: list[TurnReport]) -> bool:
        if set(user.tool_calls) - {PassTurnTool.name}:
            return False
        waits = self.assistant.wait_tools
        return all(not set(r.tool_calls) - waits for r in assistant)

    def _jump(self) -> bool:
        if self._stopped():
            return False
        return bool(self.env.advance_to_next_event())

    def _stopped(self) -> bool:
        stop_event = getattr(self.env, "stop_event", None)
        return bool(stop_event is not None and stop_event.is_set())

    def _record(self, turn: int, reports: list[TurnReport]) -> None:
        for report in reports:
            self.outcome.model_calls[report.agent] += report.model_calls
            self.outcome.transcript.append(
                {
                    "turn": turn,
                    "agent": report.agent,
                    "tool_calls": list(report.tool_calls),
                    "model_calls": report.model_calls,
                }
            )


def run_two_agent(
    scenario: Any,
    env: Any,
    config: Any,
    *,
    run_number: int = 1,
    engines: Mapping[str, Engine] | None = None,
) -> TwoAgentOutcome:
    """The runner's entry for agent mode: play the turns of one run.

    Call after ``env.run(scenario, wait_for_end=False)``; afterwards the caller
    stops the environment, validates and computes the metrics from the event
    log (AGENT/USER events carry ``turn_number`` and ``proactive_mode``).

    Raises:
        PareFatalEngineError: credentials rejected, endpoint gone, unknown model
            (stop the session).
        EngineError: this run's model calls failed (retries exhausted, replay miss).
    """
    return TwoAgentScenarioRunner(
        scenario, env, config, run_number=run_number, engines=engines
    ).run()
