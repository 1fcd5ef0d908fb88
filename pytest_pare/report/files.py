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
    from pytest_pare.report.gate import GateOn, GateSettings, GateVerdict, InfraPolicy

RESULTS_FORMAT = "pytest-pare-results"
RESULTS_VERSION = 1


@dataclass
class ReportFiles:
    """What the session produced: its summary, its text lines, the gate's decision, the paths."""

    summary: dict[str, Any]
    lines: list[str]
    verdict: GateVerdict
    paths: list[Path] = field(default_factory=list)
    #: the results.json document as written
    document: dict[str, Any] = field(default_factory=dict)
    #: GitHub Actions workflow commands to print (under GitHub Actions only)
    annotations: list[str] = field(default_factory=list)
    #: the files that could not be written (a full disk, a folder in the way), as labels
    failed: list[str] = field(default_factory=list)

    @property
    def gate_failed(self) -> bool:
        return not self.verdict.passed


def gate_settings_of(settings: Settings) -> GateSettings:
    """The gate part of a session's settings."""
    from pytest_pare.report.gate import GateSettings

    # Settings holds the option's text, already checked against these words.
    gate_on: GateOn = "lower-bound" if settings.gate_on == "lower-bound" else "rate"
    infra: InfraPolicy = (
        "fail"
        if settings.infra_errors == "fail"
        else "ignore"
        if settings.infra_errors == "ignore"
        else "error"
    )
    return GateSettings(
        min_success_rate=settings.min_success_rate,
        gate_on=gate_on,
        min_scenario_passes=settings.min_scenario_passes,
        infra_errors=infra,
    )


def write_report_files(
    rows: list[dict[str, Any]],
    settings: Settings,
    environment: Mapping[str, Any],
    *,
    frame: pl.DataFrame | None = None,
    notes: Sequence[str] = (),
    lost: int = 0,
    extra: Mapping[str, Any] | None = None,
    traces: Mapping[str, dict[str, Any]] | None = None,
) -> ReportFiles:
    """Summarise ``rows``, apply the gate and write every file into ``settings.results_dir``.

    The one writer of a session's files: a pytest session and ``python -m
    pytest_pare.report merge`` both call it, so their files agree.

    Args:
        rows: one JSON-safe row per selected scenario run, in selection order.
        settings: the session's settings (results folder, gate, baseline, HTML,
            markdown summary, shard, GitHub Actions).
        environment: the session's configuration, stored in results.json.
        frame: the same runs as a polars frame, in the same order; built from
            ``rows`` when not given.
        notes: lines on how complete the session was (crashed workers, runs never
            reported, an early stop), written after the summary in report.txt and
            the terminal alike.
        lost: selected runs that never reported a result (crashed, never run) in a
            session that was not stopped on purpose: with a gate, the verdict is ERROR.
        extra: more top-level blocks of results.json (``shard``, ``adaptive``,
            ``tests``, ``completion``).
        traces: the traces for the HTML report by run key; read from the rows'
            ``export_path`` when not given.

    Returns:
        The summary, the text lines (summary, gate verdict, then any file that
        could not be written), the verdict, the paths written, the files that
        could not be written and the GitHub annotations to print.
    """
    from pytest_pare._util.files import atomic_write
    from pytest_pare.report.baseline import BaselineError, read_baseline, save_baseline
    from pytest_pare.report.benchmark import benchmark_block, benchmark_warning
    from pytest_pare.report.frame import frame_from_rows
    from pytest_pare.report.gate import GateVerdict, evaluate_gate
    from pytest_pare.report.stats import summarize, summary_lines

    df = frame if frame is not None else frame_from_rows(rows)
    gate_settings = gate_settings_of(settings)
    summary = summarize(df, infra_errors=gate_settings.infra_errors)
    summary["robustness"] = robustness(rows)
    lines = summary_lines(summary) + robustness_lines(summary["robustness"]) + list(notes)
    benchmark = benchmark_block(rows, environment.get("pytest_pare"))
    unreadable: str | None = None
    try:
        baseline = read_baseline(settings.baseline) if settings.baseline is not None else None
    except BaselineError as exc:
        # Read fine at configure, gone or damaged now (another session rewrote it):
        # a gate that cannot compare must not pass, and the runs are still written.
        baseline, unreadable = None, str(exc)
    warnings: tuple[str, ...] = ()
    if baseline is not None and settings.shard is None:
        # A shard runs part of the benchmark by design: the merge compares the whole.
        warning = benchmark_warning(
            benchmark, baseline.benchmark, f"the baseline {settings.baseline}"
        )
        warnings = (warning,) if warning else ()
    verdict = evaluate_gate(
        df,
        gate_settings,
        None if baseline is None else baseline.frame,
        summary=summary,
        baseline_source=str(settings.baseline),
        lost=lost,
        warnings=warnings,
    )
    if unreadable is not None:
        verdict = GateVerdict(
            status="failed",
            reason=(
                "PARE gate FAILED (exit 1)",
                f"the baseline could not be read again: {unreadable}",
            ),
            configured=True,
        )
    lines += verdict.detail_lines() + list(verdict.reason)
    spend: dict[str, Any] = {}
    if baseline is not None:
        from pytest_pare.report.usage import spend_delta, spend_line, spend_of

        then, now = spend_of(baseline.frame), spend_of(df)
        spend = spend_delta(then, now)
        spent = spend_line(then, now)
        if spent is not None:
            lines.append(f"against the baseline: {spent}")
    if settings.shard is not None and verdict.configured:
        index, count = settings.shard
        lines.append(
            f"shard {index}/{count}: the job's gate is decided over all shards by "
            "python -m pytest_pare.report merge (this shard exits 0 unless it could not be "
            "evaluated or another test failed)"
        )
    gate = verdict.to_dict()
    if spend:
        gate["spend"] = spend
    gate["settings"] = {
        **gate_settings.to_dict(),
        "baseline": None if settings.baseline is None else str(settings.baseline),
    }
    document = {
        "format": RESULTS_FORMAT,
        "version": RESULTS_VERSION,
        "environment": dict(environment),
        "benchmark": benchmark,
        **dict(extra or {}),
        "rows": rows,
        "summary": summary,
        "gate": gate,
    }
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
    html = _render_html(document, traces)
    targets = [("", out / "report.html")]
    if settings.html is not None:
        targets.append(("--pare-html ", settings.html))
    for flag, target in targets:
        attempt(f"{flag}{target}", partial(_write_text, target, html))
    if settings.save_baseline is not None:
        attempt(
            f"--pare-save-baseline {settings.save_baseline}",
            partial(save_baseline, df, settings.save_baseline, benchmark),
        )
    # report.txt is written last so that it holds those problems too, but it is
    # listed after the data files, as before.
    before = len(paths)
    attempt(str(out / "report.txt"), partial(_write_text, out / "report.txt", "\n".join(lines)))
    if len(paths) > before:
        paths.insert(data_files, paths.pop())
    _write_markdown(document, settings, paths, lines, failed)
    from pytest_pare.report.ci import github_annotations

    return ReportFiles(
        summary=summary,
        lines=lines,
        verdict=verdict,
        paths=paths,
        document=document,
        annotations=github_annotations(document) if settings.github_actions else [],
        failed=failed,
    )


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


def _write_markdown(
    document: Mapping[str, Any],
    settings: Settings,
    paths: list[Path],
    lines: list[str],
    failed: list[str],
) -> None:
    """The markdown summary to ``--pare-md-summary`` and to ``$GITHUB_STEP_SUMMARY`` (appended)."""
    if settings.md_summary is None and settings.github_step_summary is None:
        return
    from pytest_pare.report.ci import markdown_summary

    text = markdown_summary(document, list(paths))
    if settings.md_summary is not None:
        try:
            _write_text(settings.md_summary, text)
        except OSError as exc:
            lines.append(f"could not write --pare-md-summary {settings.md_summary}: {exc}")
            failed.append(f"--pare-md-summary {settings.md_summary}")
        else:
            paths.append(settings.md_summary)
    if settings.github_step_summary is not None:
        # GitHub gives each step its own file and shows what the steps appended.
        try:
            with settings.github_step_summary.open("a", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            lines.append(f"could not append to $GITHUB_STEP_SUMMARY: {exc}")


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


def _render_html(
    document: dict[str, Any], traces: Mapping[str, dict[str, Any]] | None = None
) -> str:
    from pytest_pare.report.html import load_traces, render_html

    # Export paths are recorded as the runner wrote them, relative to the
    # session's working folder: no base folder to join them to.
    if traces is None:
        traces = load_traces(document["rows"])
    return render_html(document, dict(traces))
