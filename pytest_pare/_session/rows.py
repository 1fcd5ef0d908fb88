"""A scenario run's JSON-safe row, failure and error texts, and result-cache entry (no pytest)."""

from __future__ import annotations

import math
from pathlib import Path
from traceback import format_exception
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pytest_pare.items import ScenarioItem
    from pytest_pare.options.values import NoiseLevel
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
        from pytest_pare._session import cache

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


def run_row(
    result: PAREScenarioValidationResult,
    *,
    scenario_id: str,
    run_number: int,
    noise: NoiseLevel,
    apps: tuple[str, ...],
    tags: tuple[str, ...],
    cached: bool,
    nodeid: str,
    oracle: bool,
    run_config: ScenarioRunnerConfig | None,
) -> dict[str, Any]:
    """One run's JSON-safe row: the result's fields plus what the item knows about the run.

    Column names follow ``PARE_RESULT_SCHEMA`` where they overlap, so the rows,
    the polars frame and the upstream-style reports agree.
    """
    try:
        fields = json_safe(result.to_dict())
    except Exception:
        # A value the result's own to_dict cannot render (a repr that raises,
        # say) must not turn a finished run into an error: copy field by field.
        fields = fields_of(result)
    exc = getattr(result, "exception", None)
    if exc is not None and not fields.get("exception_type"):
        fields["exception_type"] = type(exc).__name__
        fields["exception_message"] = str(exc)
    status = (
        "error"
        if fields.get("exception_type")
        else "passed"
        if fields.get("success") is True
        else "failed"
        if fields.get("success") is False
        else "no_validation"
    )
    proposals, accepted = fields.get("proposal_count") or 0, fields.get("acceptance_count") or 0
    turns = fields.get("number_of_turns") or 0
    row: dict[str, Any] = {
        **fields,
        "scenario_id": scenario_id,
        "run_number": run_number,
        "status": status,
        "has_exception": status == "error",
        "run_duration": fields.get("duration"),
        "proposal_rate": proposals / turns if turns else 0.0,
        "acceptance_rate": accepted / proposals if proposals else 0.0,
        "tool_error_count": len(fields.get("tool_errors") or []),
        "noise_id": noise.label,
        "tool_failure_probability": noise.tool_failure_probability,
        "num_env_events_per_minute": noise.env_events_per_minute,
        "apps": list(apps),
        "tags": list(tags),
        "cached": cached,
        "nodeid": nodeid,
        "agent_type": "oracle" if oracle else getattr(run_config, "agent_type", None),
    }
    for role in ("user", "observe", "execute"):
        model = provider = None
        if not oracle and run_config is not None:
            model = getattr(run_config, f"{role}_model_alias", None) or getattr(
                run_config, f"{role}_model", None
            )
            provider = getattr(run_config, f"{role}_provider", None)
        row[f"{role}_model"], row[f"{role}_provider"] = json_safe(model), json_safe(provider)
    return row


def failure_text(
    result: PAREScenarioValidationResult, scenario_id: str, run_number: int, *, cached: bool
) -> str:
    """The failure text of a run that finished without passing (failed or no verdict)."""
    if result.success is None:
        head = f"{scenario_id} run {run_number}: the run ended without a verdict"
    else:
        head = f"{scenario_id} run {run_number} failed validation"
    rationale = str(result.rationale or "").strip()
    lines = [head + (f": {rationale}" if rationale else "")]
    if result.export_path:
        lines.append(f"trace: {result.export_path}")
    if cached:
        lines.append("(cached result)")
    return "\n".join(lines)


def error_text(
    row: dict[str, Any],
    exception: BaseException | None,
    scenario_id: str,
    run_number: int,
    *,
    traceback: bool,
) -> str:
    """The error text of a run that raised; with ``traceback`` (``--tb=long``) its traceback."""
    kind = row.get("exception_type") or "Error"
    line = f"{kind}: {row.get('exception_message') or ''}".strip()
    head = f"{scenario_id} run {run_number} raised {line}"
    # A run that raised may still have exported what ran until then: point at
    # it, as a failed run's text does.
    trace = f"\ntrace: {row['export_path']}" if row.get("export_path") else ""
    if not traceback:
        return head + "  (--tb=long shows the traceback)" + trace
    tb = row.get("exception_traceback")
    if not tb and isinstance(exception, BaseException):
        tb = "".join(format_exception(exception))
    return f"{head}{trace}\n{tb or ''}".rstrip()


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
        out["exception_traceback"] = "".join(format_exception(exc))
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
