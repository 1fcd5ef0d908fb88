"""The session's report files: results.json, results.parquet, report.txt, report.html, baseline."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

    from pytest_pare.options import Settings

RESULTS_FORMAT = "pytest-pare-results"
RESULTS_VERSION = 1


@dataclass
class ReportFiles:
    """What the session produced: its summary, its text lines, the gate's decision, the paths."""

    summary: dict[str, Any]
    lines: list[str]
    gate_failed: bool = False
    paths: list[Path] = field(default_factory=list)
    #: the files that could not be written (a full disk, a folder in the way), as labels
    failed: list[str] = field(default_factory=list)


def write_report_files(
    rows: list[dict[str, Any]],
    settings: Settings,
    environment: Mapping[str, Any],
    *,
    frame: pl.DataFrame | None = None,
    notes: Sequence[str] = (),
    completion: Mapping[str, Any] | None = None,
) -> ReportFiles:
    """Summarise ``rows``, apply the gate and write every file into ``settings.results_dir``.

    Args:
        rows: one JSON-safe row per selected scenario run, in selection order.
        settings: the session's settings (results folder, gate, baseline, HTML).
        environment: the session's configuration, stored in results.json.
        frame: the same runs as a polars frame, in the same order (the reporter's
            ``frame_from_rows``); built from ``rows`` when not given.
        notes: lines on how complete the session was (crashed workers, runs never
            reported, an early stop), written after the summary in report.txt and
            the terminal alike.
        completion: how complete the session was (``Reporter.completion``),
            stored as results.json ``completion``; None: complete.

    Returns:
        The summary, the text lines (summary, gate verdict, then any file that
        could not be written), the paths written and the files that failed.
    """
    from pytest_pare._util.files import atomic_write
    from pytest_pare.report.baseline import BaselineError, load_baseline, save_baseline
    from pytest_pare.report.frame import frame_from_rows
    from pytest_pare.report.gate import GateSettings, GateVerdict, evaluate_gate
    from pytest_pare.report.stats import summarize, summary_lines

    df = frame if frame is not None else frame_from_rows(rows)
    summary = summarize(df)
    summary["robustness"] = robustness(rows)
    lines = summary_lines(summary) + robustness_lines(summary["robustness"]) + list(notes)
    gate_settings = GateSettings(
        min_success_rate=settings.min_success_rate,
        gate_on="lower-bound" if settings.gate_on == "lower-bound" else "rate",
    )
    try:
        baseline = load_baseline(settings.baseline) if settings.baseline is not None else None
    except BaselineError as exc:
        # Read fine at configure, gone or damaged now (another session rewrote it):
        # a gate that cannot compare must not pass, and the runs are still written.
        verdict = GateVerdict(
            passed=False,
            reason=("PARE gate FAILED (exit 1)", f"the baseline could not be read again: {exc}"),
        )
    else:
        verdict = evaluate_gate(
            df, gate_settings, baseline, summary=summary, baseline_source=str(settings.baseline)
        )
    lines += verdict.detail_lines() + list(verdict.reason)
    document = results_document(
        rows, environment, summary=summary, gate=verdict.to_dict(), completion=completion
    )
    out = settings.results_dir
    paths: list[Path] = []
    failed: list[str] = []

    def attempt(label: str, write: Callable[[], Path]) -> None:
        # Everything is computed by now: a file that cannot be written (a folder
        # in its place, a full disk) costs that file and a line, never the summary.
        try:
            written = write()
        except OSError as exc:
            lines.append(f"could not write {label}: {exc}")
            failed.append(label)
            return
        paths.append(written)

    def write_json() -> Path:
        return write_results_json(out / "results.json", document)

    def write_parquet() -> Path:
        # Through a temporary file, as every other file: a reader (or a second
        # session writing the same folder) never sees half a file.
        atomic_write(out / "results.parquet", _parquet_writer(df))
        return out / "results.parquet"

    attempt(str(out / "results.json"), write_json)
    attempt(str(out / "results.parquet"), write_parquet)
    data_files = len(paths)
    html = _render_html(document)
    targets = [("", out / "report.html")]
    if settings.html is not None:
        targets.append(("--pare-html ", settings.html))
    for flag, target in targets:
        attempt(f"{flag}{target}", partial(_write_text, target, html))
    if settings.save_baseline is not None:
        attempt(
            f"--pare-save-baseline {settings.save_baseline}",
            partial(save_baseline, df, settings.save_baseline),
        )
    # report.txt is written last so that it holds those problems too, but it is
    # listed after the data files, as before.
    before = len(paths)
    attempt(str(out / "report.txt"), partial(_write_text, out / "report.txt", "\n".join(lines)))
    if len(paths) > before:
        paths.insert(data_files, paths.pop())
    return ReportFiles(
        summary=summary, lines=lines, gate_failed=not verdict.passed, paths=paths, failed=failed
    )


def results_document(
    rows: list[dict[str, Any]],
    environment: Mapping[str, Any],
    *,
    summary: Mapping[str, Any] | None,
    gate: Mapping[str, Any] | None,
    completion: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The results.json document (the one shape every writer uses)."""
    return {
        "format": RESULTS_FORMAT,
        "version": RESULTS_VERSION,
        "environment": dict(environment),
        "completion": dict(completion) if completion is not None else complete_session(rows),
        "rows": rows,
        "summary": None if summary is None else dict(summary),
        "gate": None if gate is None else dict(gate),
    }


def complete_session(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The ``completion`` block of a session in which every selected run reported."""
    return {
        "complete": True,
        "interrupted": False,
        "reason": None,
        "selected": len(rows),
        "reported": len(rows),
        "crashed": 0,
        "not_run": 0,
    }


def write_results_json(path: Path, document: Mapping[str, Any]) -> Path:
    """Write a results document atomically (two sessions writing one folder never tear it)."""
    _write_text(path, json.dumps(document, indent=1, sort_keys=True))
    return path


def _parquet_writer(df: pl.DataFrame) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        import polars as pl

        try:
            df.write_parquet(path)
        except pl.exceptions.PolarsError as exc:
            # polars reports a failed write (a full disk) as its own error, not OSError.
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise OSError(f"polars could not write it ({first})") from exc

    return write


def _write_text(path: Path, text: str) -> Path:
    from pytest_pare._util.files import atomic_write_text

    atomic_write_text(path, text if text.endswith("\n") else text + "\n")
    return path


def robustness(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per scenario run both clean and under noise: clean success rate minus noisy success rate.

    Returns:
        One entry per such scenario, sorted by id: ``clean`` and ``noisy``
        (noise id -> rate) success rates, and ``delta`` = clean minus the mean
        of the noisy rates (positive: noise hurts).
    """
    tally: dict[str, dict[str, list[int]]] = {}
    for row in rows:
        counts = tally.setdefault(row["scenario_id"], {}).setdefault(
            row.get("noise_id") or "clean", [0, 0]
        )
        counts[0] += row.get("status") == "passed"
        counts[1] += 1
    out = []
    for scenario_id, levels in sorted(tally.items()):
        if "clean" not in levels or len(levels) < 2:
            continue
        rates = {nid: ok / n for nid, (ok, n) in levels.items()}
        noisy = {nid: r for nid, r in rates.items() if nid != "clean"}
        delta = rates["clean"] - sum(noisy.values()) / len(noisy)
        out.append(
            {"scenario_id": scenario_id, "clean": rates["clean"], "noisy": noisy, "delta": delta}
        )
    return out


def robustness_lines(entries: list[dict[str, Any]], limit: int = 10) -> list[str]:
    """Text for :func:`robustness`: the scenarios that noise hurts most first."""
    if not entries:
        return []
    ranked = sorted(entries, key=lambda e: (-e["delta"], e["scenario_id"]))
    mean = sum(e["delta"] for e in entries) / len(entries)
    shown = ", ".join(f"{e['scenario_id']} {100 * e['delta']:+.1f} pts" for e in ranked[:limit])
    more = f" and {len(entries) - limit} more" if len(entries) > limit else ""
    return [f"robustness (clean minus noisy success): mean {100 * mean:+.1f} pts; {shown}{more}"]


def _render_html(document: dict[str, Any]) -> str:
    from pytest_pare.report.html import load_traces, render_html

    # Export paths are recorded as the runner wrote them, relative to the
    # session's working folder: no base folder to join them to.
    return render_html(document, load_traces(document["rows"]))
