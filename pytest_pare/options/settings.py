"""``Settings``: every ``--pare-*`` option after precedence, as one frozen value.

Precedence is resolved once (CLI > ``PARE_*`` environment variable > ``pare_*``
ini key > default) by :func:`resolve_settings`; run fields take their defaults
from :data:`~pytest_pare.options.defaults.RUN_DEFAULTS`, as the runner's
configuration does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from pytest_pare.options.defaults import GENERATION_FIELDS, ROLES, RUN_DEFAULTS
from pytest_pare.options.table import OPTIONS, OPTIONS_BY_NAME, _Option
from pytest_pare.options.values import (
    AutoRuns,
    CustomPrice,
    NoiseLevel,
    RateLimit,
    _parse_bool,
    split_entries,
)

__all__ = [
    "ENGINE_OPTIONS",
    "SETTINGS_KEY",
    "Settings",
    "find_split",
    "gate_problem",
    "ignored_by_oracle",
    "read_split",
    "resolve_settings",
]


@dataclass(frozen=True, slots=True)
class Settings:
    """Every pytest-pare option after precedence, as one immutable value."""

    oracle: bool = RUN_DEFAULTS["oracle"]
    model: str | None = None
    user_model: str | None = None
    user_provider: str | None = None
    user_endpoint: str | None = None
    observe_model: str | None = None
    observe_provider: str | None = None
    observe_endpoint: str | None = None
    execute_model: str | None = None
    execute_provider: str | None = None
    execute_endpoint: str | None = None
    max_turns: int = RUN_DEFAULTS["max_turns"]
    user_max_iterations: int = RUN_DEFAULTS["user_max_iterations"]
    observe_max_iterations: int = RUN_DEFAULTS["observe_max_iterations"]
    execute_max_iterations: int = RUN_DEFAULTS["execute_max_iterations"]
    runs: int = 1
    split: str | None = None
    entry_points: bool = False
    seed: int = RUN_DEFAULTS["seed"]
    timeout: float | None = None
    results_dir: Path = Path("pare-results")
    export: bool = RUN_DEFAULTS["export"]
    export_format: str = RUN_DEFAULTS["export_format"]
    tool_failure_probability: float = RUN_DEFAULTS["tool_failure_probability"]
    env_events_per_minute: float = RUN_DEFAULTS["env_events_per_minute"]
    env_events_seed: int | None = None
    noise_matrix: tuple[NoiseLevel, ...] | None = None
    concurrency: int = RUN_DEFAULTS["concurrency"]
    no_cache: bool = False
    cache_dir: Path | None = None
    min_success_rate: float | None = None
    gate_on: str = "rate"
    baseline: Path | None = None
    save_baseline: Path | None = None
    strict_oracle: bool = RUN_DEFAULTS["strict_oracle"]
    record: Path | None = None
    replay: Path | None = None
    html: Path | None = None
    simulated_generation_time: float = RUN_DEFAULTS["simulated_generation_time"]
    max_scenario_events: int = RUN_DEFAULTS["max_scenario_events"]
    lint: bool = False
    min_scenario_passes: int | None = None
    infra_errors: str = "error"
    md_summary: Path | None = None
    shard: tuple[int, int] | None = None
    shard_durations: Path | None = None
    # model calls: time bounds, each role's generation settings and prompt budget
    request_timeout: float = RUN_DEFAULTS["request_timeout"]
    session_timeout: float | None = None
    user_max_tokens: int | None = RUN_DEFAULTS["user_max_tokens"]
    user_temperature: float | None = RUN_DEFAULTS["user_temperature"]
    user_seed: int | None = RUN_DEFAULTS["user_seed"]
    user_max_prompt_tokens: int = RUN_DEFAULTS["user_max_prompt_tokens"]
    observe_max_tokens: int | None = RUN_DEFAULTS["observe_max_tokens"]
    observe_temperature: float | None = RUN_DEFAULTS["observe_temperature"]
    observe_seed: int | None = RUN_DEFAULTS["observe_seed"]
    observe_max_prompt_tokens: int = RUN_DEFAULTS["observe_max_prompt_tokens"]
    execute_max_tokens: int | None = RUN_DEFAULTS["execute_max_tokens"]
    execute_temperature: float | None = RUN_DEFAULTS["execute_temperature"]
    execute_seed: int | None = RUN_DEFAULTS["execute_seed"]
    execute_max_prompt_tokens: int = RUN_DEFAULTS["execute_max_prompt_tokens"]
    # tokens, cost, budgets, rate limits
    price: tuple[CustomPrice, ...] = ()
    max_cost: float | None = None
    max_tokens: int | None = None
    run_max_cost: float | None = None
    run_max_tokens: int | None = None
    rpm: tuple[RateLimit, ...] = ()
    tpm: tuple[RateLimit, ...] = ()
    scenario_paths: tuple[Path, ...] = field(default=())
    rootdir: Path = Path(".")
    #: the ids of --pare-split, read once (None = no split)
    split_ids: tuple[str, ...] | None = None
    #: --pare-runs=auto[:N]: ``runs`` is the maximum, and runs a gate no longer needs are skipped
    adaptive: bool = False
    #: $GITHUB_STEP_SUMMARY: the file GitHub Actions shows as the job's summary (appended to)
    github_step_summary: Path | None = None
    #: running under GitHub Actions ($GITHUB_ACTIONS=true): failing scenarios become annotations
    github_actions: bool = False

    @property
    def default_noise(self) -> NoiseLevel:
        return NoiseLevel(self.tool_failure_probability, self.env_events_per_minute)

    @property
    def gated(self) -> bool:
        """Whether a gate is set, so that its verdict decides the session's exit status."""
        return (
            self.min_success_rate is not None
            or self.min_scenario_passes is not None
            or self.baseline is not None
        )

    @property
    def cache_enabled(self) -> bool:
        # Oracle runs take milliseconds and depend on app code the cache key does
        # not cover, so only model-bound (agent) runs are cached.
        return not self.no_cache and not self.oracle

    def role_model(self, role: str) -> str | None:
        return getattr(self, f"{role}_model") or self.model


def resolve_settings(
    cli: Mapping[str, Any],
    env: Mapping[str, str],
    ini: Mapping[str, str],
    *,
    rootdir: Path,
    scenario_paths: list[str],
    user_cache_root: Path,
) -> Settings:
    """Apply CLI > env > ini > default to every option and check the result.

    Args:
        cli: CLI values by option name (None = not given): the text given, as
            pytest stores it, or an already parsed value.
        env: the process environment (only ``PARE_*`` keys are read).
        ini: raw ini strings by option name ("" = not set).
        rootdir: pytest's rootdir; relative results/cache folders stay relative to the cwd.
        scenario_paths: the ``pare_scenario_paths`` ini lines.
        user_cache_root: the user's cache folder, for the default cache location.

    Returns:
        The frozen ``Settings``.

    Raises:
        pytest.UsageError: a value that is not allowed, naming the option, its source and the fix.
    """
    values: dict[str, Any] = {}
    for opt in OPTIONS:
        value = cli.get(opt.name)
        if opt.multiple and value is not None:  # appended texts, each one entry or more
            value = tuple(
                entry
                for text in value
                for entry in _from_text(opt, text, f"option {opt.flag}") or ()
            )
        elif isinstance(value, str):  # the CLI keeps text (see options._argparse_type)
            value = _from_text(opt, value, f"option {opt.flag}")
        if value is None:
            value = _from_text(opt, env.get(opt.env), f"environment variable {opt.env}")
        if value is None:
            value = _from_text(opt, ini.get(opt.name) or None, f"ini key {opt.ini}")
        values[opt.name] = opt.default if value is None else value
    if values["lint"]:
        values["oracle"] = True  # the linter calls no model
    if values["cache_dir"] is None:
        values["cache_dir"] = user_cache_root / "pytest-pare"
    paths = tuple(rootdir / p for p in scenario_paths)
    split_ids = None
    if values["split"] is not None:
        split_ids = read_split(find_split(values["split"], rootdir, paths))
    adaptive = isinstance(values["runs"], AutoRuns)
    if adaptive:
        values["runs"] = values["runs"].maximum
    settings = Settings(
        **values,
        scenario_paths=paths,
        rootdir=rootdir,
        split_ids=split_ids,
        adaptive=adaptive,
        github_step_summary=Path(env["GITHUB_STEP_SUMMARY"])
        if (env.get("GITHUB_STEP_SUMMARY") or "").strip()
        else None,
        github_actions=(env.get("GITHUB_ACTIONS") or "").strip().lower() == "true",
    )
    problem = gate_problem(settings)
    if problem:
        raise pytest.UsageError(problem)
    return settings


def gate_problem(settings: Settings) -> str | None:
    """Why the gate options cannot work together, or None."""
    k, runs = settings.min_scenario_passes, settings.runs
    if k is not None and k > runs:
        spec = f"auto:{runs}" if settings.adaptive else str(runs)
        return (
            f"--pare-min-scenario-passes={k}: each scenario has at most {runs} run(s) "
            f"(--pare-runs={spec}), so none could pass; lower K or raise --pare-runs"
        )
    if settings.adaptive and not settings.gated:
        return (
            "--pare-runs=auto stops a scenario's runs once a gate's verdict is settled, and no "
            "gate is set: add --pare-min-success-rate, --pare-min-scenario-passes or "
            "--pare-baseline, or give a fixed number of runs"
        )
    return None


def find_split(spec: str, rootdir: Path, scenario_paths: tuple[Path, ...]) -> Path:
    """The file a ``--pare-split`` value names: a path, or ``<scenario path>/splits/NAME.txt``."""
    as_path = Path(spec)
    for candidate in (as_path, rootdir / as_path):
        if candidate.is_file():
            return candidate
    split_dirs = [p / "splits" for p in scenario_paths]
    for folder in split_dirs:
        if (folder / f"{spec}.txt").is_file():
            return folder / f"{spec}.txt"
    known = sorted(
        {f.stem for folder in split_dirs if folder.is_dir() for f in folder.glob("*.txt")}
    )
    raise pytest.UsageError(
        f"--pare-split {spec!r}: no such file and no split named so in "
        f"{', '.join(str(d) for d in split_dirs) or 'the scenario paths'}; "
        f"known splits: {', '.join(known) or '(none)'}"
    )


def read_split(path: Path) -> tuple[str, ...]:
    """The scenario ids of a split file: one per line, ``#`` starts a comment."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise pytest.UsageError(f"--pare-split: cannot read {path}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise pytest.UsageError(
            f"--pare-split: {path} is not a text file (byte {exc.start} is not UTF-8); "
            "a split file lists one scenario id per line (# starts a comment)"
        ) from None
    ids = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(dict.fromkeys(i for i in ids if i))


def _from_text(opt: _Option, raw: str | None, source: str) -> Any:
    # An empty variable or key counts as unset, as shells and ini files commonly mean it.
    if raw is None or not raw.strip():
        return None
    parse = opt.parse or _parse_bool
    try:
        if opt.multiple:
            return tuple(parse(entry) for entry in split_entries(raw))
        return parse(raw)
    except ValueError as exc:
        raise pytest.UsageError(f"{source} (option {opt.flag}): {exc}") from None


#: options that choose the agents' models (with none set, the runner's defaults apply)
ENGINE_OPTIONS = (
    "model",
    *(
        f"{role}_{what}"
        for role in ("user", "observe", "execute")
        for what in ("model", "provider", "endpoint")
    ),
)
#: options only agent mode reads: --pare-oracle ignores them
_MODEL_OPTIONS = (
    *ENGINE_OPTIONS,
    "record",
    "replay",
    *(f"{role}_{name}" for role in ROLES for name in GENERATION_FIELDS),
    "price",
    "max_cost",
    "max_tokens",
    "run_max_cost",
    "run_max_tokens",
    "rpm",
    "tpm",
)


def ignored_by_oracle(settings: Settings) -> list[str]:
    """The model options that are set although ``--pare-oracle`` makes them unused (as flags)."""
    if not settings.oracle:
        return []
    return [
        OPTIONS_BY_NAME[name].flag
        for name in _MODEL_OPTIONS
        if getattr(settings, name) != OPTIONS_BY_NAME[name].default
    ]


SETTINGS_KEY = pytest.StashKey[Settings]()
