"""Run configuration: ``ScenarioRunnerConfig`` (one run) and ``MultiScenarioRunnerConfig``.

Flat fields (``observe_model``, ``tool_failure_probability``, ...) are the
source of truth; upstream's nested shapes (``observe_engine_config``,
``tool_augmentation_config``, ``env_events_config``, ``trace_dump_format``)
are accepted as input and offered as read-only properties.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from pytest_pare.options.defaults import GENERATION_FIELDS, ROLES, RUN_DEFAULTS, default_max_tokens

if TYPE_CHECKING:
    from pytest_pare.options import NoiseLevel, Settings

MAX_SCENARIO_DURATION: Final = 600
"""Upstream's default ``max_scenario_duration`` (upstream declares it and never applies it).

Kept for code that imports it; this plugin caps nothing by default (``None``).
"""

MAX_SCENARIO_EVENTS: Final = RUN_DEFAULTS["max_scenario_events"]
"""Default bound on the events one run processes (``max_scenario_events``).

A scenario without a duration runs until its event queue is empty; simulated
time costs nothing, so what bounds it is a count. Far above any real scenario
(the shipped ones process at most a handful each), low enough that an event
or condition that reschedules itself forever stops within a second or so.
"""

# Used when the agents package's alias table cannot be imported.
_FALLBACK_ALIASES: Final[dict[str, str]] = {
    "gpt-5": "gpt-5",
    "gpt-5-mini": "gpt-5-mini",
    "gpt-5-nano": "gpt-5-nano",
    "claude-sonnet-4-5": "claude-sonnet-4-5-20250929",
    "claude-sonnet-4": "claude-sonnet-4-20250514",
    "gemini-2.5-pro": "gemini-2.5-pro",
}

# Fields that change where results go, how they are logged or cached, or how
# many run at once -- never what a run does. Engine details (provider,
# endpoint, full model path) are replaced by the model aliases.
HASH_EXCLUDED_FIELDS: Final = frozenset(
    {
        # output
        "export", "export_format", "output_dir", "record_dir", "replay_dir",
        # logging
        "use_custom_logger", "log_level", "log_to_file", "logs_dir", "experiment_name",
        # caching
        "enable_caching",
        # parallelism and wall-clock limits
        "concurrency", "max_concurrent_scenarios", "timeout", "timeout_seconds", "executor_type",
        "request_timeout",
        # engine details (aliases stand for them)
        "user_model", "user_provider", "user_endpoint",
        "observe_model", "observe_provider", "observe_endpoint",
        "execute_model", "execute_provider", "execute_endpoint",
    }
)  # fmt: skip


class ScenarioRunnerConfig(BaseModel):
    """Everything that decides how one scenario run goes."""

    model_config = ConfigDict(extra="forbid")

    # mode and limits
    oracle: bool = RUN_DEFAULTS["oracle"]
    seed: int = RUN_DEFAULTS["seed"]
    timeout: float | None = RUN_DEFAULTS["timeout"]
    strict_oracle: bool = RUN_DEFAULTS["strict_oracle"]
    max_turns: int = RUN_DEFAULTS["max_turns"]
    # Simulated seconds given to a scenario that sets no duration; None runs it until
    # its event queue is empty, as upstream does.
    max_scenario_duration: int | None = None
    # The most events one run may process before it stops with EventBudgetExceeded.
    max_scenario_events: int = RUN_DEFAULTS["max_scenario_events"]
    judge_only: bool = False

    # agents
    agent_type: str = "observe-execute"
    user_type: str = "default"
    user_model: str = RUN_DEFAULTS["user_model"]
    user_provider: str | None = None
    user_endpoint: str | None = None
    observe_model: str = RUN_DEFAULTS["observe_model"]
    observe_provider: str | None = None
    observe_endpoint: str | None = None
    execute_model: str = RUN_DEFAULTS["execute_model"]
    execute_provider: str | None = None
    execute_endpoint: str | None = None
    user_max_iterations: int = RUN_DEFAULTS["user_max_iterations"]
    observe_max_iterations: int = RUN_DEFAULTS["observe_max_iterations"]
    execute_max_iterations: int = RUN_DEFAULTS["execute_max_iterations"]
    user_model_alias: str | None = None
    observe_model_alias: str | None = None
    execute_model_alias: str | None = None
    simulated_generation_time: float = RUN_DEFAULTS["simulated_generation_time"]
    simulated_generation_time_mode: Literal["fixed", "measured"] = "fixed"

    # output
    export: bool = RUN_DEFAULTS["export"]
    export_format: Literal["hf", "lite", "both"] = RUN_DEFAULTS["export_format"]
    output_dir: str | None = None
    use_custom_logger: bool = True
    record_dir: str | None = None
    replay_dir: str | None = None

    # noise
    tool_failure_probability: float = RUN_DEFAULTS["tool_failure_probability"]
    env_events_per_minute: float = RUN_DEFAULTS["env_events_per_minute"]
    env_events_seed: int = 0

    # parallelism
    concurrency: int = RUN_DEFAULTS["concurrency"]

    # model calls: their time bound, each role's generation settings and prompt budget
    request_timeout: float = RUN_DEFAULTS["request_timeout"]
    # None: default_max_tokens(role, model), filled in after validation
    user_max_tokens: int | None = RUN_DEFAULTS["user_max_tokens"]
    observe_max_tokens: int | None = RUN_DEFAULTS["observe_max_tokens"]
    execute_max_tokens: int | None = RUN_DEFAULTS["execute_max_tokens"]
    user_temperature: float | None = RUN_DEFAULTS["user_temperature"]
    observe_temperature: float | None = RUN_DEFAULTS["observe_temperature"]
    execute_temperature: float | None = RUN_DEFAULTS["execute_temperature"]
    user_seed: int | None = RUN_DEFAULTS["user_seed"]
    observe_seed: int | None = RUN_DEFAULTS["observe_seed"]
    execute_seed: int | None = RUN_DEFAULTS["execute_seed"]
    user_max_prompt_tokens: int = RUN_DEFAULTS["user_max_prompt_tokens"]
    observe_max_prompt_tokens: int = RUN_DEFAULTS["observe_max_prompt_tokens"]
    execute_max_prompt_tokens: int = RUN_DEFAULTS["execute_max_prompt_tokens"]
    # The run's budget: reached, the run ends before its next round and is validated.
    run_max_tokens: int | None = None
    run_max_cost: float | None = None

    @model_validator(mode="before")
    @classmethod
    def _accept_upstream_shapes(cls, data: Any) -> Any:
        """Translate upstream's nested fields into the flat ones."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for role in ROLES:
            engine = data.pop(f"{role}_engine_config", None)
            if engine is not None:
                get = _field_reader(engine)
                data.setdefault(f"{role}_model", get("model_name"))
                data.setdefault(f"{role}_provider", get("provider"))
                data.setdefault(f"{role}_endpoint", get("endpoint"))
        if "trace_dump_format" in data:
            data.setdefault("export_format", data.pop("trace_dump_format"))
        if "tool_augmentation_config" in data:
            tool = data.pop("tool_augmentation_config")
            if tool is not None:
                value = (
                    tool.get("tool_failure_probability")
                    if isinstance(tool, dict)
                    else tool.tool_failure_probability
                )
                data.setdefault("tool_failure_probability", value)
        if "env_events_config" in data:
            events = data.pop("env_events_config")
            if events is not None:
                get = _field_reader(events)
                data.setdefault("env_events_per_minute", get("num_env_events_per_minute"))
                if get("env_events_seed") is not None:
                    data.setdefault("env_events_seed", get("env_events_seed"))
        return data

    @field_validator("tool_failure_probability")
    @classmethod
    def _check_probability(cls, value: float) -> float:
        if not (0.0 <= value <= 1.0):
            raise ValueError(
                f"must be a probability between 0 and 1 (0 = no tool failures), got {value}"
            )
        return value

    @field_validator("env_events_per_minute")
    @classmethod
    def _check_rate(cls, value: float) -> float:
        if not (math.isfinite(value) and value >= 0):
            raise ValueError(
                f"must be a finite number of events per minute >= 0 (0 = none), got {value}"
            )
        return value

    @field_validator(
        "max_turns", "user_max_iterations", "observe_max_iterations", "execute_max_iterations",
        "concurrency", "max_scenario_events",
    )  # fmt: skip
    @classmethod
    def _check_positive_count(cls, value: int) -> int:
        if value < 1:
            raise ValueError(f"must be a whole number >= 1, got {value}")
        return value

    @field_validator("max_scenario_duration")
    @classmethod
    def _check_duration_cap(cls, value: int | None) -> int | None:
        if value is not None and value < 1:
            raise ValueError(
                "must be whole simulated seconds >= 1, or None to run a scenario without a "
                f"duration until its event queue is empty; got {value}"
            )
        return value

    @field_validator("timeout")
    @classmethod
    def _check_timeout(cls, value: float | None) -> float | None:
        if value is not None and not (math.isfinite(value) and value > 0):
            raise ValueError(
                f"must be a number of seconds > 0, or None for no timeout; got {value}"
            )
        return value

    @field_validator("run_max_cost")
    @classmethod
    def _check_cost(cls, value: float | None) -> float | None:
        if value is not None and not (math.isfinite(value) and value > 0):
            raise ValueError(f"must be an amount of USD > 0, or None for no budget; got {value}")
        return value

    @field_validator("request_timeout")
    @classmethod
    def _check_request_timeout(cls, value: float) -> float:
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"must be a number of seconds > 0; got {value}")
        return value

    @field_validator(
        "user_max_tokens", "observe_max_tokens", "execute_max_tokens",
        "user_max_prompt_tokens", "observe_max_prompt_tokens", "execute_max_prompt_tokens",
        "run_max_tokens",
    )  # fmt: skip
    @classmethod
    def _check_token_count(cls, value: int | None) -> int | None:
        if value is not None and value < 1:
            raise ValueError(f"must be a whole number of tokens >= 1, got {value}")
        return value

    @field_validator("user_temperature", "observe_temperature", "execute_temperature")
    @classmethod
    def _check_temperature(cls, value: float | None) -> float | None:
        if value is not None and not (math.isfinite(value) and 0 <= value <= 2):
            raise ValueError(f"must be a temperature between 0 and 2, got {value}")
        return value

    @field_validator("simulated_generation_time")
    @classmethod
    def _check_generation_time(cls, value: float) -> float:
        if not (math.isfinite(value) and value >= 0):
            raise ValueError(f"must be simulated seconds per model call, >= 0; got {value}")
        return value

    @field_validator("user_model", "observe_model", "execute_model")
    @classmethod
    def _check_model(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must name a model (an alias such as 'gpt-5', or provider/model)")
        return value.strip()

    @model_validator(mode="after")
    def fill_model_aliases(self) -> ScenarioRunnerConfig:
        """Fill each ``*_model_alias`` left unset from its model name.

        A full model name that an alias stands for (e.g. a dated release)
        becomes that alias, so results and caches stay keyed by the logical model.
        """
        aliases = _alias_table()
        reverse = {model: alias for alias, model in aliases.items()}
        for role in ROLES:
            if getattr(self, f"{role}_model_alias") is None:
                model = getattr(self, f"{role}_model")
                alias = model if model in aliases else reverse.get(model, model)
                setattr(self, f"{role}_model_alias", alias)
        return self

    @model_validator(mode="after")
    def fill_max_tokens(self) -> ScenarioRunnerConfig:
        """Fill each ``*_max_tokens`` left unset with its role's default for its model."""
        for role in ROLES:
            if getattr(self, f"{role}_max_tokens") is None:
                model = getattr(self, f"{role}_model")
                setattr(self, f"{role}_max_tokens", default_max_tokens(role, model))
        return self

    # upstream-shaped views ------------------------------------------------

    @property
    def trace_dump_format(self) -> str:
        """Upstream's name for :attr:`export_format`."""
        return self.export_format

    @property
    def user_engine_config(self) -> Any:
        """ARE ``LLMEngineConfig`` of the simulated user."""
        return self._engine_config("user")

    @property
    def observe_engine_config(self) -> Any:
        """ARE ``LLMEngineConfig`` of the observe agent."""
        return self._engine_config("observe")

    @property
    def execute_engine_config(self) -> Any:
        """ARE ``LLMEngineConfig`` of the execute agent."""
        return self._engine_config("execute")

    @property
    def tool_augmentation_config(self) -> Any:
        """ARE ``ToolAugmentationConfig``, or ``None`` when tools never fail."""
        if self.tool_failure_probability <= 0:
            return None
        from are.simulation.types import ToolAugmentationConfig

        return ToolAugmentationConfig(
            tool_failure_probability=self.tool_failure_probability,
            apply_tool_name_augmentation=False,
            apply_tool_description_augmentation=False,
        )

    @property
    def env_events_config(self) -> Any:
        """``PAREEnvEventsConfig``, or ``None`` when there are no background events."""
        if self.env_events_per_minute <= 0:
            return None
        from pytest_pare.scenarios.utils.scenario_expander import PAREEnvEventsConfig

        return PAREEnvEventsConfig(
            num_env_events_per_minute=self.env_events_per_minute,
            env_events_seed=self.env_events_seed,
        )

    @property
    def proactive_model(self) -> str:
        """The assistant's identity in reports: agent type and its two models."""
        return f"{self.agent_type}_{self.observe_model_alias}_{self.execute_model_alias}"

    def _engine_config(self, role: str) -> Any:
        from are.simulation.agents.are_simulation_agent_config import LLMEngineConfig

        return LLMEngineConfig(
            model_name=getattr(self, f"{role}_model"),
            provider=getattr(self, f"{role}_provider"),
            endpoint=getattr(self, f"{role}_endpoint"),
        )

    def get_config_hash(self) -> str:
        """A short digest of what decides a run's result.

        Output, logging, caching and parallelism fields are left out (see
        :data:`HASH_EXCLUDED_FIELDS`), and so are provider, endpoint and full
        model name: the model aliases stand for the models, so a moved
        deployment keeps its cache while a different model does not.
        """
        fields = self.model_dump(exclude=set(HASH_EXCLUDED_FIELDS))
        text = json.dumps(fields, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class MultiScenarioRunnerConfig(ScenarioRunnerConfig):
    """Configuration for running many scenarios (upstream's batch runner fields)."""

    max_concurrent_scenarios: int | None = None
    timeout_seconds: int | None = None
    executor_type: Literal["sequential", "thread", "process"] = "thread"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    log_to_file: bool = True
    logs_dir: str = "logs"
    enable_caching: bool = True
    experiment_name: str = "default"

    @field_validator("max_concurrent_scenarios", "timeout_seconds")
    @classmethod
    def _check_optional_positive(cls, value: int | None) -> int | None:
        if value is not None and value < 1:
            raise ValueError(f"must be a whole number >= 1, or None; got {value}")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    def build_logs_dir(self, experiment_name: str | None = None) -> str:
        """The log directory for this configuration (not created, not stored).

        ``{logs_dir}/{experiment}_user_{alias}_proactive_{type}_mt_.._umi_.._omi_.._emi_..[_tfp_..][_epm_..]/obs_{alias}_exec_{alias}_{hash}``.
        The config hash instead of upstream's timestamp keeps it deterministic.
        """
        name = experiment_name if experiment_name is not None else self.experiment_name
        suffix = (
            f"{name}_user_{self.user_type}_{self.user_model_alias}_proactive_{self.agent_type}"
            f"_mt_{self.max_turns}_umi_{self.user_max_iterations}"
            f"_omi_{self.observe_max_iterations}_emi_{self.execute_max_iterations}"
        )
        if self.tool_failure_probability > 0:
            suffix += f"_tfp_{self.tool_failure_probability:g}"
        if self.env_events_per_minute > 0:
            suffix += f"_epm_{self.env_events_per_minute:g}_es_{self.env_events_seed}"
        models = f"obs_{self.observe_model_alias}_exec_{self.execute_model_alias}"
        leaf = f"{models}_{self.get_config_hash()}"
        return str(Path(self.logs_dir) / suffix / leaf)


def _field_reader(source: Any) -> Callable[[str], Any]:
    """Read an upstream config given as a dict or as an object (None when a field is absent)."""
    return source.get if isinstance(source, dict) else lambda key: getattr(source, key, None)


def _alias_table() -> dict[str, str]:
    """Alias -> full model name, from the agents package when it is importable."""
    try:
        from pytest_pare.agents.models import MODEL_ALIASES
    except ImportError:
        return dict(_FALLBACK_ALIASES)
    return {alias: getattr(entry, "model", alias) for alias, entry in MODEL_ALIASES.items()}


def runner_config(settings: Settings, noise: NoiseLevel | None = None) -> ScenarioRunnerConfig:
    """The run configuration of a session's settings at one noise level.

    ``Settings`` and this class take their run defaults from one table
    (``options.defaults.RUN_DEFAULTS``), so copying the settings' values
    changes nothing the user did not set. A role's model left unset keeps the
    default model of that role.
    """
    noise = noise or settings.default_noise
    fields: dict[str, Any] = {
        "oracle": settings.oracle,
        "seed": settings.seed,
        "timeout": settings.timeout,
        "strict_oracle": settings.strict_oracle,
        "max_turns": settings.max_turns,
        "user_max_iterations": settings.user_max_iterations,
        "observe_max_iterations": settings.observe_max_iterations,
        "execute_max_iterations": settings.execute_max_iterations,
        "export": settings.export,
        "export_format": settings.export_format,
        "output_dir": str(settings.results_dir / "traces") if settings.export else None,
        "tool_failure_probability": noise.tool_failure_probability,
        "env_events_per_minute": noise.env_events_per_minute,
        # The help promises --pare-seed as the default: one seed reproduces the whole session.
        "env_events_seed": settings.seed
        if settings.env_events_seed is None
        else settings.env_events_seed,
        "record_dir": None if settings.record is None else str(settings.record),
        "replay_dir": None if settings.replay is None else str(settings.replay),
        "simulated_generation_time": settings.simulated_generation_time,
        "concurrency": settings.concurrency,
        "max_scenario_events": settings.max_scenario_events,
        "request_timeout": settings.request_timeout,
        "run_max_tokens": settings.run_max_tokens,
        "run_max_cost": settings.run_max_cost,
    }
    for role in ROLES:
        fields[f"{role}_model"] = settings.role_model(role)
        fields[f"{role}_provider"] = getattr(settings, f"{role}_provider")
        fields[f"{role}_endpoint"] = getattr(settings, f"{role}_endpoint")
        for name in GENERATION_FIELDS:
            fields[f"{role}_{name}"] = getattr(settings, f"{role}_{name}")
    return ScenarioRunnerConfig(**{k: v for k, v in fields.items() if v is not None})
