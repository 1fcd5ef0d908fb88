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
