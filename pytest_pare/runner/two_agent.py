"""The two-agent run: the simulated user and the proactive assistant take rounds.

A round is one user turn, then one assistant turn:

1. the user acts once on the current screen (or answers a proposal, or passes);
2. the assistant observes, or, if the user just answered its proposal,
   executes it (accepted) or goes back to observing (rejected).

The turn budget (``config.max_turns``) counts *turns of the interaction*:
rounds in which the user did something other than pass, or the assistant
proposed or executed. A round in which the user passed and the assistant only
waited or looked (read-only tools) is *idle*: it does not use the budget, so
background notifications (``--pare-env-events-per-minute``) cannot starve a
scenario of the turns it needs for its own later events. An idle round whose
assistant turn ended waiting jumps the clock to the next stop time (a queued
event, a due reminder, a wait timeout), however far ahead; the run is over
(``quiescent``) when nothing is left: for a scenario without a duration, when
its event queue is empty and no wait timeout of the assistant is pending (as an
oracle run ends with its queue); with a duration, when nothing is left before
it ends.

Idle rounds are bounded by the scenario itself (each waits for a scheduled
event; a scenario with a duration stops once the clock passes it, as ARE's
environment does; the events one run processes are bounded by
``max_scenario_events``) and, absolutely, by a model-call limit per run
(``model_call_limit``): a model that keeps looking and never waits cannot run
forever.

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
from pytest_pare.agents.errors import BudgetExceeded
from pytest_pare.agents.meter import current_meter
from pytest_pare.agents.models import ROLES, ResolvedModel, role_model
from pytest_pare.agents.proactive import Mode, ProactiveAgent
from pytest_pare.agents.protocols import Assistant, SimulatedUser
from pytest_pare.agents.usage import RunUsage
from pytest_pare.agents.user import UserAgent

logger = logging.getLogger(__name__)

__all__ = [
    "MODEL_CALL_FACTOR",
    "TwoAgentOutcome",
    "TwoAgentScenarioRunner",
    "model_call_limit",
    "run_two_agent",
]

MODEL_CALL_FACTOR = 4
"""The model-call limit is this many times the most the turn budget can call.

One share covers every budgeted turn at its full iteration budget; the other
three leave room for idle rounds (each at least one user call and usually one
observer call), e.g. ~100 background notifications in a 10-minute scenario.
"""


def model_call_limit(config: Any) -> int:
    """The most model calls one run may make (all three roles together).

    ``MODEL_CALL_FACTOR x max_turns x (user + observe + execute max iterations)``;
    with the defaults (10 turns; 1, 5, 10 iterations) that is 640. Checked
    between rounds, so the last round may go over by at most one round's calls.
    """
    per_round = sum(_max_iterations(config, role) for role in ROLES)
    return MODEL_CALL_FACTOR * _max_turns(config) * per_round


def _max_turns(config: Any) -> int:
    return int(getattr(config, "max_turns", 10) or 10)


# ScenarioRunnerConfig's defaults, for a config that does not set a role's budget.
_DEFAULT_MAX_ITERATIONS = {"user": 1, "observe": 5, "execute": 10}


def _max_iterations(config: Any, role: str) -> int:
    """The model calls one turn of ``role`` may make (the budget the call limit counts)."""
    default = _DEFAULT_MAX_ITERATIONS[role]
    return int(getattr(config, f"{role}_max_iterations", default) or default)


@dataclass
class TwoAgentOutcome:
    """What the loop reports besides the event log; filled as the run goes.

    The runner keeps the same object up to date after every agent turn, so a
    run that raises still reports what ran (``end_reason="error"``).

    Attributes:
        number_of_turns: budgeted turns played (rounds that were not idle);
            at most ``max_turns``.
        rounds: every round played, idle ones included. Events logged during
            a round carry its number as ``turn_number``.
        model_calls: model calls per role (``user``, ``observe``, ``execute``),
            including those of a turn that raised.
        transcript: one JSON-safe entry per agent turn:
            ``{"round", "turn", "agent", "tool_calls", "model_calls", "calls"}``;
            ``turn`` is the budgeted turn's number, or None in an idle round; a
            turn that raised also has ``"error"``. ``calls`` holds one record per
            model call: ``messages`` (ids into ``messages``), ``output`` (the raw
            answer), ``action`` (``{"tool", "args"}``) or ``invalid`` (why the
            answer held no valid action), ``error`` (the call raised),
            ``prompt_tokens``/``completion_tokens`` (as the server reported),
            ``estimated_prompt_tokens``, ``latency`` (wall seconds),
            ``finish_reason``.
        messages: every prompt message the calls refer to, once:
            ``{id: {"role", "content"}}``.
        end_reason: ``"max_turns"``, ``"quiescent"`` (nothing left to happen),
            ``"duration"`` (the scenario's time is over), ``"model_call_limit"``,
            ``"stopped"`` (the environment stopped) or ``"error"`` (it raised).
        models: ``{role: model name}`` as the engines report it.
        model_call_limit: the run's model-call limit (see ``model_call_limit``).
        error: ``"<ExceptionType>: <message>"`` when the run raised, else None.
        usage: the run's model calls added up per role (``agents.usage.RunUsage.to_dict``:
            tokens, cost, calls, retries, latencies), also for a run that raised.
    """

    number_of_turns: int = 0
    rounds: int = 0
    model_calls: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROLES, 0))
    transcript: list[dict[str, Any]] = field(default_factory=list)
    messages: dict[str, dict[str, str]] = field(default_factory=dict)
    end_reason: str = "max_turns"
    models: dict[str, str] = field(default_factory=dict)
    model_call_limit: int = 0
    error: str | None = None
    usage: dict[str, Any] | None = None

    def mark_failed(self, exc: BaseException) -> None:
        """Record that the run raised ``exc`` (what ran so far stays)."""
        self.end_reason = "error"
        self.error = f"{type(exc).__name__}: {exc}"


class TwoAgentScenarioRunner:
    """Drives one scenario's user and assistant on an environment that is already running.

    Args:
        scenario: the initialised scenario (its apps are registered in ``env``).
        env: a StateAwareEnvironmentWrapper started with ``run(scenario, wait_for_end=False)``.
        config: the ScenarioRunnerConfig (models, max_turns, iteration budgets,
            simulated_generation_time, record/replay).
        run_number: the run's number, given to the engines' context.
        engines: ``{role: engine}`` to use instead of building them from ``config``
            (scripted engines in tests; ``run_scenario(..., engines=...)`` passes them).
        outcome: the object to fill (the caller keeps it to export a run that
            raises); a new one by default.
        deadline: the run's ``Deadline`` (``--pare-timeout``): checked before every
            model call (each round starts with the user's), and no model call's
            client timeout outlasts it.
    """

    def __init__(
        self,
        scenario: Any,
        env: Any,
        config: Any,
        *,
        run_number: int = 1,
        engines: Mapping[str, Engine] | None = None,
        outcome: TwoAgentOutcome | None = None,
        deadline: Any = None,
    ) -> None:
        self.scenario = scenario
        self.env = env
        self.config = config
        self.outcome = outcome if outcome is not None else TwoAgentOutcome()
        self.outcome.model_call_limit = model_call_limit(config)
        self.deadline = deadline
        self.context = EngineContext(
            scenario=scenario, environment=env, run_number=run_number, deadline=deadline
        )
        built = dict(engines or {})
        for role in ROLES:
            if role not in built:
                built[role] = build_engine(role, config, self.context)
        self.outcome.models = {
            role: str(getattr(built[role], "model_name", role)) for role in ROLES
        }
        self.meter = current_meter()
        self.usage = RunUsage(
            {role: _priced_model(config, role, self.outcome.models[role]) for role in ROLES},
            self.meter.prices,
            {role: _alias(config, role) for role in ROLES},
        )
        # A replay's tokens are the recording's: what the calls would have cost.
        self.usage.replayed = bool(getattr(config, "replay_dir", None))
        generation_time = float(getattr(config, "simulated_generation_time", 1.0) or 0.0)
        generation_time_mode = getattr(config, "simulated_generation_time_mode", "fixed")
        self.user: SimulatedUser = UserAgent(
            built["user"],
            env,
            scenario,
            max_iterations=_max_iterations(config, "user"),
            generation_time=generation_time,
            generation_time_mode=generation_time_mode,
            prompt_budget=getattr(config, "user_max_prompt_tokens", None),
            deadline=deadline,
        )
        self.assistant: Assistant = ProactiveAgent(
            built["observe"],
            built["execute"],
            env,
            scenario,
            observe_max_iterations=_max_iterations(config, "observe"),
            execute_max_iterations=_max_iterations(config, "execute"),
            generation_time=generation_time,
            generation_time_mode=generation_time_mode,
            observe_prompt_budget=getattr(config, "observe_max_prompt_tokens", None),
            execute_prompt_budget=getattr(config, "execute_max_prompt_tokens", None),
            deadline=deadline,
        )
        self.context.tool_names = {
            "observe": frozenset(t.name for t in self.assistant.observe_tools),
            "execute": frozenset(t.name for t in self.assistant.all_tools),
        }
        # Every agent turn, finished or raised, lands in the outcome at once.
        for agent_role in (self.user.role, self.assistant.observer, self.assistant.executor):
            agent_role.on_report = self._record
        self.round = 0
        self._round_entries: list[dict[str, Any]] = []
        self._round_reports: list[TurnReport] = []

    def _logging_context(self) -> tuple[str | None, int]:
        # Read by the environment whenever it logs an event (metrics metadata);
        # events carry the round in progress as their turn_number.
        mode = "execute" if self.assistant.mode is Mode.EXECUTE else "observe"
        return mode, self.round

    def run(self) -> TwoAgentOutcome:
        """Play rounds until the budget, the scenario or the call limit ends the run.

        Engine errors propagate (fatal ones stop the session); the outcome then
        holds what ran, with ``end_reason="error"``.
        """
        self.env.set_proactive_context_getter(self._logging_context)
        try:
            while (reason := self._end_reason()) is None:
                if not self._play_round():
                    reason = "quiescent"
                    break
            self.outcome.end_reason = reason
        except BaseException as exc:
            self._close_round()
            self.outcome.mark_failed(exc)
            raise
        finally:
            self.outcome.usage = self.usage.to_dict()
            self.env.set_proactive_context_getter(None)
        logger.info(
            "two-agent run of %s ended after %d turn(s) in %d round(s): %s",
            getattr(self.scenario, "scenario_id", "?"),
            self.outcome.number_of_turns,
            self.outcome.rounds,
            self.outcome.end_reason,
        )
        return self.outcome

    def _end_reason(self) -> str | None:
        """Why the run must stop before another round, or None to play on."""
        if self._stopped():
            return "stopped"
        if self.outcome.number_of_turns >= _max_turns(self.config):
            return "max_turns"
        calls = sum(self.outcome.model_calls.values())
        if calls >= self.outcome.model_call_limit:
            logger.warning(
                "two-agent run of %s stopped at its model-call limit (%d calls, %d turns "
                "in %d rounds): the agents kept going without using the turn budget",
                getattr(self.scenario, "scenario_id", "?"),
                calls,
                self.outcome.number_of_turns,
                self.outcome.rounds,
            )
            return "model_call_limit"
        end = getattr(self.env, "end_time", None)
        if end is not None and self.env.time_manager.time() > end:
            return "duration"  # as ARE's environment, which stops once its duration passed
        return None

    def _over_budget(self) -> str | None:
        """What of the run's budget (``run_max_tokens``, ``run_max_cost``) is spent, or None."""
        tokens = getattr(self.config, "run_max_tokens", None)
        if tokens is not None and self.usage.total_tokens >= tokens:
            return f"{self.usage.total_tokens} tokens of --pare-run-max-tokens={tokens}"
        cost = getattr(self.config, "run_max_cost", None)
        if cost is not None and self.usage.known_cost >= cost:
            return f"${self.usage.known_cost:.4f} of --pare-run-max-cost={cost:g}"
        return None

    def _play_round(self) -> bool:
        """One round; False when it was idle and nothing is left to wait for."""
        self.round += 1
        self.outcome.rounds = self.round
        self._round_entries, self._round_reports = [], []
        user_report = self.user.take_turn(self.assistant.proposal_ids)
        assistant_reports = self.assistant.take_turn()
        self._close_round()
        if self._waited(user_report, assistant_reports):
            return self._jump()
        return True

    def _close_round(self) -> None:
        """Decide whether the round used the turn budget; number its transcript entries."""
        if not self._round_entries and not self._round_reports:
            return
        if self._counts(self._round_reports):
            self.outcome.number_of_turns += 1
            for entry in self._round_entries:
                entry["turn"] = self.outcome.number_of_turns
        self._round_entries, self._round_reports = [], []

    def _counts(self, reports: list[TurnReport]) -> bool:
        """A round uses the budget when the user acted or the assistant proposed or executed."""
        for report in reports:
            if report.agent == "user" and set(report.tool_calls) - {PassTurnTool.name}:
                return True
            if report.agent == "execute":
                return True
            if report.agent == "observe" and self.assistant.send_tool in report.tool_calls:
                return True
        return False

    def _waited(self, user: TurnReport, assistant: list[TurnReport]) -> bool:
        """The user passed and the assistant ended its turn waiting (or awaits an answer)."""
        if set(user.tool_calls) - {PassTurnTool.name}:
            return False
        if not assistant:
            return True  # awaiting the user's answer: no model call, nothing to do
        last = assistant[-1]
        if last.agent != "observe" or self.assistant.send_tool in last.tool_calls:
            return False
        # No tool call at all (nothing parseable) does nothing either: treat it as a wait.
        return not last.tool_calls or last.tool_calls[-1] in self.assistant.wait_tools

    def _jump(self) -> bool:
        if self._stopped():
            return False
        if getattr(self.env, "end_time", None) is None and not self.env.awaits_more():
            # Open-ended (no duration): the run lasts until the event queue is empty (and
            # the assistant's own wait timeout, if any, has fired), as an oracle run does;
            # a reminder due weeks later would only buy idle rounds.
            return False
        return bool(self.env.advance_to_next_event())

    def _stopped(self) -> bool:
        stop_event = getattr(self.env, "stop_event", None)
        return bool(stop_event is not None and stop_event.is_set())

    def _record(self, report: TurnReport) -> None:
        self.outcome.model_calls[report.agent] += report.model_calls
        tokens, cost = self.usage.total_tokens, self.usage.known_cost
        self.usage.add(report.agent, report.calls)
        self.meter.spend(self.usage.total_tokens - tokens, self.usage.known_cost - cost)
        entry: dict[str, Any] = {
            "round": self.round,
            "turn": None,
            "agent": report.agent,
            "tool_calls": list(report.tool_calls),
            "model_calls": report.model_calls,
            "calls": list(report.calls),
        }
        self.outcome.messages.update(report.messages)
        if report.error is not None:
            entry["error"] = report.error
        self.outcome.transcript.append(entry)
        self._round_entries.append(entry)
        self._round_reports.append(report)
        over = self._over_budget() if report.error is None else None
        if over is not None:
            # Stopped at once (its turn kept in the transcript), as the agent's failure:
            # it spent what one run may spend.
            raise BudgetExceeded(f"the run spent its budget in round {self.round}: {over}")


def _priced_model(config: Any, role: str, engine_model: str) -> ResolvedModel:
    """The model a role's calls are priced as (the engine's name when the config has none)."""
    try:
        return role_model(config, role)
    except Exception:  # engines given by hand, a config without models
        return ResolvedModel(engine_model, "unknown")


def _alias(config: Any, role: str) -> str | None:
    return getattr(config, f"{role}_model_alias", None) or getattr(config, f"{role}_model", None)


def run_two_agent(
    scenario: Any,
    env: Any,
    config: Any,
    *,
    run_number: int = 1,
    engines: Mapping[str, Engine] | None = None,
    outcome: TwoAgentOutcome | None = None,
    deadline: Any = None,
) -> TwoAgentOutcome:
    """The runner's entry for agent mode: play the rounds of one run.

    Call after ``env.run(scenario, wait_for_end=False)``; afterwards the caller
    stops the environment, validates and computes the metrics from the event
    log (AGENT/USER events carry ``turn_number`` (the round) and ``proactive_mode``).
    Pass ``outcome`` to keep what ran when the run raises: it is filled as the
    run goes and marked ``end_reason="error"`` before the exception propagates.

    Raises:
        PareFatalEngineError: credentials rejected, endpoint gone, unknown model
            (stop the session).
        EngineError: this run's model calls failed (retries exhausted, a call
            timed out, replay miss) or the model misbehaved (no valid action,
            context overflow); its ``category`` says which.
        RunTimeout: ``deadline`` passed (checked before every model call).
    """
    outcome = outcome if outcome is not None else TwoAgentOutcome()
    try:
        runner = TwoAgentScenarioRunner(
            scenario,
            env,
            config,
            run_number=run_number,
            engines=engines,
            outcome=outcome,
            deadline=deadline,
        )
    except BaseException as exc:
        outcome.mark_failed(exc)
        raise
    return runner.run()
