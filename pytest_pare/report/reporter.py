"""The controller-side reporter: gathers each scenario run's row, writes files, prints the summary.

Registered by ``plugin.py`` only in the controller (or the single process):
xdist workers send their test reports here, and each report carries its run's
row in ``user_properties``, so this object sees every run in either mode.
The session's frame (statistics, gate, parquet, baseline) is built from those
rows directly by ``frame.frame_from_rows``, the one table builder that also
reads results files back. It imports no pytest: the plugin hands it reports
and writes its lines.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pytest_pare.report.files import (
    RESULTS_FORMAT,
    RESULTS_VERSION,
    ReportFiles,
    write_report_files,
    write_results_json,
)
from pytest_pare.report.status import ERROR

if TYPE_CHECKING:
    import polars as pl

    from pytest_pare.options import Settings
    from pytest_pare.report.gate import GateVerdict

_NODE_NAME = re.compile(r"^(?P<sid>[^\[]+)(?:\[(?P<params>[^\]]*)\])?$")
_RUN = re.compile(r"(?:^|-)run-(?P<n>\d+)$")


def parse_scenario_nodeid(nodeid: str) -> tuple[str, int, str]:
    """``scenarios/x.py::sid[tfp0.1-epm5-run-2]`` -> (``sid``, 2, ``tfp0.1-epm5``)."""
    name = nodeid.rsplit("::", 1)[-1]
    match = _NODE_NAME.match(name)
    if match is None:
        return name, 1, "clean"
    params = match.group("params") or ""
    run = _RUN.search(params)
    noise = _RUN.sub("", params) if run else params
    return match.group("sid"), int(run.group("n")) if run else 1, noise or "clean"


def error_row(nodeid: str, exception_type: str, message: str) -> dict[str, Any]:
    """A row for a scenario item that never produced a result (crash, setup error, not run)."""
    scenario_id, run_number, noise_id = parse_scenario_nodeid(nodeid)
    return {
        "scenario_id": scenario_id,
        "run_number": run_number,
        "noise_id": noise_id,
        "nodeid": nodeid,
        "status": ERROR,
        "success": None,
        "exception_type": exception_type,
        "exception_message": message,
        "rationale": None,
        "cached": False,
    }


@dataclass
class Reporter:
    """Every row of the session, by node id, in the order the items were selected."""

    settings: Settings
    expected: list[str] | None = None
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    crashed: list[str] = field(default_factory=list)
    not_run: list[str] = field(default_factory=list)
    #: why the session stopped early (a fatal model error, an interrupt, its time bound)
    stop_reason: str | None = None
    #: why the session was interrupted (Ctrl-C, -x/--maxfail, pytest.exit), for results.json
    interrupted: str | None = None
    #: each scenario's apps and tags, from the collection: a run that never reported keeps them
    catalog: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    #: the session's agent columns (type, models): a run that never reported keeps them too
    agent_columns: dict[str, Any] = field(default_factory=dict)
    #: ``expected`` as a set, for the membership test each failed report makes
    _selected: frozenset[str] = field(default_factory=frozenset, repr=False)
    _started: float = field(default_factory=time.monotonic, repr=False)
    files: ReportFiles | None = None
    lines: list[str] = field(default_factory=list)
    #: runs --pare-runs=auto did not need (node id -> why): no row, not lost
    saved: dict[str, str] = field(default_factory=dict)
    #: runs made although not needed (started before their turn was decided): rows left out
    left_out: dict[str, str] = field(default_factory=dict)

    # -- gathering ---------------------------------------------------------------------------

    def expect(self, nodeids: Iterable[str]) -> None:
        """Declare the selected scenario runs (the first wins: every worker sends the same)."""
        ids = list(dict.fromkeys(nodeids))
        if self.expected is None and ids:
            self.expected = ids
            self._selected = frozenset(ids)

    def add_catalog(self, catalog: Mapping[str, Any]) -> None:
        """Each scenario's ``{"apps": [...], "tags": [...]}`` by id (the first value stays)."""
        for scenario_id, meta in catalog.items():
            if isinstance(meta, Mapping):
                self.catalog.setdefault(
                    str(scenario_id),
                    {
                        "apps": [str(a) for a in meta.get("apps") or ()],
                        "tags": [str(t) for t in meta.get("tags") or ()],
                    },
                )

    def is_scenario(self, nodeid: str) -> bool:
        return nodeid in self._selected

    def add_payload(self, nodeid: str, payload: Mapping[str, Any]) -> None:
        """The first row a node id sends is its row; later phases repeat it."""
        if nodeid not in self.rows:
            self._store(nodeid, dict(payload))

    def recover(self, rows: Mapping[str, Mapping[str, Any]]) -> list[str]:
        """Rows of selected runs whose reports never arrived (the workers' own copies).

        A run that reported just as the session was interrupted finished: its row
        is kept rather than called not run. A crashed worker's run stays a crash.
        Returns the node ids recovered.
        """
        recovered = [
            nodeid
            for nodeid in rows
            if nodeid in self._selected and nodeid not in self.rows and nodeid not in self.crashed
        ]
        for nodeid in recovered:
            self._store(nodeid, dict(rows[nodeid]))
        return recovered

    def add_saved(self, nodeid: str, reason: str) -> None:
        """A selected run that ``--pare-runs=auto`` skipped: counted as saved, never as lost."""
        self.saved.setdefault(nodeid, reason)

    def leave_out_unneeded(self, plan: Any) -> None:
        """Move the rows of runs the plan decided not to need into ``left_out``.

        Under xdist a worker may start a run before the round it follows settled
        the session; its outcome is left out so the results are one process's.
        """
        if plan is None:
            return
        for nodeid in list(self.rows):
            if plan.knows(nodeid) and plan.decide(nodeid) == "skip":
                del self.rows[nodeid]
                self.left_out[nodeid] = plan.reason(nodeid) or "not needed"

    def add_crash(self, nodeid: str, message: str) -> None:
        """A worker died while ``nodeid`` was its current item: the run is an error.

        Also when the run had already sent its row: the worker died before the
        item finished (in its teardown, say), pytest reports the item as failed,
        and every PARE report must agree with pytest rather than keep a pass.
        """
        if nodeid in self.crashed:
            return
        self.crashed.append(nodeid)
        earlier = self.rows.get(nodeid)
        row = self._error_row(nodeid, "WorkerCrashed", message)
        if earlier is not None:
            reported = earlier.get("status")
            row = {
                **earlier,
                **row,
                "reported_status": reported,
                "exception_message": f"{message} (after the run had reported {reported}; "
                "the item never finished)",
                "exception_category": None,
                "has_exception": True,
            }
        self._store(nodeid, row)

    def add_error(self, nodeid: str, exception_type: str, message: str) -> None:
        if nodeid not in self.rows:
            self._store(nodeid, self._error_row(nodeid, exception_type, message))

    def _error_row(self, nodeid: str, exception_type: str, message: str) -> dict[str, Any]:
        row = {**self.agent_columns, **error_row(nodeid, exception_type, message)}
        # The run's noise level is known from its node id: its row keeps the
        # level's columns, so a lost run still counts under its level.
        levels = {lvl.id: lvl for lvl in self.settings.noise_matrix or ()}
        default = self.settings.default_noise
        level = levels.get(row["noise_id"]) or (default if row["noise_id"] == "clean" else None)
        if level is not None:
            row["noise_id"] = level.label  # as the item names it
            row["tool_failure_probability"] = level.tool_failure_probability
            row["num_env_events_per_minute"] = level.env_events_per_minute
        return row

    def _store(self, nodeid: str, row: dict[str, Any]) -> None:
        self.rows[nodeid] = row

    # -- finishing ---------------------------------------------------------------------------

    def ordered_rows(self) -> list[dict[str, Any]]:
        """One row per selected run, exactly once; a run that never reported gets an error row."""
        order = [n for n in self.expected or [] if n not in self.saved and n not in self.left_out]
        stopped = self.stop_reason or self.interrupted
        for nodeid in order:
            if nodeid not in self.rows:
                self._store(
                    nodeid,
                    self._error_row(
                        nodeid,
                        "NotRun",
                        f"not run: the session stopped early ({stopped})"
                        if stopped
                        else "the run never reported a result (worker lost or session stopped)",
                    ),
                )
                self.not_run.append(nodeid)
        extra = sorted(
            (n for n in self.rows if n not in self._selected),
            key=lambda n: (
                self.rows[n]["scenario_id"],
                self.rows[n].get("noise_id") or "",
                self.rows[n]["run_number"],
            ),
        )
        nodeids = [*order, *extra]
        rows = [self.rows[n] for n in nodeids]
        _fill_metadata(rows, self.catalog)
        return rows

    def frame(self, rows: list[dict[str, Any]]) -> pl.DataFrame:
        """The session's per-run frame: ``rows`` (in results.json order) as one table."""
        from pytest_pare.report.frame import frame_from_rows

        split = self.settings.split
        return frame_from_rows(
            rows,
            job_duration=time.monotonic() - self._started,
            constants={"split": split} if split is not None else None,
        )

    def finish(
        self,
        environment: Mapping[str, Any],
        *,
        stopped: bool = False,
        extra: Mapping[str, Any] | None = None,
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """Build the summary, write the files, and keep the summary lines for the terminal.

        ``stopped``: the session was stopped on purpose (``-x``, a fatal model
        error, Ctrl-C), so runs that never reported are not lost to the gate.
        ``extra``: more top-level blocks for results.json.
        """
        rows = self.ordered_rows()
        # The session's completeness goes into report.txt too, not only the terminal.
        notes = []
        if self.crashed:
            notes.append(
                f"{len(self.crashed)} run(s) lost to a crashed worker (reported as errors): "
                + ", ".join(self.crashed[:5])
                + (" ..." if len(self.crashed) > 5 else "")
            )
        if self.stop_reason is not None:
            notes.append(f"session stopped early: {self.stop_reason}")
            if self.settings.gated:
                # The verdict below covers a part of the selection: it is shown, not applied.
                notes.append(
                    "the gate is not applied to a session stopped early: its verdict below "
                    "covers only the runs that ran; the session exits 2 (interrupted)"
                )
        if self.not_run:
            notes.append(
                f"{len(self.not_run)} selected run(s) never reported (reported as errors): "
                + ", ".join(self.not_run[:5])
                + (" ..." if len(self.not_run) > 5 else "")
            )
        if self.interrupted is not None and self.stop_reason is None:
            notes.append(f"session interrupted: {self.interrupted}")
        if self.settings.adaptive:
            from pytest_pare.report.adaptive import adaptive_note

            notes.append(
                adaptive_note(self.settings.runs, len(rows), len(self.saved), len(self.left_out))
            )
        lost = len(self.crashed) + (0 if stopped else len(self.not_run))
        completion = self.completion()
        try:
            self.files = write_report_files(
                rows,
                self.settings,
                environment,
                frame=self.frame(rows),
                notes=notes,
                lost=lost,
                extra={**dict(extra or {}), "completion": completion},
            )
        except Exception:
            # A defect while summarising must not cost the runs: keep them, with no
            # summary, before pytest reports the error (an INTERNALERROR, exit 3).
            document = {
                "format": RESULTS_FORMAT,
                "version": RESULTS_VERSION,
                "environment": dict(environment),
                **dict(extra or {}),
                "completion": completion,
                "rows": rows,
                "summary": None,
                "gate": None,
            }
            with contextlib.suppress(OSError):
                write_results_json(self.settings.results_dir / "results.json", document)
            raise
        self.lines = list(self.files.lines)
        return rows, self.files.summary

    def completion(self) -> dict[str, Any]:
        """How complete the session is, for results.json ``completion`` (after ``ordered_rows``).

        ``complete``: every selected run reported its own result (no run lost to a
        crashed worker or never started). ``interrupted``: the session stopped
        before its end (Ctrl-C, a fatal model error, ``-x``/``--maxfail``,
        ``pytest.exit``); ``reason`` says why, or what is missing.
        """
        stopped = self.stop_reason or self.interrupted
        lost = len(self.crashed) + len(self.not_run)
        reason = stopped
        if reason is None and lost:
            reason = (
                f"{len(self.crashed)} run(s) lost to a crashed worker, "
                f"{len(self.not_run)} never reported"
            )
        # Runs --pare-runs=auto did not need are neither selected nor lost.
        kept = [n for n in self.expected or [] if n not in self.saved and n not in self.left_out]
        selected = len(kept) or len(self.rows)
        return {
            "complete": lost == 0,
            "interrupted": stopped is not None,
            "reason": reason,
            "selected": selected,
            "reported": len(self.rows) - lost,
            "crashed": len(self.crashed),
            "not_run": len(self.not_run),
        }

    @property
    def gate_failed(self) -> bool:
        return self.files is not None and self.files.gate_failed

    @property
    def verdict(self) -> GateVerdict | None:
        """The gate's verdict, once :meth:`finish` ran."""
        return None if self.files is None else self.files.verdict


def _fill_metadata(
    rows: list[dict[str, Any]], catalog: Mapping[str, Mapping[str, list[str]]]
) -> None:
    # A run that never reported lost its apps and tags with it: its scenario's
    # other runs carry them (its source too: annotations point at the scenario's
    # class), else the collection's catalog does. Without them the per-app
    # figures would leave the run out while the headline counts it.
    known: dict[str, dict[str, Any]] = {}
    for row in rows:
        if "apps" in row:
            known.setdefault(
                row["scenario_id"],
                {
                    "apps": row["apps"],
                    "tags": row.get("tags", []),
                    **{k: row[k] for k in _SOURCE_FIELDS if k in row},
                },
            )
    for scenario_id, meta in catalog.items():
        known.setdefault(scenario_id, {"apps": meta["apps"], "tags": meta["tags"]})
    for row in rows:
        if "apps" not in row:
            meta = known.get(row["scenario_id"], {"apps": [], "tags": []})
            row["apps"] = list(meta["apps"])
            row["tags"] = list(meta["tags"])
            row.update({k: meta[k] for k in _SOURCE_FIELDS if k in meta})


_SOURCE_FIELDS = ("source_file", "source_line", "source_hash")
