"""Results of scenario runs: one run, and many runs as a polars frame (upstream PARE's API).

The plugin's controller builds its own frame from the rows directly
(``report.frame.frame_from_rows``); this class is the API that analysis code
written for upstream uses, over the same column schema but in the seed's
vocabulary: ``status`` is "success", "failed", "exception" or "no_validation"
(the session's rows and report files say "passed", "failed", "error", ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

import polars as pl

from pytest_pare.report.frame import RESULT_SCHEMA
from pytest_pare.scenarios._result_frame import (
    coerce_row,
    config_columns,
    extra_dtypes,
    result_columns,
)
from pytest_pare.scenarios.result import (
    EXCEPTION,
    FAILED,
    NO_VALIDATION,
    STATUSES,
    SUCCESS,
    PAREScenarioValidationResult,
    RecordedException,
    RunKey,
    exception_type_name,
)

if TYPE_CHECKING:
    from pytest_pare.scenarios.config import ScenarioRunnerConfig

PARE_RESULT_SCHEMA: Final = RESULT_SCHEMA
"""Columns of :meth:`PAREMultiScenarioValidationResult.to_polars`, one row per run.

Upstream's columns (``success_numeric``, ``success_bool``, ``status``,
``has_exception``, ``exception_type``, ``exception_message``, ...) plus
``scenario_id``, ``success`` and ``tool_error_count``.
"""

__all__ = [
    "EXCEPTION",
    "FAILED",
    "NO_VALIDATION",
    "PARE_RESULT_SCHEMA",
    "STATUSES",
    "SUCCESS",
    "PAREMultiScenarioValidationResult",
    "PAREScenarioValidationResult",
    "RecordedException",
    "RunKey",
    "exception_type_name",
]


@dataclass
class PAREMultiScenarioValidationResult:
    """Many runs' results, keyed by :class:`RunKey` (scenario id, run number, noise id)."""

    run_config: ScenarioRunnerConfig | None = None
    scenario_results: dict[RunKey, PAREScenarioValidationResult] = field(default_factory=dict)
    row_extras: dict[RunKey, dict[str, Any]] = field(default_factory=dict)
    duration: float = 0.0
    successful_count: int = 0
    failed_count: int = 0
    exception_count: int = 0
    no_validation_count: int = 0

    def add_result(
        self,
        result: PAREScenarioValidationResult,
        scenario_id: str,
        run_number: int | None = None,
        **row_extra: Any,
    ) -> None:
        """Record one run; adding the same (scenario, run, noise level) again replaces it.

        Args:
            result: the run's result.
            scenario_id: its scenario id.
            run_number: its run number.
            **row_extra: values for this run's row: schema columns (e.g. a
                per-item ``tool_failure_probability``) override the run config's
                value; other names become extra columns. ``noise_id`` (or the
                noise columns) is part of the run's key, see :meth:`RunKey.of`.
        """
        key = RunKey.of(scenario_id, run_number, row_extra)
        previous = self.scenario_results.get(key)
        if previous is not None:
            self._count(previous, -1)
        self.scenario_results[key] = result
        self.row_extras[key] = dict(row_extra)
        self._count(result, +1)

    def _count(self, result: PAREScenarioValidationResult, step: int) -> None:
        if result.success is True:
            self.successful_count += step
        elif result.success is False:
            self.failed_count += step
        elif result.exception is not None:
            self.exception_count += step
        else:
            self.no_validation_count += step

    @property
    def total_count(self) -> int:
        """Runs recorded."""
        return (
            self.successful_count
            + self.failed_count
            + self.exception_count
            + self.no_validation_count
        )

    @property
    def success_rate(self) -> float:
        """Passed runs / all runs, a fraction in [0, 1] (0 with no runs)."""
        return self.successful_count / self.total_count if self.total_count else 0.0

    @property
    def total_proposals(self) -> int:
        return sum(r.proposal_count for r in self.scenario_results.values())

    @property
    def total_acceptances(self) -> int:
        return sum(r.acceptance_count for r in self.scenario_results.values())

    @property
    def total_turns(self) -> int:
        return sum(r.number_of_turns for r in self.scenario_results.values())

    @property
    def total_read_only_actions(self) -> int:
        return sum(r.read_only_actions for r in self.scenario_results.values())

    @property
    def total_write_actions(self) -> int:
        return sum(r.write_actions for r in self.scenario_results.values())

    @property
    def aggregate_proposal_rate(self) -> float:
        """Proposals per turn over all runs."""
        return self.total_proposals / self.total_turns if self.total_turns else 0.0

    @property
    def aggregate_acceptance_rate(self) -> float:
        """Accepted / proposed over all runs."""
        return self.total_acceptances / self.total_proposals if self.total_proposals else 0.0

    def to_polars(self, extra_columns: dict[str, Any] | None = None) -> pl.DataFrame:
        """One row per run with :data:`PARE_RESULT_SCHEMA` columns, as upstream's.

        ``status`` is the seed's: "success", "failed", "exception" (no verdict, the
        run raised) or "no_validation" (no verdict, nothing raised);
        ``success_numeric`` is 1.0/0.0/None, ``success_bool`` the verdict,
        ``has_exception`` whether the run raised, ``exception_type`` and
        ``exception_message`` its class name and text.

        Args:
            extra_columns: constant columns added to every row, as strings
                (e.g. a phase or split name).

        Returns:
            The frame; columns from ``add_result(**row_extra)`` outside the
            schema follow the schema columns, then ``extra_columns``.
        """
        config_row = config_columns(self.run_config)
        rows: list[dict[str, Any]] = []
        for key, result in self.scenario_results.items():
            row = result_columns(result, key[0], key[1])
            row.update(config_row)
            row["job_duration"] = float(self.duration)
            row.update(self.row_extras.get(key, {}))
            rows.append(row)

        schema: dict[str, Any] = dict(PARE_RESULT_SCHEMA)
        for name, dtype in extra_dtypes(rows, PARE_RESULT_SCHEMA).items():
            schema[name] = dtype
        for name in extra_columns or {}:
            schema[name] = pl.Utf8
        for row in rows:
            for name, value in (extra_columns or {}).items():
                row[name] = None if value is None else str(value)
        return pl.DataFrame([coerce_row(row, schema) for row in rows], schema=schema, orient="row")

    def description(
        self, split: str = "unknown", weight_per_app_class: dict[str, float] | None = None
    ) -> str:
        """The text report of these results (summary, per-scenario lines, metrics)."""
        from pytest_pare.scenarios._report_text import render_description

        return render_description(self, split=split, weight_per_app_class=weight_per_app_class)
