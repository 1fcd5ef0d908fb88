"""Build the model engine of each agent role, and check engines before a session starts.

Imported only in agent mode. litellm is imported only when a role uses a real
provider (not for ``scripted`` policies, not under ``--pare-replay``).
"""

from __future__ import annotations

import contextvars
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_pare.agents.eager import EagerScript
from pytest_pare.agents.errors import CredentialsError, PareFatalEngineError
from pytest_pare.agents.generation import Generation
from pytest_pare.agents.models import ROLES, ResolvedModel, role_model, validate_engine_options
from pytest_pare.agents.protocols import Engine
from pytest_pare.agents.recording import CallStore, RecordingEngine, ReplayEngine
from pytest_pare.agents.retry import DEFAULT_REQUEST_TIMEOUT, RetryPolicy
from pytest_pare.agents.scripted import ReferenceScript, ScriptedEngine
from pytest_pare.options import environ as options_environ


@dataclass
class EngineContext:
    """What an engine may know about the run it serves, given at build time.

    Real models need none of it. The ``scripted`` policies read the scenario's
    oracle events from ``scenario`` and, to act only once the events a step
    depends on have happened, the log of ``environment``. The runner builds one
    context per run, sets ``environment`` once the environment exists, and
    passes the same context to the three roles, so they share one script.

    Attributes:
        scenario: the initialised scenario instance of this run.
        environment: the run's environment (has ``event_log.list_view()``), or None.
        run_number: the run's number (1-based), for logs.
        tool_names: ``{role: tool names}`` of the assistant's roles (``observe``:
            read-only tools, wait and the proposal; ``execute``: every tool).
        deadline: the run's wall-clock deadline (``runner.timeout.Deadline``), or
            None; no model call outlasts it.
    """

    scenario: Any
    environment: Any = None
    run_number: int = 1
    tool_names: dict[str, frozenset[str]] = field(default_factory=dict)
    """Role -> names of the tools that role is given (set by the runner once the agents exist)."""
    deadline: Any = None
    _reference: ReferenceScript | None = field(default=None, repr=False)
    _eager: EagerScript | None = field(default=None, repr=False)

    def reference_script(self) -> ReferenceScript:
        """The run's shared reference script (built on first use)."""
        if self._reference is None:
            self._reference = ReferenceScript.for_scenario(self.scenario)
        return self._reference

    def eager_script(self) -> EagerScript:
        """The run's shared eager script (built on first use)."""
        if self._eager is None:
            self._eager = EagerScript.for_scenario(self.scenario)
        return self._eager

    def run_identity(self) -> dict[str, Any]:
        """What tells this run's model calls apart from another run's in a recording.

        The scenario id, run number, run seed (from ``--pare-seed``) and noise
        level: runs that differ in any of them may send identical prompts.
        """
        scenario = self.scenario
        tools = getattr(scenario, "tool_augmentation_config", None)
        events = getattr(scenario, "env_events_config", None)
        return {
            "scenario": getattr(scenario, "scenario_id", None),
            "run_number": self.run_number,
            "seed": getattr(scenario, "seed", None),
            "tool_failure_probability": getattr(tools, "tool_failure_probability", 0.0),
            "env_events_per_minute": getattr(events, "num_env_events_per_minute", 0.0),
            "env_events_seed": getattr(events, "env_events_seed", None),
        }

    def completed_event_ids(self) -> set[str]:
        """Ids of the events the environment has executed so far (empty without one)."""
        if self.environment is None:
            return set()
        return {e.event_id for e in self.environment.event_log.list_view()}


def build_engine(
    role: str, config: Any, context: EngineContext, *, retry: RetryPolicy | None = None
) -> Engine:
    """The engine of ``role`` under ``config``.

    Args:
        role: ``user``, ``observe`` or ``execute``.
        config: a ScenarioRunnerConfig (reads ``<role>_model/_provider/_endpoint``,
            the role's generation settings, ``request_timeout``, ``record_dir``
            and ``replay_dir``).
        context: the run's EngineContext.
        retry: the retry policy of real providers (tests inject a non-sleeping one).

    Raises:
        UnknownModelError: the role's model cannot be resolved.
    """
    model = role_model(config, role)
    replay_dir = getattr(config, "replay_dir", None)
    if replay_dir:
        return ReplayEngine(CallStore(replay_dir), model, role, context.run_identity())
    engine: Engine
    if model.is_scripted:
        engine = ScriptedEngine(model.model, role, context)
    else:
        from pytest_pare.agents.credentials import missing_credentials

        # Fail before importing litellm: without a key every call would fail alike.
        problem = missing_credentials(model, options_environ.environ())
        if problem is not None:
            raise CredentialsError(problem)
        # Built (and litellm imported) in an empty context, like every model call (see
        # _react.EngineGuard): the client's uuid4 draws must not consume the run's seeded ids.
        engine = contextvars.Context().run(
            _litellm_engine,
            model,
            retry,
            getattr(config, "request_timeout", DEFAULT_REQUEST_TIMEOUT),
            Generation.for_role(config, role),
            context.deadline,
            role,
        )
    record_dir = getattr(config, "record_dir", None)
    if record_dir:
        engine = RecordingEngine(engine, CallStore(record_dir), model, role, context.run_identity())
    return engine


def _litellm_engine(
    model: ResolvedModel,
    retry: RetryPolicy | None,
    timeout: float | None,
    generation: Generation,
    deadline: Any,
    role: str,
) -> Engine:
    from pytest_pare.agents._litellm import LiteLLMChatEngine

    return LiteLLMChatEngine(
        model, retry=retry, timeout=timeout, generation=generation, deadline=deadline, role=role
    )


def check_engines(config: Any, environ: Mapping[str, str] | None = None) -> None:
    """Fail fast, before any scenario runs, when a model cannot possibly answer.

    Per distinct (model, provider, endpoint) of the three roles: the provider's
    credentials are set, and an explicit endpoint answers HTTP (3 s timeout).
    Scripted policies need nothing; under ``--pare-replay`` only the replay
    directory must exist. Never imports litellm.

    Raises:
        UnknownModelError: a role's model cannot be resolved (a usage error).
        CredentialsError: a provider's credentials are missing.
        EndpointUnavailable: an endpoint does not answer.
        PareFatalEngineError: the replay directory does not exist, the record
            directory is a file, or both were given.
    """
    from pytest_pare.agents.credentials import check_models

    models = validate_engine_options(config)
    replay_dir = getattr(config, "replay_dir", None)
    record_dir = getattr(config, "record_dir", None)
    if record_dir and replay_dir:
        raise PareFatalEngineError(
            f"--pare-record {record_dir} and --pare-replay {replay_dir} were both given: a "
            f"replayed session calls no model, so there is nothing to record; keep one"
        )
    if record_dir and Path(record_dir).exists() and not Path(record_dir).is_dir():
        raise PareFatalEngineError(
            f"--pare-record {record_dir} is a file: give a directory (created when missing)"
        )
    if replay_dir:
        if not Path(replay_dir).is_dir():
            raise PareFatalEngineError(
                f"--pare-replay directory {replay_dir} does not exist: record one first "
                f"with --pare-record"
            )
        return
    check_models(
        [models[role] for role in ROLES], options_environ.environ() if environ is None else environ
    )
