"""The JSON-safe row of a scenario run and its result-cache entry (no pytest here)."""

from __future__ import annotations

import math
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pytest_pare.items import ScenarioItem
    from pytest_pare.scenarios.config import ScenarioRunnerConfig
    from pytest_pare.scenarios.validation_result import PAREScenarioValidationResult

_MAX_TEXT = 4000  # a repr of an unserialisable value is cut to this many characters


class ItemCache:
    """The result-cache entry of one item (agent mode only; see ``Settings.cache_enabled``)."""

    def __init__(self, store: Any, key: str, *, serve: bool = True) -> None:
        self._store = store
        self._key = key
        # With --pare-export every run must write its trace, which a stored
        # result cannot: such a session runs afresh and refreshes the entries.
        self._serve = serve

    @classmethod
    def for_item(cls, item: ScenarioItem, config: ScenarioRunnerConfig) -> ItemCache | None:
        settings = item.settings
        if not settings.cache_enabled or settings.cache_dir is None:
            return None
        from pytest_pare.report import cache

        source = cache.scenario_source_hash(item.scenario_cls)
        if source is None:  # no file to hash: an edit could not invalidate the entry
            return None
        noise = item.noise
        key = cache.cache_key(
            scenario_id=item.scenario_id,
            run_number=item.run_number,
            config_hash=cache.config_hash(config),
            source_hash=source,
            noise={
                "tool_failure_probability": noise.tool_failure_probability,
                "env_events_per_minute": noise.env_events_per_minute,
                "env_events_seed": settings.env_events_seed,
            },
            version=cache.package_fingerprint(),
        )
        return cls(cache.ResultCache(settings.cache_dir), key, serve=not settings.export)

    def get(self) -> PAREScenarioValidationResult | None:
        from pytest_pare.scenarios.validation_result import PAREScenarioValidationResult

        if self._serve is False:
            return None
        stored = self._store.get(self._key)
        if stored is None:
            return None
        try:
            return PAREScenarioValidationResult.from_dict(stored)
        except Exception:  # an entry from an older layout is a miss, recomputed below
            return None

    def put(self, result: PAREScenarioValidationResult) -> None:
        try:
            fields = json_safe(result.to_dict())
        except Exception:  # a result that cannot describe itself is not worth caching
            return
        self._store.put(self._key, fields)


def fields_of(result: Any) -> dict[str, Any]:
    from dataclasses import fields as dataclass_fields

    out: dict[str, Any] = {}
    for f in dataclass_fields(result):
        if f.name != "exception":
            out[f.name] = json_safe(getattr(result, f.name, None))
    exc = getattr(result, "exception", None)
    if exc is not None:
        out["exception_type"] = type(exc).__name__
        out["exception_message"] = short_repr(exc)
        out["exception_traceback"] = "".join(traceback.format_exception(exc))
    return out


def json_safe(value: Any, _depth: int = 0) -> Any:
    """A copy of ``value`` made only of JSON types; anything else becomes its (shortened) repr."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if _depth > 20:
        return short_repr(value)
    if isinstance(value, dict):
        return {str(k): json_safe(v, _depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v, _depth + 1) for v in value]
    if isinstance(value, Path):
        return str(value)
    try:  # numpy scalars and similar know how to become plain values
        plain = value.item()
        if isinstance(plain, bool | int | float | str):
            return json_safe(plain, _depth + 1)
    except Exception:
        pass
    return short_repr(value)


def short_repr(value: Any) -> str:
    try:
        text = repr(value)
    except Exception as exc:
        text = f"<unrepresentable {type(value).__name__}: {type(exc).__name__}>"
    return text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT] + "..."


