"""The ``--pare-*`` options: declaration, validation, and one settled ``Settings`` value.

Every option has three spellings: the CLI flag ``--pare-NAME``, the ini key
``pare_NAME`` and the environment variable ``PARE_NAME``. Precedence is resolved
once, in ``pytest_configure`` (CLI > env > ini > default), so the rest of the
plugin reads one frozen value and nothing outside this module reads
``os.environ``.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pytest_pare.options.table import (
    EXPORT_FORMATS,
    GATE_MODES,
    GROUP,
    OPTIONS,
    OPTIONS_BY_NAME,
    SCENARIO_PATHS_DESC,
    _Option,
)
from pytest_pare.options.values import NoiseLevel, _parse_bool, parse_noise_matrix

if TYPE_CHECKING:
    from pytest_pare.scenarios import ScenarioRunnerConfig

__all__ = [
    "ENGINE_OPTIONS",
    "EXPORT_FORMATS",
    "GATE_MODES",
    "GROUP",
    "OPTIONS",
    "OPTIONS_BY_NAME",
    "SCENARIO_PATHS_DESC",
    "SETTINGS_KEY",
    "NoiseLevel",
    "Settings",
    "addoptions",
    "find_split",
    "ignored_by_oracle",
    "parse_noise_matrix",
    "read_split",
    "resolve_settings",
    "runner_config",
    "settings_from_config",
]


def _argparse_type(opt: _Option) -> Callable[[str], Any]:
    assert opt.parse is not None
    parse = opt.parse

    def convert(raw: str) -> Any:
        try:
            return parse(raw)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return convert


def addoptions(parser: pytest.Parser) -> None:
    """Declare every option in the ``pare`` group plus its ini key."""
    group = parser.getgroup(GROUP, "PARE scenarios (pytest-pare)")
    for opt in OPTIONS:
        help_text = f"{opt.help} [env {opt.env}, ini {opt.ini}]"
        if opt.parse is None:
            group.addoption(
                opt.flag, action="store_true", default=None, dest=f"pare_{opt.name}", help=help_text
            )
        else:
            group.addoption(
                opt.flag,
                type=_argparse_type(opt),
                default=None,
                dest=f"pare_{opt.name}",
                metavar=opt.metavar,
                help=help_text,
            )
        parser.addini(opt.ini, opt.help, type="string", default="")
    parser.addini(
        "pare_scenario_paths", SCENARIO_PATHS_DESC, type="linelist", default=["scenarios"]
    )


# -- the settled value ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Settings:
    """Every pytest-pare option after precedence, as one immutable value."""

    oracle: bool = False
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
    max_turns: int | None = None
    user_max_iterations: int | None = None
    observe_max_iterations: int | None = None
    execute_max_iterations: int | None = None
    runs: int = 1
    split: str | None = None
    entry_points: bool = False
    seed: int = 0
    timeout: float | None = None
    results_dir: Path = Path("pare-results")
    export: bool = False
    export_format: str = "hf"
    tool_failure_probability: float = 0.0
    env_events_per_minute: float = 0.0
    env_events_seed: int | None = None
    noise_matrix: tuple[NoiseLevel, ...] | None = None
    concurrency: int = 1
    no_cache: bool = False
    cache_dir: Path | None = None
    min_success_rate: float | None = None
    gate_on: str = "rate"
    baseline: Path | None = None
    save_baseline: Path | None = None
    strict_oracle: bool = False
    record: Path | None = None
    replay: Path | None = None
    html: Path | None = None
    simulated_generation_time: float | None = None
    scenario_paths: tuple[Path, ...] = field(default=())
    rootdir: Path = Path(".")
    #: the ids of --pare-split, read once (None = no split)
    split_ids: tuple[str, ...] | None = None

    @property
    def default_noise(self) -> NoiseLevel:
        return NoiseLevel(self.tool_failure_probability, self.env_events_per_minute)

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
        cli: parsed CLI values by option name (None = not given; already validated).
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
        if value is None:
            value = _from_text(opt, env.get(opt.env), f"environment variable {opt.env}")
        if value is None:
            value = _from_text(opt, ini.get(opt.name) or None, f"ini key {opt.ini}")
        values[opt.name] = opt.default if value is None else value
    if values["cache_dir"] is None:
        values["cache_dir"] = user_cache_root / "pytest-pare"
    paths = tuple(rootdir / p for p in scenario_paths)
    split_ids = None
    if values["split"] is not None:
        split_ids = read_split(find_split(values["split"], rootdir, paths))
    return Settings(
        **values,
        scenario_paths=paths,
        rootdir=rootdir,
        split_ids=split_ids,
    )


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
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise pytest.UsageError(f"--pare-split: cannot read {path}: {exc}") from None
    ids = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(dict.fromkeys(i for i in ids if i))


def _from_text(opt: _Option, raw: str | None, source: str) -> Any:
    # An empty variable or key counts as unset, as shells and ini files commonly mean it.
    if raw is None or not raw.strip():
        return None
    parse = opt.parse or _parse_bool
    try:
        return parse(raw)
    except ValueError as exc:
        raise pytest.UsageError(f"{source} (option {opt.flag}): {exc}") from None


def settings_from_config(config: pytest.Config) -> Settings:
    """Resolve the settings of a pytest session (called once, from ``pytest_configure``)."""
    cli = {opt.name: config.getoption(f"pare_{opt.name}") for opt in OPTIONS}
    ini = {opt.name: str(config.getini(opt.ini) or "") for opt in OPTIONS}
    scenario_paths = list(config.getini("pare_scenario_paths"))
    if scenario_paths != ["scenarios"]:
        # Set on purpose (the default may well be absent): a path that does not
        # exist is a typo that would otherwise just collect nothing.
        for line in scenario_paths:
            if not (Path(config.rootpath) / line).exists():
                raise pytest.UsageError(
                    f"ini key pare_scenario_paths: {line!r} does not exist under the rootdir "
                    f"{config.rootpath}; list existing scenario folders, one per line"
                )
    from pytest_pare._session.cache import default_cache_dir  # stdlib only

    return resolve_settings(
        cli,
        os.environ,
        ini,
        rootdir=Path(config.rootpath),
        scenario_paths=scenario_paths,
        user_cache_root=default_cache_dir(os.environ).parent,
    )


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
_MODEL_OPTIONS = (*ENGINE_OPTIONS, "record", "replay")


def ignored_by_oracle(settings: Settings) -> list[str]:
    """The model options that are set although ``--pare-oracle`` makes them unused (as flags)."""
    if not settings.oracle:
        return []
    return [
        OPTIONS_BY_NAME[name].flag for name in _MODEL_OPTIONS if getattr(settings, name) is not None
    ]


def runner_config(settings: Settings, noise: NoiseLevel | None = None) -> ScenarioRunnerConfig:
    """Build the runner's configuration for one noise level.

    Only values that were set are passed, so the runner's own defaults apply to the rest.
    """
    from pytest_pare.scenarios.config import ScenarioRunnerConfig

    noise = noise or settings.default_noise
    kwargs: dict[str, Any] = {
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
    }
    for role in ("user", "observe", "execute"):
        kwargs[f"{role}_model"] = settings.role_model(role)
        kwargs[f"{role}_provider"] = getattr(settings, f"{role}_provider")
        kwargs[f"{role}_endpoint"] = getattr(settings, f"{role}_endpoint")
    return ScenarioRunnerConfig(**{k: v for k, v in kwargs.items() if v is not None})


SETTINGS_KEY = pytest.StashKey[Settings]()
