"""The controller-side reporter against fake reports (no pytest session)."""

from __future__ import annotations

from pathlib import Path

from pytest_pare.options import Settings
from pytest_pare.report.reporter import Reporter, parse_scenario_nodeid


def row(sid: str, run: int, status: str = "passed") -> dict:
    return {
        "scenario_id": sid,
        "run_number": run,
        "status": status,
        "success": status == "passed",
        "noise_id": "clean",
        "apps": ["email"],
        "tags": ["multi-app"],
        "nodeid": f"s/{sid}.py::{sid}",
    }


def test_node_ids_give_back_scenario_run_and_noise() -> None:
    assert parse_scenario_nodeid("scenarios/a.py::alpha") == ("alpha", 1, "clean")
    assert parse_scenario_nodeid("scenarios/a.py::alpha[run-3]") == ("alpha", 3, "clean")
    assert parse_scenario_nodeid("s/a.py::alpha[tfp0.1-epm5-run-2]") == ("alpha", 2, "tfp0.1-epm5")
    assert parse_scenario_nodeid("<pare.scenarios pkg>::beta[tfp0-epm5]") == (
        "beta",
        1,
        "tfp0-epm5",
    )


def test_every_selected_run_appears_once_in_selection_order(tmp_path: Path) -> None:
    reporter = Reporter(Settings(results_dir=tmp_path))
    reporter.expect(["s/a.py::alpha[run-1]", "s/a.py::alpha[run-2]", "s/b.py::beta[run-1]"])
    reporter.expect(["ignored: the first worker's list wins"])
    reporter.add_payload("s/b.py::beta[run-1]", row("beta", 1))
    reporter.add_payload("s/a.py::alpha[run-1]", row("alpha", 1))
    reporter.add_payload(
        "s/a.py::alpha[run-1]", row("alpha", 1, "failed")
    )  # a later phase repeats it
    reporter.add_crash("s/a.py::alpha[run-2]", "worker 'gw0' crashed")
    rows = reporter.ordered_rows()
    assert [(r["scenario_id"], r["run_number"], r["status"]) for r in rows] == [
        ("alpha", 1, "passed"),
        ("alpha", 2, "error"),
        ("beta", 1, "passed"),
    ]
    assert rows[1]["exception_type"] == "WorkerCrashed"
    assert rows[1]["apps"] == ["email"], "a lost run borrows its scenario's metadata"
    assert reporter.crashed == ["s/a.py::alpha[run-2]"]


def test_a_run_that_never_reported_becomes_a_not_run_error(tmp_path: Path) -> None:
    reporter = Reporter(Settings(results_dir=tmp_path))
    reporter.expect(["s/a.py::alpha", "s/b.py::beta"])
    reporter.add_payload("s/a.py::alpha", row("alpha", 1))
    rows, summary = reporter.finish({"mode": "oracle"})
    assert rows[1]["exception_type"] == "NotRun"
    assert summary["runs"] == 2 and summary["errors"] == 1
    assert any("never reported" in line for line in reporter.lines)
    assert (tmp_path / "results.json").is_file() and (tmp_path / "report.txt").is_file()


def test_a_threshold_below_the_rate_fails_the_gate_with_its_verdict_last(tmp_path: Path) -> None:
    reporter = Reporter(Settings(results_dir=tmp_path, min_success_rate=0.9))
    reporter.expect(["s/a.py::alpha", "s/b.py::beta"])
    reporter.add_payload("s/a.py::alpha", row("alpha", 1))
    reporter.add_payload("s/b.py::beta", row("beta", 1, "failed"))
    reporter.finish({})
    assert reporter.gate_failed
    assert "FAILED" in reporter.lines[-2] and "50.0%" in reporter.lines[-1]


def test_the_frame_gathers_every_run_in_selection_order_with_noise_levels_apart(
    tmp_path: Path,
) -> None:
    from pytest_pare.options import NoiseLevel

    levels = (NoiseLevel(0.0, 0.0), NoiseLevel(0.1, 5.0))
    reporter = Reporter(Settings(results_dir=tmp_path, noise_matrix=levels))
    ids = [f"s/a.py::alpha[{lvl.id}]" for lvl in levels]
    reporter.expect(ids)
    noisy = row("alpha", 1, "failed") | {
        "noise_id": "tfp0.1-epm5",
        "nodeid": ids[1],
        "tool_failure_probability": 0.1,
        "num_env_events_per_minute": 5.0,
    }
    reporter.add_payload(ids[1], noisy | {"tool_errors": [{"time": 1.0, "error": "boom"}]})
    reporter.add_crash(ids[0], "worker 'gw1' crashed")

    rows = reporter.ordered_rows()
    frame = reporter.frame(rows)

    assert frame.height == len(rows) == 2, "the frame is built from the rows, one per run"
    assert frame["nodeid"].to_list() == [r["nodeid"] for r in rows] == ids
    assert frame["status"].to_list() == ["error", "failed"]
    assert frame["noise_id"].to_list() == ["clean", "tfp0.1-epm5"], "the clean level is 'clean'"
    assert frame["tool_failure_probability"].to_list() == [0.0, 0.1], "a lost run keeps its level"
    assert frame["tool_errors"].to_list() == [None, '[{"error": "boom", "time": 1.0}]']
    assert frame["apps"].to_list() == [["email"], ["email"]]


def test_the_frame_notes_the_split_of_the_session(tmp_path: Path) -> None:
    reporter = Reporter(Settings(results_dir=tmp_path, split="smoke"))
    reporter.expect(["s/a.py::alpha"])
    reporter.add_payload("s/a.py::alpha", row("alpha", 1))
    assert reporter.frame(reporter.ordered_rows())["split"].to_list() == ["smoke"]
