"""Row building for ``PAREMultiScenarioValidationResult.to_polars`` (one row per run)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import polars as pl

if TYPE_CHECKING:
    from pytest_pare.scenarios.config import ScenarioRunnerConfig
    from pytest_pare.scenarios.result import PAREScenarioValidationResult


def result_columns(
    result: PAREScenarioValidationResult, scenario_id: str, run_number: int | None
) -> dict[str, Any]:
    from pytest_pare.scenarios.result import exception_type_name

    exc = result.exception
    return {
        "scenario_id": scenario_id,
        "base_scenario_id": scenario_id,
        "run_number": run_number,
        "success": result.success,
        "success_bool": result.success,
        "success_numeric": None if result.success is None else float(result.success),
        "status": result.status,
        "has_exception": exc is not None,
        "exception_type": exception_type_name(exc),
        "exception_message": str(exc) if exc is not None else None,
        "rationale": result.rationale,
        "export_path": result.export_path,
        "run_duration": result.duration,
        "proposal_count": result.proposal_count,
        "acceptance_count": result.acceptance_count,
        "read_only_actions": result.read_only_actions,
        "write_actions": result.write_actions,
        "number_of_turns": result.number_of_turns,
        "proposal_rate": result.proposal_rate,
        "acceptance_rate": result.acceptance_rate,
        "tool_error_count": len(result.tool_errors),
    }


def config_columns(config: ScenarioRunnerConfig | None) -> dict[str, Any]:
    if config is None:
        return {
            name: None
            for name in (
                "user_model", "user_provider", "observe_model", "observe_provider",
                "execute_model", "execute_provider", "agent_type", "proactive_model",
            )
        } | {"tool_failure_probability": 0.0, "num_env_events_per_minute": 0.0}  # fmt: skip
    if config.oracle:
        # Oracle runs use no model: say so instead of naming unused defaults.
        models: dict[str, Any] = {
            f"{role}_{kind}": None
            for role in ("user", "observe", "execute")
            for kind in ("model", "provider")
        }
        agent_type, proactive = "oracle", "oracle"
    else:
        models = {}
        for role in ("user", "observe", "execute"):
            models[f"{role}_model"] = getattr(config, f"{role}_model_alias")
            models[f"{role}_provider"] = getattr(config, f"{role}_provider")
        agent_type, proactive = config.agent_type, config.proactive_model
    return models | {
        "agent_type": agent_type,
        "proactive_model": proactive,
        "tool_failure_probability": float(config.tool_failure_probability),
        "num_env_events_per_minute": float(config.env_events_per_minute),
    }


# Marks a list of strings (a List(Utf8) column); any other list is stored as JSON text.
_STRINGS = "list of str"


def extra_dtypes(rows: list[dict[str, Any]], known: dict[str, Any]) -> dict[str, Any]:
    """Dtypes of the row columns outside ``known``, inferred from their values."""
    kinds: dict[str, set[object]] = {}
    for row in rows:
        for name, value in row.items():
            if name not in known:
                kinds.setdefault(name, set())
                if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
                    kinds[name].add(_STRINGS)
                elif value is not None:
                    kinds[name].add(type(value))
    dtypes: dict[str, Any] = {}
    for name, seen in kinds.items():
        if seen and seen <= {bool}:
            dtypes[name] = pl.Boolean
        elif seen and seen <= {int}:
            dtypes[name] = pl.Int64
        elif seen and seen <= {int, float}:
            dtypes[name] = pl.Float64
        elif seen and seen <= {_STRINGS}:
            dtypes[name] = pl.List(pl.Utf8)
        else:
            dtypes[name] = pl.Utf8
    return dtypes


def coerce_row(row: dict[str, Any], schema: dict[str, Any]) -> list[Any]:
    """The row's values in schema order, converted to each column's dtype."""
    values = []
    for name, dtype in schema.items():
        value = row.get(name)
        if isinstance(value, dict | list | tuple) and dtype == pl.Utf8:
            value = json.dumps(value, sort_keys=True, default=str)  # nested values as JSON text
        elif value is not None and dtype == pl.Utf8 and not isinstance(value, str):
            value = str(value)
        elif value is not None and dtype == pl.Float64:
            value = float(value)
        elif isinstance(value, tuple):
            value = list(value)
        values.append(value)
    return values
