"""The reporter when a session goes wrong: crashes, interrupts, lost files, damaged inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_pare.options import Settings
from pytest_pare.report.reporter import Reporter


def row(sid: str, run: int = 1, status: str = "passed") -> dict:
    return {
        "scenario_id": sid,
        "run_number": run,
        "status": status,
        "success": status == "passed",
        "noise_id": "clean",
        "apps": ["email"],
        "tags": ["multi-app"],
        "nodeid": f"s/{sid}.py::{sid}[run-{run}]",
    }


def results(folder: Path) -> dict:
    return json.loads((folder / "results.json").read_text())


def test_a_complete_session_says_so_in_results_json(tmp_path: Path) -> None:
    reporter = Reporter(Settings(results_dir=tmp_path))
    reporter.expect(["s/a.py::alpha[run-1]"])
    reporter.add_payload("s/a.py::alpha[run-1]", row("alpha"))
    reporter.finish({})
    assert results(tmp_path)["completion"] == {
        "complete": True,
        "interrupted": False,
        "reason": None,
        "selected": 1,
        "reported": 1,
        "crashed": 0,
        "not_run": 0,
    }


def test_an_interrupted_session_counts_its_lost_runs_and_says_why(tmp_path: Path) -> None:
    reporter = Reporter(Settings(results_dir=tmp_path))
    reporter.expect(["s/a.py::alpha[run-1]", "s/a.py::alpha[run-2]", "s/b.py::beta[run-1]"])
    reporter.add_payload("s/a.py::alpha[run-1]", row("alpha"))
    reporter.interrupted = "interrupted by the user (Ctrl-C / SIGINT)"
    reporter.finish({})
    doc = results(tmp_path)
    assert doc["completion"] == {
        "complete": False,
        "interrupted": True,
        "reason": "interrupted by the user (Ctrl-C / SIGINT)",
        "selected": 3,
        "reported": 1,
        "crashed": 0,
        "not_run": 2,
    }
    assert [r.get("exception_type") for r in doc["rows"]] == [None, "NotRun", "NotRun"]
    assert "session interrupted: interrupted by the user (Ctrl-C / SIGINT)" in reporter.lines


def test_runs_that_never_started_keep_their_apps_and_tags_from_the_catalog(
    tmp_path: Path,
) -> None:
    reporter = Reporter(Settings(results_dir=tmp_path))
    reporter.expect(["s/a.py::alpha[run-1]", "s/b.py::beta[run-1]"])
    reporter.add_catalog({"beta": {"apps": ["calendar"], "tags": ["timing"]}})
    reporter.add_payload("s/a.py::alpha[run-1]", row("alpha"))
    _, summary = reporter.finish({})
    beta = results(tmp_path)["rows"][1]
    assert (beta["status"], beta["apps"], beta["tags"]) == ("error", ["calendar"], ["timing"])
    # Per-app figures count the lost run as the headline does.
    assert sum(b["runs"] for b in summary["by_app"]) == summary["runs"] == 2


def test_a_worker_crash_after_a_run_reported_makes_the_run_an_error(tmp_path: Path) -> None:
    reporter = Reporter(Settings(results_dir=tmp_path))
    nodeid = "s/a.py::alpha[run-1]"
    reporter.expect([nodeid])
    reporter.add_payload(nodeid, row("alpha"))
    reporter.add_crash(nodeid, "worker 'gw0' crashed while running 'alpha'")
    _, summary = reporter.finish({})
    crashed = results(tmp_path)["rows"][0]
    assert (crashed["status"], crashed["exception_type"]) == ("error", "WorkerCrashed")
    assert crashed["reported_status"] == "passed"
    assert "after the run had reported passed" in crashed["exception_message"]
    assert (summary["passed"], summary["errors"]) == (0, 1)
    assert results(tmp_path)["completion"]["crashed"] == 1


def test_a_defect_while_summarising_still_writes_every_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pytest_pare.report.stats as stats

    def broken(*args: object, **kwargs: object) -> dict:
        raise ZeroDivisionError("a bug in a statistic")

    monkeypatch.setattr(stats, "summarize", broken)
    reporter = Reporter(Settings(results_dir=tmp_path))
    reporter.expect(["s/a.py::alpha[run-1]"])
    reporter.add_payload("s/a.py::alpha[run-1]", row("alpha"))
    with pytest.raises(ZeroDivisionError):
        reporter.finish({})
    doc = results(tmp_path)
    assert [r["scenario_id"] for r in doc["rows"]] == ["alpha"]
    assert doc["summary"] is None and doc["completion"]["complete"] is True


def test_a_baseline_damaged_during_the_session_fails_the_gate_and_keeps_the_results(
    tmp_path: Path,
) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_bytes(b"\x80\x81")  # read fine at configure, damaged by the end
    reporter = Reporter(Settings(results_dir=tmp_path / "out", baseline=baseline))
    reporter.expect(["s/a.py::alpha[run-1]"])
    reporter.add_payload("s/a.py::alpha[run-1]", row("alpha"))
    reporter.finish({})
    assert reporter.gate_failed
    assert reporter.lines[-2] == "PARE gate FAILED (exit 1)"
    assert "the baseline could not be read again" in reporter.lines[-1]
    assert "not a text file" in reporter.lines[-1]
    assert results(tmp_path / "out")["rows"][0]["status"] == "passed"


def test_a_results_folder_that_became_a_file_loses_files_with_a_line_each(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    out.write_text("a file where the folder should be")
    reporter = Reporter(Settings(results_dir=out))
    reporter.expect(["s/a.py::alpha[run-1]"])
    reporter.add_payload("s/a.py::alpha[run-1]", row("alpha"))
    reporter.finish({})
    assert reporter.files is not None
    assert [Path(label).name for label in reporter.files.failed] == [
        "results.json",
        "results.parquet",
        "report.html",
        "report.txt",
    ]
    assert sum(line.startswith("could not write") for line in reporter.lines) == 4
    assert reporter.files.paths == []


def test_report_files_are_replaced_whole_and_leave_no_temporary_files(tmp_path: Path) -> None:
    for status in ("failed", "passed"):
        reporter = Reporter(Settings(results_dir=tmp_path))
        reporter.expect(["s/a.py::alpha[run-1]"])
        reporter.add_payload("s/a.py::alpha[run-1]", row("alpha", status=status))
        reporter.finish({})
    assert results(tmp_path)["rows"][0]["status"] == "passed"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "report.html",
        "report.txt",
        "results.json",
        "results.parquet",
    ]


@pytest.mark.parametrize("column", ["scenario_id", "run_number"])
def test_a_row_without_a_scenario_id_or_run_number_is_refused_naming_the_row(column) -> None:
    from pytest_pare.report.frame import ResultsFrameError, frame_from_rows

    rows = [row("alpha"), {**row("beta"), column: None}]
    with pytest.raises(ResultsFrameError, match=f"old.json: row 2.* has {column} None"):
        frame_from_rows(rows, source="old.json")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x80\x81", "not a text file"),
        (b'{"format": "pytest-pare-baseline", "rows": [', "not valid JSON"),
        (b'{"format": "something-else", "data": []}', "no 'rows' list"),
        (
            b'{"rows": [{"scenario_id": "a", "run_number": null, "success": true}]}',
            "run_number None",
        ),
        (
            b'{"rows": [{"scenario_id": "a", "run_number": "one", "success": true}]}',
            "run_number 'one'",
        ),
        (b'{"rows": [{"scenario_id": "a", "success": true}]}', "missing required column"),
    ],
    ids=["random-bytes", "truncated", "foreign", "null-run", "text-run", "no-run-column"],
)
def test_a_damaged_baseline_is_a_baseline_error_naming_the_file(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    from pytest_pare.report.baseline import BaselineError, load_baseline

    path = tmp_path / "baseline.json"
    path.write_bytes(content)
    with pytest.raises(BaselineError, match=problem) as caught:
        load_baseline(path)
    assert str(path) in str(caught.value)


def test_a_run_whose_report_an_interrupt_left_unprocessed_keeps_the_row_its_worker_wrote(
    tmp_path: Path,
) -> None:
    alpha, beta, gamma = "s/a.py::alpha[run-1]", "s/b.py::beta[run-1]", "s/c.py::gamma[run-1]"
    reporter = Reporter(Settings(results_dir=tmp_path))
    reporter.expect([alpha, beta, gamma])
    reporter.add_payload(alpha, row("alpha"))
    reporter.add_crash(gamma, "worker 'gw1' crashed while running it")
    reporter.interrupted = "interrupted by the user (Ctrl-C / SIGINT)"
    written = {
        alpha: row("alpha", status="failed"),  # reported already: the report's row stays
        beta: row("beta", status="failed"),  # finished, its report never processed
        gamma: row("gamma"),  # its worker died before the item finished: a crash
        "s/d.py::delta[run-1]": row("delta"),  # not selected in this session
    }
    assert reporter.recover({k: {**v, "nodeid": k} for k, v in written.items()}) == [beta]
    reporter.finish({})
    doc = results(tmp_path)
    by_id = {r["scenario_id"]: r for r in doc["rows"]}
    assert [by_id[s]["status"] for s in ("alpha", "beta", "gamma")] == ["passed", "failed", "error"]
    assert "delta" not in by_id
    assert doc["completion"]["not_run"] == 0 and doc["completion"]["reported"] == 2
