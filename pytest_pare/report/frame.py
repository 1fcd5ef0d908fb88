"""Results frames: build one from ``results.json`` rows and check its columns."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import polars as pl

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


def frame_from_rows(rows: Sequence[Mapping[str, Any]], *, source: str = "results") -> pl.DataFrame:
    """Build a results frame from JSON rows (``results.json`` ``rows``); checks required columns."""
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
    # Scan every row for types: a column that is null in the first rows and
    # set later must not be inferred as null.
    df = pl.DataFrame(_columnar(rows), infer_schema_length=None)
    require_columns(df, REQUIRED_COLUMNS, source=source)
    return df


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


def _columnar(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows whose every column has one polars type.

    A column holding nested or mixed values (tool errors as a list of dicts in
    one row and an empty list in another, say) becomes JSON text, so one odd
    column never stops a report; lists of strings (``apps``, ``tags``) and
    plain scalars stay as they are.
    """
    out = [dict(r) for r in rows]
    columns = {c for r in out for c in r}
    for col in columns:
        kinds = {_kind(r[col]) for r in out if r.get(col) is not None}
        if len(kinds) > 1 or "other" in kinds:
            for r in out:
                value = r.get(col)
                if value is not None and not isinstance(value, str):
                    r[col] = json.dumps(value, sort_keys=True, default=str)
    return out
