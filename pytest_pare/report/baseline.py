"""Baseline files for the CI gate: write a session's per-run outcomes, read them back.

A baseline is either a session's ``results.json`` or the smaller document that
``--pare-save-baseline`` writes (:func:`baseline_document`); both load into the
results frame that :func:`pytest_pare.report.gate.compare_runs` compares.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from pytest_pare._util.files import atomic_write_text
from pytest_pare.report.benchmark import benchmark_of
from pytest_pare.report.documents import first_line, read_rows_document
from pytest_pare.report.stats import (
    REQUIRED_COLUMNS,
    ResultsFrameError,
    frame_from_rows,
    require_columns,
    with_derived_columns,
)

BASELINE_FORMAT = "pytest-pare-baseline"
_BASELINE_COLUMNS = (
    "scenario_id",
    "noise_id",
    "run_number",
    "success",
    "status",
    "exception_type",
    "exception_category",
    "source_hash",
    # What the runs spent, so a later session shows its change next to the success change.
    "total_tokens",
    "cost_usd",
)


class BaselineError(ValueError):
    """A baseline file that cannot be used; the message names the path and the problem."""


@dataclass(frozen=True)
class Baseline:
    """A baseline's per-run rows and the benchmark it was made on (None: not recorded)."""

    frame: pl.DataFrame
    benchmark: Mapping[str, Any] | None = None


def baseline_document(
    df: pl.DataFrame, benchmark: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The baseline form of a session: the few columns the comparison reads, one row per run.

    ``benchmark`` (``report.benchmark.benchmark_block``) is stored with it, so a
    later session can tell whether it runs the same benchmark.
    """
    require_columns(df, REQUIRED_COLUMNS)
    keep = [c for c in _BASELINE_COLUMNS if c in df.columns]
    rows = df.select(keep).sort("scenario_id", "run_number").to_dicts()
    doc: dict[str, Any] = {"format": BASELINE_FORMAT, "version": 1, "rows": rows}
    if benchmark is not None:
        doc["benchmark"] = dict(benchmark)
    return doc


def save_baseline(
    df: pl.DataFrame,
    path: str | os.PathLike[str],
    benchmark: Mapping[str, Any] | None = None,
) -> Path:
    """Write :func:`baseline_document` to ``path`` atomically; returns the path."""
    target = Path(path)
    text = json.dumps(baseline_document(df, benchmark), indent=1, sort_keys=True)
    atomic_write_text(target, text + "\n")
    return target


def load_baseline(path: str | os.PathLike[str]) -> pl.DataFrame:
    """The per-run rows of a baseline file (see :func:`read_baseline`)."""
    return read_baseline(path).frame


def read_baseline(path: str | os.PathLike[str]) -> Baseline:
    """Read a baseline: a ``results.json`` of a session or a file from :func:`save_baseline`.

    Raises:
        BaselineError: the file is missing, not JSON, not one of the two forms,
            from a newer format version, or its rows lack required columns.
    """
    p = Path(path)
    fix = (
        "point --pare-baseline at a results.json, or write a baseline with "
        f"--pare-save-baseline {p}"
    )
    doc = read_rows_document(p, f"baseline {p}", fix, BaselineError, fix_after_json=True)
    fmt, version = doc.get("format"), doc.get("version", 1)
    if fmt == BASELINE_FORMAT and (not isinstance(version, int) or version > 1):
        raise BaselineError(
            f"baseline {p}: format version {version!r} is newer than this pytest-pare reads (1); "
            "upgrade pytest-pare or re-save the baseline"
        )
    if not all(isinstance(r, dict) for r in doc["rows"]):
        raise BaselineError(f"baseline {p}: every entry of 'rows' must be an object; {fix}")
    try:
        df = frame_from_rows(doc["rows"], source=f"baseline {p}")
        # Cast now, so wrongly typed values fail here, naming the file, not mid-comparison.
        with_derived_columns(df)
    except ResultsFrameError as exc:
        raise BaselineError(str(exc)) from None
    except pl.exceptions.PolarsError as exc:
        raise BaselineError(
            f"baseline {p}: its rows hold values of the wrong type ({first_line(exc)}); {fix}"
        ) from None
    return Baseline(frame=df, benchmark=benchmark_of(doc))
