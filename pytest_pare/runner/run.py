"""One scenario run, oracle or two-agent: prepare, execute, validate, measure, export, clean up.

The shared parts (``prepare_run``, ``finish_run``) are used by both modes; the
two-agent loop (``pytest_pare.runner.two_agent``) only drives the agents on
the prepared environment.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pytest_pare._util.seeding import stable_seed
from pytest_pare.runner import _cleanup
from pytest_pare.runner.determinism import pinned, set_clock
from pytest_pare.runner.metrics import compute_metrics
from pytest_pare.runner.timeout import Deadline, RunTimeout

logger = logging.getLogger(__name__)

__all__ = ["ScenarioRun", "finish_run", "prepare_run", "run_scenario"]

# Used when neither the scenario nor the scenario API gives a start time, so
# that no run depends on the day it ran (ARE's default is the wall clock).
_FALLBACK_START_TIME = 1736154000.0  # 2025-01-06 09:00 UTC


@dataclass
class ScenarioRun:
    """Everything one run needs; the two-agent loop receives the prepared parts."""

    scenario_cls: type
    config: Any
    run_number: int
    scenario_id: str
    run_seed: int
    deadline: Deadline
    scenario: Any = None
    env: Any = None
    engines: Any = None  # {role: engine} for agent mode, instead of building from config
    # Called with the run once its environment is ready, before any event runs (the linter
    # uses it to leave steps out and to read the environment afterwards).
    on_prepared: Callable[[ScenarioRun], None] | None = None
    agent_outcome: Any = None  # the two-agent loop's TwoAgentOutcome, filled as the run goes
    # What ARE's wall-clock defaults read while the scenario is built (see pinned()).
    clock_start: float = _FALLBACK_START_TIME


def scenario_id_of(scenario_cls: type) -> str:
    """The registered id of a scenario class (its class name when unregistered)."""
    return str(getattr(scenario_cls, "scenario_id", None) or scenario_cls.__name__)


def _class_start_time(scenario_cls: type) -> float | None:
    value = getattr(scenario_cls, "start_time", None)
    return float(value) if isinstance(value, (int, float)) else None


def prepare_run(run: ScenarioRun) -> None:
    """Build, noise, initialise the scenario and start its environment (no thread).

    Runs inside ``pinned(...)``: ids are seeded and ARE's timestamps read the
    scenario's start time until the environment's clock takes over.
    """
    from are.simulation.environment import EnvironmentConfig

    from pytest_pare.scenarios import apply_noise
    from pytest_pare.sim.environment import StateAwareEnvironmentWrapper

    config = run.config
    class_start = _class_start_time(run.scenario_cls)
    if class_start is not None:
        run.clock_start = class_start
    scenario = run.scenario_cls()
    run.scenario = scenario
    if class_start is None or scenario.start_time is None:
        scenario.start_time = run.clock_start
    run.clock_start = float(scenario.start_time)
    scenario.seed = run.run_seed
    scenario.run_number = run.run_number
    apply_noise(
        scenario,
        tool_failure_probability=config.tool_failure_probability,
        env_events_per_minute=config.env_events_per_minute,
        env_events_seed=config.env_events_seed,
    )
    run.deadline.check("building the scenario")
    scenario.initialize()
    if scenario.duration is None:
        # None (the default) keeps it open-ended, as upstream: the run goes until the
        # event queue is empty, bounded by max_scenario_events instead of by seconds.
        scenario.duration = getattr(config, "max_scenario_duration", None)
    env = StateAwareEnvironmentWrapper(
        EnvironmentConfig(
            start_time=scenario.start_time,
            duration=scenario.duration,
            time_increment_in_seconds=scenario.time_increment_in_seconds,
            oracle_mode=bool(config.oracle),
            queue_based_loop=bool(config.oracle),
            exit_when_no_events=bool(config.oracle),
            verbose=False,
        )
    )
    env.deadline_check = run.deadline.check
    env.max_events = getattr(config, "max_scenario_events", None)
    run.env = env
    set_clock(env.time_manager.time)
    env.run(scenario, wait_for_end=False)


def _execute(run: ScenarioRun) -> None:
    if run.config.oracle:
        run.env.run_to_end()
    else:
        # Imported only in agent mode: it pulls in the agents and litellm.
        from pytest_pare.runner.two_agent import TwoAgentOutcome, run_two_agent

        # Held by the run before the loop starts and filled as it goes: a run that
        # raises (a model error, a timeout) still reports and exports what ran.
        run.agent_outcome = TwoAgentOutcome()
        run_two_agent(
            run.scenario,
            run.env,
            run.config,
            run_number=run.run_number,
            engines=run.engines,
            outcome=run.agent_outcome,
            deadline=run.deadline,
        )
    run.env.stop()


def _validate(run: ScenarioRun, result: Any) -> None:
    from are.simulation.types import EnvironmentState

    run.deadline.check("validating")
    verdict = run.scenario.validate(run.env)
    result.success = None if verdict.success is None else bool(verdict.success)
    result.rationale = verdict.rationale
    if verdict.exception is not None:
        result.exception = verdict.exception
    if run.env.state == EnvironmentState.FAILED and result.success:
        result.success = False
        result.rationale = "ARE's validation events failed during the run (environment FAILED)"


def _strict_oracle(run: ScenarioRun, result: Any) -> None:
    errors = result.tool_errors
    strict = run.config.oracle and getattr(run.config, "strict_oracle", False)
    if not (strict and errors) or result.exception is not None:
        return  # a run that raised stays an error; strictness judges verdicts
    start = float(getattr(run.scenario, "start_time", None) or 0.0)
    steps = "; ".join(
        f"{_step_time(e['time'], start)} {e['app']}.{e['function']}: {e['error']}"
        for e in errors[:5]
    )
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    message = f"strict oracle: {len(errors)} oracle step(s) raised: {steps}{more}"
    result.success = False
    result.rationale = message if not result.rationale else f"{message}\n{result.rationale}"


def _step_time(when: float, start: float) -> str:
    # An epoch in %g form (t=1.77015e+09) loses the seconds that tell steps
    # apart; the simulated date-time plus the offset from the start does not.
    stamp = datetime.fromtimestamp(when, tz=UTC).strftime("%Y-%m-%d %H:%M:%S")
    return f"t={stamp} (+{when - start:.0f}s)"


def finish_run(run: ScenarioRun, result: Any) -> None:
    """Fill the metrics and tool errors from the log (also after an exception)."""
    if run.env is None:
        return
    metrics = compute_metrics(run.env.event_log.list_view())
    result.proposal_count = metrics.proposal_count
    result.acceptance_count = metrics.acceptance_count
    result.read_only_actions = metrics.read_only_actions
    result.write_actions = metrics.write_actions
    outcome = run.agent_outcome
    # Agent mode: the budgeted turns (idle rounds excluded), also for a run that
    # raised; the log's largest turn number would count idle rounds too.
    result.number_of_turns = (
        outcome.number_of_turns if outcome is not None else metrics.number_of_turns
    )
    result.tool_errors = metrics.tool_errors
    if outcome is not None:
        result.usage = outcome.usage


def _run_and_validate(run: ScenarioRun, result: Any) -> None:
    # Every run happens in its pytest item's setup, so pytest labels any run error
    # "at setup": the stage tells the reader which part of the run raised.
    stage = "build"
    try:
        try:
            with run.deadline, pinned(run.run_seed, lambda: run.clock_start):
                prepare_run(run)
                if run.on_prepared is not None:
                    run.on_prepared(run)
                stage = "run"
                _execute(run)
                stage = "validate"
                _validate(run, result)
        finally:
            run.deadline.close()
    except RunTimeout as exc:
        # The watchdog raises the bare class; give it the run's message.
        result.success, result.exception = None, exc if exc.args else run.deadline.error()
        result.exception_stage = stage
    except Exception as exc:
        result.success, result.exception = None, exc
        result.exception_stage = stage
    else:
        if result.exception is not None:  # validate() caught it and returned it
            result.exception_stage = "validate"


def _finish_quietly(run: ScenarioRun, result: Any) -> None:
    config = run.config
    try:
        if run.env is not None and not run.env._stopped:
            run.env.stop()
        finish_run(run, result)
        _strict_oracle(run, result)
        if getattr(config, "export", False) and getattr(config, "output_dir", None):
            from pytest_pare.runner.export import write_traces

            result.export_path = write_traces(
                run, result, config.output_dir, getattr(config, "export_format", "lite")
            )
    except Exception as exc:  # reporting must not turn a verdict into a crash
        logger.exception(
            "pytest-pare: finishing run %s #%d failed", run.scenario_id, run.run_number
        )
        if result.exception is None:
            result.success, result.exception = None, exc
            result.exception_stage = "finish"


def run_scenario(
    scenario_cls: type,
    config: Any,
    *,
    run_number: int = 1,
    engines: Any = None,
    on_prepared: Callable[[ScenarioRun], None] | None = None,
) -> Any:
    """Run one scenario once and validate it.

    Args:
        scenario_cls: a ``PAREScenario`` subclass (ARE scenarios work too).
        config: the ``ScenarioRunnerConfig`` (oracle or agent mode, seed, noise,
            timeout, strict oracle, export).
        run_number: which run of this scenario (1-based); part of the run seed.
        engines: agent mode only: ``{role: engine}`` to use instead of the
            engines built from ``config`` (scripted engines in tests).
        on_prepared: called with the ``ScenarioRun`` once the scenario is
            initialised and its environment started, before any event runs.

    Returns:
        A ``PAREScenarioValidationResult``. Failures inside the run never raise:
        an exception (a timeout included) lands in ``result.exception`` with
        ``success=None``; metrics and the trace are still filled from what ran.
    """
    from pytest_pare.scenarios import PAREScenarioValidationResult

    started = time.perf_counter()
    result = PAREScenarioValidationResult(success=None)
    scenario_id = scenario_id_of(scenario_cls)
    try:
        run = ScenarioRun(
            scenario_cls=scenario_cls,
            config=config,
            run_number=run_number,
            scenario_id=scenario_id,
            run_seed=stable_seed(config.seed, scenario_id, run_number),
            deadline=Deadline(config.timeout, f"scenario {scenario_id!r} run {run_number}"),
            engines=engines,
            on_prepared=on_prepared,
        )
    except Exception as exc:  # a config the options layer should have refused
        result.exception = exc
        result.duration = time.perf_counter() - started
        return result
    try:
        _run_and_validate(run, result)
        _finish_quietly(run, result)
    finally:
        # Also on KeyboardInterrupt: no sandbox folder outlives its run.
        _cleanup.release_run(run.scenario)
        result.duration = time.perf_counter() - started
    return result
