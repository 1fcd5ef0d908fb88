"""Results of scenario runs: one run, and many runs as a polars frame."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, NamedTuple

import polars as pl

from pytest_pare.scenarios._result_frame import (
    coerce_row,
    config_columns,
    extra_dtypes,
    result_columns,
)

if TYPE_CHECKING:
    from pytest_pare.scenarios.config import ScenarioRunnerConfig

PARE_RESULT_SCHEMA: Final[dict[str, pl.DataType | type[pl.DataType]]] = {
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
"""Columns of :meth:`PAREMultiScenarioValidationResult.to_polars`, one row per run.

``status`` is "passed", "failed" or "error" (an exception, or no verdict).
"""

PASSED: Final = "passed"
FAILED: Final = "failed"
ERROR: Final = "error"


class RecordedException(Exception):
    """An exception rebuilt from a result dict (its class may not exist here).

    Attributes:
        type_name: the original exception's class name.
        traceback_text: the original traceback, if it was recorded.
    """

    def __init__(self, type_name: str, message: str, traceback_text: str | None = None) -> None:
        super().__init__(message)
        self.type_name = type_name
        self.message = message
        self.traceback_text = traceback_text

    def __reduce__(self) -> tuple[type[RecordedException], tuple[str, str, str | None]]:
        return (type(self), (self.type_name, self.message, self.traceback_text))


def exception_type_name(exc: BaseException | None) -> str | None:
    """The class name of ``exc`` (the original one for a :class:`RecordedException`)."""
    if exc is None:
        return None
    return exc.type_name if isinstance(exc, RecordedException) else type(exc).__name__


@dataclass
class PAREScenarioValidationResult:
    """The outcome of one scenario run plus PARE's proactive-agent metrics.

    ``success`` is None when there is no verdict (the run raised, or nothing
    validated). ``tool_errors`` lists steps that raised during the run, as
    ``{"time", "app", "function", "error"}`` dicts.
    """

    success: bool | None
    exception: BaseException | None = None
    export_path: str | None = None
    rationale: str | None = None
    duration: float | None = None
    proposal_count: int = 0
    acceptance_count: int = 0
    read_only_actions: int = 0
    write_actions: int = 0
    number_of_turns: int = 0
    tool_errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def proposal_rate(self) -> float:
        """Proposals per turn (0 when there were no turns)."""
        return self.proposal_count / self.number_of_turns if self.number_of_turns else 0.0

    @property
    def acceptance_rate(self) -> float:
        """Accepted proposals / proposals (0 when there were none)."""
        return self.acceptance_count / self.proposal_count if self.proposal_count else 0.0

    @property
    def status(self) -> str:
        """ "passed", "failed" or "error"."""
        if self.success is True:
            return PASSED
        if self.success is False:
            return FAILED
        return ERROR

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (the exception as type, message and traceback strings)."""
        exc = self.exception
        trace: str | None = None
        if isinstance(exc, RecordedException):
            trace = exc.traceback_text
        elif exc is not None:
            trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        return {
            "success": self.success,
            "exception_type": exception_type_name(exc),
            "exception_message": str(exc) if exc is not None else None,
            "exception_traceback": trace,
            "export_path": self.export_path,
            "rationale": self.rationale,
            "duration": self.duration,
            "proposal_count": self.proposal_count,
            "acceptance_count": self.acceptance_count,
            "read_only_actions": self.read_only_actions,
            "write_actions": self.write_actions,
            "number_of_turns": self.number_of_turns,
            "tool_errors": [_json_safe(entry) for entry in self.tool_errors],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PAREScenarioValidationResult:
        """Rebuild a result from :meth:`to_dict` output (the exception as a RecordedException)."""
        exc = None
        if data.get("exception_type") is not None:
            exc = RecordedException(
                data["exception_type"],
                data.get("exception_message") or "",
                data.get("exception_traceback"),
            )
        return cls(
            success=data.get("success"),
            exception=exc,
            export_path=data.get("export_path"),
            rationale=data.get("rationale"),
            duration=data.get("duration"),
            proposal_count=int(data.get("proposal_count", 0)),
            acceptance_count=int(data.get("acceptance_count", 0)),
            read_only_actions=int(data.get("read_only_actions", 0)),
            write_actions=int(data.get("write_actions", 0)),
            number_of_turns=int(data.get("number_of_turns", 0)),
            tool_errors=list(data.get("tool_errors", [])),
        )


class RunKey(NamedTuple):
    """Which run a result belongs to: (scenario id, run number, noise id).

    ``noise_id`` is None for a run recorded without noise information; the same
    scenario and run number at two noise levels are two runs, not a rerun.
    """

    scenario_id: str
    run_number: int | None
    noise_id: str | None = None

    @classmethod
    def of(cls, scenario_id: str, run_number: int | None, row_extra: dict[str, Any]) -> RunKey:
        """The key of a run given the ``row_extra`` passed to ``add_result``.

        The noise level comes from ``noise_id`` (e.g. ``"tfp0.1-epm5"``, ``"clean"``);
        without it, from the noise columns ``tool_failure_probability`` and
        ``num_env_events_per_minute`` when given.
        """
        noise = row_extra.get("noise_id")
        if noise is None:
            tfp = row_extra.get("tool_failure_probability")
            epm = row_extra.get("num_env_events_per_minute")
            if tfp is not None or epm is not None:
                noise = f"tfp{float(tfp or 0):g}-epm{float(epm or 0):g}"
        return cls(scenario_id, run_number, None if noise is None else str(noise))


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
        """One row per run with :data:`PARE_RESULT_SCHEMA` columns.

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


def _json_safe(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return str(value)
