"""The session's report files: the HTML report reads traces through the report library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_pare.options import Settings
from pytest_pare.report.files import write_report_files


def _trace(function: str) -> dict:
    return {"events": [{"time": 1.0, "event_type": "AGENT", "app": "Email", "function": function}]}


def _row(export_path: str) -> dict:
    return {
        "scenario_id": "alpha",
        "run_number": 1,
        "status": "failed",
        "success": False,
        "noise_id": "clean",
        "apps": ["email"],
        "tags": [],
        "nodeid": "s/alpha.py::alpha",
        "export_path": export_path,
    }


def test_the_html_report_prefers_the_lite_trace_next_to_an_hf_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    traces = Path("pare-results/traces")
    traces.mkdir(parents=True)
    (traces / "alpha_run_1.hf.json").write_text(json.dumps(_trace("hf_only_step")))
    (traces / "alpha_run_1.json").write_text(json.dumps(_trace("lite_only_step")))
    settings = Settings(results_dir=Path("pare-results"))
    # the export path as the runner records it: relative to the session's folder
    write_report_files([_row(str(traces / "alpha_run_1.hf.json"))], settings, {})
    html = Path("pare-results/report.html").read_text()
    assert "lite_only_step" in html
    assert "hf_only_step" not in html


def _spent_row(run: int, tokens: int, passed: bool) -> dict:
    return {
        **_row(""),
        "run_number": run,
        "status": "passed" if passed else "failed",
        "success": passed,
        "total_tokens": tokens,
        "cost_usd": tokens / 1e6,
    }


def test_a_baseline_comparison_shows_the_token_and_cost_change_in_the_text_json_and_markdown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    baseline = Path("baseline.json")
    first = Settings(results_dir=Path("first"), save_baseline=baseline)
    write_report_files([_spent_row(1, 1000, True), _spent_row(2, 3000, True)], first, {})
    # The baseline keeps what the runs spent, next to how they ended.
    assert {r["total_tokens"] for r in json.loads(baseline.read_text())["rows"]} == {1000, 3000}
    second = Settings(results_dir=Path("second"), baseline=baseline, md_summary=Path("summary.md"))
    files = write_report_files([_spent_row(1, 3000, True), _spent_row(2, 3000, True)], second, {})
    line = (
        "against the baseline: tokens per run 2,000 -> 3,000 (+50.0%); "
        "cost per run $0.0020 -> $0.0030 (+50.0%)"
    )
    assert line in files.lines
    assert line in Path("second/report.txt").read_text()
    spend = json.loads(Path("second/results.json").read_text())["gate"]["spend"]
    assert spend["tokens_per_run"] == {"old": 2000.0, "new": 3000.0, "change": 0.5}
    assert (
        "Against the baseline: tokens per run 2,000 → **3,000** (+50.0%)"
        in Path("summary.md").read_text()
    )
