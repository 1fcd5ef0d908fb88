"""Constructed result rows for the report tests (the shape the plugin writes to results.json)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import polars as pl
import pytest


def row(
    scenario_id: str,
    run_number: int,
    outcome: str,
    *,
    apps: list[str] | None = None,
    tags: list[str] | None = None,
    noise_id: str = "tfp0-epm0",
    **extra: Any,
) -> dict[str, Any]:
    """One run's row; ``outcome``: ``passed``, ``failed``, ``error`` or ``none`` (not validated)."""
    success = {"passed": True, "failed": False, "error": None, "none": None}[outcome]
    base: dict[str, Any] = {
        "scenario_id": scenario_id,
        "run_number": run_number,
        "success": success,
        "status": "error" if outcome == "error" else ("passed" if success else "failed"),
        "exception_type": "TimeoutError" if outcome == "error" else None,
        "exception_message": "run exceeded 60 s" if outcome == "error" else None,
        "rationale": f"{scenario_id} missed the reply" if outcome == "failed" else None,
        "export_path": None,
        "run_duration": 0.5,
        "user_model": None,
        "user_provider": None,
        "observe_model": None,
        "observe_provider": None,
        "execute_model": None,
        "execute_provider": None,
        "tool_failure_probability": 0.0,
        "num_env_events_per_minute": 0,
        "proposal_count": 0,
        "acceptance_count": 0,
        "read_only_actions": 0,
        "write_actions": 0,
        "number_of_turns": 0,
        "apps": apps if apps is not None else ["email"],
        "tags": tags if tags is not None else ["goal-inference"],
        "noise_id": noise_id,
        "cached": False,
    }
    base.update(extra)
    return base


def frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(rows, infer_schema_length=None)


def grid(spec: dict[str, str], **extra: Any) -> list[dict[str, Any]]:
    """Rows from ``{"s1": "PPF"}``: a letter per run (P passed, F failed, E error, N none)."""
    names = {"P": "passed", "F": "failed", "E": "error", "N": "none"}
    return [
        row(sid, i + 1, names[letter], **extra)
        for sid, letters in spec.items()
        for i, letter in enumerate(letters)
    ]


@pytest.fixture
def rows() -> SimpleNamespace:
    """The row builders: ``rows.row``, ``rows.grid``, ``rows.frame``."""
    return SimpleNamespace(row=row, grid=grid, frame=frame)
