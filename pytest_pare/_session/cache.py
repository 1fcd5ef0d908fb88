"""Result cache: skip a (scenario, run) whose inputs have not changed since a stored result.

A key covers everything that decides a run's result: scenario id, run number,
the runner configuration, the scenario module's source, the noise settings and
the installed code (package version plus a digest of its files). Entries are
JSON files written atomically; a damaged entry is a warning and a miss, never
a crash; a run that raised is never stored or served (an API outage must not
become a cached "error").
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pytest_pare._util.files import atomic_write_text
from pytest_pare._util.jsonable import jsonable

if TYPE_CHECKING:
    from pytest_pare.options import NoiseLevel, Settings
    from pytest_pare.scenarios.config import ScenarioRunnerConfig
    from pytest_pare.scenarios.validation_result import PAREScenarioValidationResult

CACHE_FORMAT = "pytest-pare-cache"
CACHE_VERSION = 1

#: Runner-config fields that do not change a run's result (where files go, how
#: many runs wait at once), left out of the config hash so changing them keeps
#: the cache warm.
NON_RESULT_FIELDS: frozenset[str] = frozenset(
    {
        "results_dir",
        "output_dir",
        "cache_dir",
        "no_cache",
        "use_cache",
        "concurrency",
        "export",
        "export_format",
        "export_dir",
        "html",
        "min_success_rate",
        "gate_on",
        "baseline",
        "save_baseline",
    }
)


class CacheWarning(UserWarning):
    """A cache entry could not be read or written; the run is recomputed."""


def _digest(value: Any) -> str:
    # sort_keys + default=str: the same settings give the same text in every process.
    text = json.dumps(value, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def config_hash(config: Any, *, exclude: Iterable[str] = NON_RESULT_FIELDS) -> str:
    """Hash of a runner configuration (a pydantic model or a mapping) minus ``exclude``."""
    if hasattr(config, "model_dump"):
        data = config.model_dump(mode="json")
    elif isinstance(config, Mapping):
        data = dict(config)
    else:
        raise TypeError(
            f"config_hash needs a pydantic model or a mapping, got {type(config).__name__}"
        )
    skip = set(exclude)
    return _digest({k: v for k, v in data.items() if k not in skip})


def scenario_source_hash(scenario: Any) -> str | None:
    """sha256 of the source file defining ``scenario`` (a class, a module or a path).

    Returns None when there is no file to read (a class defined in ``__main__``
    or built dynamically): such a scenario is never cached, because an edit to
    it could not invalidate its entries.
    """
    if isinstance(scenario, str | os.PathLike):
        path: str | None = os.fspath(scenario)
    else:
        module = sys.modules.get(getattr(scenario, "__module__", "") or "")
        module = scenario if hasattr(scenario, "__file__") else module
        path = getattr(module, "__file__", None)
    if not path:
        return None
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


@functools.cache
def package_fingerprint() -> str:
    """What of the installed code decides a result: our version, ARE's, and our files.

    The version alone is not enough where the package is edited in place (an
    editable install, a checkout under development): a fix to an agent or an
    app would keep serving results computed before it. So the digest also
    covers every file of the package (code, prompts, data), read once per
    process (about 2 MB, a few milliseconds).
    """
    from importlib.metadata import PackageNotFoundError, version

    import pytest_pare

    try:
        are_version = version("meta-agents-research-environments")
    except PackageNotFoundError:
        are_version = "unknown"
    root = Path(pytest_pare.__file__).parent
    return tree_fingerprint(root, f"{pytest_pare.__version__}\0{are_version}")


def tree_fingerprint(root: Path, label: str) -> str:
    """``label`` plus a digest of every file under ``root`` (bytecode caches left out)."""
    digest = hashlib.sha256(label.encode())
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return f"{label.split(chr(0))[0]}+{digest.hexdigest()[:16]}"


def cache_key(
    *,
    scenario_id: str,
    run_number: int,
    config_hash: str,
    source_hash: str,
    noise: Mapping[str, Any],
    version: str,
) -> str:
    """The cache key (hex sha256) of one run.

    Args:
        scenario_id: the registered scenario id.
        run_number: 1-based run number.
        config_hash: :func:`config_hash` of the runner configuration.
        source_hash: :func:`scenario_source_hash` of the scenario.
        noise: the noise settings of this item (tool failure probability,
            events per minute, events seed, ...).
        version: :func:`package_fingerprint` (the code that produced the result).
    """
    return _digest(
        {
            "scenario_id": scenario_id,
            "run_number": run_number,
            "config": config_hash,
            "source": source_hash,
            "noise": dict(noise),
            "version": version,
        }
    )


def _raised(result: Mapping[str, Any]) -> bool:
    return bool(result.get("exception_type") or result.get("status") == "error")


class ResultCache:
    """JSON entries under ``directory/<2 hex>/<key>.json``.

    Args:
        directory: the cache folder (created on first write).
    """

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)

    def path_for(self, key: str) -> Path:
        """Where the entry for ``key`` lives (two-level fan-out keeps folders small)."""
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored result dict for ``key``, or None on a miss.

        A missing entry is a silent miss. An unreadable or corrupt entry (random
        bytes, a truncated file, another program's JSON), or one whose key does
        not match, is a :class:`CacheWarning` and a miss (the next :meth:`put`
        overwrites it). An entry holding an exception is a miss.
        """
        path = self.path_for(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            self._warn(path, f"cannot read it ({exc.strerror or exc})")
            return None
        try:
            doc = json.loads(data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            # A torn write from another tool or a disk error: bytes that are not text.
            self._warn(path, f"not text (byte {exc.start} is not UTF-8)")
            return None
        except json.JSONDecodeError as exc:
            self._warn(path, f"not valid JSON ({exc.msg} at line {exc.lineno})")
            return None
        if (
            not isinstance(doc, dict)
            or doc.get("format") != CACHE_FORMAT
            or doc.get("key") != key
            or not isinstance(doc.get("result"), dict)
        ):
            self._warn(path, "not a pytest-pare cache entry for this key")
            return None
        if doc.get("version") != CACHE_VERSION:
            return None  # another pytest-pare wrote it; recompute quietly
        result: dict[str, Any] = doc["result"]
        return None if _raised(result) else result

    def put(self, key: str, result: Mapping[str, Any]) -> bool:
        """Store ``result`` (a JSON-safe dict) under ``key``, atomically.

        Returns:
            True when stored; False when the result holds an exception (never
            cached) or the write failed (a :class:`CacheWarning`; caching is
            best effort and never fails a run).
        """
        if _raised(result):
            return False
        doc = {"format": CACHE_FORMAT, "version": CACHE_VERSION, "key": key, "result": result}
        path = self.path_for(key)
        try:
            atomic_write_text(path, json.dumps(doc, sort_keys=True))
        except (OSError, TypeError, ValueError) as exc:
            self._warn(
                path,
                f"cannot write it ({exc})",
                "this run is not cached; check --pare-cache-dir / PARE_CACHE_DIR",
            )
            return False
        return True

    def warn_unusable(self, key: str, problem: str) -> None:
        """Warn that the entry of ``key`` holds something unusable (it is recomputed)."""
        self._warn(self.path_for(key), problem)

    @staticmethod
    def _warn(
        path: Path, problem: str, consequence: str = "ignoring it, the run is recomputed"
    ) -> None:
        warnings.warn(
            CacheWarning(f"pytest-pare cache entry {path}: {problem}; {consequence}"),
            stacklevel=3,
        )


class ItemCache:
    """The result-cache entry of one scenario run (agent mode only; ``Settings.cache_enabled``)."""

    def __init__(self, store: ResultCache, key: str, *, serve: bool = True) -> None:
        self._store = store
        self._key = key
        # With --pare-export every run must write its trace, which a stored
        # result cannot: such a session runs afresh and refreshes the entries.
        self._serve = serve

    @classmethod
    def for_run(
        cls,
        settings: Settings,
        config: ScenarioRunnerConfig,
        *,
        scenario_cls: type,
        scenario_id: str,
        run_number: int,
        noise: NoiseLevel,
    ) -> ItemCache | None:
        """The entry of one run, or None when this run is not cached."""
        if not settings.cache_enabled or settings.cache_dir is None:
            return None
        source = scenario_source_hash(scenario_cls)
        if source is None:  # no file to hash: an edit could not invalidate the entry
            return None
        key = cache_key(
            scenario_id=scenario_id,
            run_number=run_number,
            config_hash=config_hash(config),
            source_hash=source,
            noise={
                "tool_failure_probability": noise.tool_failure_probability,
                "env_events_per_minute": noise.env_events_per_minute,
                "env_events_seed": settings.env_events_seed,
            },
            version=package_fingerprint(),
        )
        return cls(ResultCache(settings.cache_dir), key, serve=not settings.export)

    def get(self) -> PAREScenarioValidationResult | None:
        from pytest_pare.scenarios.validation_result import PAREScenarioValidationResult

        if self._serve is False:
            return None
        stored = self._store.get(self._key)
        if stored is None:
            return None
        try:
            return PAREScenarioValidationResult.from_dict(stored)
        except Exception as exc:  # fields of the wrong type: a miss, recomputed and overwritten
            self._store.warn_unusable(self._key, f"its result cannot be read back ({exc})")
            return None

    def put(self, result: PAREScenarioValidationResult) -> None:
        try:
            fields = jsonable(result.to_dict())
        except Exception:  # a result that cannot describe itself is not worth caching
            return
        self._store.put(self._key, fields)
