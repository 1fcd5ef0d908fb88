"""Results frames: build one from ``results.json`` rows and check its columns."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import polars as pl

RESULT_SCHEMA: Final[dict[str, pl.DataType | type[pl.DataType]]] = {
    "scenario_id": pl.Utf8,
    "base_scenario_id": pl.Utf8,
    "run_number": pl.Int64,
    "success": pl.Boolean,
    "success_bool": pl.Boolean,
    "success_numeric": pl.Float64,
    "status": pl.Utf8,
    "has_exception": pl.Boolean,
    "exception_type": pl.Utf8,
    "exception_message": pl.Utf8,
    "rationale": pl.Utf8,
    "export_path": pl.Utf8,
    "run_duration": pl.Float64,
    "job_duration": pl.Float64,
    "user_model": pl.Utf8,
    "user_provider": pl.Utf8,
    "observe_model": pl.Utf8,
    "observe_provider": pl.Utf8,
    "execute_model": pl.Utf8,
    "execute_provider": pl.Utf8,
    "agent_type": pl.Utf8,
    "proactive_model": pl.Utf8,
    "tool_failure_probability": pl.Float64,
    "num_env_events_per_minute": pl.Float64,
    "proposal_count": pl.Int64,
    "acceptance_count": pl.Int64,
    "read_only_actions": pl.Int64,
    "write_actions": pl.Int64,
    "number_of_turns": pl.Int64,
    "proposal_rate": pl.Float64,
    "acceptance_rate": pl.Float64,
    "tool_error_count": pl.Int64,
}
"""The columns (and types) of a results frame, one row per run, as upstream PARE names them.

``PAREMultiScenarioValidationResult.to_polars`` (``PARE_RESULT_SCHEMA``) and
the session's own frame share them; the session's frame adds the plugin's
columns (``noise_id``, ``apps``, ``tags``, ``cached``, ...) after these. The
two differ in ``status`` only: the seed's frame says "success", "failed",
"exception" or "no_validation" as upstream; the session's uses the one status
rule (``report.status``: "passed", "failed", "error", ...).
"""

#: The flat usage columns of agent runs (``agents.usage.run_totals``), typed even when
#: they are null in every row (no model had a price), so a parquet reader can sum them.
USAGE_SCHEMA: Final[dict[str, pl.DataType | type[pl.DataType]]] = {
    "model_calls": pl.Int64,
    "retries": pl.Int64,
    "rate_limited": pl.Int64,
    "prompt_tokens": pl.Int64,
    "completion_tokens": pl.Int64,
    "cached_tokens": pl.Int64,
    "reasoning_tokens": pl.Int64,
    "total_tokens": pl.Int64,
    "cost_usd": pl.Float64,
    "latency_median": pl.Float64,
    "latency_p90": pl.Float64,
    "usage_replayed": pl.Boolean,
    **{
        f"{role}_{name}": dtype
        for role in ("user", "observe", "execute")
        for name, dtype in (("calls", pl.Int64), ("tokens", pl.Int64), ("cost_usd", pl.Float64))
    },
}

#: Columns a results frame must have; everything else is optional.
REQUIRED_COLUMNS: tuple[str, ...] = ("scenario_id", "run_number", "success", "status")


class ResultsFrameError(ValueError):
    """The results frame (or file) lacks what the statistics need."""


def require_columns(df: pl.DataFrame, columns: Iterable[str], *, source: str = "results") -> None:
    """Raise :class:`ResultsFrameError` naming every missing column.

    Args:
        df: the frame to check.
        columns: column names that must be present.
        source: what the frame came from, for the message (e.g. a file path).
    """
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ResultsFrameError(
            f"{source}: missing required column(s) {', '.join(missing)}; a results frame needs "
            f"{', '.join(REQUIRED_COLUMNS)} (one row per scenario run, as written to results.json)"
        )


def frame_from_rows(
    rows: Sequence[Mapping[str, Any]],
    *,
    source: str = "results",
    job_duration: float | None = None,
    constants: Mapping[str, Any] | None = None,
) -> pl.DataFrame:
    """The one table builder: JSON rows (a session's, or ``results.json`` ``rows``) as a frame.

    Every row's ``status`` is set by the one status rule
    (:func:`~pytest_pare.report.status.status_of`), the upstream columns
    derived from a row (``base_scenario_id``, ``success_bool``,
    ``success_numeric``, ``has_exception``, ``proactive_model``) are filled in,
    and the :data:`RESULT_SCHEMA` columns come first with their types; the
    plugin's own columns follow in the order the rows give them.

    Args:
        rows: one mapping per scenario run; not modified.
        source: what the rows came from, for error messages (e.g. a file path).
        job_duration: the session's wall time, stored in ``job_duration`` when given.
        constants: columns with one value for every row (e.g. the split), as text.

    Raises:
        ResultsFrameError: a row that is not a mapping, or a required column missing.
    """
    if not rows:
        return pl.DataFrame(
            {c: [] for c in REQUIRED_COLUMNS},
            schema={
                "scenario_id": pl.String,
                "run_number": pl.Int64,
                "success": pl.Boolean,
                "status": pl.String,
            },
        )
    if not all(isinstance(r, Mapping) for r in rows):
        raise ResultsFrameError(f"{source}: every entry of 'rows' must be an object (one per run)")
    # ``status`` is derived (the status rule), so only the rule's inputs are required.
    given = {c for r in rows for c in r} | {"status"}
    require_columns(
        pl.DataFrame(schema=dict.fromkeys(given, pl.Null)), REQUIRED_COLUMNS, source=source
    )
    for number, row in enumerate(rows, start=1):
        _check_identity(row, number, source)
    flat = [_derived(row, job_duration, constants) for row in rows]
    # Scan every row for types: a column that is null in the first rows and
    # set later must not be inferred as null.
    return _typed(pl.DataFrame(_columnar(flat), infer_schema_length=None), source)


def _check_identity(row: Mapping[str, Any], number: int, source: str) -> None:
    """A run is known by its scenario id and run number: both must be there and well formed."""
    sid, run = row.get("scenario_id"), row.get("run_number")
    if not isinstance(sid, str) or not sid:
        raise ResultsFrameError(
            f"{source}: row {number} has scenario_id {sid!r}; every run needs its scenario's id "
            "as text (as results.json written by pytest-pare has it)"
        )
    if isinstance(run, bool) or not isinstance(run, int) or run < 1:
        raise ResultsFrameError(
            f"{source}: row {number} ({sid}) has run_number {run!r}; every run needs a whole "
            "number >= 1 (as results.json written by pytest-pare has it)"
        )


def _derived(
    row: Mapping[str, Any], job_duration: float | None, constants: Mapping[str, Any] | None
) -> dict[str, Any]:
    from pytest_pare.report.status import ERRORS, status_of

    out = dict(row)
    status = status_of(row)
    success = row.get("success")
    out["status"] = status
    out["has_exception"] = status in ERRORS
    out.setdefault("base_scenario_id", row.get("scenario_id"))
    out["success_bool"] = success if isinstance(success, bool) else None
    out["success_numeric"] = float(success) if isinstance(success, bool) else None
    if "proactive_model" not in out and row.get("agent_type") is not None:
        agent = row["agent_type"]
        out["proactive_model"] = (
            agent
            if agent == "oracle"
            else f"{agent}_{row.get('observe_model')}_{row.get('execute_model')}"
        )
    if job_duration is not None:
        out["job_duration"] = float(job_duration)
    for name, value in (constants or {}).items():
        out[name] = None if value is None else str(value)
    return out


def _castable(column: pl.Series, dtype: Any) -> bool:
    if column.dtype == dtype:
        return True
    try:
        column.cast(dtype, strict=True)
    except (pl.exceptions.InvalidOperationError, pl.exceptions.ComputeError):
        return False
    # Text is not a number, nor a number a flag: a cast polars allows is not enough.
    textual = column.dtype in (pl.String, pl.Utf8)
    return not (textual and dtype != pl.Utf8) and not (
        column.dtype.is_numeric() and dtype == pl.Boolean
    )


def _typed(df: pl.DataFrame, source: str) -> pl.DataFrame:
    """Schema columns first, with their types; a list column that is empty everywhere as strings."""
    present = [c for c in RESULT_SCHEMA if c in df.columns]
    wrong = [
        c for c in present if df.schema[c] != pl.Null and not _castable(df[c], RESULT_SCHEMA[c])
    ]
    if wrong:
        examples = ", ".join(
            f"{c} {df[c].drop_nulls()[0]!r} is not {RESULT_SCHEMA[c]}" for c in wrong
        )
        raise ResultsFrameError(
            f"{source}: its rows hold values of the wrong type ({examples}); "
            "pass rows as a results.json written by pytest-pare has them"
        )
    casts = [pl.col(c).cast(RESULT_SCHEMA[c]) for c in present]
    casts += [
        pl.col(c).cast(dtype)
        for c, dtype in USAGE_SCHEMA.items()
        if c in df.columns and _castable(df[c], dtype)
    ]
    # A list column that is empty in every row (e.g. no scenario has tags) has
    # no inner type; give it the string type it would have had.
    casts += [
        pl.col(c).cast(pl.List(pl.String)) for c, t in df.schema.items() if t == pl.List(pl.Null)
    ]
    # A column of the plugin's that is null in every run (no run raised, say)
    # is text when it is set: keep the file's schema the same either way.
    casts += [
        pl.col(c).cast(pl.String)
        for c, t in df.schema.items()
        if t == pl.Null and c not in RESULT_SCHEMA and c not in USAGE_SCHEMA
    ]
    rest = [c for c in df.columns if c not in RESULT_SCHEMA]
    return df.with_columns(casts).select([*present, *rest])


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "str"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "strings"
    return "other"


def _columnar(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows whose every column has one polars type (``rows`` are copies: changed in place).

    A column holding nested or mixed values (tool errors as a list of dicts in
    one row and an empty list in another, say) becomes JSON text, so one odd
    column never stops a report; lists of strings (``apps``, ``tags``) and
    plain scalars stay as they are; a column of ints and floats is all floats.
    """
    out = rows
    columns = {c for r in out for c in r}
    for col in columns:
        kinds = {_kind(r[col]) for r in out if r.get(col) is not None}
        if any(isinstance(r.get(col), float) for r in out):
            for r in out:
                value = r.get(col)
                if isinstance(value, int) and not isinstance(value, bool):
                    r[col] = float(value)
        if len(kinds) > 1 or "other" in kinds:
            for r in out:
                value = r.get(col)
                if value is not None and not isinstance(value, str):
                    r[col] = json.dumps(value, sort_keys=True, default=str)
    return out
